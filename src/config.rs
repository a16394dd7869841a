//! The user's config file, `config.toml` in the platform's config directory: keys for
//! actions, colours for the theme's named styles, and the matching weights and rules a round
//! uses while it has none of its own.
//!
//! ```toml
//! [keys]
//! publish-draft = "Ctrl-P"
//! run-match = ["m", "Ctrl-M"]
//!
//! [theme]
//! brand = "light-blue"
//! key = "#33aaff"
//!
//! [weights]
//! sector = 20
//!
//! [rules]
//! allow_trios = false
//! ```
//!
//! A bad config never stops iln: every entry that cannot be used is left out (its default
//! stays) and reported as a [`ConfigError`] naming the file, line, column, entry and the
//! fix; a file that is not TOML at all is left out whole.

use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::engine::settings::{Objective, Settings};
use crate::import::suggest;
use crate::tui::keys::{Action, Key};
use crate::tui::kit::theme::{DEFAULT_THEME, Theme};

/// The file's name in the config directory.
pub const FILE_NAME: &str = "config.toml";

/// The sections a config file may have, as `[name]`.
const SECTIONS: &[&str] = &["keys", "theme", "weights", "rules"];

/// Where the config file is looked for when no other is named:
/// `config.toml` in the platform's config directory (`~/.config/iln/` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "iln", "iln").map(|d| d.config_dir().join(FILE_NAME))
}

/// The settings read from a config file, each on its default where the file says nothing
/// (or something that could not be used; see [`Config::problems`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The keys for an action wherever it is bound, replacing its default keys; in the
    /// file's order.
    pub keys: Vec<(Action, Vec<Key>)>,
    /// The theme: the shipped one with the file's colours laid over it.
    pub theme: Theme,
    /// The matching weights and rules of a round without settings of its own.
    pub settings: Settings,
    /// What could not be used, in the file's order.
    pub problems: Vec<ConfigError>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keys: Vec::new(),
            theme: DEFAULT_THEME,
            settings: Settings::default(),
            problems: Vec::new(),
        }
    }
}

/// Something in a config file that iln could not use; iln goes on without it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot be read ({reason}); iln starts on its defaults")]
    Unreadable { file: String, reason: String },
    /// The file was named (`--config`, `ILN_CONFIG`) but is not there.
    #[error(
        "{file}: no such file; iln starts on its defaults (create the file, or name another \
         with --config or ILN_CONFIG)"
    )]
    Missing { file: String },
    /// Not TOML: nothing in the file is used.
    #[error(
        "{file}:{line}:{column}: not valid TOML: {message}; nothing in the file is used until \
         this is fixed (iln starts on its defaults)"
    )]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// One entry (or section) that cannot be used; the rest of the file is.
    #[error("{file}:{line}:{column}: {}{message}", in_section(.section))]
    Entry {
        file: String,
        line: usize,
        column: usize,
        /// The section, without brackets (for a section's own problem, its name; empty for
        /// an entry outside any section).
        section: String,
        /// The entry as the file wrote it.
        key: String,
        /// What is wrong, naming the entry, and the fix.
        message: String,
    },
}

/// `[keys] `, or nothing outside a section.
fn in_section(section: &str) -> String {
    if section.is_empty() {
        String::new()
    } else {
        format!("[{section}] ")
    }
}

impl ConfigError {
    /// The line the problem is on, 0 for one about the whole file.
    pub fn line(&self) -> usize {
        match self {
            ConfigError::Syntax { line, .. } | ConfigError::Entry { line, .. } => *line,
            _ => 0,
        }
    }
}

