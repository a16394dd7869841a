//! The terminal side: set the terminal up, read events, draw when something changed, and
//! put the terminal back however the app ends.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::cursor::MoveTo;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use super::app::App;
use crate::config::Config;
use crate::store::{Store, Wait};
use crate::tui::keys;
use crate::tui::kit::theme;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}

/// How long to wait for input before checking again: this bounds how late the editor's
/// unsaved text is kept (see [`App::tick`]) and how stale a frame can get.
const POLL: Duration = Duration::from_millis(250);

/// Puts the terminal back when dropped: on a normal return and on an early `?` return.
/// (A panic is covered by the hook `ratatui::try_init` installs, which restores the
/// terminal before the panic message prints.)
struct RestoreTerminal;

impl Drop for RestoreTerminal {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

/// Set when something was written to the screen behind ratatui's back (the notice of a
/// wait), so that the next frame draws all of it.
static SCREEN_TOUCHED: AtomicBool = AtomicBool::new(false);

/// Shows, on the bottom row, that a write waits for another: the screen thread is held
/// until it ends, and a frozen screen must say why. Written straight to the terminal, as
/// the app is in the middle of a key.
fn show_wait(wait: Wait) {
    let Ok((columns, rows)) = crossterm::terminal::size() else {
        return;
    };
    let text = format!(
        " Waiting {:.1} s (up to {} s) for another write: another iln, or an import here… ",
        wait.waited.as_secs_f64(),
        wait.limit.as_secs()
    );
    let text: String = text.chars().take(usize::from(columns)).collect();
    let _ = crossterm::execute!(
        std::io::stdout(),
        MoveTo(0, rows.saturating_sub(1)),
        Clear(ClearType::CurrentLine),
        SetAttribute(Attribute::Reverse),
        Print(text),
        SetAttribute(Attribute::Reset)
    );
    SCREEN_TOUCHED.store(true, Ordering::Relaxed);
}

/// Makes the next frame draw the whole screen afresh. A new terminal knows nothing of what
/// the screen showed, so its first frame draws all of it (`Terminal::clear` would ask the
/// terminal where its cursor is, which not every terminal answers).
fn redraw_all(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    crossterm::execute!(std::io::stdout(), Clear(ClearType::All))?;
    *terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    Ok(())
}

/// Gives the terminal back to the shell, stops the process as a shell's Ctrl-Z would, and
/// when the shell resumes it (`fg`) takes the terminal again and redraws all of it.
fn suspend_until_resumed(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    crossterm::execute!(std::io::stdout(), DisableBracketedPaste)?;
    ratatui::restore();
    // Stops here, with SIGTSTP's default action; execution goes on after `fg`.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    redraw_all(terminal)
}

/// Runs the full-screen app over `store` until the user quits, with the user's `config`:
/// its theme is installed, and what was wrong with it shows in the status line.
pub fn run(store: Store, config: Config) -> Result<(), TuiError> {
    let notice = config.notice();
    theme::install(config.theme);
    let mut app = App::new(store).with_keys(&config.keys);
    app.follow_calendar();
    keys::names::install(app.key_table().clone());
    if let Some(notice) = notice {
        app = app.with_config_notice(notice);
    }
    // A signal to stop (the window closed, kill, Ctrl-\\) ends the app as q does: the
    // editor's text kept, the terminal put back.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // A stop from outside (kill -TSTP) is taken as Ctrl-Z is, with the terminal put back.
    let suspend = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend))?;
    // (When input comes from elsewhere, the terminal is read through /dev/tty.)
    let on_terminal = std::io::stdin().is_terminal();
    let mut terminal = ratatui::try_init()?;
    let _restore = RestoreTerminal;
    // Pasted text arrives as one event, so its line breaks and letters are never read as
    // keys (a pasted "y" must not answer a question).
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    crate::store::on_wait(show_wait);
    let mut dirty = true;
    while !app.should_quit() {
        // A terminal that hung up is no terminal any more, and its hang-up signal does not
        // always reach iln: stop as on SIGHUP.
        if stop.load(Ordering::Relaxed) || (on_terminal && !std::io::stdin().is_terminal()) {
            app.stop();
            break;
        }
        if suspend.swap(false, Ordering::Relaxed) || app.wants_suspend() {
            app.pause();
            suspend_until_resumed(&mut terminal)?;
            dirty = true;
        }
        if SCREEN_TOUCHED.swap(false, Ordering::Relaxed) {
            redraw_all(&mut terminal)?;
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        // Slow work runs after the frame that says it has started.
        if app.has_pending_work() {
            app.do_pending_work();
            dirty = true;
            continue;
        }
        dirty |= app.tick(Instant::now());
        // A signal interrupts the wait: the loop then sees the flag.
        match event::poll(POLL) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
        // Handle every event already waiting before drawing again, so that a burst of
        // keys (a held j, a paste) costs one frame, not one per key.
        loop {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    dirty |= app.handle_key(key);
                }
                Event::Paste(text) => dirty |= app.paste(&text),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
            if app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}
