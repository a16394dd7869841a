//! The user's config file: a good file read whole, every kind of mistake reported on its
//! line with the fix while the rest of the file still counts, a file that is not TOML, a
//! missing or unreadable file, and the theme installed from it.

use crossterm::event::KeyCode;
use iln::config::{Config, ConfigError};
use iln::engine::settings::{Objective, Settings};
use iln::tui::keys::{Action, Key};
use iln::tui::kit::theme::{self, DEFAULT_THEME, THEME, Theme};
use ratatui::style::Color;

fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const GOOD: &str = r##"
# Keys, colours and weights.
[keys]
run-match = ["m", "Ctrl-M"]
publish-draft = "Ctrl-P"
next-pane = ["Tab", "→"]

[theme]
brand = "light-blue"
key = "#33aaff"
border = "240"
error = 208

[weights]
sector = 20
languages = 0

[rules]
allow_trios = false
objective = "highest-total"
max_time_zone_gap_hours = 10
"##;

#[test]
fn a_good_file_is_read_whole() {
    let c = Config::parse(GOOD, "config.toml");
    assert_eq!(c.problems, vec![]);
    assert_eq!(c.notice(), None);
    // In the file's order.
    assert_eq!(
        c.keys,
        vec![
            (Action::RunMatch, vec![ch('m'), ctrl('m')]),
            (Action::PublishDraft, vec![ctrl('p')]),
            (
                Action::NextPane,
                vec![key(KeyCode::Tab), key(KeyCode::Right)]
            ),
        ]
    );
    assert_eq!(c.theme.brand.fg, Some(Color::LightBlue));
    assert_eq!(c.theme.key.fg, Some(Color::Rgb(0x33, 0xaa, 0xff)));
    assert_eq!(c.theme.border.fg, Some(Color::Indexed(240)));
    assert_eq!(c.theme.error.fg, Some(Color::Indexed(208)));
    // A colour keeps the rest of the style.
    assert_eq!(c.theme.key.add_modifier, DEFAULT_THEME.key.add_modifier);
    assert_eq!(c.theme.title, DEFAULT_THEME.title);

    let d = Settings::default();
    assert_eq!(c.settings.weights.sector, 20);
    assert_eq!(c.settings.weights.languages, 0);
    assert_eq!(c.settings.weights.place, d.weights.place);
    assert!(!c.settings.rules.allow_trios);
    assert_eq!(c.settings.rules.objective, Objective::HighestTotal);
    assert_eq!(c.settings.rules.max_time_zone_gap_hours, 10);
    assert_eq!(c.settings.rules.candidates, d.rules.candidates);
}

#[test]
fn an_empty_file_is_the_defaults() {
    for text in [
        "",
        "# nothing yet\n",
        "[keys]\n[theme]\n[weights]\n[rules]\n",
    ] {
        assert_eq!(Config::parse(text, "config.toml"), Config::default());
    }
}

/// Every kind of mistake, one to a line, among entries that are fine.
const BAD: &str = r##"sector = 3
[keys]
run-match = ["m", "Ctrl-M"]
publis-draft = "Ctrl-P"
quit = "Ctrl-Shift-Q"
show-help = 7
edit-weights = []
save = ["Ctrl-S", 3]

[theme]
brand = "light-blue"
brnad = "red"
key = "purpel"

[weights]
sector = 2000
sectr = 3
place = "high"
languages = 5
allow_trios = false

[rules]
objective = "most-matchd"
allow_trios = "no"
candidates = 0

[colours]
brand = "red"

[theme]
"##;

/// The problems as `(line, text after "config.toml:LINE:COLUMN: ")`.
fn problems(c: &Config) -> Vec<(usize, String)> {
    c.problems
        .iter()
        .map(|p| {
            let text = p.to_string();
            let after = text.splitn(4, ':').nth(3).unwrap().trim().to_string();
            (p.line(), after)
        })
        .collect()
}

