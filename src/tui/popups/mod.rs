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
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::keymap::Mode;
use super::text_input::TextInput;
use super::theme::THEME;

pub use candidates::CandidatesPopup;
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

/// A box asking one thing: the question, a one-line field, and under it the error with
/// the last input or else a hint. Used by the date and text prompts.
pub struct PromptView<'a> {
    pub title: &'a str,
    pub max_width: u16,
    pub question: &'a str,
    pub input: &'a TextInput,
    /// The field's width; the whole box width when `None`.
    pub field_width: Option<u16>,
    pub error: Option<&'a str>,
    pub hint: &'a str,
}

impl PromptView<'_> {
    /// Draws the box and returns where the terminal cursor goes.
    pub fn render(self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let width = area.width.saturating_sub(8).clamp(30, self.max_width);
        let text_width = width.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = wrap(self.question, text_width, 0)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        let field_row = lines.len() as u16;
        // The field's row, and a blank line under it.
        lines.push(Line::from(""));
        lines.push(Line::from(""));
        match self.error {
            Some(e) => lines.extend(
                wrap(e, text_width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            ),
            None => lines.push(Line::styled(self.hint.to_string(), THEME.muted)),
        }
        let inner =
            open_box(area, width, lines.len() as u16 + 4, self.title, buf).inner(Margin::new(1, 1));
        Paragraph::new(lines).render(inner, buf);
        let field = Rect {
            y: inner.y + field_row,
            height: 1,
            width: self.field_width.unwrap_or(inner.width).min(inner.width),
            ..inner
        };
        (field.y < inner.bottom())
            .then(|| self.input.render(field, buf, THEME.input))
            .flatten()
    }
}

/// Breaks `text` into lines at most `width` columns wide, at spaces where it can; lines
/// after the first start with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    wrap_with(text, width, indent, false)
}

/// As [`wrap`], but a word too long for a line, such as an e-mail address, is broken where
/// it reads best rather than wherever the line ends: before its `@` when the domain then
/// fits on the next line, else after the last `.`, `-`, `_`, `+` or `/` (or `@`) that fits.
pub fn wrap_value(text: &str, width: usize, indent: usize) -> Vec<String> {
    wrap_with(text, width, indent, true)
}

/// Where a long word may be broken, as a byte offset in `word[..within]` (not at its very
/// start): before the `@` if what follows it fits in `next_room` columns, else the last place
/// before an `@` or after a `.` `-` `_` `+` `/`.
fn soft_break(word: &str, within: usize, next_room: usize) -> Option<usize> {
    let fits = |at: usize| at > 0 && at <= within && at < word.len();
    if let Some(at) = word.rfind('@').filter(|&at| fits(at))
        && Span::raw(&word[at..]).width() <= next_room
    {
        return Some(at);
    }
    word.char_indices()
        .rev()
        .filter_map(|(i, c)| match c {
            '@' => Some(i),
            '.' | '-' | '_' | '+' | '/' => Some(i + c.len_utf8()),
            _ => None,
        })
        .find(|&at| fits(at))
}

fn wrap_with(text: &str, width: usize, indent: usize, soft: bool) -> Vec<String> {
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
            if soft && let Some(at) = soft_break(rest, cut, width - indent) {
                cut = at;
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

    #[test]
    fn values_break_where_they_read_best() {
        use super::wrap_value;
        assert_eq!(
            wrap_value("sooah.park104@lib7.example.mn", 20, 2),
            vec!["sooah.park104", "  @lib7.example.mn"]
        );
        assert_eq!(
            wrap_value("dmitri.shevchenko147@lib50.example.ru", 28, 2),
            vec!["dmitri.shevchenko147", "  @lib50.example.ru"]
        );
        // A domain too long for a line is broken after its dots.
        assert_eq!(
            wrap_value("dmitri.shevchenko147@lib50.example.ru", 16, 2),
            vec!["dmitri.", "  shevchenko147", "  @lib50.", "  example.ru"]
        );
        // Without a place to break, a word is cut where the line ends.
        assert_eq!(wrap_value("abcdefghijkl", 8, 0), vec!["abcdefgh", "ijkl"]);
        // Short values are left alone.
        assert_eq!(wrap_value("a@b.c", 20, 2), vec!["a@b.c"]);
    }
}
