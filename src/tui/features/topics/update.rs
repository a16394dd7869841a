//! What the Topics pane does: planning slots from a cadence, adding, moving and removing
//! them, their status, filling them from the library, the editor with its kept drafts, and
//! the export; and the intents of those flows.

use chrono::NaiveDate;
use std::time::Instant;

use super::{TemplateEditor, TopicEditor, Topics};
use crate::domain::topic::library;
use crate::domain::{Cadence, MessageKind, Round, RoundId, Topic, TopicId, TopicStatus};
use crate::ops::exports;
use crate::store::{Changes, Store, StoreError, TopicDraft, TopicText};
use crate::text::{counted, sentence};
use crate::tui::features::{Cx, Feature, Flows, Intent as AnyIntent, Mode};
use crate::tui::keys::{Action, Condition, Context as C, key};
use crate::tui::kit::layout::FilterState;
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::modal::{Answer, DatePrompt, Modal, PickItem, Picker, Question, TextPrompt};

/// What the Topics pane's modals are for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Plan a round's slots with the cadence picked.
    Cadence {
        round_id: RoundId,
    },
    /// Add a slot on the date given.
    AddTopicSlot {
        round_id: RoundId,
    },
    /// Move a topic, as shown, to the date given.
    MoveTopic {
        topic_id: TopicId,
        version: i64,
    },
    /// Add a slot on a day that has a topic already, once confirmed.
    AddOnTakenDay {
        round_id: RoundId,
        date: NaiveDate,
    },
    /// Move a topic onto a day that has another already, once confirmed.
    MoveOntoTakenDay {
        topic_id: TopicId,
        version: i64,
        date: NaiveDate,
    },
    /// Fill a slot, as shown, with the library topic picked.
    LibraryTopic {
        topic_id: TopicId,
        version: i64,
    },
    /// Replace a slot's text with a library topic (asked when it has text).
    FillFromLibrary {
        topic_id: TopicId,
        version: i64,
        library_index: usize,
    },
    /// Open a topic with the unsaved text kept for it (yes) or its saved text (no).
    RestoreDraft {
        topic_id: TopicId,
    },
    RemoveTopic {
        topic_id: TopicId,
        version: i64,
    },
    /// Take back a topic's published mark.
    Unpublish {
        topic_id: TopicId,
        version: i64,
    },
    /// Set the post link of a topic (as shown) to the text given.
    PostLink {
        topic_id: TopicId,
        version: i64,
    },
    /// Open the template of the kind picked (in `MessageKind::ALL`).
    EditTemplate,
    /// Leave the template editor without saving its text.
    LeaveTemplate,
}

/// What the status line says on entering the template editor.
fn template_keys() -> String {
    format!(
        "Fields are written {{{{ round.name }}}}; the line under the text says whether the \
         template checks out. {} saves, {} previews, {} leaves.",
        save_key(),
        key(C::Editor, Action::TogglePreview),
        key(C::Editor, Action::Close)
    )
}

/// What the status line says on entering the editor.
fn editor_keys() -> String {
    format!(
        "{} saves, {} leaves (text not saved is kept as a draft), {} goes to the next field.",
        key(C::Editor, Action::Save),
        key(C::Editor, Action::Close),
        key(C::Editor, Action::NextField)
    )
}

/// The editor's save key, which several messages name.
fn save_key() -> String {
    key(C::Editor, Action::Save)
}

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

impl Topics {
    /// Another topic of the round published on `date`, if any (`moving` aside).
    fn taken_on(&self, date: NaiveDate, moving: Option<TopicId>) -> Option<Topic> {
        self.topics()
            .iter()
            .find(|t| t.publish_on == date && Some(t.id) != moving)
            .cloned()
    }

    /// Asks before a second topic goes on a day that has one.
    fn ask_taken_day(&self, date: NaiveDate, other: &Topic, intent: Intent, cx: &mut Cx) {
        cx.open(Modal::Question(Question {
            title: "A day with a topic".to_string(),
            text: format!(
                "{date} has a topic already: {}. Put a second one on the same day?",
                named(other)
            ),
            intent: AnyIntent::Topics(intent),
        }));
    }

    fn add_slot(&mut self, round_id: RoundId, date: NaiveDate, cx: &mut Cx) -> Result<(), String> {
        let t = cx
            .store
            .add_topic_slot(round_id, date)
            .map_err(|e| format!("Not changed: {e}"))?;
        self.select_next(t.id);
        cx.info(format!("Added an empty slot on {date}."));
        Ok(())
    }

