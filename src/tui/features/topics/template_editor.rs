//! The message template editor: one template's text (a `Subject:` line, an empty line, the
//! Markdown body with merge fields) in an editing field, checked as it is typed, and a
//! preview of the message written with example fields, as a participant would read it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Widget};

use crate::domain::MessageKind;
use crate::export::mail::fields::Fields;
use crate::export::mail::templates;
use crate::store::StoredTemplate;
use crate::tui::keys::Action;
use crate::tui::kit::edit_field::EditField;
use crate::tui::kit::layout::render_preview;
use crate::tui::kit::theme::THEME;

pub struct TemplateEditor {
    pub kind: MessageKind,
    /// The version the text was written over (0: the default).
    pub version: i64,
    field: EditField,
    saved: String,
    preview: bool,
    preview_scroll: u16,
}

impl TemplateEditor {
    pub fn new(template: &StoredTemplate) -> TemplateEditor {
        let mut field = EditField::new(
            template.text.trim_end(),
            "Subject: …, an empty line, then the message",
            false,
        );
        field.area.set_cursor_style(THEME.selected);
        field.area.set_block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(THEME.border_popup)
                .title(Line::styled(
                    " Template (Markdown, fields in {{ }}) ",
                    THEME.title,
                )),
        );
        TemplateEditor {
            kind: template.kind,
            version: template.version,
            saved: template.text.trim_end().to_string(),
            field,
            preview: false,
            preview_scroll: 0,
        }
    }

    /// The text as it is saved: ending in one line break.
    pub fn text(&self) -> String {
        self.field.text().trim_end().to_string() + "\n"
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.field.text().trim_end() != self.saved
    }

    pub fn mark_saved(&mut self, template: &StoredTemplate) {
        self.saved = template.text.trim_end().to_string();
        self.version = template.version;
    }

    pub fn is_preview(&self) -> bool {
        self.preview
    }

    pub fn toggle_preview(&mut self) {
        self.preview = !self.preview;
        self.preview_scroll = 0;
    }

    pub fn type_char(&mut self, c: char) {
        self.field.type_char(c);
    }

    pub fn paste(&mut self, text: &str) {
        self.field.paste(text);
    }

    pub fn apply(&mut self, action: Action) {
        if self.preview {
            self.preview_scroll = match action {
                Action::Down => self.preview_scroll.saturating_add(1),
                Action::Up => self.preview_scroll.saturating_sub(1),
                Action::PageDown => self.preview_scroll.saturating_add(10),
                Action::PageUp => self.preview_scroll.saturating_sub(10),
                Action::Top => 0,
                _ => self.preview_scroll,
            };
            return;
        }
        self.field.apply(action);
    }

    /// What is wrong with the text, if anything: the check a save makes.
    pub fn problem(&self) -> Option<String> {
        templates::check(self.kind, &self.text())
            .err()
            .map(|e| format!("line {}: {}", e.line, e.message))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        ratatui::widgets::Clear.render(area, buf);
        let [head, rest, foot] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        let state = if self.has_unsaved_changes() {
            Span::styled("not saved", THEME.filter)
        } else {
            Span::styled("saved", THEME.info)
        };
        Line::from(vec![
            Span::styled(format!(" {} template ", self.kind), THEME.title),
            Span::styled(
                if self.version == 0 {
                    "(the default) · "
                } else {
                    "(the program's own) · "
                },
                THEME.muted,
            ),
            state,
        ])
        .render(head, buf);
        match self.problem() {
            Some(problem) => Line::styled(format!(" {problem}"), THEME.error).render(foot, buf),
            None => Line::styled(" The template checks out.", THEME.info).render(foot, buf),
        }
        if self.preview {
            return self.render_preview(rest, buf, true);
        }
        let (text_area, beside) = if rest.width >= 140 {
            let [l, r] = rest.layout(
                &Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).spacing(1),
            );
            (l, Some(r))
        } else {
            (rest, None)
        };
        self.field.area.render(text_area, buf);
        if let Some(r) = beside {
            self.render_preview(r, buf, false);
        }
    }

    /// The message written with example fields: its subject and text.
    fn render_preview(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let text = match templates::render(self.kind, &self.text(), &Fields::example(self.kind)) {
            Ok(r) => {
                let mut text =
                    Text::from(Line::styled(format!("Subject: {}", r.subject), THEME.title));
                text.lines.push(Line::from(""));
                text.lines
                    .extend(r.text.lines().map(|l| Line::from(l.to_string())));
                text
            }
            Err(e) => Text::from(Line::styled(
                format!("Cannot be written: line {}: {}", e.line, e.message),
                THEME.error,
            )),
        };
        render_preview(
            "Preview, with example fields",
            text,
            full.then_some(self.preview_scroll),
            area,
            buf,
        );
    }
}
