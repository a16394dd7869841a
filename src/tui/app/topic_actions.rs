//! Topics: planning slots from a cadence, adding, moving and removing them, their status,
//! filling them from the library, the editor with its kept drafts, and the export.

use std::path::Path;
use std::time::Instant;

use super::App;
use crate::domain::topic::library;
use crate::domain::{Cadence, Topic, TopicStatus};
use crate::store::{StoreError, TopicText};
use crate::tui::action::Action;
use crate::tui::popups::{
    DatePrompt, DatePurpose, PathPrompt, PickItem, Picker, Picking, Popup, PromptPurpose, Question,
    Questioned, TopicEditor,
};
/// What the status line says on entering the editor.
const EDITOR_KEYS: &str =
    "Ctrl-S saves, Esc leaves (text not saved is kept as a draft), Tab goes to the next field.";

/// `“Title”`, or the date for a slot with no title yet.
fn named(t: &Topic) -> String {
    if t.title.trim().is_empty() {
        format!("the slot of {}", t.publish_on)
    } else {
        format!("“{}”", t.title.trim())
    }
}

/// `“Title” of 2027-04-01`, or `the slot of 2027-04-01`: the date named once.
fn named_on(t: &Topic) -> String {
    if t.title.trim().is_empty() {
        named(t)
    } else {
        format!("{} of {}", named(t), t.publish_on)
    }
}

/// A message that begins with a name: its first letter in capitals.
fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A kept draft's time (UTC in the database) in the coordinator's local time.
fn local_time(saved_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(saved_at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| saved_at.to_string())
}

