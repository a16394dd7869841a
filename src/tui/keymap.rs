//! Key bindings as data: which keys trigger which action in which context. The help popup
//! and the hint bar are generated from this table, so they cannot drift from what the keys
//! do.
//!
//! A [`Mode`] (what the screen is showing and whether the user is typing) activates a few
//! [`Context`]s; a key is looked up in those, and the table is tested to bind no key twice
//! within one mode.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::panes::Pane;

/// A key as the table spells it: a code and whether Ctrl is held. Shift is part of the
/// character (`S`, `?`), and Alt combinations are not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    ctrl_key(KeyCode::Char(c))
}

const fn ctrl_key(code: KeyCode) -> Key {
    Key { code, ctrl: true }
}

const UP: Key = plain(KeyCode::Up);
const DOWN: Key = plain(KeyCode::Down);
const LEFT: Key = plain(KeyCode::Left);
const RIGHT: Key = plain(KeyCode::Right);
const HOME: Key = plain(KeyCode::Home);
const END: Key = plain(KeyCode::End);
const PAGE_UP: Key = plain(KeyCode::PageUp);
const PAGE_DOWN: Key = plain(KeyCode::PageDown);
const ENTER: Key = plain(KeyCode::Enter);
const ESC: Key = plain(KeyCode::Esc);
const TAB: Key = plain(KeyCode::Tab);
const BACK_TAB: Key = plain(KeyCode::BackTab);
const BACKSPACE: Key = plain(KeyCode::Backspace);
const DELETE: Key = plain(KeyCode::Delete);

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
        for b in BINDINGS {
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

/// A group of bindings that are active together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Always,
    Welcome,
    /// Any of the four panes, when no popup is open and nothing is being typed.
    Panes,
    Rounds,
    Applicants,
    Matches,
    /// The Matches pane while the matcher runs.
    MatchRunning,
    Topics,
    /// Writing a topic.
    Editor,
    /// The rendered post, from the editor.
    Preview,
    /// Choosing one of a list (a cadence, a library topic).
    Picker,
    DatePrompt,
    /// The candidate partners of one person.
    Candidates,
    /// The round's matching weights and rules.
    Weights,
    /// A one-line text prompt (a problem's note, why a partnership ends).
    TextPrompt,
    /// Typing a filter.
    Filter,
    /// Typing in any text field.
    TextEdit,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    TooSmall,
}

impl Context {
    pub const ALL: [Context; 23] = [
        Context::Always,
        Context::Welcome,
        Context::Panes,
        Context::Rounds,
        Context::Applicants,
        Context::Matches,
        Context::MatchRunning,
        Context::Topics,
        Context::Editor,
        Context::Preview,
        Context::Picker,
        Context::DatePrompt,
        Context::Candidates,
        Context::Weights,
        Context::TextPrompt,
        Context::Filter,
        Context::TextEdit,
        Context::RoundForm,
        Context::PathPrompt,
        Context::Help,
        Context::Messages,
        Context::Question,
        Context::TooSmall,
    ];

    /// The heading of this context's section in the help.
    pub fn title(self) -> &'static str {
        match self {
            Context::Always => "Everywhere",
            Context::Welcome => "Welcome screen",
            Context::Panes => "All panes",
            Context::Rounds => "Rounds",
            Context::Applicants => "Applicants",
            Context::Matches => "Matches",
            Context::MatchRunning => "Matches, while matching runs",
            Context::Topics => "Topics",
            Context::Editor => "Topic editor",
            Context::Preview => "Topic preview",
            Context::Picker => "Choosing from a list",
            Context::DatePrompt => "Date prompt",
            Context::Candidates => "Candidate partners",
            Context::Weights => "Matching weights and rules",
            Context::TextPrompt => "Text prompt",
            Context::Filter => "While typing a filter",
            Context::TextEdit => "Editing text",
            Context::RoundForm => "Round form",
            Context::PathPrompt => "File prompt",
            Context::Help => "This help",
            Context::Messages => "Messages and import problems",
            Context::Question => "Questions",
            Context::TooSmall => "Terminal too small",
        }
    }
}

