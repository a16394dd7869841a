//! The help popup: every key of the app, generated from the key map, with the keys of the
//! place it was opened from first. It takes the terminal's width; a description too long
//! for one line goes on under itself, never under the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::keys::Action;
use crate::tui::keys::table::{Context, KeyTable, keys_label};
use crate::tui::kit::layout::PageScroll;
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// How far the keys are indented under a section's title.
const KEY_INDENT: usize = 2;
/// Columns kept free between the keys and what they do.
const GAP: usize = 2;
/// The widest the key column grows; longer key labels (there is one) get a line of their
/// own, with what they do under it.
const MAX_KEY_COLUMN: usize = 14;

enum Entry {
    Text(String, Style),
    Blank,
    Title(&'static str),
    Keys { keys: String, help: &'static str },
}

pub struct HelpPopup {
    entries: Vec<Entry>,
    scroll: PageScroll,
}

impl HelpPopup {
    /// The help for someone who pressed `?` where the keys of `first` work.
    pub fn new(first: &[Context], table: &KeyTable) -> HelpPopup {
        let order = first
            .iter()
            .chain(Context::ALL.iter().filter(|c| !first.contains(c)));
        let mut entries = vec![
            Entry::Text(
                format!(
                    "Keys that work where you pressed {} come first.",
                    table.first_key(Context::Panes, Action::ShowHelp)
                ),
                Style::new(),
            ),
            Entry::Text(
                format!(
                    "In text fields and filters, letters type themselves; {} leaves.",
                    table.first_key(Context::Panes, Action::ClearFilter)
                ),
                THEME.muted,
            ),
        ];
        for &context in order {
            let bindings: Vec<_> = table.of(context).collect();
            if bindings.is_empty() {
                continue;
            }
            entries.push(Entry::Blank);
            entries.push(Entry::Title(context.title()));
            entries.extend(bindings.into_iter().map(|b| Entry::Keys {
                keys: keys_label(b),
                help: b.binding.help,
            }));
        }
        HelpPopup {
            entries,
            scroll: PageScroll::default(),
        }
    }

    pub fn update(&mut self, action: Action) {
        self.scroll.update(action);
    }

    /// The help as lines of at most `width` columns. Descriptions start in one column, the
    /// same for every section, at least [`GAP`] columns right of the widest key label that
    /// fits; a label wider than that has a line of its own, with its description under it.
    pub fn lines(&self, width: usize) -> Vec<Line<'static>> {
        let columns = |s: &str| Span::raw(s).width();
        let widest = self
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Keys { keys, .. } => Some(columns(keys)),
                _ => None,
            })
            .filter(|&w| w <= MAX_KEY_COLUMN)
            .max()
            .unwrap_or(0);
        // On a narrow screen the descriptions keep at least half the width.
        let key_room = widest.min(width.saturating_sub(KEY_INDENT + GAP) / 2);
        let text_at = KEY_INDENT + key_room + GAP;
        let text_width = width.saturating_sub(text_at).max(1);
        let mut lines = Vec::new();
        for entry in &self.entries {
            match entry {
                Entry::Text(text, style) => lines.extend(
                    wrap(text, width, 0)
                        .into_iter()
                        .map(|l| Line::styled(l, *style)),
                ),
                Entry::Blank => lines.push(Line::from("")),
                Entry::Title(title) => lines.push(Line::styled(*title, THEME.title)),
                Entry::Keys { keys, help } => {
                    let keys_fit = columns(keys) <= key_room;
                    if !keys_fit {
                        lines.extend(
                            wrap(keys, width.saturating_sub(KEY_INDENT), KEY_INDENT)
                                .into_iter()
                                .map(|l| {
                                    Line::from(vec![
                                        Span::raw(" ".repeat(KEY_INDENT)),
                                        Span::styled(l, THEME.key),
                                    ])
                                }),
                        );
                    }
                    for (i, row) in wrap(help, text_width, 0).into_iter().enumerate() {
                        let head = if i == 0 && keys_fit {
                            let pad = text_at - KEY_INDENT - columns(keys);
                            vec![
                                Span::raw(" ".repeat(KEY_INDENT)),
                                Span::styled(keys.clone(), THEME.key),
                                Span::raw(" ".repeat(pad)),
                            ]
                        } else {
                            vec![Span::raw(" ".repeat(text_at))]
                        };
                        lines.push(Line::from([head, vec![Span::raw(row)]].concat()));
                    }
                }
            }
        }
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        // The whole width but a small margin, and a column of room inside the border.
        let width = area.width.saturating_sub(4).max(20);
        let height = area.height.saturating_sub(2);
        let inner = open_box(area, width, height, "Help", buf).inner(Margin::new(1, 0));
        let lines = self.lines(inner.width as usize);
        self.scroll.render(lines, inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn long_descriptions_wrap_under_their_column_and_keys_never_touch_them() {
        let help = HelpPopup::new(
            &[Context::Matches, Context::Panes, Context::Always],
            &KeyTable::default(),
        );
        for width in [30, 56, 76, 120] {
            let lines = help.lines(width);
            let mut text_column = None;
            for line in &lines {
                let t = text(line);
                assert!(Span::raw(&t).width() <= width, "{width}: too wide: {t:?}");
                // A key line: its key span is followed by at least two spaces.
                if line.spans.len() == 4 {
                    let keys = line.spans[1].content.as_ref();
                    let pad = line.spans[2].content.as_ref();
                    assert!(pad.len() >= GAP, "{width}: {keys:?} runs into its text");
                    let at = KEY_INDENT + Span::raw(keys).width() + pad.len();
                    assert_eq!(*text_column.get_or_insert(at), at, "{width}: {t:?}");
                }
            }
            let at = text_column.expect("key lines");
            // Continuation lines start in the description column.
            for line in lines.iter().filter(|l| l.spans.len() == 2) {
                let lead = line.spans[0].content.as_ref();
                if lead.trim().is_empty() && lead.len() == at {
                    assert!(!text(line)[at..].starts_with(' '));
                }
            }
            // Every word of the longest description is there.
            let all: String = lines.iter().map(text).collect::<Vec<_>>().join(" ");
            assert!(all.contains("(after"), "{width}");
            assert!(all.contains("pool)"), "{width}");
        }
    }
}
