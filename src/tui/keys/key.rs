//! Keys as the key table spells them, from a terminal's key events.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the table spells it: a code and whether Ctrl is held. Shift is part of the
/// character (`S`, `?`), and Alt combinations are not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

pub const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Key {
    ctrl_key(KeyCode::Char(c))
}

pub const fn ctrl_key(code: KeyCode) -> Key {
    Key { code, ctrl: true }
}

pub const UP: Key = plain(KeyCode::Up);
pub const DOWN: Key = plain(KeyCode::Down);
pub const LEFT: Key = plain(KeyCode::Left);
pub const RIGHT: Key = plain(KeyCode::Right);
pub const HOME: Key = plain(KeyCode::Home);
pub const END: Key = plain(KeyCode::End);
pub const PAGE_UP: Key = plain(KeyCode::PageUp);
pub const PAGE_DOWN: Key = plain(KeyCode::PageDown);
pub const ENTER: Key = plain(KeyCode::Enter);
pub const ESC: Key = plain(KeyCode::Esc);
pub const TAB: Key = plain(KeyCode::Tab);
pub const BACK_TAB: Key = plain(KeyCode::BackTab);
pub const BACKSPACE: Key = plain(KeyCode::Backspace);
pub const DELETE: Key = plain(KeyCode::Delete);

impl Key {
    /// The table's spelling of a key press; `None` for releases and for keys the table
    /// never uses (Alt combinations).
    pub fn from_event(event: KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release || event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Terminals report Ctrl-letters in either case; the table uses lower case.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(Key { code, ctrl })
    }

    /// A printable character typed into a text field, if this key is one.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            // Ctrl-letters are written in capitals, as menus and manuals write them.
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keys known by name, as [`Key`]'s `Display` writes them first, then other spellings.
const KEY_NAMES: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Return", KeyCode::Enter),
    ("Escape", KeyCode::Esc),
    ("BackTab", KeyCode::BackTab),
    ("Shift+Tab", KeyCode::BackTab),
    ("Del", KeyCode::Delete),
];

impl Key {
    /// Reads a key as `Display` writes it (`j`, `G`, `?`, `Ctrl-S`, `Ctrl-←`, `Enter`,
    /// `Shift-Tab`, `PgDn`, `Space`…), for the config file. Names and `Ctrl-` may be written
    /// in any case, `Ctrl+` works too, and arrows may be spelled `Left`, `Right`, `Up`,
    /// `Down`. The error says what is wrong and how to write the key.
    pub fn parse(text: &str) -> Result<Key, String> {
        const HOW: &str = "write a character (j, G, ?), a name (Enter, Esc, Tab, Shift-Tab, \
                           Space, Backspace, Delete, Home, End, PgUp, PgDn, ← → ↑ ↓ or Left \
                           Right Up Down), or Ctrl- before one (Ctrl-S, Ctrl-←)";
        let t = text.trim();
        let prefixed = |prefix: &str| {
            let head = t.get(..prefix.len() + 1)?;
            let rest = &t[prefix.len() + 1..];
            (head[..prefix.len()].eq_ignore_ascii_case(prefix)
                && matches!(head.as_bytes()[prefix.len()], b'-' | b'+')
                && !rest.is_empty())
            .then_some(rest)
        };
        if prefixed("alt").is_some() || prefixed("meta").is_some() {
            return Err(format!("{text:?}: iln uses no Alt keys; {HOW}"));
        }
        if let Some(rest) = prefixed("shift")
            && !rest.eq_ignore_ascii_case("tab")
        {
            return Err(format!(
                "{text:?}: Shift is part of the character, so write the character itself \
                 (G rather than Shift-g)"
            ));
        }
        let (ctrl, rest) = match prefixed("ctrl") {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let named = KEY_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest));
        let mut chars = rest.chars();
        let code = match (named, chars.next(), chars.next()) {
            (Some(&(_, code)), ..) => code,
            (None, Some(c), None) if c.is_control() => {
                return Err(format!("{text:?} is a control character; {HOW}"));
            }
            // Ctrl-letters are read in either case, as terminals report them.
            (None, Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            (None, Some(c), None) => KeyCode::Char(c),
            (None, None, _) => return Err(format!("an empty key; {HOW}")),
            (None, Some(_), Some(_)) => return Err(format!("{text:?} is not a key; {HOW}")),
        };
        Ok(Key { code, ctrl })
    }
}

#[cfg(test)]
mod spelling_tests {
    use super::*;

    #[test]
    fn every_key_in_the_table_reads_back_from_its_spelling() {
        for b in crate::tui::keys::table::BINDINGS {
            for &key in b.keys {
                assert_eq!(Key::parse(&key.to_string()), Ok(key), "{key}");
            }
        }
    }

    #[test]
    fn other_spellings_of_the_same_keys() {
        let ok = |text: &str| Key::parse(text).unwrap();
        assert_eq!(ok("j"), ch('j'));
        assert_eq!(ok("G"), ch('G'));
        assert_eq!(ok("?"), ch('?'));
        assert_eq!(ok("-"), ch('-'));
        assert_eq!(ok("+"), ch('+'));
        assert_eq!(ok("Ctrl-S"), ctrl('s'));
        assert_eq!(ok("ctrl-s"), ctrl('s'));
        assert_eq!(ok("Ctrl+S"), ctrl('s'));
        assert_eq!(ok("CTRL-←"), ctrl_key(KeyCode::Left));
        assert_eq!(ok("Ctrl-Left"), ctrl_key(KeyCode::Left));
        assert_eq!(ok("Left"), LEFT);
        assert_eq!(ok("←"), LEFT);
        assert_eq!(ok("right"), RIGHT);
        assert_eq!(ok("Up"), UP);
        assert_eq!(ok("↓"), DOWN);
        assert_eq!(ok("enter"), ENTER);
        assert_eq!(ok("Return"), ENTER);
        assert_eq!(ok("Escape"), ESC);
        assert_eq!(ok("Shift-Tab"), BACK_TAB);
        assert_eq!(ok("shift+tab"), BACK_TAB);
        assert_eq!(ok("PageUp"), PAGE_UP);
        assert_eq!(ok("pgdn"), PAGE_DOWN);
        assert_eq!(ok("Space"), ch(' '));
        assert_eq!(ok(" Space "), ch(' '));
        assert_eq!(ok("Del"), DELETE);
        assert_eq!(ok("Ctrl-Backspace"), ctrl_key(KeyCode::Backspace));
        assert_eq!(ok("Ctrl-Home"), ctrl_key(KeyCode::Home));
        // Single letters stay letters even where a name starts with them.
        assert_eq!(ok("E"), ch('E'));
        assert_eq!(ok("e"), ch('e'));
        assert_eq!(ok("S"), ch('S'));
        assert_eq!(ok("D"), ch('D'));
    }

    #[test]
    fn refusals_say_how_to_write_a_key() {
        for (text, says) in [
            ("", "an empty key; write a character"),
            ("Ctrl-", "\"Ctrl-\" is not a key; write"),
            ("Alt-x", "iln uses no Alt keys"),
            ("Shift-g", "write the character itself"),
            (
                "Enterr",
                "\"Enterr\" is not a key; write a character (j, G, ?), a name (Enter",
            ),
            ("Ctrl-Shift-S", "is not a key"),
            ("F1", "\"F1\" is not a key"),
        ] {
            let err = Key::parse(text).unwrap_err();
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }
}
