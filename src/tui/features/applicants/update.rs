//! What the Applicants pane does: status changes, and importing a CSV file (the file
//! prompt, the import, and the list of its problems with the offer to skip bad rows).

use std::path::PathBuf;

use super::Applicants;
use super::assistant::{Assistant, Step};
use super::import_job::{ImportInto, ImportJob};
use super::import_run::{self, ImportRun, Imported};
use chrono::NaiveDateTime;

use crate::domain::{
    ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Country, Language, Partnership,
    PlaceWish, Round, RoundId, Sector, StageWish, TimeZone,
};
use crate::import::{Field, ImportError, revise};
use crate::progress::Progress;
use crate::store::{Changes, InterestEntry, Store, StoreError};
use crate::text::{counted, sentence};
use crate::tui::features::rounds::ask_apply_cap;
use crate::tui::features::{Ask, Cx, Feature, Flows, Intent as AnyIntent, Mode, Pane};
use crate::tui::keys::{Action, Condition, Context as C, key};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::{
    Answer, MessagesPopup, Modal, PathKind, PathPrompt, PickItem, Picker, Question, TextPrompt,
};
use crate::tui::kit::text_input::TextInput;

/// What the Applicants pane's modals and slow work are for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// The file prompt of an import into a round.
    ChooseFile {
        round_id: RoundId,
        round_name: String,
    },
    /// A file to look over in the import assistant, once the screen shows the pane.
    Assist(ImportJob),
    /// The column to give a field, in the assistant.
    PickColumn(Field),
    /// The term an answer stands for, in the assistant, from `terms`.
    MapAnswer {
        field: Field,
        answer: String,
        terms: Vec<String>,
    },
    /// An import to run once the screen says it has started.
    Import(ImportJob),
    /// The next field of an application typed in by hand; `form` holds those given so far.
    AddField {
        round_id: RoundId,
        step: usize,
        form: Box<ApplicationForm>,
    },
    /// Whether the person typed in accepted the code of conduct, the last step.
    AddConsent {
        round_id: RoundId,
        form: Box<ApplicationForm>,
    },
    /// The field to correct of an application, at the version shown.
    EditField {
        id: ApplicationId,
        version: i64,
        name: String,
    },
    /// The corrected text of one field.
    EditValue {
        id: ApplicationId,
        version: i64,
        name: String,
        field: Field,
    },
    /// The application to delete, at the version shown.
    Delete {
        id: ApplicationId,
        version: i64,
        name: String,
    },
    /// Withdraw the applicant (at the version shown), ending the running partnership shown.
    Withdraw {
        id: ApplicationId,
        version: i64,
        name: String,
        partnership: Box<Partnership>,
    },
    /// What to hold the applicant (at the version shown) to against the country cap.
    HoldCap {
        id: ApplicationId,
        version: i64,
        name: String,
    },
    /// The interest list as shown, one of which is to be merged into another.
    MergeFrom(Vec<InterestEntry>),
    /// The interest to merge, and the others it may be merged into.
    MergeInto {
        from: InterestEntry,
        others: Vec<InterestEntry>,
    },
    /// A merge to make once confirmed.
    Merge {
        from: InterestEntry,
        into: InterestEntry,
    },
}

/// Opens the import assistant on a chosen file, in the Applicants pane.
pub fn assist_import(into: ImportInto, path: PathBuf, cx: &mut Cx) {
    cx.ask(Ask::ShowPanes);
    cx.ask(Ask::Focus(Pane::Applicants));
    cx.ask(Ask::Later(AnyIntent::Applicants(Intent::Assist(
        ImportJob {
            into,
            path,
            skip_invalid: false,
            mapping: None,
            shown: None,
        },
    ))));
}

/// Says that an import is under way and runs it after the frame that says so.
pub fn start_import(job: ImportJob, cx: &mut Cx) {
    cx.info(format!(
        "Importing {} into {}…",
        job.file(),
        job.round_name()
    ));
    cx.ask(Ask::Later(AnyIntent::Applicants(Intent::Import(job))));
}

