//! Leaf widgets and text helpers every pane uses: lists, text fields, the theme, layout
//! pieces, popup boxes and the generic modals. Nothing here knows a pane.

pub mod edit_field;
pub mod layout;
pub mod list_view;
pub mod modal;
pub mod popup;
pub mod text;
pub mod text_input;
pub mod theme;
