//! How the app feels on a round of 100,000 applicants: opening, the first Applicants
//! frame, scrolling, filtering as you type, sorting, a status change and the Overview,
//! each drawn to an off-screen 200×50 terminal (where the Overview draws every chart
//! and the map). Prints the median of several runs.
//!
//! `cargo bench --bench tui`; `ILN_BIG_DB=FILE` reuses (or keeps) the 100,000-applicant
//! database, which takes some seconds to write; `ILN_BENCH_RUNS` sets the number of runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iln::demo::{self, DemoOptions};
use iln::store::Store;
use iln::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const APPLICANTS: usize = 100_000;

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    app.do_pending_work();
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// One run: every figure it measures, by name, in the order they are printed.
fn run(path: &Path) -> Vec<(&'static str, Duration)> {
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut out = Vec::new();
    let mut timed = |name, app: &mut App, keys: &[KeyCode], repeat: u32| {
        let t = Instant::now();
        for _ in 0..repeat {
            for &k in keys {
                press(app, k);
            }
            terminal.draw(|frame| app.render(frame)).expect("draw");
        }
        out.push((name, t.elapsed() / repeat));
    };
    let t = Instant::now();
    let mut app = App::new(Store::open(path).expect("open"));
    timed("draw the Rounds pane", &mut app, &[], 1);
    let open = t.elapsed();
    timed("first Applicants frame", &mut app, &[KeyCode::Char('2')], 1);
    timed(
        "scroll one row (j), with details",
        &mut app,
        &[KeyCode::Char('j')],
        200,
    );
    timed("page down", &mut app, &[KeyCode::PageDown], 50);
    press(&mut app, KeyCode::Char('/'));
    timed(
        "filter keystroke 'm' (all rows scanned)",
        &mut app,
        &[KeyCode::Char('m')],
        1,
    );
    timed(
        "filter keystroke 'a' (narrowing)",
        &mut app,
        &[KeyCode::Char('a')],
        1,
    );
    timed(
        "filter keystroke 'r' (narrowing)",
        &mut app,
        &[KeyCode::Char('r')],
        1,
    );
    timed(
        "filter backspace (rescan)",
        &mut app,
        &[KeyCode::Backspace],
        1,
    );
    press(&mut app, KeyCode::Esc);
    timed(
        "sort by the next column",
        &mut app,
        &[KeyCode::Char('s')],
        1,
    );
    timed("defer one application", &mut app, &[KeyCode::Char('d')], 1);
    timed("accept it again", &mut app, &[KeyCode::Char('a')], 1);
    timed(
        "open the Overview (figures and charts)",
        &mut app,
        &[KeyCode::Char('5')],
        1,
    );
    // The ended round, whose 30,000 partnerships fill the charts and the map.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('j'));
    timed(
        "the Overview of the ended round",
        &mut app,
        &[KeyCode::Char('5')],
        1,
    );
    out.insert(0, ("open: store, app and first frame", open));
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = std::env::var_os("ILN_BIG_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("big.db"));
    let mut store = Store::open(&path).expect("open");
    if store.is_empty().expect("read") {
        let t = Instant::now();
        demo::populate(
            &mut store,
            &DemoOptions {
                applicants: APPLICANTS,
                ..DemoOptions::ready_to_match(iln::clock::today())
            },
        )
        .expect("demo data");
        println!("demo data for {APPLICANTS} applicants: {:.2?}", t.elapsed());
    }
    drop(store);
    let runs: usize = std::env::var("ILN_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let all: Vec<_> = (0..runs).map(|_| run(&path)).collect();
    println!("median of {runs} runs, {APPLICANTS} applicants, 200×50 terminal:");
    for (i, (name, _)) in all[0].iter().enumerate() {
        let m = median(all.iter().map(|r| r[i].1).collect());
        println!("  {name:<42} {m:>10.2?}");
    }
}
