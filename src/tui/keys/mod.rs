//! Actions and the key table: which keys do what where, under which condition, and how
//! much each matters in the hint bar; a user's config may rebind actions.

pub mod action;
pub mod key;
pub mod names;
pub mod table;

pub use action::Action;
pub use key::Key;
pub use names::key;
pub use table::{Condition, Context, KeyTable};