impl Config {
    /// Reads the config file at `path`. A missing file is the defaults, silently unless it
    /// was `named` by the user (`--config`, `ILN_CONFIG`); every other problem is in
    /// [`Config::problems`].
    pub fn load(path: &Path, named: bool) -> Config {
        let file = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, &file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config {
                problems: if named {
                    vec![ConfigError::Missing { file }]
                } else {
                    Vec::new()
                },
                ..Config::default()
            },
            Err(e) => Config {
                problems: vec![ConfigError::Unreadable {
                    file,
                    reason: e.to_string(),
                }],
                ..Config::default()
            },
        }
    }

    /// Reads the text of a config file; `file` names it in the problems.
    pub fn parse(text: &str, file: &str) -> Config {
        let mut config = Config::default();
        let mut reader = Reader {
            text,
            file,
            problems: Vec::new(),
        };
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let (line, column) = reader.position(span.start);
                let mut message = e.message().trim().trim_end_matches('.').to_string();
                // Name what the error points at, when that is a word or two (a duplicate key).
                if let Some(at) = text.get(span).filter(|t| {
                    !t.trim().is_empty() && !t.contains('\n') && t.chars().count() <= 40
                }) {
                    message = format!("{message} at {at:?}");
                }
                config.problems.push(ConfigError::Syntax {
                    file: file.to_string(),
                    line,
                    column,
                    message,
                });
                return config;
            }
        };
        for (name, value) in in_file_order(doc.get_ref()) {
            let Some(table) = value.get_ref().as_table() else {
                reader.outside_sections(name, value);
                continue;
            };
            match name.get_ref().as_ref() {
                "keys" => config.keys = reader.keys(table),
                "theme" => config.theme = reader.theme(table),
                "weights" | "rules" => {
                    config.settings = reader.settings(name.get_ref(), table, config.settings)
                }
                other => reader.unknown_section(name, other),
            }
        }
        reader.problems.sort_by_key(|p| p.line());
        config.problems = reader.problems;
        config
    }

    /// One line for a status bar, when anything was wrong: the first problem and how many
    /// more there are.
    pub fn notice(&self) -> Option<String> {
        let first = self.problems.first()?;
        Some(match self.problems.len() {
            1 => format!("Config: {first}"),
            n => format!(
                "Config: {first} (and {} more; `iln config` lists them all)",
                n - 1
            ),
        })
    }
}

/// An entry's name as the file wrote it, with where.
type Name<'i> = Spanned<DeString<'i>>;

