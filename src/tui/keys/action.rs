//! What a coordinator can ask the app to do. Keys map to actions through the key table
//! ([`super::table`]); the app's update step only ever sees actions. Each action has a
//! kebab-case name (`run-match`) by which a config file gives it other keys.

/// Declares [`Action`] with a list of every variant, so that tests can check that each one
/// is bound to a key somewhere, and with each one's name for the config file: the variant in
/// kebab case (`RunMatch` is `run-match`), worked out when compiling.
macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $name,)+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$name,)+];

            /// The action's name in the config file: `run-match`, `publish-draft`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Action::$name => {
                        const CAMEL: &str = stringify!($name);
                        const BYTES: [u8; kebab_len(CAMEL)] = kebab(CAMEL);
                        const NAME: &str = match std::str::from_utf8(&BYTES) {
                            Ok(name) => name,
                            Err(_) => panic!("an action name is ASCII"),
                        };
                        NAME
                    })+
                }
            }
        }
    };
}

/// The length of `RunMatch` written `run-match`: one dash before each inner capital.
const fn kebab_len(camel: &str) -> usize {
    let bytes = camel.as_bytes();
    let mut len = bytes.len();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            len += 1;
        }
        i += 1;
    }
    len
}

/// `RunMatch` as `run-match`, in an array of exactly [`kebab_len`] bytes.
const fn kebab<const N: usize>(camel: &str) -> [u8; N] {
    let bytes = camel.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut o) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_uppercase() {
            if i > 0 {
                out[o] = b'-';
                o += 1;
            }
            out[o] = b.to_ascii_lowercase();
        } else {
            out[o] = b;
        }
        o += 1;
        i += 1;
    }
    out
}

impl Action {
    /// The action a config file names (`run-match`), if there is one.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

actions! {
    /// Leave at once, whatever is open (Ctrl-C).
    ForceQuit,
    /// Stop for now and give the terminal back to the shell (`fg` brings iln back).
    Suspend,
    Quit,
    ShowHelp,
    /// Close a popup that only shows something (help, messages).
    Close,
    NextPane,
    PrevPane,
    ShowRounds,
    ShowApplicants,
    ShowMatches,
    ShowTopics,
    ShowOverview,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Scroll the detail text of the selected item.
    DetailUp,
    DetailDown,
    StartFilter,
    ClearFilter,
    /// Stop typing and keep the filter.
    KeepFilter,
    NewRound,
    EditRound,
    /// Move the selected round to its next stage.
    AdvanceStage,
    /// A new round after the selected one, inviting its deferred and unmatched.
    NextRound,
    ApplyCap,
    SortNext,
    SortReverse,
    Accept,
    Defer,
    Withdraw,
    MarkPending,
    /// Type in an application that came some other way than the survey.
    AddApplication,
    /// Correct a field of an application.
    EditApplication,
    /// Delete an application entered by mistake.
    DeleteApplication,
    /// The program's list of interests, where two spellings are merged.
    Interests,
    /// Hold the selected applicant accepted or deferred against the country cap.
    HoldCap,
    Import,
    LoadDemo,
    /// Import again, taking the valid rows and writing the others to a rejects file.
    ImportValidOnly,
    NextField,
    PrevField,
    Save,
    /// Submit a prompt, or take the highlighted choice.
    Confirm,
    /// Close a prompt, a list or a form without taking anything.
    Cancel,
    /// Answer a question yes.
    Yes,
    /// Answer a question no.
    No,
    CompletePath,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteBack,
    DeleteForward,
    ClearText,
    /// Open the selected topic in the editor.
    EditTopic,
    /// Add empty topic slots on the dates of a cadence.
    PlanTopics,
    AddTopicSlot,
    MoveTopic,
    RemoveTopic,
    /// Mark a topic ready, or set a ready one back to draft.
    ToggleReady,
    /// Mark a topic published today, or take the mark back.
    TogglePublished,
    /// Fill a slot with a topic from the library.
    InsertLibraryTopic,
    ExportTopics,
    /// Write a table of the round, or its messages, out as files.
    ExportRecords,
    /// Edit one of the program's message templates.
    EditTemplates,
    /// Send the round's messages of a kind through an SMTP server.
    SendMessages,
    /// Set where the selected topic's post is published.
    SetPostLink,
    /// Write the selected topic's e-mails to participants out as mail files.
    MailTopic,
    /// Switch the editor between the fields and the rendered post.
    TogglePreview,
    /// Undo and redo typing in the topic editor.
    Undo,
    Redo,
    /// Undo and redo a change to a round's draft matching.
    UndoDraft,
    RedoDraft,
    WordLeft,
    WordRight,
    DeleteWordBack,
    NewLine,
    /// Match the round's accepted applicants in the background.
    RunMatch,
    /// Stop the pane's work in the background: matching, or an import.
    StopWork,
    /// Sort the pairs by score, or back to the order they were made in.
    SortByScore,
    /// List a list's choices in its other order (the open problems by date logged, or by
    /// follow-up).
    Reorder,
    /// Lock a draft pair so that matching again keeps it, or unlock it.
    ToggleLock,
    /// The best allowed partners of the selected person, to pair them by hand.
    ShowCandidates,
    /// Switch the candidate list to another member of the selected pair.
    NextPerson,
    Unpair,
    ForbidPair,
    PublishDraft,
    LogProblem,
    /// The round's open problems, to settle one.
    ShowProblems,
    EndEarly,
    EditWeights,
    ShowReadiness,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_kebab_case() {
        assert_eq!(Action::RunMatch.name(), "run-match");
        assert_eq!(Action::PublishDraft.name(), "publish-draft");
        assert_eq!(Action::Quit.name(), "quit");
        assert_eq!(Action::ForceQuit.name(), "force-quit");
        for a in Action::ALL {
            let name = a.name();
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
            assert!(!name.starts_with('-') && !name.ends_with('-') && !name.contains("--"));
            // The name is the variant's own, so it says the same thing.
            assert_eq!(name.replace('-', ""), format!("{a:?}").to_lowercase());
        }
    }

    #[test]
    fn names_are_unique_and_read_back() {
        let mut seen = HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.name()), "{} twice", a.name());
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        assert_eq!(Action::from_name("RunMatch"), None);
        assert_eq!(Action::from_name("publis-draft"), None);
        assert_eq!(Action::from_name(""), None);
    }
}
