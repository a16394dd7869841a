//! Words for the coordinator: a count with its noun in the right number, the verb that
//! agrees with it, and a sentence that begins with a name. A leaf: it imports nothing from
//! the crate, so that the command line, the use cases, the import and the terminal app all
//! say counts the same way.

/// The bidirectional overrides and isolates, which turn around what follows them on screen.
pub fn turns_text(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A character a terminal acts on rather than shows: a control character, or a
/// bidirectional control (the overrides and isolates, and the left-to-right and
/// right-to-left marks).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || turns_text(c) || matches!(c, '\u{200e}' | '\u{200f}')
}

/// `1 pair`, `3 pairs`: a count with its noun in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agree(n, one, many))
}

/// `text` cut to at most `width` characters, ending in "…" when cut, so that a cut is never
/// silent.
pub fn shortened(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        text.chars()
            .take(width.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

/// Data as a terminal may show it: control characters (escape sequences, line breaks) and
/// the bidirectional controls that reorder what follows them written as `\u{…}`, so that
/// no value can move the cursor, set the title or turn text around.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The longest line a command prints: a value longer than this (a runaway cell quoted in
/// a problem) is cut, so that no file can flood the terminal.
pub const MAX_SHOWN_LINE: usize = 2_000;

/// A command's output as a terminal may show it: each line [`shown`], line breaks and tabs
/// kept, and any line longer than [`MAX_SHOWN_LINE`] cut with an ellipsis.
pub fn shown_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let cut = shortened(line, MAX_SHOWN_LINE);
            cut.split('\t').map(shown).collect::<Vec<_>>().join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The word that agrees with a count of `n`: `stays` for one, `stay` for any other number.
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A message that begins with a name: its first letter in capitals.
pub fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_reaches_a_terminal_escaped() {
        assert_eq!(shown("Ana\u{1b}]0;pwned\u{7}"), "Ana\\u{1b}]0;pwned\\u{7}");
        assert_eq!(shown("a\u{202e}b\nc"), "a\\u{202e}b\\u{a}c");
        assert_eq!(shown("Zoë Ngā"), "Zoë Ngā");
    }

    #[test]
    fn every_control_and_bidi_character_is_escaped() {
        let hidden: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| c.is_control() || turns_text(c) || matches!(c, '\u{200e}' | '\u{200f}'))
            .collect();
        // C0, DEL, C1, the two marks, five overrides and four isolates.
        assert_eq!(hidden.len(), 32 + 1 + 32 + 2 + 5 + 4);
        for c in hidden {
            let out = shown(&format!("a{c}b"));
            assert!(!out.chars().any(is_hidden), "{:?} reached the terminal", c);
            assert_eq!(out, format!("a\\u{{{:x}}}b", c as u32));
        }
    }

    #[test]
    fn output_keeps_its_lines_and_cuts_runaway_ones() {
        assert_eq!(shown_lines("a\tb\nc\u{1b}[2J\n"), "a\tb\nc\\u{1b}[2J\n");
        let long = "x".repeat(MAX_SHOWN_LINE + 10);
        let out = shown_lines(&format!("{long}\nend"));
        assert_eq!(out.lines().next().unwrap().chars().count(), MAX_SHOWN_LINE);
        assert!(out.ends_with("…\nend"));
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis() {
        assert_eq!(shortened("Timestamp", 9), "Timestamp");
        assert_eq!(
            shortened("Which country are you based in?", 10),
            "Which cou…"
        );
    }

    #[test]
    fn counts_take_the_noun_and_verb_in_their_number() {
        assert_eq!(counted(0, "pair", "pairs"), "0 pairs");
        assert_eq!(counted(1, "pair", "pairs"), "1 pair");
        assert_eq!(counted(2, "pair", "pairs"), "2 pairs");
        assert_eq!(counted(1, "person", "people"), "1 person");
        assert_eq!(counted(1_000, "person", "people"), "1000 people");
        assert_eq!(
            format!(
                "{} {} unmatched",
                counted(1, "person", "people"),
                agree(1, "stays", "stay")
            ),
            "1 person stays unmatched"
        );
        assert_eq!(agree(0, "stays", "stay"), "stay");
    }

    #[test]
    fn a_sentence_begins_with_a_capital() {
        assert_eq!(sentence("“café” is ready".into()), "“café” is ready");
        assert_eq!(
            sentence("the slot of 2027-03-01".into()),
            "The slot of 2027-03-01"
        );
        assert_eq!(sentence("élan".into()), "Élan");
        assert_eq!(sentence(String::new()), "");
    }
}
