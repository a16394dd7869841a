//! What a coordinator can ask the app to do. Keys map to actions through the key map
//! ([`super::keymap`]); the app's update step only ever sees actions.

/// Declares [`Action`] with a list of every variant, so that tests can check that each one
/// is bound to a key somewhere.
macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $name,)+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$name,)+];
        }
    };
}

actions! {
    /// Leave at once, whatever is open (Ctrl-C).
    ForceQuit,
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
    ApplyCap,
    SortNext,
    SortReverse,
    Accept,
    Defer,
    Withdraw,
    MarkPending,
    Import,
    LoadDemo,
    /// Import again, taking the valid rows and writing the others to a rejects file.
    ImportValidOnly,
    NextField,
    PrevField,
    Save,
    /// Answer yes to a question, or submit a prompt.
    Confirm,
    Cancel,
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
    CancelMatch,
    /// Sort the pairs by score, or back to the order they were made in.
    SortByScore,
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
    EndEarly,
    EditWeights,
    ShowReadiness,
}