impl Applicants {
    /// Sets the selected application's status, naming the version shown.
    fn set_status(&mut self, status: ApplicationStatus, cx: &mut Cx) {
        let Some(row) = self.selected_row() else {
            cx.error("No application is selected.");
            return;
        };
        let (id, version, name, before) = (row.id, row.version, row.name.clone(), row.status);
        if before == status {
            cx.info(format!("{name} is already {status}."));
            return;
        }
        // Withdrawing someone in a running partnership ends it: asked first, naming who is
        // left to be paired again.
        if status == ApplicationStatus::Withdrawn
            && let Ok(Some(partnership)) = cx.store.running_partnership_of(id)
        {
            let others: Vec<String> = partnership
                .members
                .iter()
                .filter(|&&m| m != id)
                .filter_map(|&m| cx.store.application_row(m).ok().map(|r| r.name))
                .collect();
            // Published but not begun: it is called off rather than ended.
            let (title, what, ends) = match partnership.starts_on {
                Some(start) if start > cx.today => (
                    "Withdraw from a published partnership",
                    format!("a partnership that starts on {start}"),
                    "is called off today",
                ),
                _ => (
                    "Withdraw from a running partnership",
                    "a running partnership".to_string(),
                    "ends today",
                ),
            };
            cx.open(Modal::Question(Question {
                title: title.to_string(),
                text: format!(
                    "{name} is in {what} with {}. Withdraw {name}?\n\nThe partnership {ends} \
                     (reason: withdrawal), and {} {} to the rematch pool, to be paired again \
                     ({} in Matches).",
                    others.join(" and "),
                    others.join(" and "),
                    crate::text::agree(others.len(), "goes", "go"),
                    key(C::Matches, Action::RunMatch)
                ),
                intent: AnyIntent::Applicants(Intent::Withdraw {
                    id,
                    version,
                    name,
                    partnership: Box::new(partnership),
                }),
            }));
            return;
        }
        match cx.store.set_application_status(id, version, status) {
            Ok(()) => cx.info(match status {
                ApplicationStatus::Accepted => format!("Accepted {name}."),
                ApplicationStatus::Deferred => format!("Deferred {name} to the next round."),
                ApplicationStatus::Withdrawn => format!("Marked {name} as withdrawn."),
                ApplicationStatus::Invited => format!("Marked {name} as invited."),
                ApplicationStatus::Pending => format!("Set {name} back to pending."),
            }),
            Err(e) => cx.refused(format!("{name} was not changed"), e),
        }
    }

    /// Asks which field of the selected application to correct, showing each as it is.
    fn ask_field(&mut self, cx: &mut Cx) {
        let Some(row) = self.selected_row() else {
            cx.error("No application is selected.");
            return;
        };
        let (id, version, name) = (row.id, row.version, row.name.clone());
        let app = match cx.store.application(id) {
            Ok(app) => app,
            Err(e) => return cx.error(format!("Could not read the application: {e}")),
        };
        let items = Field::ALL
            .iter()
            .map(|f| PickItem {
                label: format!("{:<16}{}", f.label(), f.words_of(&app.form)),
                description: format!("On {name}'s application: {}.", f.describe()),
            })
            .collect();
        cx.open(Modal::Picker(Picker::new(
            "Correct an application",
            format!("Which field of {name}'s application is wrong?"),
            items,
            AnyIntent::Applicants(Intent::EditField { id, version, name }),
        )));
    }

    /// Asks for the corrected text of one field, starting from what it is now.
    fn ask_value(
        &mut self,
        id: ApplicationId,
        version: i64,
        name: String,
        field: Field,
        cx: &mut Cx,
    ) {
        let app = match cx.store.application(id) {
            Ok(app) => app,
            Err(e) => return cx.error(format!("Could not read the application: {e}")),
        };
        let mut prompt = TextPrompt::new(
            "Correct an application",
            format!(
                "On {name}'s application, {}, written as a survey answer would be:",
                field.describe()
            ),
            AnyIntent::Applicants(Intent::EditValue {
                id,
                version,
                name,
                field,
            }),
        );
        prompt.input = TextInput::new(field.words_of(&app.form));
        cx.open(Modal::TextPrompt(prompt));
    }