#[test]
fn each_bad_entry_is_reported_on_its_line_with_the_fix() {
    let c = Config::parse(BAD, "config.toml");
    // Not TOML at all: a section given twice stops the whole file.
    let [ConfigError::Syntax { line, .. }] = c.problems.as_slice() else {
        panic!("{:?}", c.problems);
    };
    assert_eq!(*line, 30);

    let c = Config::parse(BAD.trim_end().trim_end_matches("[theme]"), "config.toml");
    let found = problems(&c);
    let expected: &[(usize, &str)] = &[
        (
            1,
            r#""sector": an entry outside any section; move it under [weights] (this entry is ignored)"#,
        ),
        (
            4,
            r#"[keys] "publis-draft": no such action; did you mean "publish-draft"? (this entry is ignored)"#,
        ),
        (
            5,
            r#"[keys] quit: "Ctrl-Shift-Q" is not a key; write a character"#,
        ),
        (
            6,
            r#"[keys] show-help = 7: give a key as a string ("m") or several as a list (["m", "Ctrl-M"]); show-help keeps its default keys"#,
        ),
        (
            7,
            r#"[keys] edit-weights = []: give at least one key, such as "m"; edit-weights keeps its default keys"#,
        ),
        (
            8,
            "[keys] save: 3 is not a key; write it as a string; save keeps its default keys",
        ),
        (
            12,
            r#"[theme] "brnad": no such style; did you mean "brand"? (this entry is ignored)"#,
        ),
        (
            13,
            r##"[theme] key = "purpel": not a colour; use a name (red, light-blue, dark-gray, reset…), "#33aaff", or a number from 0 to 255 such as "208"; key keeps its default colour"##,
        ),
        (
            16,
            "[weights] weight sector = 2000: use a whole number from 0 to 1000; sector stays 12",
        ),
        (
            17,
            r#"[weights] "sectr": no such weight; did you mean "sector"? (this entry is ignored)"#,
        ),
        (
            18,
            r#"[weights] place = "high": write a whole number such as 10; place stays 10"#,
        ),
        (
            20,
            r#"[weights] "allow_trios": allow_trios is a rule; move it under [rules] (this entry is ignored)"#,
        ),
        (
            23,
            r#"[rules] objective = "most-matchd": write "most-matched" (the choices are "most-matched" or "highest-total"); objective stays "most-matched""#,
        ),
        (
            24,
            r#"[rules] allow_trios = "no": write true or false; allow_trios stays true"#,
        ),
        (25, "[rules] candidates: use 1 to 500; candidates stays 12"),
        (
            27,
            "[colours] no such section; did you mean [theme]? The sections are [keys], [theme], [weights] and [rules] (this section is ignored)",
        ),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((line, text), (want_line, want)) in found.iter().zip(expected) {
        assert_eq!(line, want_line, "{text}");
        assert!(
            text.starts_with(want),
            "line {line}:\n{text}\nwanted\n{want}"
        );
    }
    // Every message names the file, line and column.
    let first = c.problems[1].to_string();
    assert!(first.starts_with("config.toml:4:1: [keys]"), "{first}");
    assert!(c.problems[2].to_string().starts_with("config.toml:5:8: "));

    // What was fine still counts; what was not stays at its default.
    assert_eq!(
        c.keys,
        vec![(Action::RunMatch, vec![ch('m'), ctrl('m')])],
        "a bad key drops only its own entry"
    );
    assert_eq!(c.theme.brand.fg, Some(Color::LightBlue));
    assert_eq!(c.theme.key, DEFAULT_THEME.key);
    let d = Settings::default();
    assert_eq!(c.settings.weights.languages, 5);
    assert_eq!(c.settings.weights.sector, d.weights.sector);
    assert_eq!(c.settings.weights.place, d.weights.place);
    assert_eq!(c.settings.rules, d.rules);
    c.settings.validate().unwrap();

    let notice = c.notice().unwrap();
    assert!(
        notice.starts_with("Config: config.toml:1:1: ")
            && notice.ends_with("(and 15 more; `iln config` lists them all)"),
        "{notice}"
    );
}

#[test]
fn an_unknown_section_is_named_and_the_rest_is_read() {
    let c = Config::parse(
        "[weights]\nsector = 30\n\n[keybindings]\nquit = \"x\"\n\n[frobs]\na = 1\n",
        "iln.toml",
    );
    let texts: Vec<String> = c.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "iln.toml:4:2: [keybindings] no such section; did you mean [keys]? The sections are \
             [keys], [theme], [weights] and [rules] (this section is ignored)",
            "iln.toml:7:2: [frobs] no such section; the sections are [keys], [theme], [weights] \
             and [rules] (this section is ignored)",
        ]
    );
    assert_eq!(c.settings.weights.sector, 30);
    assert!(c.keys.is_empty());
    // A section written as a value.
    let c = Config::parse("theme = \"dark\"\n", "config.toml");
    assert_eq!(
        c.problems[0].to_string(),
        "config.toml:1:1: theme = \"dark\": theme is a section; write [theme] on a line of its \
         own and its entries below it (this entry is ignored)"
    );
}

