//! Applications: status changes, and importing a CSV file (the file prompt, the import,
//! and the popup listing its problems).

use std::path::PathBuf;

use super::{App, Screen, Work};
use crate::domain::{ApplicationStatus, RoundPlan};
use crate::import::{self, ImportError, ImportOptions};
use crate::tui::action::Action;
use crate::tui::panes::Pane;
use crate::tui::popups::{MessagesPopup, Popup, PromptPurpose, Retry};

/// An import to run: which file, into which round, and what to say first.
pub(super) struct ImportJob {
    pub round_id: i64,
    pub path: PathBuf,
    pub skip_invalid: bool,
    pub before: Option<String>,
}

impl App {
    /// Sets the selected application's status, in the store and in the loaded rows.
    pub(super) fn set_status(&mut self, status: ApplicationStatus) {
        let Some(row) = self.applicants.selected_row() else {
            self.error("No application is selected.");
            return;
        };
        let (id, version, name, before) = (row.id, row.version, row.name.clone(), row.status);
        if before == status {
            self.info(format!("{name} is already {status}."));
            return;
        }
        match self.store.set_application_status(id, version, status) {
            Ok(()) => {
                self.info(match status {
                    ApplicationStatus::Accepted => format!("Accepted {name}."),
                    ApplicationStatus::Deferred => {
                        format!("Deferred {name} to the next round.")
                    }
                    ApplicationStatus::Withdrawn => format!("Marked {name} as withdrawn."),
                    ApplicationStatus::Pending => format!("Set {name} back to pending."),
                });
            }
            Err(e) => self.refused(format!("{name} was not changed"), e),
        }
    }

    pub(super) fn update_prompt(&mut self, action: Action) {
        let Some(Popup::PathPrompt(prompt)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.popup = None,
            Action::CompletePath => prompt.complete(),
            Action::Confirm => {
                let Some(path) = prompt.check() else {
                    return;
                };
                match prompt.purpose.clone() {
                    PromptPurpose::ImportInto { round_id, .. } => {
                        self.popup = None;
                        self.start_import(ImportJob {
                            round_id,
                            path,
                            skip_invalid: false,
                            before: None,
                        });
                    }
                    PromptPurpose::ImportNewRound {
                        round_name,
                        opens_on,
                    } => {
                        let plan = RoundPlan::starting(&round_name, opens_on);
                        match self.store.create_round(&plan) {
                            Ok(round) => {
                                self.popup = None;
                                self.screen = Screen::Panes;
                                self.focus = Pane::Applicants;
                                self.current_round = Some(round.id);
                                let created = format!(
                                    "Created round {} (applications open {}) for the import; \
                                     change its dates in Rounds (e).",
                                    round.plan.name, round.plan.opens_on
                                );
                                self.start_import(ImportJob {
                                    round_id: round.id,
                                    path,
                                    skip_invalid: false,
                                    before: Some(created),
                                });
                            }
                            Err(e) => prompt.error = Some(format!("No round was created: {e}")),
                        }
                    }
                    PromptPurpose::ExportTopics { round_id, .. } => {
                        self.export_topics(round_id, &path)
                    }
                }
            }
            edit => {
                prompt.error = None;
                prompt.input.apply(edit);
            }
        }
    }

    /// Says that the import is under way; the event loop draws that, then runs it.
    fn start_import(&mut self, job: ImportJob) {
        let (file, round_name) = self.import_names(&job);
        self.info(format!("Importing {file} into {round_name}…"));
        self.pending = Some(Work::Import(job));
    }

    fn import_names(&self, job: &ImportJob) -> (String, String) {
        let file = job.path.file_name().map_or_else(
            || job.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let round_name = self.rounds.figures_of(job.round_id).map_or_else(
            || format!("round {}", job.round_id),
            |f| f.round.plan.name.clone(),
        );
        (file, round_name)
    }

    /// Imports a CSV file into a round and reports what happened; `job.before` is said
    /// first (what was done to make the import possible).
    pub(super) fn import(&mut self, job: ImportJob) {
        let (file, round_name) = self.import_names(&job);
        let ImportJob {
            round_id,
            path,
            skip_invalid,
            before,
        } = job;
        let options = ImportOptions {
            mapping: None,
            skip_invalid,
        };
        let prefix = before.map(|b| format!("{b} ")).unwrap_or_default();
        match import::import_file(&mut self.store, round_id, &path, &options) {
            Ok(report) => {
                self.focus = Pane::Applicants;
                let o = report.outcome;
                let mut text = if o.created + o.updated == 0 {
                    format!("{prefix}{file} held no applications to import.")
                } else {
                    format!(
                        "{prefix}Imported {} applications from {file} into {round_name}: {} new, {} updated.",
                        o.created + o.updated,
                        o.created,
                        o.updated
                    )
                };
                if report.skipped > 0 {
                    let rejects = report
                        .rejects_file
                        .as_ref()
                        .map_or_else(String::new, |p| format!(", written to {}", p.display()));
                    text.push_str(&format!(
                        " Skipped {} rows with problems{rejects}.",
                        report.skipped
                    ));
                }
                self.info(text);
            }
            Err(ImportError::Invalid { problems }) => {
                let count = match problems.len() {
                    1 => "1 problem".to_string(),
                    n => format!("{n} problems"),
                };
                let intro = format!(
                    "{file} has {count}, so nothing was imported and {round_name} is as it \
                     was. Each problem names the line and column of the file:"
                );
                let items = problems
                    .iter()
                    .map(|p| p.to_string_without_file())
                    .collect();
                let mut popup =
                    MessagesPopup::new(format!("Nothing imported from {file}"), intro, items);
                // Skipping rows helps only when the problems are in rows: a missing column
                // (reported on the header, line 1) fails the whole file either way.
                let in_rows = problems.iter().all(|p| p.line > 1);
                if !skip_invalid && in_rows {
                    popup = popup.with_retry(Retry::ImportValidOnly { round_id, path });
                }
                self.popup = Some(Popup::Messages(popup));
                if prefix.is_empty() {
                    self.error(format!("Nothing imported: {count} in {file}."));
                } else {
                    self.error(format!("{prefix}Nothing imported yet: {count} in {file}."));
                }
            }
            Err(e) => {
                self.popup = Some(Popup::Messages(MessagesPopup::new(
                    format!("Could not import {file}"),
                    format!("Nothing was imported into {round_name}."),
                    vec![e.to_string()],
                )));
                self.error(format!("{prefix}Nothing imported from {file}."));
            }
        }
    }

    pub(super) fn update_messages(&mut self, action: Action) {
        let Some(Popup::Messages(popup)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Close => self.popup = None,
            Action::ImportValidOnly => match popup.retry.clone() {
                Some(Retry::ImportValidOnly { round_id, path }) => {
                    self.popup = None;
                    self.start_import(ImportJob {
                        round_id,
                        path,
                        skip_invalid: true,
                        before: None,
                    });
                }
                None => {}
            },
            other => popup.update(other),
        }
    }
}
