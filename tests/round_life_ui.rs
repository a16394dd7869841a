//! The round's life in the app, as a coordinator meets it in the demo program: the rematch
//! pool and its runs, an ended round's refusals, withdrawing before a partnership starts,
//! closing with invitations waiting, and long names in the problems list.

mod driver;

use std::time::{Duration, Instant};

use driver::{code, demo_app_with, screen, status_text, today, type_text};
use iln::demo::DemoOptions;
use iln::domain::{ApplicationStatus, PartnershipStatus, RoundStatus};
use iln::ops::matching::RunSummary;
use iln::ops::publish;
use iln::store::Store;
use iln::tui::App;
use iln::tui::kit::modal::Modal;

fn mid_life_options() -> DemoOptions {
    DemoOptions {
        applicants: 120,
        seed: 7,
        ..DemoOptions::on(today())
    }
}

fn mid_life() -> App {
    demo_app_with(mid_life_options())
}

fn round_named(app: &App, stage: RoundStatus) -> iln::domain::Round {
    round_at(app.store(), stage)
}

/// The demo's round at `stage` (it has one at each it shows).
fn round_at(store: &Store, stage: RoundStatus) -> iln::domain::Round {
    store
        .rounds()
        .unwrap()
        .into_iter()
        .find(|r| r.plan.status == stage)
        .unwrap()
}