/// A table's entries in the order the file has them (the parser keeps them sorted by name).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<(&'a Name<'i>, &'a Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// `"a", "b" and "c"`.
fn listed(names: &[&str], quote: bool) -> String {
    let names: Vec<String> = names
        .iter()
        .map(|n| {
            if quote {
                format!("{n:?}")
            } else {
                n.to_string()
            }
        })
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// ` did you mean "x"?` for a near miss, or the list of what there is.
fn did_you_mean(value: &str, known: &[&str], what: &str) -> String {
    match suggest(value, known) {
        Some(s) => format!("did you mean {s:?}?"),
        None => format!("the {what} are {}", listed(known, false)),
    }
}

/// A TOML value as the file wrote it, for messages.
fn shown(value: &DeValue) -> String {
    match value {
        DeValue::String(s) => format!("{s:?}"),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    problems: Vec<ConfigError>,
}

impl Reader<'_> {
    /// Line and column (both from 1, the column in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    fn problem(&mut self, span: Range<usize>, section: &str, key: &str, message: String) {
        let (line, column) = self.position(span.start);
        self.problems.push(ConfigError::Entry {
            file: self.file.to_string(),
            line,
            column,
            section: section.to_string(),
            key: key.to_string(),
            message,
        });
    }

    fn unknown_section(&mut self, name: &Name, written: &str) {
        let lower = written.to_lowercase();
        let meant = match lower.as_str() {
            "color" | "colors" | "colour" | "colours" | "style" | "styles" => Some("theme"),
            "bindings" | "keybindings" | "key-bindings" | "keymap" | "key" => Some("keys"),
            "matching" | "settings" => Some("weights"),
            "rule" => Some("rules"),
            _ => suggest(written, SECTIONS),
        };
        let sections = listed(&["[keys]", "[theme]", "[weights]", "[rules]"], false);
        let message = match meant {
            Some(s) => format!(
                "no such section; did you mean [{s}]? The sections are {sections} (this \
                 section is ignored)"
            ),
            None => {
                format!("no such section; the sections are {sections} (this section is ignored)")
            }
        };
        self.problem(name.span(), written, written, message);
    }

    /// A top-level entry that is not a section (`theme = "dark"`, or a setting put before
    /// any section).
    fn outside_sections(&mut self, name: &Name, value: &Spanned<DeValue>) {
        let written = name.get_ref().as_ref();
        let message = if SECTIONS.contains(&written) {
            format!(
                "{written} = {}: {written} is a section; write [{written}] on a line of its own \
                 and its entries below it (this entry is ignored)",
                shown(value.get_ref())
            )
        } else {
            let home = if Action::from_name(written).is_some() {
                "[keys]".to_string()
            } else if Theme::NAMES.contains(&written) {
                "[theme]".to_string()
            } else if Settings::weight_names().iter().any(|n| n == written) {
                "[weights]".to_string()
            } else if Settings::rule_names().iter().any(|n| n == written) {
                "[rules]".to_string()
            } else {
                "the section it belongs to ([keys], [theme], [weights] or [rules])".to_string()
            };
            format!(
                "{written:?}: an entry outside any section; move it under {home} (this entry is \
                 ignored)"
            )
        };
        self.problem(name.span(), "", written, message);
    }

    fn keys(&mut self, table: &DeTable) -> Vec<(Action, Vec<Key>)> {
        let mut keys = Vec::new();
        for (name, value) in in_file_order(table) {
            let written = name.get_ref().as_ref();
            let Some(action) = Action::from_name(written) else {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                let hint = match suggest(written, &names) {
                    Some(s) => format!("did you mean {s:?}?"),
                    None => "the action names are listed under Configuration in iln's README"
                        .to_string(),
                };
                self.problem(
                    name.span(),
                    "keys",
                    written,
                    format!("{written:?}: no such action; {hint} (this entry is ignored)"),
                );
                continue;
            };
            let stays = format!("{written} keeps its default keys");
            let spelled: Vec<&Spanned<DeValue>> = match value.get_ref() {
                DeValue::String(_) => vec![value],
                DeValue::Array(items) => items.iter().collect(),
                other => {
                    self.problem(
                        value.span(),
                        "keys",
                        written,
                        format!(
                            "{written} = {}: give a key as a string (\"m\") or several as a \
                             list ([\"m\", \"Ctrl-M\"]); {stays}",
                            shown(other)
                        ),
                    );
                    continue;
                }
            };
            if spelled.is_empty() {
                self.problem(
                    value.span(),
                    "keys",
                    written,
                    format!("{written} = []: give at least one key, such as \"m\"; {stays}"),
                );
                continue;
            }
            let mut parsed = Vec::new();
            for item in spelled {
                let result = match item.get_ref() {
                    DeValue::String(s) => Key::parse(s),
                    other => Err(format!(
                        "{} is not a key; write it as a string",
                        shown(other)
                    )),
                };
                match result {
                    Ok(key) if !parsed.contains(&key) => parsed.push(key),
                    Ok(_) => {}
                    Err(e) => {
                        self.problem(
                            item.span(),
                            "keys",
                            written,
                            format!("{written}: {e}; {stays}"),
                        );
                        parsed.clear();
                        break;
                    }
                }
            }
            if !parsed.is_empty() {
                keys.push((action, parsed));
            }
        }
        keys
    }

    fn theme(&mut self, table: &DeTable) -> Theme {
        let mut theme = DEFAULT_THEME;
        for (name, value) in in_file_order(table) {
            let written = name.get_ref().as_ref();
            let Some(style) = theme.style_mut(written) else {
                let hint = did_you_mean(written, Theme::NAMES, "styles");
                self.problem(
                    name.span(),
                    "theme",
                    written,
                    format!("{written:?}: no such style; {hint} (this entry is ignored)"),
                );
                continue;
            };
            match colour(value.get_ref()) {
                Ok(c) => *style = style.fg(c),
                Err(()) => self.problem(
                    value.span(),
                    "theme",
                    written,
                    format!(
                        "{written} = {}: not a colour; use a name (red, light-blue, dark-gray, \
                         reset…), \"#33aaff\", or a number from 0 to 255 such as \"208\"; \
                         {written} keeps its default colour",
                        shown(value.get_ref())
                    ),
                ),
            }
        }
        theme
    }

    /// Lays the `[weights]` or `[rules]` entries over `settings`, one at a time, so that a
    /// bad one leaves only itself at the default.
    fn settings(&mut self, section: &str, table: &DeTable, mut settings: Settings) -> Settings {
        let names = if section == "weights" {
            Settings::weight_names()
        } else {
            Settings::rule_names()
        };
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let defaults = serde_json::to_value(Settings::default()).expect("settings serialise");
        let what = if section == "weights" {
            "weights"
        } else {
            "rules"
        };
        for (name, value) in in_file_order(table) {
            let written = name.get_ref().as_ref();
            let Some(default) = defaults[section].get(written) else {
                let hint = did_you_mean(written, &names, what);
                let elsewhere = if section == "weights"
                    && Settings::rule_names().iter().any(|n| n == written)
                {
                    format!("{written} is a rule; move it under [rules]")
                } else if section == "rules"
                    && Settings::weight_names().iter().any(|n| n == written)
                {
                    format!("{written} is a weight; move it under [weights]")
                } else {
                    format!("no such {}; {hint}", &what[..what.len() - 1])
                };
                self.problem(
                    name.span(),
                    section,
                    written,
                    format!("{written:?}: {elsewhere} (this entry is ignored)"),
                );
                continue;
            };
            let stays = format!("{written} stays {default}");
            let json = match (value.get_ref(), default) {
                (DeValue::Integer(i), serde_json::Value::Number(_)) => {
                    i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .map(serde_json::Value::from)
                }
                (DeValue::Boolean(b), serde_json::Value::Bool(_)) => Some((*b).into()),
                (DeValue::String(s), serde_json::Value::String(_)) => Some(s.as_ref().into()),
                _ => None,
            };
            let want = match default {
                serde_json::Value::Number(_) => format!("a whole number such as {default}"),
                serde_json::Value::Bool(_) => "true or false".to_string(),
                _ if written == "objective" => {
                    let names = Objective::ALL.map(Objective::name);
                    let choices = listed(&names, true).replace(" and ", " or ");
                    match value.get_ref().as_str().and_then(|v| suggest(v, &names)) {
                        Some(s) => format!("{s:?} (the choices are {choices})"),
                        None => choices,
                    }
                }
                _ => format!("a string such as {default}"),
            };
            let refused = |reason: String| {
                format!("{written} = {}: {reason}; {stays}", shown(value.get_ref()))
            };
            let Some(json) = json else {
                self.problem(
                    value.span(),
                    section,
                    written,
                    refused(format!("write {want}")),
                );
                continue;
            };
            match settings.overlay(serde_json::json!({ section: { written: json } })) {
                Ok(s) => settings = s,
                // The range checks name the entry and its range.
                Err(e) if e.contains(written) => {
                    self.problem(value.span(), section, written, format!("{e}; {stays}"))
                }
                Err(_) => self.problem(
                    value.span(),
                    section,
                    written,
                    refused(format!("write {want}")),
                ),
            }
        }
        settings
    }
}

/// A colour as the config writes it: a name (`red`, `light-blue`), `#rrggbb`, or an index
/// from 0 to 255 (`"208"` or `208`).
fn colour(value: &DeValue) -> Result<Color, ()> {
    match value {
        DeValue::String(s) => s.trim().parse::<Color>().map_err(|_| ()),
        DeValue::Integer(i) => u8::from_str_radix(i.as_str(), i.radix())
            .map(Color::Indexed)
            .map_err(|_| ()),
        _ => Err(()),
    }
}
