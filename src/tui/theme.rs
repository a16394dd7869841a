//! The named styles of the app, in one place so that panes never pick colours themselves.
//! Colours are the terminal's sixteen named ones, so the app follows the user's palette.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{ApplicationStatus, PartnershipStatus, RoundStatus, TopicStatus};

pub struct Theme {
    /// The app name in the top bar.
    pub brand: Style,
    pub tab: Style,
    pub tab_active: Style,
    /// Titles of panes and popups.
    pub title: Style,
    pub border: Style,
    pub border_popup: Style,
    /// Column headers of tables.
    pub header: Style,
    /// The selected row of a list.
    pub selected: Style,
    /// Labels in detail views and forms.
    pub label: Style,
    /// Secondary text: counts, hints, empty states.
    pub muted: Style,
    /// A key in the hint bar and help.
    pub key: Style,
    pub info: Style,
    pub error: Style,
    /// A text field being edited.
    pub input: Style,
    /// A form field that is not focused.
    pub input_idle: Style,
    /// Matched text, the filter line.
    pub filter: Style,
}

pub const THEME: Theme = Theme {
    brand: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    tab: Style::new(),
    tab_active: Style::new()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD.union(Modifier::REVERSED)),
    title: Style::new().add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::DarkGray),
    border_popup: Style::new().fg(Color::Cyan),
    header: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    label: Style::new().fg(Color::Cyan),
    muted: Style::new().fg(Color::DarkGray),
    key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    info: Style::new().fg(Color::Green),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    input: Style::new().add_modifier(Modifier::UNDERLINED),
    input_idle: Style::new().add_modifier(Modifier::DIM),
    filter: Style::new().fg(Color::Yellow),
};

impl Theme {
    pub fn application_status(&self, status: ApplicationStatus) -> Style {
        match status {
            ApplicationStatus::Pending => Style::new().fg(Color::Blue),
            ApplicationStatus::Accepted => Style::new().fg(Color::Green),
            ApplicationStatus::Deferred => Style::new().fg(Color::Yellow),
            ApplicationStatus::Withdrawn => self.muted,
        }
    }

    pub fn round_status(&self, status: RoundStatus) -> Style {
        match status {
            RoundStatus::Open => Style::new().fg(Color::Green),
            RoundStatus::Closed => Style::new().fg(Color::Yellow),
            RoundStatus::Matching => Style::new().fg(Color::Magenta),
            RoundStatus::Active => Style::new().fg(Color::Cyan),
            RoundStatus::Ended => self.muted,
        }
    }

    pub fn partnership_status(&self, status: PartnershipStatus) -> Style {
        match status {
            PartnershipStatus::Draft => Style::new().fg(Color::Yellow),
            PartnershipStatus::Active => Style::new().fg(Color::Green),
            PartnershipStatus::Ended => self.muted,
            PartnershipStatus::EndedEarly => Style::new().fg(Color::Red),
        }
    }

    pub fn topic_status(&self, status: TopicStatus) -> Style {
        match status {
            TopicStatus::Empty => self.muted,
            TopicStatus::Draft => Style::new().fg(Color::Yellow),
            TopicStatus::Ready => Style::new().fg(Color::Cyan),
            TopicStatus::Published => Style::new().fg(Color::Green),
        }
    }
}
