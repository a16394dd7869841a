//! The topic editor: a title, the summary line for the e-mail, the discussion questions (one
//! per line) and the post in Markdown, each an editing field with its own undo history (a
//! word at a time, see `kit/edit_field.rs`); a live word count; and a preview of the post as
//! readers will see it.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Widget};

use crate::domain::{RoundId, Topic, TopicId, TopicStatus};
use crate::export::topics::post_text;
use crate::store::TopicText;
use crate::text::counted;
use crate::tui::keys::Action;
use crate::tui::kit::edit_field::EditField;
use crate::tui::kit::layout::render_preview;
use crate::tui::kit::theme::THEME;

/// How long typed text may go unkept: the editor's text is written to the database as an
/// unsaved draft this often while it changes, so a dead terminal loses at most this much.
pub const KEEP_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Summary,
    Questions,
    Body,
}

impl Field {
    const ALL: [Field; 4] = [Field::Title, Field::Summary, Field::Questions, Field::Body];

    fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Summary => "Summary for the e-mail",
            Field::Questions => "Questions to talk about, one per line",
            Field::Body => "Post (Markdown)",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            Field::Title => "A short title partners will recognise",
            Field::Summary => "One or two sentences that open the e-mail",
            Field::Questions => "What would you ask your partner?",
            Field::Body => "Write the post here. # Heading, *emphasis*, - lists, > quotes.",
        }
    }

    /// Enter in a one-line field goes on to the next field instead of breaking the line.
    fn is_one_line(self) -> bool {
        matches!(self, Field::Title | Field::Summary)
    }
}

pub struct TopicEditor {
    pub topic_id: TopicId,
    /// Leaving was tried and the text could not be kept: leaving again goes without it.
    pub leave_unkept: bool,
    /// The topic's version the text on screen was written over: a save names it, so that a
    /// save made elsewhere meanwhile is not silently overwritten.
    pub version: i64,
    pub publish_on: NaiveDate,
    pub status: TopicStatus,
    round: String,
    fields: [EditField; 4],
    focus: Field,
    preview: bool,
    preview_scroll: u16,
    /// The text as last saved, to tell whether there is anything unsaved.
    saved: TopicText,
    /// The text last kept as an unsaved draft, and when.
    kept: Option<(TopicText, Instant, chrono::DateTime<chrono::Local>)>,
    /// When the text first changed since it was last saved or kept.
    changed_at: Option<Instant>,
}

impl TopicEditor {
    /// An editor for `topic` showing `text`: its saved text, or an unsaved draft restored.
    pub fn new(topic: &Topic, round: &str, text: TopicText) -> TopicEditor {
        let saved = TopicText::of(topic);
        let field = |text: &str, f: Field| EditField::new(text, f.placeholder(), f.is_one_line());
        let fields = [
            field(&text.title, Field::Title),
            field(&text.summary, Field::Summary),
            field(&text.questions.join("\n"), Field::Questions),
            field(&text.body, Field::Body),
        ];
        let changed_at = (text != saved).then(Instant::now);
        let mut editor = TopicEditor {
            topic_id: topic.id,
            leave_unkept: false,
            version: topic.version,
            publish_on: topic.publish_on,
            status: topic.status,
            round: round.to_string(),
            fields,
            // A slot with a title goes straight to the writing.
            focus: if text.title.trim().is_empty() {
                Field::Title
            } else {
                Field::Body
            },
            preview: false,
            preview_scroll: 0,
            saved,
            kept: None,
            changed_at,
        };
        editor.restyle();
        editor
    }

    /// What the fields hold, as it is saved: one-line fields as typed, questions one per
    /// non-blank line, the post with its line breaks.
    pub fn text(&self) -> TopicText {
        let [title, summary, questions, body] = &self.fields;
        TopicText {
            title: title.lines().join(" "),
            summary: summary.lines().join(" "),
            questions: questions
                .lines()
                .iter()
                .filter(|q| !q.trim().is_empty())
                .cloned()
                .collect(),
            body: body.text(),
        }
    }

    pub fn focus(&self) -> Field {
        self.focus
    }

    pub fn is_preview(&self) -> bool {
        self.preview
    }

