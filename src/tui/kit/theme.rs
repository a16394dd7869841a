//! The named styles of the app, in one place so that panes never pick colours themselves.
//! Colours are the terminal's sixteen named ones, so the app follows the user's palette;
//! the config file may give any named style another colour ([`install`], at start).

use std::ops::Deref;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{ApplicationStatus, PartnershipStatus, RoundStatus, TopicStatus};

/// Declares [`Theme`] with the names of its styles, so that the config file can set any of
/// them by its field name without a second list to keep in step.
macro_rules! theme_styles {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Theme {
            $($(#[$doc])* pub $name: Style,)+
        }

        impl Theme {
            /// The names of the styles, as the config file's `[theme]` writes them.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)+];

            /// The style of that name, to change it.
            pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)+
                    _ => None,
                }
            }
        }
    };
}

theme_styles! {
    /// The app name in the top bar.
    brand,
    tab,
    tab_active,
    /// Titles of panes and popups.
    title,
    border,
    border_popup,
    /// Column headers of tables.
    header,
    /// The selected row of a list.
    selected,
    /// Labels in detail views and forms.
    label,
    /// Secondary text: counts, hints, empty states.
    muted,
    /// A key in the hint bar and help.
    key,
    info,
    error,
    /// A text field being edited.
    input,
    /// A form field that is not focused.
    input_idle,
    /// Matched text, the filter line.
    filter,
}

/// The styles iln ships with.
pub const DEFAULT_THEME: Theme = Theme {
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

/// The theme in use: [`DEFAULT_THEME`] unless another was installed at start. Reads as a
/// [`Theme`] (`THEME.key`, `THEME.round_status(…)`).
pub static THEME: Installed = Installed;

static INSTALLED: OnceLock<Theme> = OnceLock::new();

/// The handle behind [`THEME`].
pub struct Installed;

impl Deref for Installed {
    type Target = Theme;

    fn deref(&self) -> &Theme {
        INSTALLED.get().unwrap_or(&DEFAULT_THEME)
    }
}

/// Makes `theme` the one [`THEME`] reads, for the rest of the program (the user's config,
/// at start). Only the first call counts: it says whether this one did.
pub fn install(theme: Theme) -> bool {
    INSTALLED.set(theme).is_ok()
}

impl Theme {
    pub fn application_status(&self, status: ApplicationStatus) -> Style {
        match status {
            ApplicationStatus::Pending => Style::new().fg(Color::Blue),
            ApplicationStatus::Accepted => Style::new().fg(Color::Green),
            ApplicationStatus::Deferred => Style::new().fg(Color::Yellow),
            ApplicationStatus::Withdrawn => self.muted,
            ApplicationStatus::Invited => Style::new().fg(Color::Magenta),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_is_found_by_its_name() {
        let mut theme = DEFAULT_THEME;
        assert_eq!(Theme::NAMES.len(), 16);
        for name in Theme::NAMES {
            let style = theme.style_mut(name).unwrap();
            *style = style.fg(Color::Indexed(208));
        }
        assert_eq!(theme.brand.fg, Some(Color::Indexed(208)));
        assert_eq!(theme.filter.fg, Some(Color::Indexed(208)));
        // The rest of a style stays.
        assert_eq!(theme.key.add_modifier, DEFAULT_THEME.key.add_modifier);
        assert!(theme.style_mut("brnad").is_none());
    }
}