/// What the screen shows and how keys are read there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Welcome,
    Pane(Pane),
    /// The Matches pane while the matcher runs.
    MatchRunning,
    Editor,
    Preview,
    Picker,
    DatePrompt,
    Candidates,
    Weights,
    TextPrompt,
    Filtering,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    /// The terminal is too small to show anything but a notice, and nothing is being typed.
    TooSmall,
    /// The terminal is too small while a text field is open: keys wait for the field to show
    /// again, so that nothing is typed (or quit) blind.
    TooSmallTyping,
}

impl Mode {
    pub const ALL: [Mode; 21] = [
        Mode::Welcome,
        Mode::Pane(Pane::Rounds),
        Mode::Pane(Pane::Applicants),
        Mode::Pane(Pane::Matches),
        Mode::Pane(Pane::Topics),
        Mode::MatchRunning,
        Mode::Editor,
        Mode::Preview,
        Mode::Picker,
        Mode::DatePrompt,
        Mode::Candidates,
        Mode::Weights,
        Mode::TextPrompt,
        Mode::Filtering,
        Mode::RoundForm,
        Mode::PathPrompt,
        Mode::Help,
        Mode::Messages,
        Mode::Question,
        Mode::TooSmall,
        Mode::TooSmallTyping,
    ];

    /// The contexts whose bindings apply, most specific first.
    pub fn contexts(self) -> &'static [Context] {
        use Context as C;
        match self {
            Mode::Welcome => &[C::Welcome, C::Always],
            Mode::Pane(Pane::Rounds) => &[C::Rounds, C::Panes, C::Always],
            Mode::Pane(Pane::Applicants) => &[C::Applicants, C::Panes, C::Always],
            Mode::Pane(Pane::Matches) => &[C::Matches, C::Panes, C::Always],
            Mode::Pane(Pane::Topics) => &[C::Topics, C::Panes, C::Always],
            Mode::MatchRunning => &[C::MatchRunning, C::Always],
            Mode::Editor => &[C::Editor, C::Always],
            Mode::Preview => &[C::Preview, C::Always],
            Mode::Picker => &[C::Picker, C::Always],
            Mode::DatePrompt => &[C::DatePrompt, C::TextEdit, C::Always],
            Mode::Candidates => &[C::Candidates, C::Always],
            Mode::Weights => &[C::Weights, C::Always],
            Mode::TextPrompt => &[C::TextPrompt, C::TextEdit, C::Always],
            Mode::Filtering => &[C::Filter, C::TextEdit, C::Always],
            Mode::RoundForm => &[C::RoundForm, C::TextEdit, C::Always],
            Mode::PathPrompt => &[C::PathPrompt, C::TextEdit, C::Always],
            Mode::Help => &[C::Help, C::Always],
            Mode::Messages => &[C::Messages, C::Always],
            Mode::Question => &[C::Question, C::Always],
            Mode::TooSmall => &[C::TooSmall, C::Always],
            Mode::TooSmallTyping => &[C::Always],
        }
    }

    /// Whether unbound printable keys are typed into a text field.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Mode::Filtering
                | Mode::RoundForm
                | Mode::PathPrompt
                | Mode::Editor
                | Mode::DatePrompt
                | Mode::TextPrompt
        )
    }
}

pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: &'static [Key],
    /// What the keys do, for the help.
    pub help: &'static str,
    /// A word or two for the hint bar; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    action: Action,
    keys: &'static [Key],
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        action,
        keys,
        help,
        hint,
    }
}

use Action as A;
use Context as C;