    /// Whether the text differs from what is saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.text() != self.saved
    }

    pub fn word_count(&self) -> usize {
        self.fields[3]
            .lines()
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum()
    }

    /// After a save: the text on screen is what the database holds.
    pub fn mark_saved(&mut self, topic: &Topic) {
        self.saved = TopicText::of(topic);
        self.version = topic.version;
        self.status = topic.status;
        self.kept = None;
        self.changed_at = None;
    }

    /// The text to keep as an unsaved draft now, if it differs from what is saved and from
    /// what was last kept, and has waited long enough since it changed (or `force`, however
    /// long ago it changed).
    pub fn due_for_keeping(&self, now: Instant, force: bool) -> Option<TopicText> {
        if !force {
            let changed_at = self.changed_at?;
            if now.duration_since(changed_at) < KEEP_EVERY {
                return None;
            }
        }
        let text = self.text();
        let already = self.kept.as_ref().is_some_and(|(k, ..)| *k == text);
        (!already && text != self.saved).then_some(text)
    }

    /// Keeping the text failed: it is tried again a while later, not at every tick.
    pub fn mark_keep_failed(&mut self, now: Instant) {
        self.changed_at = Some(now);
    }

    pub fn mark_kept(&mut self, text: TopicText, now: Instant) {
        self.kept = Some((text, now, chrono::Local::now()));
        self.changed_at = None;
    }

    pub fn toggle_preview(&mut self) {
        self.preview = !self.preview;
        self.preview_scroll = 0;
    }

    fn focus_index(&self) -> usize {
        Field::ALL
            .iter()
            .position(|&f| f == self.focus)
            .unwrap_or(0)
    }

    /// The focused field.
    fn field_mut(&mut self) -> &mut EditField {
        let i = self.focus_index();
        &mut self.fields[i]
    }

    /// How many undo steps the focused field holds.
    pub fn undo_steps(&self) -> usize {
        self.fields[self.focus_index()].undo_steps()
    }

    fn moved(&mut self, by: isize) {
        let i = self.focus_index();
        self.fields[i].close_step();
        let i = i as isize;
        self.focus = Field::ALL[(i + by).rem_euclid(Field::ALL.len() as isize) as usize];
        self.restyle();
    }

    /// Marks the focused field: a bright border, a ▸ before its title (seen without
    /// colour too), and the only cursor.
    fn restyle(&mut self) {
        for (field, f) in Field::ALL.into_iter().zip(&mut self.fields) {
            let area = &mut f.area;
            let (border, title, cursor, mark) = if field == self.focus {
                (THEME.border_popup, THEME.title, THEME.selected, "▸ ")
            } else {
                (THEME.border, THEME.label, Style::new(), "")
            };
            area.set_block(
                Block::new()
                    .borders(Borders::TOP)
                    .border_style(border)
                    .title(Line::styled(format!(" {mark}{} ", field.label()), title)),
            );
            area.set_cursor_style(cursor);
        }
    }

    fn changed(&mut self) {
        self.changed_at.get_or_insert_with(Instant::now);
    }

    /// Pasted text into the focused field: line breaks start new lines in the questions and
    /// the post, and become spaces in the one-line fields.
    pub fn paste(&mut self, text: &str) {
        if self.field_mut().paste(text) {
            self.changed();
        }
    }

    pub fn type_char(&mut self, c: char) {
        if self.field_mut().type_char(c) {
            self.changed();
        }
    }

    /// Applies an editing action of the editor or the preview.
    pub fn apply(&mut self, action: Action) {
        if self.preview {
            self.scroll_preview(action);
            return;
        }
        match action {
            Action::NextField => self.moved(1),
            Action::PrevField => self.moved(-1),
            other => match self.field_mut().apply(other) {
                Some(true) => self.changed(),
                Some(false) => {}
                // Enter in a one-line field goes on to the next.
                None if other == Action::NewLine => self.moved(1),
                None => {}
            },
        }
    }

    fn scroll_preview(&mut self, action: Action) {
        let page = 10;
        self.preview_scroll = match action {
            Action::Down => self.preview_scroll.saturating_add(1),
            Action::Up => self.preview_scroll.saturating_sub(1),
            Action::PageDown => self.preview_scroll.saturating_add(page),
            Action::PageUp => self.preview_scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => u16::MAX,
            _ => self.preview_scroll,
        };
    }

    /// The topic as it would be saved now, for the preview.
    fn as_topic(&self) -> Topic {
        let text = self.text();
        Topic {
            id: self.topic_id,
            version: self.version,
            // Not shown by the preview.
            round_id: RoundId(0),
            publish_on: self.publish_on,
            title: text.title,
            summary: text.summary,
            body: text.body,
            questions: text.questions,
            status: self.status,
            published_on: None,
            post_link: String::new(),
        }
    }

    /// ` 2027-04-01 · draft · 2027 A            312 words · unsaved, draft kept 11:02:05 `
    fn header(&self, width: u16) -> Line<'static> {
        let left = vec![
            Span::styled(format!(" {} ", self.publish_on), THEME.title),
            Span::styled(
                self.status.code().to_string(),
                THEME.topic_status(self.status),
            ),
            Span::styled(format!(" · {}", self.round), THEME.muted),
        ];
        let words = counted(self.word_count(), "word", "words");
        let state = if !self.has_unsaved_changes() {
            Span::styled("saved", THEME.info)
        } else {
            match &self.kept {
                Some((_, _, at)) => Span::styled(
                    format!("not saved · draft kept {}", at.format("%H:%M:%S")),
                    THEME.filter,
                ),
                None => Span::styled("not saved", THEME.filter),
            }
        };
        let right = vec![
            Span::styled(words, THEME.label),
            Span::styled(" · ", THEME.muted),
            state,
            Span::raw(" "),
        ];
        let used: usize = left.iter().chain(&right).map(Span::width).sum();
        let gap = (width as usize).saturating_sub(used).max(1);
        Line::from([left, vec![Span::raw(" ".repeat(gap))], right].concat())
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        ratatui::widgets::Clear.render(area, buf);
        let [head, rest] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        self.header(area.width).render(head, buf);
        if self.preview {
            self.render_preview(rest, buf, true);
            return;
        }
        // Wide screens show the post beside the fields as it is typed.
        let (fields_area, beside) = if rest.width >= 140 {
            let [l, r] = rest.layout(
                &Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).spacing(1),
            );
            (l, Some(r))
        } else {
            (rest, None)
        };
        self.render_fields(fields_area, buf);
        if let Some(r) = beside {
            self.render_preview(r, buf, false);
        }
    }

    fn render_fields(&self, area: Rect, buf: &mut Buffer) {
        let questions = self.fields[2].lines().len().clamp(3, 6) as u16 + 1;
        let heights = [
            Constraint::Length(2),
            Constraint::Length(2),
            Constraint::Length(questions),
            Constraint::Min(3),
        ];
        let areas: [Rect; 4] = area.layout(&Layout::vertical(heights));
        for (field, rect) in self.fields.iter().zip(areas) {
            field.area.render(rect, buf);
        }
    }

    /// The post as readers see it: the title, the date, the summary, then the Markdown.
    fn render_preview(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let topic = self.as_topic();
        let markdown = post_text(&topic);
        let mut text = Text::default();
        let title = if topic.title.trim().is_empty() {
            Line::styled("(no title yet)", THEME.muted)
        } else {
            Line::styled(topic.title.trim().to_string(), THEME.title)
        };
        text.lines.push(title);
        text.lines.push(Line::styled(
            format!("{} · {}", topic.publish_on, self.round),
            THEME.muted,
        ));
        if !topic.summary.trim().is_empty() {
            text.lines.push(Line::from(""));
            text.lines
                .push(Line::styled(topic.summary.trim().to_string(), THEME.label));
        }
        text.lines.push(Line::from(""));
        text.lines.extend(tui_markdown::from_str(&markdown).lines);
        render_preview(
            "Preview of the post",
            text,
            full.then_some(self.preview_scroll),
            area,
            buf,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic() -> Topic {
        Topic {
            id: TopicId(1),
            version: 1,
            round_id: RoundId(1),
            publish_on: "2027-04-01".parse().unwrap(),
            title: String::new(),
            summary: String::new(),
            body: String::new(),
            questions: Vec::new(),
            status: TopicStatus::Empty,
            published_on: None,
            post_link: String::new(),
        }
    }

    fn type_str(e: &mut TopicEditor, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                e.apply(Action::NewLine);
            } else {
                e.type_char(c);
            }
        }
    }

    #[test]
    fn fields_hold_what_was_typed() {
        let mut e = TopicEditor::new(&topic(), "2027 A", TopicText::default());
        assert_eq!(e.focus(), Field::Title);
        type_str(&mut e, "Hello\nSay hi.\nWho?\n\nWhy?\n");
        e.apply(Action::NextField);
        type_str(&mut e, "Line one\n\nLine *two*");
        let text = e.text();
        assert_eq!(text.title, "Hello");
        assert_eq!(text.summary, "Say hi.");
        assert_eq!(text.questions, vec!["Who?", "Why?"]);
        assert_eq!(text.body, "Line one\n\nLine *two*");
        assert_eq!(e.word_count(), 4);
        assert!(e.has_unsaved_changes());
    }

    #[test]
    fn a_paste_is_text_and_one_undo_step() {
        let mut e = TopicEditor::new(&topic(), "2027 A", TopicText::default());
        e.paste("Two\nlines");
        assert_eq!(e.text().title, "Two lines", "one-line fields take spaces");
        e.apply(Action::NextField);
        e.apply(Action::NextField);
        e.apply(Action::NextField);
        e.paste("First.\n\nSecond, with y and P.");
        assert_eq!(e.text().body, "First.\n\nSecond, with y and P.");
        e.apply(Action::Undo);
        assert_eq!(e.text().body, "");
    }

    #[test]
    fn undo_and_word_movement_work_in_a_field() {
        let mut e = TopicEditor::new(&topic(), "2027 A", TopicText::default());
        type_str(&mut e, "one two three");
        e.apply(Action::WordLeft);
        e.apply(Action::DeleteWordBack);
        assert_eq!(e.text().title, "one three");
        e.apply(Action::Undo);
        assert_eq!(e.text().title, "one two three");
        e.apply(Action::Redo);
        assert_eq!(e.text().title, "one three");
    }

    #[test]
    fn keeps_only_changed_text_after_a_pause() {
        let mut e = TopicEditor::new(&topic(), "2027 A", TopicText::default());
        let start = Instant::now();
        assert_eq!(e.due_for_keeping(start, true), None, "nothing typed");
        e.type_char('a');
        assert_eq!(e.due_for_keeping(Instant::now(), false), None, "too soon");
        let later = Instant::now() + KEEP_EVERY;
        let text = e.due_for_keeping(later, false).expect("due");
        e.mark_kept(text, later);
        assert_eq!(e.due_for_keeping(later + KEEP_EVERY, true), None, "kept");
        e.type_char('b');
        assert!(
            e.due_for_keeping(later, true).is_some(),
            "forced on leaving"
        );
    }
}
