//! Text for the terminal: wrapping by display width. Counted nouns are
//! [`crate::text::counted`], shared with the command line.

use ratatui::buffer::Buffer;
use ratatui::text::Span;

/// What a cell shows in place of a character the terminal would act on.
const HIDDEN: &str = "\u{fffd}";

/// The last guard before the terminal: any cell of a drawn frame that holds a control
/// character or a bidirectional control (from a value stored before iln refused them, or
/// a widget that passes text through) shows `\u{fffd}` instead, so that no data can move
/// the cursor, set the title or turn the screen's text around.
pub fn guard(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.symbol().chars().any(crate::text::is_hidden) {
            cell.set_symbol(HIDDEN);
        }
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