    /// Checks the corrected text as an import would and writes it over the version shown;
    /// `Err` keeps the prompt open with what is wrong.
    fn correct(
        &mut self,
        (id, version, name, field): (ApplicationId, i64, String, Field),
        text: &str,
        cx: &mut Cx,
    ) -> Result<(), String> {
        let app = cx
            .store
            .application(id)
            .map_err(|e| format!("Could not read the application: {e}"))?;
        let form = revise(&app.form, field, text)?;
        if form == app.form {
            cx.unchanged();
            return Ok(());
        }
        match cx.store.update_application_form(id, version, &form) {
            Ok(()) => cx.info(format!(
                "Corrected the {} of {name}.",
                field.label().to_lowercase()
            )),
            Err(e) => cx.refused(format!("{name} was not changed"), e),
        }
        Ok(())
    }

    /// Asks before deleting the selected application, naming the version shown.
    fn ask_delete(&mut self, cx: &mut Cx) {
        let Some(row) = self.selected_row() else {
            cx.error("No application is selected.");
            return;
        };
        let name = row.name.clone();
        cx.open(Modal::Question(Question {
            title: "Delete an application".to_string(),
            text: format!(
                "Delete the application of {name} ({})?\n\nDelete only an application entered \
                 by mistake: someone who no longer takes part is marked withdrawn ({}) \
                 instead. The audit log keeps what was deleted.",
                row.email,
                key(C::Applicants, Action::Withdraw)
            ),
            intent: AnyIntent::Applicants(Intent::Delete {
                id: row.id,
                version: row.version,
                name,
            }),
        }));
    }

    /// Asks what to hold the selected applicant to against the country cap.
    fn ask_hold(&mut self, cx: &mut Cx) {
        let Some(row) = self.selected_row() else {
            cx.error("No application is selected.");
            return;
        };
        let name = row.name.clone();
        let item = |label: &str, description: String| PickItem {
            label: label.to_string(),
            description,
        };
        let items = HOLDS
            .iter()
            .map(|(hold, label)| {
                item(
                    label,
                    match hold {
                        None => format!("The cap decides for {name}, by submission time."),
                        Some(ApplicationStatus::Accepted) => format!(
                            "{name} is accepted now and stays accepted when the cap is \
                             applied, counted within their country's limit."
                        ),
                        Some(_) => format!(
                            "{name} is deferred to the next round now and stays deferred when \
                             the cap is applied."
                        ),
                    },
                )
            })
            .collect();
        let mut picker = Picker::new(
            "Hold against the country cap",
            format!("What should the country cap do with {name}?"),
            items,
            AnyIntent::Applicants(Intent::HoldCap {
                id: row.id,
                version: row.version,
                name,
            }),
        );
        picker.selected = HOLDS
            .iter()
            .position(|(hold, _)| *hold == row.cap_hold)
            .unwrap_or(0);
        cx.open(Modal::Picker(picker));
    }

    /// Shows the program's interests with their counts; picking one starts a merge.
    fn show_interests(&mut self, cx: &mut Cx) {
        let round = cx.round.as_ref().map(|r| r.id);
        let list = match cx.store.interests(round) {
            Ok(list) => list,
            Err(e) => return cx.error(format!("Could not read the interests: {e}")),
        };
        if list.is_empty() {
            return cx.info(
                "The program has no interests yet: they come with the applications imported.",
            );
        }
        let items = list.iter().map(interest_item).collect();
        cx.open(Modal::Picker(Picker::new(
            &format!("Interests ({})", list.len()),
            "Every interest applicants named, with how many applications name it (in this \
             round, then in all). Enter picks one to merge into another spelling."
                .to_string(),
            items,
            AnyIntent::Applicants(Intent::MergeFrom(list)),
        )));
    }

