//! Drawing the app: the tab bar, the focused pane or the welcome screen, the open popup, the
//! status line and the hint bar.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::{App, Screen};
use super::chrome;
use crate::domain::{Round, RoundPlan};
use crate::tui::features::Mode;
use crate::tui::features::welcome::WelcomeView;
use crate::tui::kit::text::{guard, wrap};
use crate::tui::kit::theme::THEME;

impl App {
    /// Draws the whole app and places the terminal cursor in the field being typed in.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let cursor = self.draw(area, frame.buffer_mut());
        guard(frame.buffer_mut());
        if let Some(cursor) = cursor {
            frame.set_cursor_position(cursor);
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        self.last_size.set(Some(area));
        if chrome::is_too_small(area) {
            let typing = self.mode() == Mode::TooSmallTyping;
            chrome::render_too_small(area, typing, buf);
            return None;
        }
        // A long message takes up to three lines rather than being cut off.
        // A long message (an import's summary with its rejects file) takes up to a quarter
        // of the screen while it shows, rather than losing its end.
        let status_height = self.status.as_ref().map_or(1, |s| {
            let most = (area.height / 4).max(3) as usize;
            wrap(&s.text, area.width.saturating_sub(2) as usize, 0)
                .len()
                .clamp(1, most) as u16
        });
        let [top, body, status, hints] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_height),
            Constraint::Length(1),
        ]));
        let mut cursor = None;
        match self.screen {
            Screen::Welcome => {
                let db = self.store.path().map(|p| {
                    Line::from(vec![
                        Span::styled("database ", THEME.muted),
                        Span::raw(p.display().to_string()),
                        Span::raw(" "),
                    ])
                });
                chrome::render_tabs(None, db, top, buf);
                let rounds: Vec<Round> = self
                    .features
                    .rounds
                    .all()
                    .iter()
                    .map(|f| f.round.clone())
                    .collect();
                let import_round = RoundPlan::starting("", self.today)
                    .named_among(&rounds)
                    .name;
                WelcomeView {
                    demo_applicants: self.features.welcome.demo_options(self.today).applicants,
                    import_round: &import_round,
                }
                .render(body, buf);
                // A new round's form opens over the welcome screen.
                if let Some(form) = self.features.rounds.form() {
                    cursor = form.render(body, buf);
                }
            }
            Screen::Panes => {
                let round = self.current_round().map(|r| {
                    Line::from(vec![
                        Span::styled("round ", THEME.muted),
                        Span::styled(r.plan.name.clone(), THEME.title),
                        Span::styled(" · ", THEME.muted),
                        Span::styled(r.plan.status.code(), THEME.round_status(r.plan.status)),
                        Span::raw(" "),
                    ])
                });
                chrome::render_tabs(Some(self.focus), round, top, buf);
                cursor = self.features.get(self.focus).render(body, buf);
            }
        }
        if let Some(modal) = &self.modal {
            cursor = modal.render(body, buf);
        }
        chrome::render_status(
            self.status.as_ref().map(|s| (s.text.as_str(), s.is_error)),
            status,
            buf,
        );
        let (own, shared) = self.keys.hints(self.mode().contexts(), |c| self.holds(c));
        chrome::render_hints(&own, &shared, hints, buf);
        cursor
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(area, buf);
    }
}
