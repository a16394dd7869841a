//! Popups take the keyboard while they are open: help, the round form, the file prompt,
//! messages (such as import problems), yes/no questions, choices from a list, the date
//! prompt and the topic editor.

pub mod candidates;
pub mod date_prompt;
pub mod help;
pub mod messages;
pub mod path_prompt;
pub mod picker;
pub mod question;
pub mod round_form;
pub mod text_prompt;
pub mod topic_editor;
pub mod weights;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::keymap::Mode;
use super::theme::THEME;

pub use candidates::{Candidate, CandidatesPopup};
pub use date_prompt::{DatePrompt, DatePurpose};
pub use help::HelpPopup;
pub use messages::{MessagesPopup, Retry};
pub use path_prompt::{PathPrompt, PromptPurpose};
pub use picker::{PickItem, Picker, Picking};
pub use question::{Question, Questioned};
pub use round_form::RoundForm;
pub use text_prompt::{TextPrompt, TextPurpose};
pub use topic_editor::TopicEditor;
pub use weights::WeightsForm;

pub enum Popup {
    Help(HelpPopup),
    RoundForm(Box<RoundForm>),
    PathPrompt(PathPrompt),
    Messages(MessagesPopup),
    Question(Question),
    Picker(Picker),
    DatePrompt(DatePrompt),
    Editor(Box<TopicEditor>),
    Candidates(CandidatesPopup),
    Weights(Box<WeightsForm>),
    TextPrompt(TextPrompt),
}

impl Popup {
    pub fn mode(&self) -> Mode {
        match self {
            Popup::Help(_) => Mode::Help,
            Popup::RoundForm(_) => Mode::RoundForm,
            Popup::PathPrompt(_) => Mode::PathPrompt,
            Popup::Messages(_) => Mode::Messages,
            Popup::Question(_) => Mode::Question,
            Popup::Picker(_) => Mode::Picker,
            Popup::DatePrompt(_) => Mode::DatePrompt,
            Popup::Editor(e) if e.is_preview() => Mode::Preview,
            Popup::Editor(_) => Mode::Editor,
            Popup::Candidates(_) => Mode::Candidates,
            Popup::Weights(_) => Mode::Weights,
            Popup::TextPrompt(_) => Mode::TextPrompt,
        }
    }
}

/// A centred box of at most `width` × `height` inside `area`, cleared, with a border and a
/// title; returns the inside.
pub fn open_box(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_style(THEME.border_popup)
        .title(Line::styled(format!(" {title} "), THEME.title));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// Breaks `text` into lines at most `width` columns wide, at spaces where it can; lines
/// after the first start with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 8);
    let columns = |s: &str| Span::raw(s).width();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if used + 1 + columns(word) > width {
                lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
                used = indent;
            } else {
                line.push(' ');
                used += 1;
            }
        }
        // A word longer than a whole line is cut.
        let mut rest = word;
        while used + columns(rest) > width {
            // Cut by columns, not characters: CJK characters take two.
            let mut cut = 0;
            let mut cut_width = 0;
            for c in rest.chars() {
                let w = columns(c.encode_utf8(&mut [0; 4]));
                if used + cut_width + w > width {
                    break;
                }
                cut += c.len_utf8();
                cut_width += w;
            }
            line.push_str(&rest[..cut]);
            rest = &rest[cut..];
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            used = indent;
        }
        line.push_str(rest);
        used += columns(rest);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_with_a_hanging_indent() {
        assert_eq!(
            wrap("one two three four five", 10, 2),
            vec!["one two", "  three", "  four", "  five"]
        );
        assert_eq!(wrap("", 10, 0), vec![""]);
        let long = wrap("a/very/long/path/without/any/spaces.csv", 12, 0);
        assert!(long.iter().all(|l| l.chars().count() <= 12), "{long:?}");
        assert_eq!(long.concat(), "a/very/long/path/without/any/spaces.csv");
        let cjk = wrap(&"図書館".repeat(10), 12, 0);
        assert!(
            cjk.iter()
                .all(|l| ratatui::text::Span::raw(l).width() <= 12),
            "{cjk:?}"
        );
        assert_eq!(cjk.concat(), "図書館".repeat(10));
    }
}