    /// What a key does while the import assistant is open.
    fn update_assistant(&mut self, action: Action, cx: &mut Cx) {
        let Some(assistant) = &mut self.assistant else {
            return;
        };
        match assistant.update(action) {
            Step::Stay => {}
            Step::Changed => {
                if let Err(e) = assistant.keep(cx.store) {
                    cx.error(e);
                }
            }
            Step::PickColumn(_) if assistant.parsed.headers.is_empty() => cx.error(format!(
                "{} has no columns to choose from.",
                assistant.file_name()
            )),
            Step::PickColumn(field) => {
                let mut picker = Picker::new(
                    "The column of a field",
                    format!(
                        "Which column of {} holds {}?",
                        assistant.file_name(),
                        field.describe()
                    ),
                    assistant.column_choices(field),
                    AnyIntent::Applicants(Intent::PickColumn(field)),
                );
                // The list opens on the column the field has now ("no column" is last).
                picker.selected = assistant.column_of(field).unwrap_or(picker.items.len() - 1);
                cx.open(Modal::Picker(picker));
            }
            Step::MapAnswer { field, answer } => {
                let terms = Assistant::term_choices(field, &answer);
                let items = terms
                    .iter()
                    .map(|t| PickItem {
                        label: if t.is_empty() {
                            "(leave it out)".to_string()
                        } else {
                            t.clone()
                        },
                        description: if t.is_empty() {
                            format!("Applications answering {answer:?} are imported without it.")
                        } else {
                            format!("Every {answer:?} in the file is read as {t}.")
                        },
                    })
                    .collect();
                cx.open(Modal::Picker(Picker::new(
                    "What an answer means",
                    format!("{answer:?} stands for which {}?", field.term_noun()),
                    items,
                    AnyIntent::Applicants(Intent::MapAnswer {
                        field,
                        answer,
                        terms,
                    }),
                )));
            }
            Step::Import => {
                let job = assistant.job();
                self.assistant = None;
                start_import(job, cx);
            }
            Step::Cancel => {
                cx.info(format!(
                    "Nothing imported from {}; the choices made are kept for the next file \
                     with its headers.",
                    assistant.file_name()
                ));
                self.assistant = None;
            }
        }
    }

    /// Starts an import: in the background over a database file, so that the screen shows
    /// how it goes and Esc stops it; in place over one in memory, which has no second
    /// connection.
    fn import(&mut self, job: ImportJob, cx: &mut Cx) {
        if let Some(run) = &self.importing {
            return cx.error(format!(
                "{} is being imported already; {} in Applicants stops it.",
                run.job.file(),
                key(C::Working, Action::StopWork)
            ));
        }
        let exports = cx.store.path().map(crate::files::exports_dir);
        match cx.store.path().map(std::path::Path::to_path_buf) {
            Some(db) => {
                cx.info(format!(
                    "Importing {} into {}; the app stays usable, {} in Applicants stops it.",
                    job.file(),
                    job.round_name(),
                    key(C::Working, Action::StopWork)
                ));
                self.importing = Some(ImportRun::start(job, db, exports));
            }
            None => {
                let imported =
                    import_run::run(cx.store, &job, exports.as_deref(), &Progress::default());
                self.finish_import(job, imported, cx);
            }
        }
    }

    /// Takes the running import's result, if it is over; returns whether the screen
    /// changes (the gauge moves while it runs).
    fn poll_import(&mut self, cx: &mut Cx) -> bool {
        let Some(run) = &mut self.importing else {
            return false;
        };
        if let Some(imported) = run.poll() {
            let mut run = self.importing.take().expect("an import is running");
            run.wait();
            self.finish_import(run.job, imported, cx);
        }
        true
    }