fn wait_for_matching(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.is_matching() {
        assert!(Instant::now() < deadline, "matching did not finish");
        app.tick(Instant::now());
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn question(app: &App) -> (String, String) {
    match app.modal() {
        Some(Modal::Question(q)) => (q.title.clone(), q.text.clone()),
        _ => panic!("no question; status: {}", status_text(app)),
    }
}

/// Someone whose partner withdrew is said to be in the rematch pool, and a run over the
/// pool leaves the round's own figures (wishes met, the certificate) as the published run
/// left them.
#[test]
fn the_rematch_pool_says_why_and_its_run_keeps_the_rounds_figures() {
    let mut app = mid_life();
    let running = round_named(&app, RoundStatus::Active);
    assert_eq!(app.current_round().unwrap().id, running.id);
    let store = app.store();
    let left = store
        .partnerships(running.id)
        .unwrap()
        .into_iter()
        .find(|p| p.status == PartnershipStatus::EndedEarly)
        .unwrap();
    let waiting = left
        .members
        .iter()
        .map(|&m| store.application(m).unwrap())
        .find(|a| a.status == ApplicationStatus::Accepted)
        .unwrap();
    let before = RunSummary::last(store, running.id).unwrap().unwrap();

    // Their ended partnership and their row in the pool: the latter.
    type_text(&mut app, "3/");
    type_text(&mut app, &waiting.form.email);
    code(&mut app, crossterm::event::KeyCode::Enter);
    for _ in 0..3 {
        if app.matches().selected_partnership().is_none() {
            break;
        }
        type_text(&mut app, "j");
    }
    assert!(app.matches().selected_partnership().is_none());
    let seen = screen(&app, 120, 40);
    assert!(
        seen.contains("in the rematch pool: their partnership ended early on"),
        "{seen}"
    );

    type_text(&mut app, "m");
    wait_for_matching(&mut app);
    let after = RunSummary::last(app.store(), running.id).unwrap().unwrap();
    assert_eq!(
        after.wishes_stated,
        before.wishes_stated,
        "{}",
        status_text(&app)
    );
    assert_eq!(after.wishes_met, before.wishes_met);
    assert_eq!(after.certificate, before.certificate);
}

/// An ended round is only read: the cap and the round form are refused before any question
/// or form, and the hint bar does not offer them.
#[test]
fn an_ended_round_refuses_before_asking_and_offers_nothing_it_refuses() {
    let mut app = mid_life();
    let ended = round_named(&app, RoundStatus::Ended);
    type_text(&mut app, "1G");
    assert_eq!(app.current_round().unwrap().id, ended.id);
    let seen = screen(&app, 100, 30);
    let hints = seen.lines().last().unwrap();
    assert!(
        !hints.contains("apply cap") && !hints.contains("edit"),
        "{hints}"
    );

    type_text(&mut app, "c");
    assert!(app.modal().is_none());
    let said = status_text(&app);
    assert!(
        said.contains(&format!("{} has ended", ended.plan.name)),
        "{said}"
    );
    type_text(&mut app, "e");
    assert!(app.rounds().form().is_none());
    assert!(
        status_text(&app).contains("kept as it ran"),
        "{}",
        status_text(&app)
    );
}

/// Withdrawing someone whose partnership is published but has not begun calls it off,
/// and the question says so rather than calling it running.
#[test]
fn withdrawing_before_the_start_calls_the_partnership_off() {
    let mut store = Store::open_in_memory().unwrap();
    iln::demo::populate(
        &mut store,
        &DemoOptions {
            applicants: 40,
            seed: 3,
            ..DemoOptions::ready_to_match(today())
        },
    )
    .unwrap();
    let round = store.round_by_name("2027 A").unwrap();
    let prepared = iln::ops::matching::prepare(&store, round.id).unwrap();
    let outcome =
        iln::ops::matching::solve(&prepared, &mut |_| iln::engine::solver::Control::Continue)
            .unwrap();
    iln::ops::matching::save_draft(&mut store, round.id, &outcome, &prepared.draft).unwrap();
    let round = store.round(round.id).unwrap();
    let plan = publish::preview(&store, &round, today()).unwrap();
    publish::publish(&mut store, &plan).unwrap();
    let first = store.partnerships(round.id).unwrap()[0].clone();
    let member = store.application(first.members[0]).unwrap();

    let mut app = App::new(store).with_today(today());
    type_text(&mut app, "2/");
    type_text(&mut app, &member.form.email);
    code(&mut app, crossterm::event::KeyCode::Enter);
    type_text(&mut app, "w");
    let (title, text) = question(&app);
    assert_eq!(title, "Withdraw from a published partnership");
    assert!(
        text.contains("a partnership that starts on 2027-01-11")
            && text.contains("is called off today"),
        "{text}"
    );
}

/// Closing applications says how many invitations still wait for an answer.
#[test]
fn closing_says_how_many_invitations_wait() {
    let mut store = Store::open_in_memory().unwrap();
    iln::demo::populate(&mut store, &mid_life_options()).unwrap();
    let open = round_at(&store, RoundStatus::Open);
    let waiting = store
        .applications(open.id)
        .unwrap()
        .iter()
        .filter(|a| a.status == ApplicationStatus::Invited)
        .count();
    assert!(waiting > 1);
    // Every application decided, so that the round may close.
    let decided: Vec<_> = store
        .application_rows(open.id)
        .unwrap()
        .iter()
        .filter(|a| a.status == ApplicationStatus::Pending)
        .map(|a| (a.id, ApplicationStatus::Accepted))
        .collect();
    store.set_application_statuses(&decided, "test").unwrap();
    let mut app = App::new(store).with_today(today());

    type_text(&mut app, "1gs");
    assert_eq!(app.current_round().unwrap().id, open.id);
    let (_, text) = question(&app);
    assert!(
        text.contains(&format!("{waiting} invitations still wait for an answer")),
        "{text}"
    );
}

/// A problem whose names do not fit the list ends in an ellipsis; the names are whole in
/// the description under it.
#[test]
fn long_names_in_the_problems_list_end_in_an_ellipsis() {
    let mut app = mid_life();
    type_text(&mut app, "3!");
    let seen = screen(&app, 80, 24);
    let row = seen
        .lines()
        .find(|l| l.contains("follow up") && l.contains("overdue"))
        .unwrap_or_else(|| panic!("{seen}"));
    assert!(row.contains('…'), "{row}");
}

#[test]
fn an_open_round_whose_window_has_passed_shows_so_and_the_stage_question_lists_its_checks() {
    let mid_life = || {
        let mut store = Store::open_in_memory().unwrap();
        iln::demo::populate(&mut store, &DemoOptions::on(today())).unwrap();
        store
    };
    let store = mid_life();
    let open = round_at(&store, RoundStatus::Open);
    let on_round = |app: &mut App| {
        type_text(app, "1g");
        assert_eq!(app.current_round().unwrap().id, open.id);
    };
    // On the day its window closes: nothing to say.
    let mut app = App::new(store).with_today(open.plan.closes_on);
    on_round(&mut app);
    assert!(!screen(&app, 120, 30).contains("open!"));

    // Three days later the list marks it and the details say so; with nothing pending the
    // stage key asks, listing what it checked.
    let mut store = mid_life();
    for a in store.applications(open.id).unwrap() {
        if a.status == ApplicationStatus::Pending {
            store
                .set_application_status(a.id, a.version, ApplicationStatus::Accepted)
                .unwrap();
        }
    }
    let later = open.plan.closes_on + chrono::Days::new(3);
    let mut app = App::new(store).with_today(later);
    on_round(&mut app);
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("open!"), "{shown}");
    assert!(
        shown.contains(&format!(
            "applications closed on {} (3 days ago)",
            open.plan.closes_on
        )),
        "{shown}"
    );
    type_text(&mut app, "s");
    let Some(Modal::Question(q)) = app.modal() else {
        panic!("no question: {}", screen(&app, 120, 30))
    };
    assert!(
        q.text.contains("Checked:\n  ✓ no application pending"),
        "{}",
        q.text
    );
    assert!(
        q.text
            .contains(&format!("✓ its window closed on {}", open.plan.closes_on)),
        "{}",
        q.text
    );
}

/// The problems list is read in the order asked for: `o` lists the latest logged first, and
/// again goes back to the follow-ups due first.
#[test]
fn the_problems_list_switches_to_the_latest_logged_first_and_back() {
    let mut app = mid_life();
    type_text(&mut app, "3!");
    let due_first = screen(&app, 100, 30);
    assert!(
        due_first.contains("those to follow up first"),
        "{due_first}"
    );
    let first_row = |seen: &str| {
        seen.lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_else(|| panic!("{seen}"))
            .to_string()
    };
    assert!(first_row(&due_first).contains("Lei Liu"), "{due_first}");

    type_text(&mut app, "o");
    let latest_first = screen(&app, 100, 30);
    assert!(
        latest_first.contains("the latest logged first"),
        "{latest_first}"
    );
    assert!(
        first_row(&latest_first).contains("Anong Tan"),
        "{latest_first}"
    );
    assert!(
        latest_first.contains("o lists those to follow up first"),
        "{latest_first}"
    );

    type_text(&mut app, "o");
    assert_eq!(first_row(&screen(&app, 100, 30)), first_row(&due_first));
}
