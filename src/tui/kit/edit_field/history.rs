//! The undo history of one editor field, in steps a writer thinks in: a word typed with the
//! space or punctuation after it, a line break, a paste, a deleted word, a run of
//! Backspaces. The editing widget records every character as an edit of its own (and keeps
//! only 50), so the field keeps its own history instead: each step is the text it replaced
//! and the text it put there, found by comparing the field before and after.

use std::collections::VecDeque;

use tui_textarea::{CursorMove, TextArea};

/// How many steps a field remembers; the oldest go first.
pub const MAX_STEPS: usize = 10_000;

/// What an edit was, to tell whether it goes on the step being typed or starts a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A letter, digit or apostrophe: part of a word.
    WordChar,
    /// A space or punctuation: ends a word, and belongs to it.
    Separator,
    DeleteBack,
    DeleteForward,
    /// A step of its own whatever comes before or after: a line break, a paste, a deleted
    /// word.
    Whole,
}

impl Edit {
    /// The kind of edit typing `c` is.
    pub fn typing(c: char) -> Edit {
        if c.is_alphanumeric() || matches!(c, '\'' | '’' | '_') {
            Edit::WordChar
        } else {
            Edit::Separator
        }
    }
}

/// One step: at byte `at` of the field's text (lines joined with `\n`), `removed` was
/// replaced by `inserted`.
#[derive(Clone, Debug)]
struct Step {
    at: usize,
    removed: String,
    inserted: String,
    cursor_before: (usize, usize),
    cursor_after: (usize, usize),
}

/// The step being typed: the text and cursor before it, and the last kind of edit in it.
#[derive(Debug)]
struct Open {
    last: Edit,
    before: String,
    cursor: (usize, usize),
}

#[derive(Debug)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    open: Option<Open>,
    max: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_max(MAX_STEPS)
    }
}

fn text_of(area: &TextArea) -> String {
    area.lines().join("\n")
}

fn cursor_of(area: &TextArea) -> (usize, usize) {
    let c = area.cursor();
    (c.0, c.1)
}