    /// Says what an import did, or why it imported nothing.
    fn finish_import(&mut self, job: ImportJob, imported: Imported, cx: &mut Cx) {
        let file = job.file();
        let round_name = match (&job.into, &imported) {
            (ImportInto::NewRound(_), Ok(report)) => report.round.plan.name.clone(),
            _ => job.round_name().to_string(),
        };
        let mut created = String::new();
        if let (ImportInto::NewRound(_), Ok(report)) = (&job.into, &imported) {
            let round = &report.round;
            created = format!(
                "Created round {} (applications open {}) for the import; change its dates in \
                 Rounds ({}). ",
                round.plan.name,
                round.plan.opens_on,
                key(C::Rounds, Action::EditRound)
            );
            cx.ask(Ask::ShowPanes);
            cx.ask(Ask::ShowRound(round.id));
            cx.ask(Ask::Focus(Pane::Applicants));
        }
        let unchanged = match job.into {
            ImportInto::Round { .. } => format!("{round_name} is as it was"),
            ImportInto::NewRound(_) => "no round was created".to_string(),
        };
        match imported {
            Ok(report) => {
                let o = report.outcome;
                let mut text = if o.created + o.updated == 0 {
                    format!("{created}{file} held no applications to import.")
                } else {
                    format!(
                        "{created}Imported {} from {file} into {round_name}: {} new, {} \
                         updated.",
                        counted(o.created + o.updated, "application", "applications"),
                        o.created,
                        o.updated
                    )
                };
                if let Some(warning) = report.window_warning() {
                    text.push_str(&format!(" {}.", sentence(warning)));
                }
                if report.skipped > 0 {
                    let rejects = report
                        .rejects_file
                        .as_ref()
                        .map_or_else(String::new, |p| format!(", written to {}", p.display()));
                    text.push_str(&format!(
                        " Skipped {}{rejects}.",
                        counted(report.skipped, "row with problems", "rows with problems")
                    ));
                }
                cx.info(text);
            }
            Err(ImportError::Store(StoreError::Stopped)) => cx.info(format!(
                "Import of {file} stopped: nothing imported, and {unchanged}."
            )),
            Err(ImportError::Invalid { problems }) => {
                let count = counted(problems.len(), "problem", "problems");
                let intro = format!(
                    "{file} has {count}, so nothing was imported and {unchanged}. Each problem \
                     names the line and column of the file:"
                );
                let items = crate::import::listed_problems(
                    &problems,
                    crate::import::Problem::to_string_without_file,
                );
                let mut popup =
                    MessagesPopup::new(format!("Nothing imported from {file}"), intro, items);
                // Skipping rows helps only when the problems are in rows: a missing column
                // (reported on the header, line 1) fails the whole file either way.
                let in_rows = problems.iter().all(|p| p.line > 1);
                if !job.skip_invalid && in_rows {
                    popup = popup.with_retry(
                        format!(
                            "Fix the file and import it again, or press {} to import only the \
                             valid rows now; the others are written to a rejects file in the \
                             exports folder beside the database, for you to correct and import \
                             later.",
                            key(C::Messages, Action::ImportValidOnly)
                        ),
                        AnyIntent::Applicants(Intent::Import(ImportJob {
                            skip_invalid: true,
                            ..job
                        })),
                    );
                }
                cx.open(Modal::Messages(popup));
                cx.error(format!("Nothing imported: {count} in {file}; {unchanged}."));
            }
            Err(e) => {
                cx.open(Modal::Messages(MessagesPopup::new(
                    format!("Could not import {file}"),
                    format!("Nothing was imported, and {unchanged}."),
                    vec![e.to_string()],
                )));
                cx.error(format!("{created}Nothing imported from {file}."));
            }
        }
    }
}

impl Feature for Applicants {
    fn depends_on(&self) -> Changes {
        // The round's name and cap show in the pane.
        Changes::ROUNDS | Changes::APPLICATIONS
    }

