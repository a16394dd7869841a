//! A multi-line (or one-line) text field being written in: the editing widget with an undo
//! history a word at a time (see `edit_field/history.rs`), and the editing and moving keys
//! every editor shares. The topic editor has four; the template editor one.

mod history;

use ratatui::style::Style;
use tui_textarea::{CursorMove, Scrolling, TextArea, WrapMode};

use crate::tui::keys::Action;
use crate::tui::kit::theme::THEME;
pub use history::Edit;
use history::History;

pub struct EditField {
    /// The widget, for drawing and styling.
    pub area: TextArea<'static>,
    history: History,
    one_line: bool,
}

impl EditField {
    /// A field holding `text`, showing `placeholder` while empty. A one-line field starts
    /// with the cursor at the end (it is usually added to); longer text at the top.
    pub fn new(text: &str, placeholder: &str, one_line: bool) -> EditField {
        let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
        area.set_placeholder_text(placeholder);
        area.set_placeholder_style(THEME.muted);
        area.set_cursor_line_style(Style::new());
        // The field keeps its own undo history, in words rather than characters.
        area.set_max_histories(0);
        if one_line {
            area.move_cursor(CursorMove::End);
        } else {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        EditField {
            area,
            history: History::default(),
            one_line,
        }
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    /// The text with its line breaks.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_one_line(&self) -> bool {
        self.one_line
    }

    /// Makes an edit, as one undo step or part of the one being typed; `apply` says whether
    /// it changed the text, and so does the result.
    pub fn edit(&mut self, kind: Edit, apply: impl FnOnce(&mut TextArea<'static>) -> bool) -> bool {
        self.history.before_edit(&self.area, kind);
        let modified = apply(&mut self.area);
        self.history.after_edit(&self.area, kind, modified);
        modified
    }

    pub fn type_char(&mut self, c: char) -> bool {
        self.edit(Edit::typing(c), |area| {
            area.insert_char(c);
            true
        })
    }

    /// Pasted text, as one undo step: line breaks become spaces in a one-line field, tabs
    /// spaces, other control characters nothing.
    pub fn paste(&mut self, text: &str) -> bool {
        let one_line = self.one_line;
        let clean: String = text
            .chars()
            .filter_map(|c| match c {
                '\n' if one_line => Some(' '),
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        self.edit(Edit::Whole, |area| area.insert_str(clean))
    }

    /// Ends the step being typed (the field loses the cursor).
    pub fn close_step(&mut self) {
        self.history.close(&self.area);
    }

    /// How many undo steps the field holds.
    pub fn undo_steps(&self) -> usize {
        self.history.steps()
    }

    /// Applies an editing or moving action; `None` when the action is none of the field's
    /// (a line break in a one-line field is the editor's to decide), else whether the text
    /// changed.
    pub fn apply(&mut self, action: Action) -> Option<bool> {
        match action {
            Action::NewLine if self.one_line => return None,
            Action::NewLine => {
                return Some(self.edit(Edit::Whole, |area| {
                    area.insert_newline();
                    true
                }));
            }
            Action::DeleteBack => return Some(self.edit(Edit::DeleteBack, TextArea::delete_char)),
            Action::DeleteForward => {
                return Some(self.edit(Edit::DeleteForward, TextArea::delete_next_char));
            }
            Action::DeleteWordBack => return Some(self.edit(Edit::Whole, TextArea::delete_word)),
            _ => {}
        }
        let to = match action {
            Action::CursorLeft => CursorMove::Back,
            Action::CursorRight => CursorMove::Forward,
            Action::WordLeft => CursorMove::WordBack,
            Action::WordRight => CursorMove::WordForward,
            Action::Up => CursorMove::Up,
            Action::Down => CursorMove::Down,
            Action::CursorHome => CursorMove::Head,
            Action::CursorEnd => CursorMove::End,
            Action::Top => CursorMove::Top,
            Action::Bottom => CursorMove::Bottom,
            Action::PageUp | Action::PageDown | Action::Undo | Action::Redo => CursorMove::Head,
            _ => return None,
        };
        // Anything else ends the step being typed: moving the cursor, undo, redo.
        self.history.close(&self.area);
        let area = &mut self.area;
        Some(match action {
            Action::Undo => self.history.undo(area),
            Action::Redo => self.history.redo(area),
            Action::PageUp => {
                area.scroll(Scrolling::PageUp);
                false
            }
            Action::PageDown => {
                area.scroll(Scrolling::PageDown);
                false
            }
            Action::Top => {
                area.move_cursor(CursorMove::Top);
                area.move_cursor(CursorMove::Head);
                false
            }
            Action::Bottom => {
                area.move_cursor(CursorMove::Bottom);
                area.move_cursor(CursorMove::End);
                false
            }
            _ => {
                area.move_cursor(to);
                false
            }
        })
    }
}
