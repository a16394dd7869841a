//! What a store command changed, so that the views showing it are read again, and nothing
//! else is.

use std::ops::{BitOr, BitOrAssign};

/// A set of the kinds of record a command changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Changes(u8);

impl Changes {
    pub const NONE: Changes = Changes(0);
    /// Rounds: their plan, status and matching settings.
    pub const ROUNDS: Changes = Changes(1);
    /// People and their applications (imports, statuses, the cap).
    pub const APPLICATIONS: Changes = Changes(1 << 1);
    /// Partnerships, drafts and their history, problems, forbidden pairs, run summaries.
    pub const PARTNERSHIPS: Changes = Changes(1 << 2);
    /// Topics and the unsaved text kept for them.
    pub const TOPICS: Changes = Changes(1 << 3);
    /// Anything: what another program changed in the file cannot be told apart.
    pub const ALL: Changes = Changes(0b1111);

    /// The kinds, in the order of their bits, by the names `change_counts` keeps them under.
    pub const KINDS: [(Changes, &'static str); 4] = [
        (Changes::ROUNDS, "rounds"),
        (Changes::APPLICATIONS, "applications"),
        (Changes::PARTNERSHIPS, "partnerships"),
        (Changes::TOPICS, "topics"),
    ];

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether any kind in `other` is in this set.
    pub fn touches(self, other: Changes) -> bool {
        self.0 & other.0 != 0
    }
}

impl BitOr for Changes {
    type Output = Changes;

    fn bitor(self, other: Changes) -> Changes {
        Changes(self.0 | other.0)
    }
}

impl BitOrAssign for Changes {
    fn bitor_assign(&mut self, other: Changes) {
        self.0 |= other.0;
    }
}

#[cfg(test)]
mod tests {
    use super::Changes;

    #[test]
    fn sets_combine_and_intersect() {
        let c = Changes::ROUNDS | Changes::TOPICS;
        assert!(c.touches(Changes::TOPICS));
        assert!(!c.touches(Changes::APPLICATIONS | Changes::PARTNERSHIPS));
        assert!(Changes::ALL.touches(Changes::PARTNERSHIPS));
        assert!(Changes::NONE.is_empty() && !Changes::NONE.touches(Changes::ALL));
    }
}