    fn round_id(&self) -> Option<RoundId> {
        Applicants::round_id(self)
    }

    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        self.load(store, round)?;
        self.sync_detail(store);
        Ok(())
    }

    fn clear(&mut self) {
        self.unload();
    }

    fn list(&self) -> (&ListView, &FilterState) {
        (&self.list, &self.filter)
    }

    fn list_mut(&mut self) -> (&mut ListView, &mut FilterState) {
        (&mut self.list, &mut self.filter)
    }

    fn selection_moved(&mut self, store: &Store) {
        self.sync_detail(store);
    }

    fn holds(&self, condition: Condition) -> bool {
        match condition {
            Condition::ApplicationSelected => self.selected_row().is_some(),
            _ => false,
        }
    }

    fn mode(&self) -> Option<Mode> {
        if self.assistant.is_some() {
            Some(Mode::Assistant)
        } else if self.importing.is_some() {
            Some(Mode::Working)
        } else {
            None
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) {
        if self.assistant.is_some() {
            return self.update_assistant(action, cx);
        }
        match action {
            Action::StopWork => {
                if let Some(run) = &self.importing {
                    run.stop();
                    cx.info(format!("Stopping the import of {}…", run.job.file()));
                }
            }
            Action::SortNext => self.sort_next(),
            Action::SortReverse => self.sort_reverse(),
            Action::Accept => self.set_status(ApplicationStatus::Accepted, cx),
            Action::Defer => self.set_status(ApplicationStatus::Deferred, cx),
            Action::Withdraw => self.set_status(ApplicationStatus::Withdrawn, cx),
            Action::MarkPending => self.set_status(ApplicationStatus::Pending, cx),
            Action::AddApplication => match &cx.round {
                Some(round) => {
                    let now = cx.today.and_time(chrono::Utc::now().time());
                    let form = Box::new(placeholder_form(now));
                    ask_add_field(round.id, 0, form, cx)
                }
                None => cx.error("No round is selected."),
            },
            Action::EditApplication => self.ask_field(cx),
            Action::DeleteApplication => self.ask_delete(cx),
            Action::Interests => self.show_interests(cx),
            Action::HoldCap => self.ask_hold(cx),
            Action::Import => match &cx.round {
                Some(round) => {
                    let text = vec![format!(
                        "Survey export (CSV or spreadsheet) to import into {}:",
                        round.plan.name
                    )];
                    let intent = AnyIntent::Applicants(Intent::ChooseFile {
                        round_id: round.id,
                        round_name: round.plan.name.clone(),
                    });
                    cx.open(Modal::PathPrompt(PathPrompt::new(
                        "Import applications",
                        text,
                        PathKind::File,
                        intent,
                    )));
                }
                None => cx.error(format!(
                    "Create a round first (Rounds, {}); applications belong to a round.",
                    key(C::Rounds, Action::NewRound)
                )),
            },
            Action::ExportRecords => {
                if let Some(round) = cx.round.clone() {
                    use crate::domain::MessageKind as K;
                    use crate::tui::features::exporting::{self, Export as E};
                    exporting::ask(
                        &round,
                        vec![
                            E::Table(crate::ops::exports::Records::Applicants),
                            E::Messages(K::Acceptance),
                            E::Messages(K::Deferral),
                        ],
                        cx,
                    );
                }
            }
            Action::ApplyCap => match &cx.round {
                Some(round) => ask_apply_cap(round.id, cx),
                None => cx.error("No round is selected."),
            },
            Action::DetailDown => self.detail_scroll.down(),
            Action::DetailUp => self.detail_scroll.up(),
            _ => {}
        }
    }

    fn tick(&mut self, _now: std::time::Instant, cx: &mut Cx) -> bool {
        self.poll_import(cx)
    }

    /// Stops a running import and waits for it, so that quitting imports nothing and
    /// leaves no thread mid-write.
    fn stop(&mut self, _cx: &mut Cx) {
        if let Some(mut run) = self.importing.take() {
            run.stop();
            run.wait();
        }
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
    ) -> Option<ratatui::layout::Position> {
        let cursor = Applicants::render(self, area, buf);
        match &self.assistant {
            Some(assistant) => {
                assistant.render(area, buf);
                None
            }
            None => cursor,
        }
    }
}