/// Every binding of the app.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(C::Always, A::ForceQuit, &[ctrl('c')], "quit at once", None),
    // Welcome screen.
    bind(C::Welcome, A::LoadDemo, &[ch('d')], "load demo data to look around", Some("demo data")),
    bind(C::Welcome, A::Import, &[ch('i')], "import applications from a CSV file", Some("import CSV")),
    bind(C::Welcome, A::NewRound, &[ch('n')], "create a new round", Some("new round")),
    bind(C::Welcome, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Welcome, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Every pane.
    bind(C::Panes, A::NextPane, &[TAB], "next pane", Some("panes")),
    bind(C::Panes, A::PrevPane, &[BACK_TAB], "previous pane", None),
    bind(C::Panes, A::ShowRounds, &[ch('1')], "Rounds pane", None),
    bind(C::Panes, A::ShowApplicants, &[ch('2')], "Applicants pane", None),
    bind(C::Panes, A::ShowMatches, &[ch('3')], "Matches pane", None),
    bind(C::Panes, A::ShowTopics, &[ch('4')], "Topics pane", None),
    bind(C::Panes, A::Up, &[ch('k'), UP], "move up", None),
    bind(C::Panes, A::Down, &[ch('j'), DOWN], "move down", None),
    bind(C::Panes, A::Top, &[ch('g'), HOME], "go to the first row", None),
    bind(C::Panes, A::Bottom, &[ch('G'), END], "go to the last row", None),
    bind(C::Panes, A::PageUp, &[PAGE_UP, ctrl('b')], "one page up", None),
    bind(C::Panes, A::PageDown, &[PAGE_DOWN, ctrl('f')], "one page down", None),
    bind(C::Panes, A::StartFilter, &[ch('/')], "filter the list as you type", Some("filter")),
    bind(C::Panes, A::ClearFilter, &[ESC], "clear the filter", None),
    bind(C::Panes, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Panes, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Rounds.
    bind(C::Rounds, A::NewRound, &[ch('n')], "new round", Some("new")),
    bind(C::Rounds, A::EditRound, &[ch('e'), ENTER], "edit the selected round", Some("edit")),
    bind(C::Rounds, A::ApplyCap, &[ch('c')], "apply the country cap to the selected round", Some("apply cap")),
    // Applicants.
    bind(C::Applicants, A::Accept, &[ch('a')], "accept the selected application", Some("accept")),
    bind(C::Applicants, A::Defer, &[ch('d')], "defer it to the next round", Some("defer")),
    bind(C::Applicants, A::Withdraw, &[ch('w')], "mark it withdrawn", Some("withdraw")),
    bind(C::Applicants, A::MarkPending, &[ch('p')], "set it back to pending", Some("pending")),
    bind(C::Applicants, A::Import, &[ch('i')], "import a CSV file into this round", Some("import")),
    bind(C::Applicants, A::SortNext, &[ch('s')], "sort by the next column", Some("sort")),
    bind(C::Applicants, A::SortReverse, &[ch('S')], "reverse the sort order", None),
    bind(C::Applicants, A::ApplyCap, &[ch('c')], "apply the country cap to this round", None),
    bind(C::Applicants, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Applicants, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // Matches.
    bind(C::Matches, A::RunMatch, &[ch('m'), ch('r')], "match the round; again, re-optimise all that is not locked (after publishing: pair the rematch pool)", Some("match")),
    bind(C::Matches, A::ShowCandidates, &[ch('c'), ENTER], "the best partners for the selected person, to pair them by hand", Some("candidates")),
    bind(C::Matches, A::ToggleLock, &[ch('l')], "lock the selected draft pair, or unlock it", Some("lock")),
    bind(C::Matches, A::Unpair, &[ch('x')], "unpair the selected draft pair", Some("unpair")),
    bind(C::Matches, A::ForbidPair, &[ch('f')], "forbid the selected pair for good (and unpair it)", Some("forbid")),
    bind(C::Matches, A::UndoDraft, &[ch('u')], "undo the last change to the draft (also after a restart)", Some("undo")),
    bind(C::Matches, A::RedoDraft, &[ctrl('r')], "redo what was undone", Some("redo")),
    bind(C::Matches, A::PublishDraft, &[ch('P')], "publish the draft as the round's partnerships", Some("publish")),
    bind(C::Matches, A::LogProblem, &[ch('p')], "log a problem on the selected partnership", Some("problem")),
    bind(C::Matches, A::EndEarly, &[ch('E')], "end the selected partnership early", Some("end early")),
    bind(C::Matches, A::EditWeights, &[ch('w')], "the round's matching weights and rules", Some("weights")),
    bind(C::Matches, A::ShowReadiness, &[ch('R')], "readiness: who is accepted, and who has few or no allowed partners", Some("readiness")),
    bind(C::Matches, A::SortByScore, &[ch('s')], "sort by score, lowest first, or back", Some("sort")),
    bind(C::Matches, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Matches, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // Matches while the matcher runs: the rest of the app stays at hand.
    bind(C::MatchRunning, A::CancelMatch, &[ESC], "stop matching; the previous draft stays as it was", Some("stop")),
    bind(C::MatchRunning, A::NextPane, &[TAB], "next pane", Some("panes")),
    bind(C::MatchRunning, A::PrevPane, &[BACK_TAB], "previous pane", None),
    bind(C::MatchRunning, A::ShowRounds, &[ch('1')], "Rounds pane", None),
    bind(C::MatchRunning, A::ShowApplicants, &[ch('2')], "Applicants pane", None),
    bind(C::MatchRunning, A::ShowTopics, &[ch('4')], "Topics pane", None),
    bind(C::MatchRunning, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    // Topics.
    bind(C::Topics, A::EditTopic, &[ENTER, ch('e')], "write the selected topic in the editor", Some("write")),
    bind(C::Topics, A::InsertLibraryTopic, &[ch('l')], "fill the selected slot from the topic library", Some("library")),
    bind(C::Topics, A::PlanTopics, &[ch('p')], "plan slots over the round's term from a cadence", Some("plan")),
    bind(C::Topics, A::AddTopicSlot, &[ch('a')], "add a slot on a date", Some("add")),
    bind(C::Topics, A::MoveTopic, &[ch('m')], "move the selected topic to another date", Some("move")),
    bind(C::Topics, A::RemoveTopic, &[ch('D'), DELETE], "remove the selected slot and its text", Some("remove")),
    bind(C::Topics, A::ToggleReady, &[ch('r')], "mark the topic ready, or back to draft", Some("ready")),
    bind(C::Topics, A::TogglePublished, &[ch('P')], "mark the topic published today, or not published", Some("published")),
    bind(C::Topics, A::ExportTopics, &[ch('x')], "export the round's topics as posts and e-mails into a folder", Some("export")),
    bind(C::Topics, A::DetailDown, &[ch('J')], "scroll the topic text down", None),
    bind(C::Topics, A::DetailUp, &[ch('K')], "scroll the topic text up", None),
    // The topic editor.
    bind(C::Editor, A::Save, &[ctrl('s')], "save the topic", Some("save")),
    bind(C::Editor, A::Close, &[ESC], "leave the editor; text not saved is kept as a draft", Some("leave")),
    bind(C::Editor, A::NextField, &[TAB], "next field (title, summary, questions, post)", Some("next field")),
    bind(C::Editor, A::PrevField, &[BACK_TAB], "previous field", None),
    bind(C::Editor, A::TogglePreview, &[ctrl('p')], "show the post as readers will see it", Some("preview")),
    bind(C::Editor, A::Undo, &[ctrl('z')], "undo in this field, a word (or a line break, a paste, a deleted word) at a time", Some("undo")),
    bind(C::Editor, A::Redo, &[ctrl('y')], "redo in this field", Some("redo")),
    bind(C::Editor, A::NewLine, &[ENTER], "new line (in the title and summary: next field)", None),
    bind(C::Editor, A::CursorLeft, &[LEFT], "move left", None),
    bind(C::Editor, A::CursorRight, &[RIGHT], "move right", None),
    bind(C::Editor, A::WordLeft, &[ctrl_key(KeyCode::Left)], "move one word left", None),
    bind(C::Editor, A::WordRight, &[ctrl_key(KeyCode::Right)], "move one word right", None),
    bind(C::Editor, A::Up, &[UP], "move up a line", None),
    bind(C::Editor, A::Down, &[DOWN], "move down a line", None),
    bind(C::Editor, A::CursorHome, &[HOME, ctrl('a')], "go to the start of the line", None),
    bind(C::Editor, A::CursorEnd, &[END, ctrl('e')], "go to the end of the line", None),
    bind(C::Editor, A::Top, &[ctrl_key(KeyCode::Home)], "go to the start of the field", None),
    bind(C::Editor, A::Bottom, &[ctrl_key(KeyCode::End)], "go to the end of the field", None),
    bind(C::Editor, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Editor, A::PageDown, &[PAGE_DOWN], "one page down", None),
    bind(C::Editor, A::DeleteBack, &[BACKSPACE], "delete the character before the cursor", None),
    bind(C::Editor, A::DeleteForward, &[DELETE], "delete the character under the cursor", None),
    bind(C::Editor, A::DeleteWordBack, &[ctrl('w'), ctrl_key(KeyCode::Backspace)], "delete the word before the cursor", None),
    // The rendered post.
    bind(C::Preview, A::Close, &[ctrl('p'), ESC], "back to the editor", Some("edit")),
    bind(C::Preview, A::Save, &[ctrl('s')], "save the topic", Some("save")),
    bind(C::Preview, A::Down, &[ch('j'), DOWN], "scroll down", Some("scroll")),
    bind(C::Preview, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Preview, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Preview, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Preview, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Preview, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Choosing from a list.
    bind(C::Picker, A::Confirm, &[ENTER], "take the highlighted choice", Some("choose")),
    bind(C::Picker, A::Cancel, &[ESC], "close without choosing", Some("cancel")),
    bind(C::Picker, A::Down, &[ch('j'), DOWN], "next choice", None),
    bind(C::Picker, A::Up, &[ch('k'), UP], "previous choice", None),
    bind(C::Picker, A::Top, &[ch('g'), HOME], "first choice", None),
    bind(C::Picker, A::Bottom, &[ch('G'), END], "last choice", None),
    bind(C::Picker, A::DetailDown, &[ch('J'), PAGE_DOWN], "scroll the description down", Some("scroll")),
    bind(C::Picker, A::DetailUp, &[ch('K'), PAGE_UP], "scroll the description up", None),
    // The candidate partners of one person.
    bind(C::Candidates, A::Confirm, &[ENTER], "pair with the highlighted candidate (locked)", Some("pair")),
    bind(C::Candidates, A::Cancel, &[ESC], "close without pairing", Some("close")),
    bind(C::Candidates, A::NextPerson, &[TAB], "the other member of the pair", Some("other member")),
    bind(C::Candidates, A::Down, &[ch('j'), DOWN], "next candidate", None),
    bind(C::Candidates, A::Up, &[ch('k'), UP], "previous candidate", None),
    bind(C::Candidates, A::PageDown, &[PAGE_DOWN], "one page down", None),
    bind(C::Candidates, A::PageUp, &[PAGE_UP], "one page up", None),
    // The weights and rules.
    bind(C::Weights, A::Save, &[ENTER, ctrl('s')], "save for this round", Some("save")),
    bind(C::Weights, A::Cancel, &[ESC], "close without saving", Some("cancel")),
    bind(C::Weights, A::Down, &[ch('j'), DOWN], "next setting", None),
    bind(C::Weights, A::Up, &[ch('k'), UP], "previous setting", None),
    bind(C::Weights, A::CursorRight, &[RIGHT, ch('l'), ch('+')], "more (or the next choice)", Some("change")),
    bind(C::Weights, A::CursorLeft, &[LEFT, ch('h'), ch('-')], "less (or the previous choice)", None),
    // A one-line text prompt.
    bind(C::TextPrompt, A::Confirm, &[ENTER], "take this text", Some("ok")),
    bind(C::TextPrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    // The date prompt.
    bind(C::DatePrompt, A::Confirm, &[ENTER], "take this date", Some("ok")),
    bind(C::DatePrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    bind(C::DatePrompt, A::Down, &[DOWN], "a day earlier", None),
    bind(C::DatePrompt, A::Up, &[UP], "a day later", None),
    bind(C::DatePrompt, A::PageDown, &[PAGE_DOWN], "a week earlier", None),
    bind(C::DatePrompt, A::PageUp, &[PAGE_UP], "a week later", None),
    // Typing a filter.
    bind(C::Filter, A::KeepFilter, &[ENTER], "keep the filter and go back to the list", Some("keep")),
    bind(C::Filter, A::ClearFilter, &[ESC], "clear the filter", Some("clear")),
    bind(C::Filter, A::Up, &[UP], "move up in the list", None),
    bind(C::Filter, A::Down, &[DOWN], "move down in the list", None),
    // Typing in any field.
    bind(C::TextEdit, A::CursorLeft, &[LEFT], "move left (on a choice: previous option)", None),
    bind(C::TextEdit, A::CursorRight, &[RIGHT], "move right (on a choice: next option)", None),
    bind(C::TextEdit, A::CursorHome, &[HOME, ctrl('a')], "go to the start", None),
    bind(C::TextEdit, A::CursorEnd, &[END, ctrl('e')], "go to the end", None),
    bind(C::TextEdit, A::DeleteBack, &[BACKSPACE], "delete the character before the cursor", None),
    bind(C::TextEdit, A::DeleteForward, &[DELETE], "delete the character under the cursor", None),
    bind(C::TextEdit, A::ClearText, &[ctrl('u')], "clear the field", None),
    // The round form.
    bind(C::RoundForm, A::Save, &[ENTER], "save the round", Some("save")),
    bind(C::RoundForm, A::Cancel, &[ESC], "close without saving", Some("cancel")),
    bind(C::RoundForm, A::NextField, &[TAB, DOWN], "next field", Some("next field")),
    bind(C::RoundForm, A::PrevField, &[BACK_TAB, UP], "previous field", None),
    // The file prompt.
    bind(C::PathPrompt, A::Confirm, &[ENTER], "take this path (import the file, or export into the folder)", Some("ok")),
    bind(C::PathPrompt, A::CompletePath, &[TAB], "complete the file or folder name", Some("complete")),
    bind(C::PathPrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    // Help.
    bind(C::Help, A::Close, &[ESC, ch('?'), ch('q')], "close the help", Some("close")),
    bind(C::Help, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Help, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Help, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Help, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Help, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Help, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Messages and import problems.
    bind(C::Messages, A::Close, &[ESC, ENTER, ch('q')], "close", Some("close")),
    bind(C::Messages, A::ImportValidOnly, &[ch('s')], "import only the valid rows; the others go to a rejects file", Some("skip bad rows")),
    bind(C::Messages, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Messages, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Messages, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Messages, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Messages, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Messages, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Yes/no questions.
    bind(C::Question, A::Confirm, &[ch('y'), ENTER], "yes, go ahead", Some("yes")),
    bind(C::Question, A::Cancel, &[ch('n')], "no", Some("no")),
    bind(C::Question, A::Close, &[ESC], "close the question and leave things as they are", Some("close")),
    // Too small a terminal.
    bind(C::TooSmall, A::Quit, &[ch('q')], "quit (while text is being typed, only Ctrl-C quits)", Some("quit")),
];

/// The action a key triggers in a mode, if any.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    mode.contexts().iter().find_map(|&context| {
        BINDINGS
            .iter()
            .find(|b| b.context == context && b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// The bindings of one context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// The keys of a binding as the help shows them: `j ↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One item of the hint bar: a key and a word or two.
pub type Hint = (String, &'static str);

/// The hint bar's items for a mode: those of its own context (what this place is for), and
/// those of the contexts it shares with others (help, quit…). `offered` says whether an
/// action can do anything right now, so the bar only shows what works here.
pub fn hints(mode: Mode, offered: impl Fn(Action) -> bool) -> (Vec<Hint>, Vec<Hint>) {
    let of = |contexts: &[Context]| -> Vec<Hint> {
        contexts
            .iter()
            .flat_map(|&c| bindings(c))
            .filter(|b| offered(b.action))
            .filter_map(|b| Some((b.keys[0].to_string(), b.hint?)))
            .collect()
    };
    let (own, shared) = mode.contexts().split_at(1);
    (of(own), of(shared))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in Mode::ALL {
            let mut seen = HashSet::new();
            for &context in mode.contexts() {
                for b in bindings(context) {
                    for &key in b.keys {
                        assert!(
                            seen.insert(key),
                            "{mode:?}: {key} is bound twice (second time to {:?} in {context:?})",
                            b.action
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_action_has_a_key_in_a_reachable_context() {
        let reachable: HashSet<Context> = Mode::ALL
            .iter()
            .flat_map(|m| m.contexts().iter().copied())
            .collect();
        for &action in Action::ALL {
            assert!(
                BINDINGS
                    .iter()
                    .any(|b| b.action == action && reachable.contains(&b.context)),
                "{action:?} has no key"
            );
        }
        for context in Context::ALL {
            assert!(reachable.contains(&context), "{context:?} is never active");
        }
    }

    #[test]
    fn every_binding_has_keys_and_help() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty(), "{:?} has no keys", b.action);
            assert!(!b.help.is_empty());
        }
    }

    #[test]
    fn typing_modes_leave_printable_keys_to_the_field() {
        // In a text field `q`, `j` or `/` must type themselves, so no typing mode may bind a
        // plain printable character.
        for mode in Mode::ALL.into_iter().filter(|m| m.is_typing()) {
            for &context in mode.contexts() {
                for b in bindings(context) {
                    for key in b.keys {
                        assert!(
                            key.typed_char().is_none(),
                            "{mode:?} binds {key}, which should type itself"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_mode_can_be_left() {
        for mode in Mode::ALL {
            let leaves = mode.contexts().iter().flat_map(|&c| bindings(c)).any(|b| {
                matches!(
                    b.action,
                    Action::Quit
                        | Action::ForceQuit
                        | Action::Close
                        | Action::Cancel
                        | Action::ClearFilter
                )
            });
            assert!(leaves, "{mode:?} has no way out");
        }
    }

    #[test]
    fn looks_up_the_most_specific_binding() {
        let key = |c| Key::from_event(KeyEvent::from(KeyCode::Char(c))).unwrap();
        assert_eq!(
            lookup(Mode::Pane(Pane::Applicants), key('d')),
            Some(Action::Defer)
        );
        assert_eq!(lookup(Mode::Welcome, key('d')), Some(Action::LoadDemo));
        assert_eq!(lookup(Mode::Filtering, key('q')), None);
        assert_eq!(
            lookup(Mode::Pane(Pane::Matches), key('q')),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL);
        for mode in Mode::ALL {
            assert_eq!(
                lookup(mode, Key::from_event(ctrl_c).unwrap()),
                Some(Action::ForceQuit)
            );
        }
    }

    #[test]
    fn q_quits_only_where_nothing_is_open() {
        let q = Key::from_event(KeyEvent::from(KeyCode::Char('q'))).unwrap();
        for mode in Mode::ALL {
            let action = lookup(mode, q);
            let may_quit = matches!(mode, Mode::Welcome | Mode::Pane(_) | Mode::TooSmall);
            if !may_quit {
                assert_ne!(action, Some(Action::Quit), "q quits from {mode:?}");
            }
        }
        // The read-only popups close on q; the too-small screen while typing ignores it.
        assert_eq!(lookup(Mode::Help, q), Some(Action::Close));
        assert_eq!(lookup(Mode::Messages, q), Some(Action::Close));
        assert_eq!(lookup(Mode::TooSmall, q), Some(Action::Quit));
        assert_eq!(lookup(Mode::TooSmallTyping, q), None);
        assert!(
            !Mode::TooSmallTyping.is_typing(),
            "keys are not typed blind"
        );
        let ctrl_c = Key::from_event(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(
            lookup(Mode::TooSmallTyping, ctrl_c.unwrap()),
            Some(Action::ForceQuit)
        );
    }

    #[test]
    fn shift_is_part_of_the_character() {
        let shifted = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(
            lookup(
                Mode::Pane(Pane::Applicants),
                Key::from_event(shifted).unwrap()
            ),
            Some(Action::SortReverse)
        );
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            lookup(Mode::Pane(Pane::Rounds), Key::from_event(back_tab).unwrap()),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn hints_follow_the_mode() {
        let (own, shared) = hints(Mode::Pane(Pane::Applicants), |_| true);
        let own: Vec<&str> = own.iter().map(|h| h.1).collect();
        let shared: Vec<&str> = shared.iter().map(|h| h.1).collect();
        assert_eq!(own[0], "accept");
        assert!(shared.contains(&"filter") && shared.contains(&"quit"));
        assert!(!own.contains(&"new"), "Rounds keys leak into Applicants");
        let (own, shared) = super::hints(Mode::Filtering, |_| true);
        assert!(own.iter().chain(&shared).all(|h| h.1 != "quit"));
        let (own, _) = super::hints(Mode::Messages, |a| a != Action::ImportValidOnly);
        assert!(own.iter().all(|h| h.1 != "skip bad rows"));
    }
}
