//! The keys that messages and screens name ("u undoes"): those of the key table installed at
//! start, with the user's overrides from the config file, or the defaults. Like the theme, it
//! is installed once and read everywhere, so a text never names a key that does something
//! else.

use std::sync::{LazyLock, OnceLock};

use super::{Action, Context, KeyTable};

static INSTALLED: OnceLock<KeyTable> = OnceLock::new();
static DEFAULTS: LazyLock<KeyTable> = LazyLock::new(KeyTable::default);

/// Makes `table` the one [`key`] names keys from, for the rest of the program. Only the
/// first call counts: it says whether this one did.
pub fn install(table: KeyTable) -> bool {
    INSTALLED.set(table).is_ok()
}

/// The key to name for `action` in a text about `context`: its first key there, as the hint
/// bar shows it.
pub fn key(context: Context, action: Action) -> String {
    let name = INSTALLED
        .get()
        .unwrap_or(&DEFAULTS)
        .first_key(context, action);
    debug_assert!(!name.is_empty(), "{action:?} has no key in {context:?}");
    name
}