impl Flows for Applicants {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
        match (intent, answer) {
            (
                Intent::ChooseFile {
                    round_id,
                    round_name,
                },
                Answer::Path(path),
            ) => assist_import(
                ImportInto::Round {
                    id: round_id,
                    name: round_name,
                },
                path,
                cx,
            ),
            (Intent::Assist(job), Answer::Due) => {
                match Assistant::open(&job.path, job.into, cx.store) {
                    Ok(assistant) => self.assistant = Some(Box::new(assistant)),
                    Err(e) => cx.error(e),
                }
            }
            (Intent::PickColumn(field), Answer::Picked(i)) => {
                if let Some(assistant) = &mut self.assistant {
                    let header = (i < assistant.parsed.headers.len()).then_some(i);
                    assistant.set_column(field, header);
                    assistant.keep(cx.store)?;
                }
            }
            (
                Intent::MapAnswer {
                    field,
                    answer,
                    terms,
                },
                Answer::Picked(i),
            ) => {
                if let (Some(assistant), Some(term)) = (&mut self.assistant, terms.get(i)) {
                    assistant.map_answer(field, &answer, term)?;
                    assistant.keep(cx.store)?;
                }
            }
            (Intent::Import(job), Answer::Retry) => start_import(job, cx),
            (Intent::Import(job), Answer::Due) => self.import(job, cx),
            (
                Intent::AddField {
                    round_id,
                    step,
                    form,
                },
                Answer::Text(text),
            ) => {
                let form = Box::new(revise(&form, ADD_STEPS[step], &text)?);
                match ADD_STEPS.get(step + 1) {
                    Some(_) => ask_add_field(round_id, step + 1, form, cx),
                    None => ask_add_consent(round_id, form, cx),
                }
            }
            (Intent::AddConsent { round_id, form }, Answer::Yes) => {
                match cx.store.add_application(round_id, &form) {
                    Ok(id) => {
                        self.select_next = Some(id);
                        cx.info(format!(
                            "Added the application of {}, pending; {} corrects any field.",
                            form.name,
                            key(C::Applicants, Action::EditApplication)
                        ))
                    }
                    Err(e) => cx.refused(format!("{} was not added", form.name), e),
                }
            }
            (Intent::EditField { id, version, name }, Answer::Picked(i)) => {
                self.ask_value(id, version, name, Field::ALL[i], cx)
            }
            (
                Intent::EditValue {
                    id,
                    version,
                    name,
                    field,
                },
                Answer::Text(text),
            ) => return self.correct((id, version, name, field), &text, cx),
            (
                Intent::Withdraw {
                    id,
                    version,
                    name,
                    partnership,
                },
                Answer::Yes,
            ) => match cx
                .store
                .withdraw_from_partnership(id, version, &partnership, cx.today)
            {
                Ok(()) => cx.info(format!(
                    "Withdrew {name}; the partnership ended (withdrawal), and the partner is in \
                     the rematch pool."
                )),
                Err(e) => cx.refused(format!("{name} was not withdrawn"), e),
            },
            (Intent::HoldCap { id, version, name }, Answer::Picked(i)) if i < HOLDS.len() => {
                let hold = HOLDS[i].0;
                match cx.store.set_cap_hold(id, version, hold) {
                    Ok(()) => cx.info(match hold {
                        Some(status) => format!("{name} is held {status}, whatever the cap says."),
                        None => format!("The country cap decides for {name} again."),
                    }),
                    Err(e) => cx.refused(format!("{name} was not changed"), e),
                }
            }
            (Intent::MergeFrom(mut list), Answer::Picked(i)) if i < list.len() => {
                let from = list.remove(i);
                cx.open(Modal::Picker(Picker::new(
                    "Merge two interests",
                    format!(
                        "Merge \"{}\" into which interest? Every application naming it will \
                         name that one instead.",
                        from.name
                    ),
                    list.iter().map(interest_item).collect(),
                    AnyIntent::Applicants(Intent::MergeInto { from, others: list }),
                )));
            }
            (Intent::MergeInto { from, mut others }, Answer::Picked(i)) if i < others.len() => {
                let into = others.swap_remove(i);
                cx.open(Modal::Question(Question {
                    title: "Merge two interests".to_string(),
                    text: format!(
                        "Merge \"{}\" ({}) into \"{}\"? \"{}\" leaves the list; the audit log \
                         keeps the merge.",
                        from.name,
                        counted(from.applications, "application", "applications"),
                        into.name,
                        from.name
                    ),
                    intent: AnyIntent::Applicants(Intent::Merge { from, into }),
                }));
            }
            (Intent::Merge { from, into }, Answer::Yes) => {
                match cx.store.merge_interests(&from, &into) {
                    Ok(()) => cx.info(format!(
                        "Merged \"{}\" into \"{}\": {} now name \"{}\".",
                        from.name,
                        into.name,
                        counted(from.applications, "application", "applications"),
                        into.name
                    )),
                    Err(e) => cx.refused("The interests were not merged", e),
                }
            }
            (Intent::Delete { id, version, name }, Answer::Yes) => {
                match cx.store.delete_application(id, version) {
                    Ok(()) => cx.info(format!("Deleted the application of {name}.")),
                    Err(e) => cx.refused(format!("{name} was not deleted"), e),
                }
            }
            _ => cx.unchanged(),
        }
        Ok(())
    }
}