    fn move_to(
        &mut self,
        topic_id: TopicId,
        version: i64,
        date: NaiveDate,
        cx: &mut Cx,
    ) -> Result<(), String> {
        match cx.store.move_topic(topic_id, version, date) {
            Ok(t) => {
                self.select_next(t.id);
                cx.info(format!("Moved {} to {date}.", named(&t)));
            }
            Err(e @ StoreError::Stale(_)) => cx.refused("Not moved", e),
            Err(e) => return Err(format!("Not changed: {e}")),
        }
        Ok(())
    }

    /// The pane's own actions on its list.
    fn update_list(&mut self, action: Action, cx: &mut Cx) {
        let Some(round) = self.round().cloned() else {
            cx.error(format!(
                "No round is selected; choose one in Rounds ({}).",
                key(C::Panes, Action::ShowRounds)
            ));
            return;
        };
        let selected = self.selected().cloned();
        match (action, selected) {
            (Action::PlanTopics, _) => {
                let (start, end) = (round.plan.starts_on, round.plan.ends_on());
                let taken: Vec<_> = self.topics().iter().map(|t| t.publish_on).collect();
                let items = Cadence::ALL
                    .into_iter()
                    .map(|c| {
                        let dates = c.dates(start, end);
                        let new = c.new_dates(start, end, &taken).len();
                        let list: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
                        PickItem {
                            label: format!(
                                "{c} · {}, {new} new",
                                counted(dates.len(), "date", "dates")
                            ),
                            description: format!(
                                "Slots go out on {}.\n\nA date with a topic on it or within \
                                 a few days of it keeps that topic; no second slot goes beside \
                                 it.",
                                list.join(", ")
                            ),
                        }
                    })
                    .collect();
                cx.open(Modal::Picker(Picker::new(
                    "Plan topic slots",
                    format!(
                        "How often should topics go out in {}? The round runs from {start} to \
                         {end}.",
                        round.plan.name
                    ),
                    items,
                    AnyIntent::Topics(Intent::Cadence { round_id: round.id }),
                )));
            }
            (Action::AddTopicSlot, selected) => {
                let (start, end) = (round.plan.starts_on, round.plan.ends_on());
                // A day after the selected (or last) topic, as a starting point.
                let after = selected
                    .map(|t| t.publish_on)
                    .or_else(|| self.topics().last().map(|t| t.publish_on));
                let date = after
                    .and_then(|d| d.checked_add_days(chrono::Days::new(7)))
                    .unwrap_or(start)
                    .clamp(start, end);
                cx.open(Modal::DatePrompt(DatePrompt::new(
                    "Add a topic slot",
                    format!(
                        "On which day should the new topic of {} go out?",
                        round.plan.name
                    ),
                    AnyIntent::Topics(Intent::AddTopicSlot { round_id: round.id }),
                    date,
                    (start, end),
                )));
            }
            (_, None) => cx.error(format!(
                "No topic is selected; press {} to plan slots from a cadence or {} to add one.",
                key(C::Topics, Action::PlanTopics),
                key(C::Topics, Action::AddTopicSlot)
            )),
            (Action::EditTopic, Some(t)) => self.open_topic(&t, cx),
            (Action::MoveTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    cx.error(format!(
                        "{} went out on {}; a published topic keeps its date.",
                        sentence(named(&t)),
                        t.published_on.unwrap_or(t.publish_on)
                    ));
                    return;
                }
                cx.open(Modal::DatePrompt(DatePrompt::new(
                    "Move a topic",
                    format!("Move {} from {} to:", named(&t), t.publish_on),
                    AnyIntent::Topics(Intent::MoveTopic {
                        topic_id: t.id,
                        version: t.version,
                    }),
                    t.publish_on,
                    (round.plan.starts_on, round.plan.ends_on()),
                )));
            }
            (Action::RemoveTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    cx.error(format!(
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
                        "Its text goes with it: the title, the summary, {} and a post of {}.",
                        counted(t.questions.len(), "question", "questions"),
                        counted(words, "word", "words")
                    )
                };
                if self.has_unsaved(t.id) {
                    what.push_str(" So does the text typed but not saved (✎).");
                }
                cx.open(Modal::Question(Question {
                    title: "Remove a topic".to_string(),
                    text: format!("Remove {}?\n\n{what}", named_on(&t)),
                    intent: AnyIntent::Topics(Intent::RemoveTopic {
                        topic_id: t.id,
                        version: t.version,
                    }),
                }));
            }
            (Action::ToggleReady, Some(t)) => {
                let to = match t.status {
                    TopicStatus::Draft => TopicStatus::Ready,
                    TopicStatus::Ready => TopicStatus::Draft,
                    TopicStatus::Empty => {
                        cx.error(format!(
                            "{} has no text yet; write it first ({}) or fill it from the \
                             library ({}).",
                            sentence(named(&t)),
                            key(C::Topics, Action::EditTopic),
                            key(C::Topics, Action::InsertLibraryTopic)
                        ));
                        return;
                    }
                    TopicStatus::Published => {
                        cx.error(format!(
                            "{} is published; press {} to take that back first.",
                            sentence(named(&t)),
                            key(C::Topics, Action::TogglePublished)
                        ));
                        return;
                    }
                };
                self.set_topic_status(&t, to, cx);
            }
            (Action::TogglePublished, Some(t)) => match t.status {
                TopicStatus::Published => {
                    cx.open(Modal::Question(Question {
                        title: "Not published".to_string(),
                        text: format!(
                            "Mark {} as not published? It goes back to ready, and the record \
                             that it went out on {} is removed.",
                            named(&t),
                            t.published_on.unwrap_or(t.publish_on)
                        ),
                        intent: AnyIntent::Topics(Intent::Unpublish {
                            topic_id: t.id,
                            version: t.version,
                        }),
                    }));
                }
                TopicStatus::Empty => cx.error(format!(
                    "{} has no text to publish; write it first ({}).",
                    sentence(named(&t)),
                    key(C::Topics, Action::EditTopic)
                )),
                _ => self.set_topic_status(&t, TopicStatus::Published, cx),
            },
            (Action::InsertLibraryTopic, Some(t)) => {
                if t.status == TopicStatus::Published {
                    cx.error(format!(
                        "{} is published; its text stays.",
                        sentence(named(&t))
                    ));
                    return;
                }
                // A library topic the round has used already is marked with its day.
                let used = |title: &str| {
                    self.topics()
                        .iter()
                        .find(|u| u.id != t.id && u.title.trim().eq_ignore_ascii_case(title))
                        .map(|u| u.publish_on)
                };
                let items = library()
                    .into_iter()
                    .map(|l| PickItem {
                        label: match used(&l.title) {
                            Some(day) => format!("{} · used on {day}", l.title),
                            None => l.title.clone(),
                        },
                        description: format!(
                            "{}\n\nQuestions: {}\n\n{}",
                            l.summary,
                            l.questions.join(" · "),
                            l.body
                        ),
                    })
                    .collect();
                cx.open(Modal::Picker(Picker::new(
                    "Topic library",
                    format!(
                        "Fill {} with a starting topic; edit it afterwards to make it yours.",
                        named(&t)
                    ),
                    items,
                    AnyIntent::Topics(Intent::LibraryTopic {
                        topic_id: t.id,
                        version: t.version,
                    }),
                )));
            }
            (Action::SetPostLink, Some(t)) => {
                let mut prompt = TextPrompt::new(
                    "Post link",
                    format!(
                        "The web address where {} is published; its e-mail links there \
                         (empty: no link yet).",
                        named(&t)
                    ),
                    AnyIntent::Topics(Intent::PostLink {
                        topic_id: t.id,
                        version: t.version,
                    }),
                );
                prompt.input.set(t.post_link.clone());
                cx.open(Modal::TextPrompt(prompt));
            }
            (Action::MailTopic, Some(t)) => crate::tui::features::exporting::ask_where(
                &round,
                crate::tui::features::exporting::Export::TopicMessages(t.id),
                cx,
            ),
            (Action::ExportTopics, _) => crate::tui::features::exporting::ask(
                &round,
                vec![
                    crate::tui::features::exporting::Export::Posts,
                    crate::tui::features::exporting::Export::Table(exports::Records::Topics),
                ],
                cx,
            ),
            _ => {}
        }
    }

    fn set_topic_status(&mut self, t: &Topic, to: TopicStatus, cx: &mut Cx) {
        match cx.store.set_topic_status(t.id, t.version, to, cx.today) {
            Ok(saved) => {
                self.select_next(t.id);
                cx.info(match to {
                    TopicStatus::Published => {
                        format!("Marked {} published on {}.", named(&saved), cx.today)
                    }
                    _ => format!("{} is now {to}.", sentence(named(&saved))),
                });
            }
            Err(e) => cx.refused(format!("{} was not changed", sentence(named(t))), e),
        }
    }

    /// Opens the editor on a topic, first offering back any unsaved text kept for it.
    fn open_topic(&mut self, t: &Topic, cx: &mut Cx) {
        match cx.store.unsaved(t.id) {
            Ok(Some(draft)) => {
                let words = draft.text.body.split_whitespace().count();
                cx.open(Modal::Question(Question {
                    title: "Unsaved text".to_string(),
                    text: format!(
                        "{} has text that was typed but not saved, kept at {} (post of \
                         {}).\n\nRestore it? Yes opens the editor with that text; no throws \
                         it away and opens the saved version.",
                        sentence(named(t)),
                        local_time(&draft.saved_at),
                        counted(words, "word", "words")
                    ),
                    intent: AnyIntent::Topics(Intent::RestoreDraft { topic_id: t.id }),
                }));
            }
            Ok(None) => self.open_editor(t, TopicText::of(t), cx),
            Err(e) => cx.error(format!("Could not read the topic: {e}")),
        }
    }

    fn open_editor(&mut self, t: &Topic, text: TopicText, cx: &mut Cx) {
        let round = self.round().map_or("", |r| r.plan.name.as_str());
        self.editor = Some(Box::new(TopicEditor::new(t, round, text)));
        cx.info(editor_keys());
    }

    /// Restores the unsaved text kept for a topic (`restore`), or throws it away and opens
    /// the saved text.
    fn restore_or_discard(&mut self, topic_id: TopicId, restore: bool, cx: &mut Cx) {
        let topic = cx.store.topic(topic_id);
        let draft = cx.store.unsaved(topic_id);
        match (topic, draft) {
            (Ok(t), Ok(Some(d))) if restore => {
                self.open_editor(&t, d.text.clone(), cx);
                let saved_since = d.base_version.is_some_and(|base| base < t.version);
                if let Some(editor) = &mut self.editor {
                    // It is in the database already: nothing to keep until it changes.
                    editor.mark_kept(d.text, Instant::now());
                    // The text answers the version it was typed over: were the topic saved
                    // since, a save of it is told so rather than write over that save.
                    if let Some(base) = d.base_version {
                        editor.version = base;
                    }
                }
                if let Err(e) = cx.store.adopt_unsaved(topic_id) {
                    cx.error(format!("Could not read the unsaved text: {e}"));
                } else if saved_since {
                    cx.info(format!(
                        "Restored the unsaved text. {} was saved since it was typed; {} \
                         says what changed before it writes over that.",
                        sentence(named(&t)),
                        save_key()
                    ));
                } else {
                    cx.info(format!(
                        "Restored the unsaved text; {} saves it.",
                        save_key()
                    ));
                }
            }
            (Ok(t), Ok(None)) if restore => {
                self.open_editor(&t, TopicText::of(&t), cx);
                cx.info(
                    "The unsaved text is gone (saved or thrown away in another window); this \
                     is the saved version.",
                );
            }
            (Ok(t), Ok(_)) => match cx.store.discard_unsaved(topic_id) {
                Ok(()) => {
                    self.select_next(topic_id);
                    self.open_editor(&t, TopicText::of(&t), cx);
                    cx.info("Threw the unsaved text away; this is the saved version.");
                }
                Err(e) => cx.error(format!("Could not discard the unsaved text: {e}")),
            },
            (Err(e), _) | (_, Err(e)) => cx.error(format!("Could not read the topic: {e}")),
        }
    }

    fn plan_topics(&mut self, round_id: RoundId, index: usize, cx: &mut Cx) {
        let Some(&cadence) = Cadence::ALL.get(index) else {
            return;
        };
        match cx.store.plan_topics(round_id, cadence) {
            Ok(0) => cx.info(format!(
                "Every {cadence} date already has a topic; nothing was added."
            )),
            Ok(added) => {
                cx.info(format!(
                    "Added {} ({cadence}). {} fills the selected one from the library; {} \
                     writes it.",
                    counted(added, "empty slot", "empty slots"),
                    key(C::Topics, Action::InsertLibraryTopic),
                    key(C::Topics, Action::EditTopic)
                ));
            }
            Err(e) => cx.error(format!("No slots were added: {e}")),
        }
    }

    fn ask_fill_from_library(
        &mut self,
        topic_id: TopicId,
        version: i64,
        index: usize,
        cx: &mut Cx,
    ) {
        let t = match cx.store.topic(topic_id) {
            Ok(t) => t,
            Err(e) => return cx.error(format!("Could not read the topic: {e}")),
        };
        let unsaved = match cx.store.unsaved(topic_id) {
            Ok(u) => u.is_some(),
            Err(e) => return cx.error(format!("Could not read the topic: {e}")),
        };
        if TopicText::of(&t).is_empty() && !unsaved {
            self.fill_from_library(topic_id, version, index, cx);
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
        cx.open(Modal::Question(Question {
            title: "Replace the text".to_string(),
            text: format!(
                "{} {has}. Replace it all with the library topic “{title}”?",
                sentence(named_on(&t))
            ),
            intent: AnyIntent::Topics(Intent::FillFromLibrary {
                topic_id,
                version,
                library_index: index,
            }),
        }));
    }

    fn fill_from_library(&mut self, topic_id: TopicId, version: i64, index: usize, cx: &mut Cx) {
        let Some(l) = library().into_iter().nth(index) else {
            return;
        };
        let text = TopicText {
            title: l.title,
            summary: l.summary,
            body: l.body,
            questions: l.questions,
        };
        match cx.store.save_topic_text(topic_id, version, &text) {
            Ok(t) => {
                self.select_next(topic_id);
                cx.info(format!(
                    "Filled the slot of {} with {}; {} opens it to make it yours.",
                    t.publish_on,
                    named(&t),
                    key(C::Topics, Action::EditTopic)
                ));
            }
            Err(e) => cx.refused("The slot was not filled", e),
        }
    }

    // ---- The message templates ----

    fn pick_template(&mut self, cx: &mut Cx) {
        let items = MessageKind::ALL
            .iter()
            .map(|&kind| {
                let own = cx.store.template(kind).is_ok_and(|t| t.version > 0);
                PickItem {
                    label: format!(
                        "{:<14} {}",
                        kind.code(),
                        if own {
                            "the program's own"
                        } else {
                            "the default"
                        }
                    ),
                    description: format!(
                        "The {}. The same as iln template show/set {} on the command line.",
                        kind.describe(),
                        kind.code()
                    ),
                }
            })
            .collect();
        cx.open(Modal::Picker(Picker::new(
            "Message templates",
            "The program's messages to participants, each written from its template. Which one \
             to edit:"
                .to_string(),
            items,
            AnyIntent::Topics(Intent::EditTemplate),
        )));
    }

    fn update_template(&mut self, action: Action, cx: &mut Cx) {
        let Some(template) = &mut self.template else {
            return;
        };
        match action {
            Action::Save => {
                let text = template.text();
                match cx
                    .store
                    .set_template(template.kind, template.version, Some(&text))
                {
                    Ok(saved) => {
                        template.mark_saved(&saved);
                        cx.info(format!("Saved the {} template.", saved.kind));
                    }
                    Err(e) => {
                        cx.refused(format!("The {} template was not saved", template.kind), e)
                    }
                }
            }
            Action::Close if !template.is_preview() => {
                if template.has_unsaved_changes() {
                    cx.open(Modal::Question(Question {
                        title: "Leave the template".to_string(),
                        text: format!(
                            "The {} template has changes that are not saved. Leave without \
                             them?",
                            template.kind
                        ),
                        intent: AnyIntent::Topics(Intent::LeaveTemplate),
                    }));
                } else {
                    self.template = None;
                }
            }
            Action::Close | Action::TogglePreview => {
                template.toggle_preview();
                if template.is_preview() {
                    cx.info(format!(
                        "The message written with example fields: {} {} scroll, {} goes back.",
                        key(C::Preview, Action::Down),
                        key(C::Preview, Action::Up),
                        key(C::Preview, Action::Close)
                    ));
                } else {
                    cx.info(template_keys());
                }
            }
            other => template.apply(other),
        }
    }

    // ---- The editor ----

    pub(super) fn update_editor(&mut self, action: Action, cx: &mut Cx) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        match action {
            Action::Save => self.save_editor(cx),
            Action::Close if !editor.is_preview() => self.leave_editor(cx),
            Action::Close | Action::TogglePreview => {
                editor.toggle_preview();
                let preview = editor.is_preview();
                cx.info(if preview {
                    format!(
                        "The post as readers will see it: {} {} scroll, {} goes back to the \
                         editor.",
                        key(C::Preview, Action::Down),
                        key(C::Preview, Action::Up),
                        key(C::Preview, Action::Close)
                    )
                } else {
                    editor_keys()
                });
            }
            other => editor.apply(other),
        }
    }

    fn save_editor(&mut self, cx: &mut Cx) {
        let round = self.round().map(|r| r.id);
        let Some(editor) = &mut self.editor else {
            return;
        };
        let text = editor.text();
        let words = counted(editor.word_count(), "word", "words");
        let id = editor.topic_id;
        let refused = match cx.store.save_topic_text(id, editor.version, &text) {
            Ok(t) => {
                editor.mark_saved(&t);
                self.select_next(t.id);
                return cx.info(format!("Saved {} ({words}).", named(&t)));
            }
            Err(e) => e,
        };
        // The topic was removed in another window: the text becomes a topic of its own on
        // the same date rather than be lost.
        if let (Err(StoreError::NotFound(_)), Some(round)) = (cx.store.topic(id), round) {
            let new = TopicDraft {
                publish_on: editor.publish_on,
                title: text.title.clone(),
                summary: text.summary.clone(),
                body: text.body.clone(),
                questions: text.questions.clone(),
                status: if text.is_empty() {
                    TopicStatus::Empty
                } else {
                    TopicStatus::Draft
                },
                published_on: None,
            };
            match cx.store.create_topic(round, &new) {
                Ok(t) => {
                    editor.topic_id = t.id;
                    editor.mark_saved(&t);
                    self.select_next(t.id);
                    cx.info(format!(
                        "The topic had been removed in another window; saved your text as a \
                         new topic on {} ({words}).",
                        t.publish_on
                    ));
                }
                Err(e) => cx.error(format!(
                    "Not saved: the topic was removed in another window, and a new one could \
                     not be made ({e}). Your text is still here."
                )),
            }
            return;
        }
        if matches!(refused, StoreError::Stale(_))
            && let Ok(t) = cx.store.topic(id)
        {
            // The text on screen now answers the newer version: a second Ctrl-S is a
            // deliberate choice to write over it.
            editor.version = t.version;
        }
        // Kept for real, whatever the editor last kept.
        let kept = match cx.store.keep_unsaved(id, editor.version, &text) {
            Ok(()) => {
                editor.mark_kept(text, Instant::now());
                None
            }
            Err(k) => Some(k),
        };
        self.select_next(id);
        cx.error(match (refused, kept) {
            (StoreError::Stale(what), None) => format!(
                "Not saved: {what}. Your text is still here and kept as a draft (✎); {} \
                 again saves yours over it.",
                save_key()
            ),
            (e, None) => format!("Not saved: {e}. Your text is still here and kept as a draft."),
            (StoreError::Stale(what), Some(k)) => format!(
                "Not saved: {what}. Your text is still here, but it could not be kept as a \
                 draft ({k}); {} again saves yours over it.",
                save_key()
            ),
            (e, Some(k)) => format!(
                "Not saved: {e}. Your text is still here, but it could not be kept as a draft \
                 ({k})."
            ),
        });
    }

    /// Leaves the editor, keeping any text not saved as a draft for next time. When it
    /// cannot be kept, the editor stays open and says so; Esc again leaves without it.
    fn leave_editor(&mut self, cx: &mut Cx) {
        if let Err(why) = self.keep_editor_text(Instant::now(), true, cx)
            && let Some(editor) = &mut self.editor
            && !editor.leave_unkept
        {
            editor.leave_unkept = true;
            return cx.error(format!(
                "Your text could not be kept as a draft ({why}), so the editor stays open: \
                 {} saves it; {} again leaves without it.",
                save_key(),
                key(C::Editor, Action::Close)
            ));
        }
        let Some(editor) = self.editor.take() else {
            return;
        };
        self.select_next(editor.topic_id);
        if editor.leave_unkept {
            cx.error("Left the editor; the text typed since the last save was not kept.");
        } else if editor.has_unsaved_changes() {
            cx.info(format!(
                "Left the editor without saving; the text is kept as a draft (✎), and {} on \
                 the topic offers it back.",
                key(C::Topics, Action::EditTopic)
            ));
        } else {
            cx.info("Left the editor.");
        }
    }

    /// Writes the editor's unsaved text to the database when it is due (every few seconds
    /// while it changes) or, with `force` (leaving, quitting), whenever it differs from what
    /// the database keeps for the topic. Returns whether anything was written, or why the
    /// text could not be kept.
    pub(super) fn keep_editor_text(
        &mut self,
        now: Instant,
        force: bool,
        cx: &mut Cx,
    ) -> Result<bool, String> {
        let Some(editor) = &mut self.editor else {
            return Ok(false);
        };
        // Typed, kept, then undone: the draft this window kept is no longer anything to
        // offer (another window's stays).
        if force && !editor.has_unsaved_changes() {
            cx.store
                .discard_own_unsaved(editor.topic_id)
                .map_err(|e| format!("could not clear the kept draft: {e}"))?;
            return Ok(false);
        }
        let text = if force {
            // Forced, what counts is what the database keeps, not what the editor last kept
            // nor when it changed: a save from another window may have taken it away.
            let text = editor.text();
            match cx.store.unsaved(editor.topic_id) {
                Ok(Some(stored)) if stored.text == text => return Ok(false),
                _ => text,
            }
        } else {
            match editor.due_for_keeping(now, false) {
                Some(text) => text,
                None => return Ok(false),
            }
        };
        match cx
            .store
            .keep_unsaved(editor.topic_id, editor.version, &text)
        {
            Ok(()) => {
                editor.mark_kept(text, now);
                Ok(true)
            }
            Err(e) => {
                // Tried again once the text changes, not at every tick.
                editor.mark_keep_failed(now);
                let why = match cx.store.topic(editor.topic_id) {
                    Err(StoreError::NotFound(_)) => {
                        "the topic was removed in another window".to_string()
                    }
                    _ => e.to_string(),
                };
                Err(why)
            }
        }
    }
}