/// Where `before` and `after` differ: the byte where they part, and the lengths of the
/// differing middles of each (what is left after the common start and end).
fn difference(before: &str, after: &str) -> (usize, usize, usize) {
    let start = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let (b, a) = (&before[start..], &after[start..]);
    let end: usize = b
        .chars()
        .rev()
        .zip(a.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let end = end.min(b.len()).min(a.len());
    (start, b.len() - end, a.len() - end)
}

/// Puts `text` in the field and the cursor at `cursor`, keeping the field's settings and
/// scroll position.
fn set_text(area: &mut TextArea, text: &str, cursor: (usize, usize)) {
    area.select_all();
    area.insert_str(text);
    area.cancel_selection();
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    area.move_cursor(CursorMove::Jump(clamp(cursor.0), clamp(cursor.1)));
}

impl History {
    /// A history that remembers `max` steps.
    pub fn with_max(max: usize) -> History {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            open: None,
            max: max.max(1),
        }
    }

    /// Called before an edit of kind `edit` to the field: starts a new step unless the
    /// edit goes on the one being typed (the letters of a word and the spaces or
    /// punctuation after it; a run of deletions).
    pub fn before_edit(&mut self, area: &TextArea, edit: Edit) {
        let goes_on = self.open.as_ref().is_some_and(|open| {
            matches!(
                (open.last, edit),
                (Edit::WordChar, Edit::WordChar | Edit::Separator)
                    | (Edit::Separator, Edit::Separator)
                    | (Edit::DeleteBack, Edit::DeleteBack)
                    | (Edit::DeleteForward, Edit::DeleteForward)
            )
        });
        if !goes_on {
            self.close(area);
            self.open = Some(Open {
                last: edit,
                before: text_of(area),
                cursor: cursor_of(area),
            });
        }
        if let Some(open) = &mut self.open {
            open.last = edit;
        }
    }

    /// Called after the edit: whether it changed the text. A change forgets what was
    /// undone; an edit that is a step of its own ends here.
    pub fn after_edit(&mut self, area: &TextArea, edit: Edit, modified: bool) {
        if modified {
            self.redo.clear();
        }
        if edit == Edit::Whole {
            self.close(area);
        }
    }

    /// Ends the step being typed (the cursor moved, the field lost focus, or the next edit
    /// is of another kind), recording it if it changed anything.
    pub fn close(&mut self, area: &TextArea) {
        let Some(open) = self.open.take() else {
            return;
        };
        let after = text_of(area);
        if after == open.before {
            return;
        }
        let (at, removed, inserted) = difference(&open.before, &after);
        self.undo.push_back(Step {
            at,
            removed: open.before[at..at + removed].to_string(),
            inserted: after[at..at + inserted].to_string(),
            cursor_before: open.cursor,
            cursor_after: cursor_of(area),
        });
        if self.undo.len() > self.max {
            self.undo.pop_front();
        }
    }

    /// Takes back the last step; whether there was one.
    pub fn undo(&mut self, area: &mut TextArea) -> bool {
        self.close(area);
        let Some(step) = self.undo.pop_back() else {
            return false;
        };
        let text = text_of(area);
        let end = step.at + step.inserted.len();
        let restored = format!("{}{}{}", &text[..step.at], step.removed, &text[end..]);
        set_text(area, &restored, step.cursor_before);
        self.redo.push(step);
        true
    }

    /// Does again the last step undone; whether there was one.
    pub fn redo(&mut self, area: &mut TextArea) -> bool {
        self.close(area);
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let text = text_of(area);
        let end = step.at + step.removed.len();
        let redone = format!("{}{}{}", &text[..step.at], step.inserted, &text[end..]);
        set_text(area, &redone, step.cursor_after);
        self.undo.push_back(step);
        true
    }

    /// Steps that can be undone now (the one being typed counts).
    pub fn steps(&self) -> usize {
        self.undo.len() + usize::from(self.open.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_is_the_changed_middle() {
        assert_eq!(difference("abc", "abXc"), (2, 0, 1));
        assert_eq!(difference("abc", "ac"), (1, 1, 0));
        assert_eq!(difference("", "hello"), (0, 0, 5));
        assert_eq!(difference("aa", "aaa"), (2, 0, 1));
        assert_eq!(difference("same", "same"), (4, 0, 0));
        // Bytes of whole characters only.
        assert_eq!(difference("図書館", "図館"), (3, 3, 0));
        assert_eq!(difference("é", "è"), (0, 2, 2));
    }

    fn typed(area: &mut TextArea, history: &mut History, text: &str) {
        for c in text.chars() {
            let edit = if c == '\n' {
                Edit::Whole
            } else {
                Edit::typing(c)
            };
            history.before_edit(area, edit);
            area.insert_char(c);
            history.after_edit(area, edit, true);
        }
    }

    #[test]
    fn words_are_steps_and_redo_mirrors_undo() {
        let mut area = TextArea::default();
        area.set_max_histories(0);
        let mut history = History::default();
        typed(&mut area, &mut history, "Hello, world! How\nare you?");
        let mut seen = vec![text_of(&area)];
        while history.undo(&mut area) {
            seen.push(text_of(&area));
        }
        assert_eq!(
            seen,
            [
                "Hello, world! How\nare you?",
                "Hello, world! How\nare ",
                "Hello, world! How\n",
                "Hello, world! How",
                "Hello, world! ",
                "Hello, ",
                "",
            ]
        );
        seen.reverse();
        for expected in &seen[1..] {
            assert!(history.redo(&mut area));
            assert_eq!(&text_of(&area), expected);
        }
        assert!(!history.redo(&mut area));
        assert_eq!(cursor_of(&area), (1, 8));
    }

    #[test]
    fn keeps_over_a_thousand_steps_and_forgets_the_oldest_past_its_limit() {
        let mut area = TextArea::default();
        area.set_max_histories(0);
        let mut history = History::default();
        typed(&mut area, &mut history, &"a ".repeat(1_200));
        assert_eq!(history.steps(), 1_200);
        for _ in 0..1_200 {
            assert!(history.undo(&mut area));
        }
        assert_eq!(text_of(&area), "");
        assert!(!history.undo(&mut area));

        let mut area = TextArea::default();
        let mut history = History::with_max(10);
        typed(&mut area, &mut history, &"a ".repeat(15));
        history.close(&area);
        assert_eq!(history.steps(), 10);
        while history.undo(&mut area) {}
        assert_eq!(text_of(&area), "a ".repeat(5));
    }
}