impl App {
    pub(super) fn update_topics(&mut self, action: Action) {
        let Some(round) = self.topics.round().cloned() else {
            self.error("No round is selected; choose one in Rounds (1).");
            return;
        };
        let selected = self.topics.selected().cloned();
        match (action, selected) {
            (Action::PlanTopics, _) => {
                let (start, end) = (round.plan.starts_on, round.plan.ends_on());
                let taken: Vec<_> = self.topics.topics().iter().map(|t| t.publish_on).collect();
                let items = Cadence::ALL
                    .into_iter()
                    .map(|c| {
                        let dates = c.dates(start, end);
                        let new = dates.iter().filter(|d| !taken.contains(d)).count();
                        let list: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
                        PickItem {
                            label: format!("{c} · {} dates, {new} new", dates.len()),
                            description: format!(
                                "Slots go out on {}.\n\nDates that already have a topic are \
                                 left as they are.",
                                list.join(", ")
                            ),
                        }
                    })
                    .collect();
                self.popup = Some(Popup::Picker(Picker::new(
                    "Plan topic slots",
                    format!(
                        "How often should topics go out in {}? The round runs from {start} to \
                         {end}.",
                        round.plan.name
                    ),
                    items,
                    Picking::Cadence { round_id: round.id },
                )));
            }
            (Action::AddTopicSlot, selected) => {
                let (start, end) = (round.plan.starts_on, round.plan.ends_on());
                // A day after the selected (or last) topic, as a starting point.
                let after = selected
                    .map(|t| t.publish_on)
                    .or_else(|| self.topics.topics().last().map(|t| t.publish_on));
                let date = after
                    .and_then(|d| d.checked_add_days(chrono::Days::new(7)))
                    .unwrap_or(start)
                    .clamp(start, end);
                self.popup = Some(Popup::DatePrompt(DatePrompt::new(
                    "Add a topic slot",
                    format!(
                        "On which day should the new topic of {} go out?",
                        round.plan.name
                    ),
                    DatePurpose::AddTopicSlot { round_id: round.id },
                    date,
                    (start, end),
                )));
            }
            (_, None) => self.error(
                "No topic is selected; press p to plan slots from a cadence or a to add one.",
            ),
            (Action::EditTopic, Some(t)) => self.open_topic(&t),
            (Action::MoveTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    self.error(format!(
                        "{} went out on {}; a published topic keeps its date.",
                        sentence(named(&t)),
                        t.published_on.unwrap_or(t.publish_on)
                    ));
                    return;
                }
                self.popup = Some(Popup::DatePrompt(DatePrompt::new(
                    "Move a topic",
                    format!("Move {} from {} to:", named(&t), t.publish_on),
                    DatePurpose::MoveTopic {
                        topic_id: t.id,
                        version: t.version,
                    },
                    t.publish_on,
                    (round.plan.starts_on, round.plan.ends_on()),
                )));
            }
            (Action::RemoveTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    self.error(format!(
                        "{} was published; it stays on record and cannot be removed.",
                        sentence(named(&t))
                    ));
                    return;
                }
                let words = t.body.split_whitespace().count();
                let mut what = if t.status == TopicStatus::Empty {
                    "The slot is empty.".to_string()
                } else {
                    format!(
                        "Its text goes with it: the title, the summary, {} questions and a \
                         post of {words} words.",
                        t.questions.len()
                    )
                };
                if self.topics.has_unsaved(t.id) {
                    what.push_str(" So does the text typed but not saved (✎).");
                }
                self.popup = Some(Popup::Question(Question {
                    title: "Remove a topic".to_string(),
                    text: format!("Remove {}?\n\n{what}", named_on(&t)),
                    then: Questioned::RemoveTopic {
                        topic_id: t.id,
                        version: t.version,
                    },
                }));
            }
            (Action::ToggleReady, Some(t)) => {
                let to = match t.status {
                    TopicStatus::Draft => TopicStatus::Ready,
                    TopicStatus::Ready => TopicStatus::Draft,
                    TopicStatus::Empty => {
                        self.error(format!(
                            "{} has no text yet; write it first (Enter) or fill it from the \
                             library (l).",
                            sentence(named(&t))
                        ));
                        return;
                    }
                    TopicStatus::Published => {
                        self.error(format!(
                            "{} is published; press P to take that back first.",
                            sentence(named(&t))
                        ));
                        return;
                    }
                };
                self.set_topic_status(&t, to);
            }
            (Action::TogglePublished, Some(t)) => match t.status {
                TopicStatus::Published => {
                    self.popup = Some(Popup::Question(Question {
                        title: "Not published".to_string(),
                        text: format!(
                            "Mark {} as not published? It goes back to ready, and the record \
                             that it went out on {} is removed.",
                            named(&t),
                            t.published_on.unwrap_or(t.publish_on)
                        ),
                        then: Questioned::Unpublish {
                            topic_id: t.id,
                            version: t.version,
                        },
                    }));
                }
                TopicStatus::Empty => self.error(format!(
                    "{} has no text to publish; write it first (Enter).",
                    sentence(named(&t))
                )),
                _ => self.set_topic_status(&t, TopicStatus::Published),
            },
            (Action::InsertLibraryTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    self.error(format!(
                        "{} is published; its text stays.",
                        sentence(named(&t))
                    ));
                    return;
                }
                let items = library()
                    .into_iter()
                    .map(|l| PickItem {
                        label: l.title.clone(),
                        description: format!(
                            "{}\n\nQuestions: {}\n\n{}",
                            l.summary,
                            l.questions.join(" · "),
                            l.body
                        ),
                    })
                    .collect();
                self.popup = Some(Popup::Picker(Picker::new(
                    "Topic library",
                    format!(
                        "Fill {} with a starting topic; edit it afterwards to make it yours.",
                        named(&t)
                    ),
                    items,
                    Picking::LibraryTopic {
                        topic_id: t.id,
                        version: t.version,
                    },
                )));
            }
            (Action::ExportTopics, _) => {
                let slug = crate::export::topics::slug(&round.plan.name);
                let mut prompt = PathPrompt::new(PromptPurpose::ExportTopics {
                    round_id: round.id,
                    round_name: round.plan.name.clone(),
                });
                prompt.input.set(format!("topics-{slug}"));
                self.popup = Some(Popup::PathPrompt(prompt));
            }
            _ => {}
        }
    }

    fn set_topic_status(&mut self, t: &Topic, to: TopicStatus) {
        match self.store.set_topic_status(t.id, t.version, to, self.today) {
            Ok(saved) => {
                self.topics.select_next(t.id);
                self.info(match to {
                    TopicStatus::Published => {
                        format!("Marked {} published on {}.", named(&saved), self.today)
                    }
                    _ => format!("{} is now {to}.", sentence(named(&saved))),
                });
            }
            Err(e) => self.refused(format!("{} was not changed", sentence(named(t))), e),
        }
    }

    /// Opens the editor on a topic, first offering back any unsaved text kept for it.
    fn open_topic(&mut self, t: &Topic) {
        match self.store.unsaved(t.id) {
            Ok(Some(draft)) => {
                let words = draft.text.body.split_whitespace().count();
                self.popup = Some(Popup::Question(Question {
                    title: "Unsaved text".to_string(),
                    text: format!(
                        "{} has text that was typed but not saved, kept at {} (post of \
                         {words} words).\n\nRestore it? Yes opens the editor with that text; \
                         no throws it away and opens the saved version.",
                        sentence(named(t)),
                        local_time(&draft.saved_at)
                    ),
                    then: Questioned::RestoreDraft { topic_id: t.id },
                }));
            }
            Ok(None) => self.open_editor(t, TopicText::of(t)),
            Err(e) => self.error(format!("Could not read the topic: {e}")),
        }
    }

    fn open_editor(&mut self, t: &Topic, text: TopicText) {
        let round = self.topics.round().map_or("", |r| r.plan.name.as_str());
        self.popup = Some(Popup::Editor(Box::new(TopicEditor::new(t, round, text))));
        self.info(EDITOR_KEYS);
    }

    pub(super) fn answer_topic_question(&mut self, yes: bool, then: Questioned) {
        match then {
            Questioned::RestoreDraft { topic_id } => {
                let topic = self.store.topic(topic_id);
                let draft = self.store.unsaved(topic_id);
                match (topic, draft) {
                    (Ok(t), Ok(Some(d))) if yes => {
                        self.open_editor(&t, d.text.clone());
                        if let Some(Popup::Editor(editor)) = &mut self.popup {
                            // It is in the database already: nothing to keep until it changes.
                            editor.mark_kept(d.text, Instant::now());
                        }
                        self.info("Restored the unsaved text; Ctrl-S saves it.");
                    }
                    (Ok(t), Ok(_)) => match self.store.discard_unsaved(topic_id) {
                        Ok(()) => {
                            self.topics.select_next(topic_id);
                            self.open_editor(&t, TopicText::of(&t));
                            self.info("Threw the unsaved text away; this is the saved version.");
                        }
                        Err(e) => self.error(format!("Could not discard the unsaved text: {e}")),
                    },
                    (Err(e), _) | (_, Err(e)) => {
                        self.error(format!("Could not read the topic: {e}"))
                    }
                }
            }
            Questioned::RemoveTopic { topic_id, version } if yes => {
                match self.store.remove_topic(topic_id, version) {
                    Ok(()) => {
                        self.info("Removed the topic.");
                    }
                    Err(e) => self.refused("The topic was not removed", e),
                }
            }
            Questioned::FillFromLibrary {
                topic_id,
                version,
                library_index,
            } if yes => self.fill_from_library(topic_id, version, library_index),
            Questioned::Unpublish { topic_id, version } if yes => {
                match self.store.topic(topic_id) {
                    // The mark comes off the topic as it was shown, or not at all.
                    Ok(t) => self.set_topic_status(&Topic { version, ..t }, TopicStatus::Ready),
                    Err(e) => self.error(format!("Could not read the topic: {e}")),
                }
            }
            _ => self.info("Nothing changed."),
        }
    }

    pub(super) fn update_picker(&mut self, action: Action) {
        let Some(Popup::Picker(picker)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.close_unchanged(),
            Action::Confirm => {
                let (then, index) = (picker.then.clone(), picker.selected);
                self.popup = None;
                match then {
                    Picking::Cadence { round_id } => self.plan_topics(round_id, index),
                    Picking::LibraryTopic { topic_id, version } => {
                        self.ask_fill_from_library(topic_id, version, index)
                    }
                    Picking::ProblemKind { partnership } => {
                        self.ask_problem_note(partnership, index)
                    }
                }
            }
            other => picker.update(other),
        }
    }

    fn plan_topics(&mut self, round_id: i64, index: usize) {
        let Some(&cadence) = Cadence::ALL.get(index) else {
            return;
        };
        match self.store.plan_topics(round_id, cadence) {
            Ok(0) => self.info(format!(
                "Every {cadence} date already has a topic; nothing was added."
            )),
            Ok(added) => {
                self.info(format!(
                    "Added {added} empty slots ({cadence}). l fills the selected one from the \
                     library; Enter writes it."
                ));
            }
            Err(e) => self.error(format!("No slots were added: {e}")),
        }
    }

    fn ask_fill_from_library(&mut self, topic_id: i64, version: i64, index: usize) {
        let t = match self.store.topic(topic_id) {
            Ok(t) => t,
            Err(e) => return self.error(format!("Could not read the topic: {e}")),
        };
        let unsaved = match self.store.unsaved(topic_id) {
            Ok(u) => u.is_some(),
            Err(e) => return self.error(format!("Could not read the topic: {e}")),
        };
        if TopicText::of(&t).is_empty() && !unsaved {
            self.fill_from_library(topic_id, version, index);
            return;
        }
        let has = match (TopicText::of(&t).is_empty(), unsaved) {
            (false, true) => "has text, and text typed but not saved (✎)",
            (true, _) => "has text typed but not saved (✎)",
            (false, false) => "already has text",
        };
        let title = library()
            .get(index)
            .map(|l| l.title.clone())
            .unwrap_or_default();
        self.popup = Some(Popup::Question(Question {
            title: "Replace the text".to_string(),
            text: format!(
                "{} {has}. Replace it all with the library topic “{title}”?",
                sentence(named_on(&t))
            ),
            then: Questioned::FillFromLibrary {
                topic_id,
                version,
                library_index: index,
            },
        }));
    }

    fn fill_from_library(&mut self, topic_id: i64, version: i64, index: usize) {
        let Some(l) = library().into_iter().nth(index) else {
            return;
        };
        let text = TopicText {
            title: l.title,
            summary: l.summary,
            body: l.body,
            questions: l.questions,
        };
        match self.store.save_topic_text(topic_id, version, &text) {
            Ok(t) => {
                self.topics.select_next(topic_id);
                self.info(format!(
                    "Filled the slot of {} with {}; Enter opens it to make it yours.",
                    t.publish_on,
                    named(&t)
                ));
            }
            Err(e) => self.refused("The slot was not filled", e),
        }
    }

    pub(super) fn update_date_prompt(&mut self, action: Action) {
        let Some(Popup::DatePrompt(prompt)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Cancel => self.close_unchanged(),
            Action::Confirm => {
                let Some(date) = prompt.date() else {
                    return;
                };
                if let DatePurpose::FollowUp {
                    partnership,
                    kind,
                    note,
                } = prompt.purpose.clone()
                {
                    self.popup = None;
                    self.record_problem(&partnership, kind, &note, date);
                    return;
                }
                let result = match prompt.purpose.clone() {
                    DatePurpose::AddTopicSlot { round_id } => self
                        .store
                        .add_topic_slot(round_id, date)
                        .map(|t| (t.id, format!("Added an empty slot on {date}."))),
                    DatePurpose::MoveTopic { topic_id, version } => self
                        .store
                        .move_topic(topic_id, version, date)
                        .map(|t| (t.id, format!("Moved {} to {date}.", named(&t)))),
                    DatePurpose::FollowUp { .. } => return,
                };
                match result {
                    Ok((id, said)) => {
                        self.popup = None;
                        self.topics.select_next(id);
                        self.info(said);
                    }
                    Err(e) => prompt.error = Some(format!("Not changed: {e}")),
                }
            }
            other => {
                prompt.error = None;
                prompt.update(other);
            }
        }
    }

    pub(super) fn type_in_date_prompt(&mut self, c: char) {
        if let Some(Popup::DatePrompt(prompt)) = &mut self.popup {
            prompt.error = None;
            prompt.input.insert(c);
        }
    }

    pub(super) fn export_topics(&mut self, round_id: i64, dir: &Path) {
        let round = match self.store.round(round_id) {
            Ok(r) => r,
            Err(e) => return self.error(format!("Could not read the round: {e}")),
        };
        let written = self
            .store
            .topics(round_id)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                crate::export::topics::write_round(&t, round.name(), dir)
                    .map_err(|e| format!("cannot write into {}: {e}", dir.display()))
            });
        match written {
            Ok(export) => {
                self.popup = None;
                // The full path, since a relative one depends on where iln was started.
                let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                let said = export.describe(round.name(), &dir);
                // The summary reads as a sentence in the status line.
                self.info(format!("{}{}.", said[..1].to_uppercase(), &said[1..]));
            }
            Err(e) => {
                if let Some(Popup::PathPrompt(prompt)) = &mut self.popup {
                    prompt.error = Some(format!("Export stopped: {e}"));
                }
            }
        }
    }

    // ---- The editor ----

    pub(super) fn update_editor(&mut self, action: Action) {
        let Some(Popup::Editor(editor)) = &mut self.popup else {
            return;
        };
        match action {
            Action::Save => self.save_editor(),
            Action::Close if !editor.is_preview() => self.leave_editor(),
            Action::Close | Action::TogglePreview => {
                editor.toggle_preview();
                let preview = editor.is_preview();
                self.info(if preview {
                    "The post as readers will see it: j k scroll, Ctrl-P or Esc goes back to the \
                     editor."
                } else {
                    EDITOR_KEYS
                });
            }
            other => editor.apply(other),
        }
    }

    pub(super) fn type_in_editor(&mut self, c: char) {
        if let Some(Popup::Editor(editor)) = &mut self.popup {
            editor.type_char(c);
        }
    }

    fn save_editor(&mut self) {
        let Some(Popup::Editor(editor)) = &mut self.popup else {
            return;
        };
        let text = editor.text();
        let words = editor.word_count();
        match self
            .store
            .save_topic_text(editor.topic_id, editor.version, &text)
        {
            Ok(t) => {
                editor.mark_saved(&t);
                self.topics.select_next(t.id);
                self.info(format!("Saved {} ({words} words).", named(&t)));
            }
            Err(StoreError::Stale(what)) => {
                // The text on screen now answers the newer version: a second Ctrl-S is a
                // deliberate choice to write over it.
                let id = editor.topic_id;
                if let Ok(t) = self.store.topic(id) {
                    editor.version = t.version;
                }
                self.keep_editor_text(Instant::now(), true);
                self.topics.select_next(id);
                self.error(format!(
                    "Not saved: {what}. Your text is still here and kept as a draft (✎); \
                     Ctrl-S again saves yours over it."
                ));
            }
            Err(e) => {
                self.keep_editor_text(Instant::now(), true);
                self.error(format!(
                    "Not saved: {e}. Your text is still here and kept as a draft."
                ))
            }
        }
    }

    /// Leaves the editor, keeping any text not saved as a draft for next time.
    fn leave_editor(&mut self) {
        self.keep_editor_text(Instant::now(), true);
        let Some(Popup::Editor(editor)) = self.popup.take() else {
            return;
        };
        self.topics.select_next(editor.topic_id);
        if editor.has_unsaved_changes() {
            self.info(
                "Left the editor without saving; the text is kept as a draft (✎), and Enter on \
                 the topic offers it back.",
            );
        } else {
            self.info("Left the editor.");
        }
    }

    /// Writes the editor's unsaved text to the database when it is due (every few seconds
    /// while it changes) or, with `force` (leaving, quitting), whenever it differs from what
    /// is kept. Returns whether anything was written.
    pub(super) fn keep_editor_text(&mut self, now: Instant, force: bool) -> bool {
        let Some(Popup::Editor(editor)) = &mut self.popup else {
            return false;
        };
        // Typed, kept, then undone: the draft kept earlier is no longer anything to offer.
        if force && !editor.has_unsaved_changes() {
            if let Err(e) = self.store.discard_unsaved(editor.topic_id) {
                self.error(format!("Could not clear the kept draft: {e}"));
            }
            return false;
        }
        let Some(text) = editor.due_for_keeping(now, force) else {
            return false;
        };
        match self.store.keep_unsaved(editor.topic_id, &text) {
            Ok(()) => {
                editor.mark_kept(text, now);
                true
            }
            Err(e) => {
                self.error(format!("Could not keep a draft of the text: {e}"));
                true
            }
        }
    }
}