/// What an application typed in by hand asks for, in order; the rest keep their defaults
/// (the country's time zone, no wishes) and can be corrected afterwards.
const ADD_STEPS: [Field; 6] = [
    Field::Name,
    Field::Email,
    Field::Country,
    Field::Sector,
    Field::CareerStage,
    Field::Languages,
];

/// The choices of a hold against the cap, in the order the list shows them.
const HOLDS: [(Option<ApplicationStatus>, &str); 3] = [
    (None, "Let the cap decide"),
    (Some(ApplicationStatus::Accepted), "Accept, over the cap"),
    (Some(ApplicationStatus::Deferred), "Defer to the next round"),
];

/// An interest as the list shows it: its name, and its counts in the round and overall.
fn interest_item(e: &InterestEntry) -> PickItem {
    PickItem {
        label: format!("{:>5} {:>6}  {}", e.in_round, e.applications, e.name),
        description: format!(
            "{} in this round, {} in all",
            counted(e.in_round, "application", "applications"),
            e.applications
        ),
    }
}

/// A form every step of [`ADD_STEPS`] writes over, submitted `now`.
fn placeholder_form(now: NaiveDateTime) -> ApplicationForm {
    ApplicationForm {
        name: "New applicant".to_string(),
        email: "new.applicant@example.org".to_string(),
        country: "NZ",
        city: String::new(),
        time_zone: TimeZone::Zone(Country::find("NZ").expect("a country").zone),
        sector: Sector::Public,
        role: String::new(),
        career_stage: CareerStage::Mid,
        interests: Vec::new(),
        languages: vec![Language::English],
        wish_sectors: Vec::new(),
        wish_stage: StageWish::Any,
        wish_place: PlaceWish::Any,
        consent: true,
        submitted_at: now,
        priority: false,
        notes: String::new(),
    }
}

fn ask_add_field(round_id: RoundId, step: usize, form: Box<ApplicationForm>, cx: &mut Cx) {
    let field = ADD_STEPS[step];
    let question = format!(
        "{} ({} of {}), written as a survey answer would be:",
        sentence(field.describe().to_string()),
        step + 1,
        ADD_STEPS.len()
    );
    cx.open(Modal::TextPrompt(TextPrompt::new(
        "Add an application",
        question,
        AnyIntent::Applicants(Intent::AddField {
            round_id,
            step,
            form,
        }),
    )));
}

fn ask_add_consent(round_id: RoundId, form: Box<ApplicationForm>, cx: &mut Cx) {
    // The country given decides the time zone, as an empty answer does on import.
    let form = match revise(&form, Field::TimeZone, "") {
        Ok(form) => Box::new(form),
        Err(e) => return cx.error(e),
    };
    cx.open(Modal::Question(Question {
        title: "Add an application".to_string(),
        text: format!(
            "Has {} ({}) accepted the code of conduct?\n\nOnly applicants who accept it can \
             take part: answer yes to add the application, pending.",
            form.name, form.email
        ),
        intent: AnyIntent::Applicants(Intent::AddConsent { round_id, form }),
    }));
}