#[test]
fn a_file_that_does_not_parse_is_left_out_whole() {
    let text = "[weights]\nsector = 30\n\n[theme\nbrand = \"red\"\n";
    let c = Config::parse(text, "config.toml");
    assert_eq!(c.keys, Config::default().keys);
    assert_eq!(c.theme, DEFAULT_THEME);
    assert_eq!(c.settings, Settings::default(), "nothing in it is used");
    assert_eq!(
        c.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "config.toml:4:7: not valid TOML: unclosed table, expected `]`; nothing in the file \
          is used until this is fixed (iln starts on its defaults)"
        ]
    );
    let c = Config::parse("[keys]\nquit = \"q\"\nquit = \"x\"\n", "config.toml");
    assert_eq!(
        c.problems[0].to_string(),
        "config.toml:3:1: not valid TOML: duplicate key at \"quit\"; nothing in the file is used \
         until this is fixed (iln starts on its defaults)"
    );
    assert!(c.keys.is_empty());
}

#[test]
fn a_missing_file_is_fine_unless_it_was_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    assert_eq!(Config::load(&path, false), Config::default());
    let named = Config::load(&path, true);
    assert_eq!(named.problems.len(), 1);
    let text = named.problems[0].to_string();
    assert!(
        text.starts_with(&format!(
            "{}: no such file; iln starts on its defaults",
            path.display()
        )),
        "{text}"
    );
    assert_eq!(named.settings, Settings::default());

    std::fs::write(&path, b"[weights]\nsector = \xff\n").unwrap();
    let unreadable = Config::load(&path, false);
    assert!(
        matches!(&unreadable.problems[..], [ConfigError::Unreadable { .. }]),
        "{:?}",
        unreadable.problems
    );

    std::fs::write(&path, GOOD).unwrap();
    let read = Config::load(&path, false);
    assert_eq!(read, Config::parse(GOOD, &path.display().to_string()));
    assert_eq!(read.settings.weights.sector, 20);
}

#[test]
fn the_theme_is_installed_once_and_read_everywhere() {
    // Nothing else in this test binary installs a theme or reads THEME.
    assert_eq!(THEME.brand, DEFAULT_THEME.brand);
    let c = Config::parse(GOOD, "config.toml");
    let theme: Theme = c.theme.clone();
    assert!(theme::install(theme));
    assert_eq!(THEME.brand.fg, Some(Color::LightBlue));
    assert_eq!(*THEME, c.theme);
    // Styles computed from the theme follow it.
    assert_eq!(
        THEME.topic_status(iln::domain::TopicStatus::Empty),
        c.theme.muted
    );
    // Only the first install counts.
    assert!(!theme::install(DEFAULT_THEME));
    assert_eq!(*THEME, c.theme);
}

#[test]
fn the_readme_example_is_read_without_problems_and_lists_every_name() {
    let readme = include_str!("../README.md");
    let section = &readme[readme
        .find("## Configuration")
        .expect("README has Configuration")..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let c = Config::parse(example, "README.md");
    assert_eq!(c.problems, vec![]);
    assert!(!c.keys.is_empty());
    assert_ne!(c.theme, DEFAULT_THEME);
    assert_ne!(c.settings.weights, Settings::default().weights);
    for action in Action::ALL {
        assert!(
            section.contains(&format!("`{}`", action.name())),
            "the README's Configuration does not list {}",
            action.name()
        );
    }
    for name in Theme::NAMES {
        assert!(section.contains(&format!("`{name}`")), "{name}");
    }
}

/// Keys rebound in the config file are the keys texts name: once installed at start, a
/// message names the user's key for an action, never the default that now does nothing.
#[test]
fn texts_name_the_keys_installed_at_start() {
    use crossterm::event::KeyEvent;
    use iln::demo::{self, DemoOptions};
    use iln::store::Store;
    use iln::tui::App;
    use iln::tui::features::Mode;
    use iln::tui::keys::{self, Context};

    // Nothing else in this test binary installs keys or names them.
    assert_eq!(keys::key(Context::Matches, Action::UndoDraft), "u");
    let overrides = vec![
        (Action::UndoDraft, vec![ch('z')]),
        (Action::RunMatch, vec![ch('M')]),
    ];
    let (table, problems) = Mode::key_table(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(keys::names::install(table));
    assert_eq!(keys::key(Context::Matches, Action::UndoDraft), "z");

    let mut store = Store::open_in_memory().unwrap();
    demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 40,
            seed: 3,
            ..DemoOptions::ready_to_match(demo_day())
        },
    )
    .unwrap();
    let mut app = App::new(store).with_keys(&overrides);
    let mut press = |c: char| {
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        app.do_pending_work();
    };
    press('3');
    press('x');
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("press M to match"), "{said}");
}

/// The day the demo data of these tests is made on.
fn demo_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}
