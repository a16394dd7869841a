//! A one-line text field: the text, a cursor, and the editing actions of the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::keys::Action;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters (not bytes), 0..=len.
    cursor: usize,
}

impl TextInput {
    pub fn new(text: impl Into<String>) -> TextInput {
        let text = text.into();
        let cursor = text.chars().count();
        TextInput { text, cursor }
    }

    pub fn value(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn set(&mut self, text: impl Into<String>) {
        *self = TextInput::new(text);
    }

    pub fn clear(&mut self) {
        *self = TextInput::default();
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_index(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Applies an editing action; returns whether it was one.
    pub fn apply(&mut self, action: Action) -> bool {
        let len = self.text.chars().count();
        match action {
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Action::CursorHome => self.cursor = 0,
            Action::CursorEnd => self.cursor = len,
            Action::DeleteBack if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            Action::DeleteForward if self.cursor < len => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            Action::DeleteBack | Action::DeleteForward => {}
            Action::ClearText => self.clear(),
            _ => return false,
        }
        true
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Draws the field in `area`, scrolled so that the cursor shows, and returns where the
    /// terminal cursor goes when the field is focused.
    pub fn render(&self, area: Rect, buf: &mut Buffer, style: Style) -> Option<Position> {
        if area.is_empty() {
            return None;
        }
        let width = area.width as usize;
        let chars: Vec<char> = self.text.chars().collect();
        // Keep the cursor inside the field, with the end of the text in view when typing.
        let start = (self.cursor + 1).saturating_sub(width);
        let shown: String = chars.iter().skip(start).take(width).collect();
        let pad = width.saturating_sub(Span::raw(&shown).width());
        Line::from(vec![
            Span::styled(shown, style),
            Span::styled(" ".repeat(pad), style),
        ])
        .render(area, buf);
        let before: String = chars[start..self.cursor.min(chars.len())].iter().collect();
        let x = area.x + (Span::raw(before).width() as u16).min(area.width - 1);
        Some(Position::new(x, area.y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut t = TextInput::new("Bogotá");
        t.apply(Action::CursorLeft);
        t.insert('x');
        assert_eq!(t.value(), "Bogotxá");
        t.apply(Action::DeleteForward);
        assert_eq!(t.value(), "Bogotx");
        t.apply(Action::CursorHome);
        t.apply(Action::DeleteBack);
        t.insert('¡');
        assert_eq!(t.value(), "¡Bogotx");
        t.apply(Action::CursorEnd);
        t.apply(Action::DeleteBack);
        assert_eq!(t.value(), "¡Bogot");
        t.apply(Action::ClearText);
        assert!(t.is_empty());
        assert!(!t.apply(Action::Quit));
    }
}