impl Feature for Topics {
    fn depends_on(&self) -> Changes {
        // The round's term bounds the calendar.
        Changes::ROUNDS | Changes::TOPICS
    }

    fn round_id(&self) -> Option<RoundId> {
        Topics::round_id(self)
    }

    fn read(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        self.load(store, round)
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

    fn selection_moved(&mut self, _store: &Store) {
        self.follow_selection();
    }

    fn mode(&self) -> Option<Mode> {
        let preview = match (&self.template, &self.editor) {
            (Some(t), _) => t.is_preview(),
            (None, Some(e)) => e.is_preview(),
            (None, None) => return None,
        };
        Some(if preview { Mode::Preview } else { Mode::Editor })
    }

    fn holds(&self, condition: Condition) -> bool {
        let selected = self.selected();
        match condition {
            Condition::TopicSelected => selected.is_some(),
            Condition::TopicNotPublished => {
                selected.is_some_and(|t| t.status != TopicStatus::Published)
            }
            Condition::TopicHasText => selected.is_some_and(|t| t.status != TopicStatus::Empty),
            Condition::TopicsToExport => {
                self.topics().iter().any(|t| t.status != TopicStatus::Empty)
            }
            _ => false,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) {
        if self.template.is_some() {
            return self.update_template(action, cx);
        }
        if self.editor.is_some() {
            return self.update_editor(action, cx);
        }
        match action {
            Action::EditTemplates => self.pick_template(cx),
            Action::DetailDown => self.detail_scroll.down(),
            Action::DetailUp => self.detail_scroll.up(),
            other => self.update_list(other, cx),
        }
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx) {
        if let Some(template) = &mut self.template {
            return template.type_char(c);
        }
        if let Some(editor) = &mut self.editor {
            editor.type_char(c);
        }
    }

    fn paste(&mut self, text: &str) -> bool {
        if let Some(template) = &mut self.template {
            template.paste(text);
            return true;
        }
        match &mut self.editor {
            Some(editor) => {
                editor.paste(text);
                true
            }
            None => false,
        }
    }

    fn tick(&mut self, now: Instant, cx: &mut Cx) -> bool {
        match self.keep_editor_text(now, false, cx) {
            Ok(kept) => kept,
            Err(why) => {
                cx.error(format!("Could not keep a draft of the text: {why}."));
                true
            }
        }
    }

    fn stop(&mut self, cx: &mut Cx) {
        // Whatever the editor holds unsaved is kept for next time; quitting, there is no
        // one left to tell when it cannot be.
        let _ = self.keep_editor_text(Instant::now(), true, cx);
    }

    fn pause(&mut self, cx: &mut Cx) {
        // A suspended iln may never be brought back: keep the text as on quitting.
        self.stop(cx);
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
    ) -> Option<ratatui::layout::Position> {
        self.draw(area, buf)
    }
}

impl Flows for Topics {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
        match (intent, answer) {
            (Intent::Cadence { round_id }, Answer::Picked(i)) => self.plan_topics(round_id, i, cx),
            (Intent::LibraryTopic { topic_id, version }, Answer::Picked(i)) => {
                self.ask_fill_from_library(topic_id, version, i, cx)
            }
            (Intent::AddTopicSlot { round_id }, Answer::Date(date)) => {
                match self.taken_on(date, None) {
                    Some(other) => self.ask_taken_day(
                        date,
                        &other,
                        Intent::AddOnTakenDay { round_id, date },
                        cx,
                    ),
                    None => self.add_slot(round_id, date, cx)?,
                }
            }
            (Intent::AddOnTakenDay { round_id, date }, Answer::Yes) => {
                self.add_slot(round_id, date, cx)?
            }
            (Intent::MoveTopic { topic_id, version }, Answer::Date(date)) => {
                match self.taken_on(date, Some(topic_id)) {
                    Some(other) => self.ask_taken_day(
                        date,
                        &other,
                        Intent::MoveOntoTakenDay {
                            topic_id,
                            version,
                            date,
                        },
                        cx,
                    ),
                    None => self.move_to(topic_id, version, date, cx)?,
                }
            }
            (
                Intent::MoveOntoTakenDay {
                    topic_id,
                    version,
                    date,
                },
                Answer::Yes,
            ) => self.move_to(topic_id, version, date, cx)?,
            (Intent::PostLink { topic_id, version }, Answer::Text(link)) => {
                match cx.store.set_topic_post_link(topic_id, version, &link) {
                    Ok(t) if t.post_link.is_empty() => {
                        cx.info(format!("{} has no post link now.", sentence(named(&t))))
                    }
                    Ok(t) => cx.info(format!(
                        "{} links to {}.",
                        sentence(named(&t)),
                        crate::text::shown(&t.post_link)
                    )),
                    Err(StoreError::Invalid(why)) => return Err(why),
                    Err(e) => cx.refused("The post link was not set", e),
                }
            }
            (Intent::EditTemplate, Answer::Picked(i)) => {
                if let Some(&kind) = MessageKind::ALL.get(i) {
                    match cx.store.template(kind) {
                        Ok(t) => {
                            self.template = Some(Box::new(TemplateEditor::new(&t)));
                            cx.info(template_keys());
                        }
                        Err(e) => cx.error(format!("Could not read the {kind} template: {e}")),
                    }
                }
            }
            (Intent::LeaveTemplate, Answer::Yes) => {
                self.template = None;
                cx.info("Left the template editor; the template is as it was saved.");
            }
            (Intent::RestoreDraft { topic_id }, Answer::Yes) => {
                self.restore_or_discard(topic_id, true, cx)
            }
            (Intent::RestoreDraft { topic_id }, Answer::No) => {
                self.restore_or_discard(topic_id, false, cx)
            }
            (Intent::RemoveTopic { topic_id, version }, Answer::Yes) => {
                match cx.store.remove_topic(topic_id, version) {
                    Ok(()) => cx.info("Removed the topic."),
                    Err(e) => cx.refused("The topic was not removed", e),
                }
            }
            (
                Intent::FillFromLibrary {
                    topic_id,
                    version,
                    library_index,
                },
                Answer::Yes,
            ) => self.fill_from_library(topic_id, version, library_index, cx),
            (Intent::Unpublish { topic_id, version }, Answer::Yes) => {
                match cx.store.topic(topic_id) {
                    // The mark comes off the topic as it was shown, or not at all.
                    Ok(t) => self.set_topic_status(&Topic { version, ..t }, TopicStatus::Ready, cx),
                    Err(e) => cx.error(format!("Could not read the topic: {e}")),
                }
            }
            _ => cx.unchanged(),
        }
        Ok(())
    }
}
