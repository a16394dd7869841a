//! Key bindings as data: which keys trigger which action in which place, when each one
//! does something (its condition, which the hint bar follows), and how much it matters when
//! the hint bar is short of room (its rank). The help popup and the hint bar are generated
//! from this table, so they cannot drift from what the keys do; a user's config file may
//! give an action other keys ([`KeyTable::new`]).

use std::collections::HashMap;

use crossterm::event::KeyCode;

use super::action::Action;
use super::key::*;

/// A group of bindings that are active together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Always,
    Welcome,
    /// Any of the four panes, when no popup is open and nothing is being typed.
    Panes,
    Rounds,
    Applicants,
    Matches,
    /// A pane while its work runs in the background: matching, or an import.
    Working,
    Topics,
    Overview,
    /// Writing a topic.
    Editor,
    /// The rendered post, from the editor.
    Preview,
    /// Choosing one of a list (a cadence, a library topic).
    Picker,
    DatePrompt,
    /// The candidate partners of one person.
    Candidates,
    /// The round's matching weights and rules.
    Weights,
    /// The import assistant: the columns and answers of a file before it is imported.
    Assistant,
    /// A one-line text prompt (a problem's note, why a partnership ends).
    TextPrompt,
    /// Typing a filter.
    Filter,
    /// Typing in any text field.
    TextEdit,
    RoundForm,
    PathPrompt,
    Help,
    Messages,
    Question,
    TooSmall,
}

impl Context {
    pub const ALL: [Context; 24] = [
        Context::Always,
        Context::Welcome,
        Context::Panes,
        Context::Rounds,
        Context::Applicants,
        Context::Matches,
        Context::Working,
        Context::Topics,
        Context::Editor,
        Context::Preview,
        Context::Picker,
        Context::DatePrompt,
        Context::Candidates,
        Context::Weights,
        Context::Assistant,
        Context::TextPrompt,
        Context::Filter,
        Context::TextEdit,
        Context::RoundForm,
        Context::PathPrompt,
        Context::Help,
        Context::Messages,
        Context::Question,
        Context::TooSmall,
    ];

    /// The heading of this context's section in the help.
    pub fn title(self) -> &'static str {
        match self {
            Context::Always => "Everywhere",
            Context::Welcome => "Welcome screen",
            Context::Panes => "All panes",
            Context::Rounds => "Rounds",
            Context::Applicants => "Applicants",
            Context::Matches => "Matches",
            Context::Working => "While matching or importing",
            Context::Topics => "Topics",
            Context::Overview => "Overview",
            Context::Editor => "Topic editor",
            Context::Preview => "Topic preview",
            Context::Picker => "Choosing from a list",
            Context::DatePrompt => "Date prompt",
            Context::Candidates => "Candidate partners",
            Context::Weights => "Matching weights and rules",
            Context::Assistant => "Import assistant",
            Context::TextPrompt => "Text prompt",
            Context::Filter => "While typing a filter",
            Context::TextEdit => "Editing text",
            Context::RoundForm => "Round form",
            Context::PathPrompt => "File prompt",
            Context::Help => "This help",
            Context::Messages => "Messages and import problems",
            Context::Question => "Questions",
            Context::TooSmall => "Terminal too small",
        }
    }
}

/// What must hold for a binding to do something now. The hint bar offers a key only while
/// its condition holds; pressed anyway, the pane says why nothing happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    /// A round is selected (Rounds) or shown (the other panes).
    RoundShown,
    /// The round shown has not ended: it can still change.
    RoundNotEnded,
    ApplicationSelected,
    /// A draft pair or trio is selected.
    DraftSelected,
    /// A running partnership is selected.
    ActiveSelected,
    /// A row the matcher may still pair is selected: a draft group or an unmatched person.
    OpenRowSelected,
    CanUndoDraft,
    CanRedoDraft,
    /// The round has a draft to publish.
    HasDraft,
    /// The list has rows to sort.
    HasRows,
    /// Some problem of the round is open.
    OpenProblems,
    TopicSelected,
    TopicNotPublished,
    /// The selected topic has text (it can be published).
    TopicHasText,
    /// Some topic of the round has text to export.
    TopicsToExport,
    /// The message list offers to import the valid rows only.
    RetryOffered,
    /// The list of choices has another order.
    ReorderOffered,
}

/// The rank of a binding that says nothing about it: after the ones that do.
const USUAL: u8 = 5;

pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: &'static [Key],
    /// What the keys do, for the help.
    pub help: &'static str,
    /// A word or two for the hint bar; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
    /// Lower comes first in the hint bar and stays longest when it is short of room.
    pub rank: u8,
    /// When the binding does something; `None` for always.
    pub when: Option<Condition>,
}

const fn bind(
    context: Context,
    action: Action,
    keys: &'static [Key],
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        action,
        keys,
        help,
        hint,
        rank: USUAL,
        when: None,
    }
}

impl Binding {
    const fn rank(mut self, rank: u8) -> Binding {
        self.rank = rank;
        self
    }

    const fn when(mut self, condition: Condition) -> Binding {
        self.when = Some(condition);
        self
    }
}

use Action as A;
use Condition as If;
use Context as C;

/// Every binding of the app.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(C::Always, A::ForceQuit, &[ctrl('c')], "quit at once", None),
    // Welcome screen.
    bind(C::Welcome, A::LoadDemo, &[ch('d')], "load demo data to look around", Some("demo data")),
    bind(C::Welcome, A::Import, &[ch('i')], "import applications from a survey export", Some("import")),
    bind(C::Welcome, A::NewRound, &[ch('n')], "create a new round", Some("new round")),
    bind(C::Welcome, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Welcome, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Where nothing is being written: in the editor Ctrl-Z undoes, as writers expect.
    bind(C::Welcome, A::Suspend, &[ctrl('z')], "suspend iln; fg in the shell brings it back", None),
    // Every pane.
    bind(C::Panes, A::NextPane, &[TAB], "next pane", Some("panes")),
    bind(C::Panes, A::PrevPane, &[BACK_TAB], "previous pane", None),
    bind(C::Panes, A::Suspend, &[ctrl('z')], "suspend iln; fg in the shell brings it back", None),
    bind(C::Panes, A::ShowRounds, &[ch('1')], "Rounds pane", None),
    bind(C::Panes, A::ShowApplicants, &[ch('2')], "Applicants pane", None),
    bind(C::Panes, A::ShowMatches, &[ch('3')], "Matches pane", None),
    bind(C::Panes, A::ShowTopics, &[ch('4')], "Topics pane", None),
    bind(C::Panes, A::ShowOverview, &[ch('5')], "Overview pane: the round at a glance", None),
    bind(C::Panes, A::Up, &[ch('k'), UP], "move up", None),
    bind(C::Panes, A::Down, &[ch('j'), DOWN], "move down", None),
    bind(C::Panes, A::Top, &[ch('g'), HOME], "go to the first row", None),
    bind(C::Panes, A::Bottom, &[ch('G'), END], "go to the last row", None),
    bind(C::Panes, A::PageUp, &[PAGE_UP, ctrl('b')], "one page up", None),
    bind(C::Panes, A::PageDown, &[PAGE_DOWN, ctrl('f')], "one page down", None),
    bind(C::Panes, A::StartFilter, &[ch('/')], "filter the list as you type", Some("filter")),
    bind(C::Panes, A::ClearFilter, &[ESC], "clear the filter", None),
    bind(C::Panes, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Panes, A::Quit, &[ch('q')], "quit", Some("quit")),
    // Rounds.
    bind(C::Rounds, A::NewRound, &[ch('n')], "new round", Some("new")),
    bind(C::Rounds, A::EditRound, &[ch('e'), ENTER], "edit the selected round", Some("edit")).when(If::RoundNotEnded),
    bind(C::Rounds, A::NextRound, &[ch('N')], "a new round after the selected one, inviting those it deferred, left unmatched or ended early", None).when(If::RoundShown),
    bind(C::Rounds, A::AdvanceStage, &[ch('s')], "move the selected round to its next stage (after a question listing its checks)", Some("next stage")).rank(2).when(If::RoundNotEnded),
    bind(C::Rounds, A::ExportRecords, &[ch('x')], "write the selected round out: its figures, or its applications, partnerships, problems or topics as tables", Some("export")).when(If::RoundShown),
    bind(C::Rounds, A::ApplyCap, &[ch('c')], "apply the country cap to the selected round", Some("apply cap")).when(If::RoundNotEnded),
    // Applicants.
    bind(C::Applicants, A::Accept, &[ch('a')], "accept the selected application", Some("accept")).rank(2).when(If::ApplicationSelected),
    bind(C::Applicants, A::Defer, &[ch('d')], "defer it to the next round", Some("defer")).rank(2).when(If::ApplicationSelected),
    bind(C::Applicants, A::Withdraw, &[ch('w')], "mark it withdrawn", Some("withdraw")).rank(2).when(If::ApplicationSelected),
    bind(C::Applicants, A::MarkPending, &[ch('p')], "set it back to pending", Some("pending")).when(If::ApplicationSelected),
    bind(C::Applicants, A::AddApplication, &[ch('n')], "add an application by hand", None).when(If::RoundShown),
    bind(C::Applicants, A::EditApplication, &[ch('e'), ENTER], "correct a field of the selected application", Some("edit")).when(If::ApplicationSelected),
    bind(C::Applicants, A::DeleteApplication, &[ch('D'), DELETE], "delete the selected application, entered by mistake", None).when(If::ApplicationSelected),
    bind(C::Applicants, A::HoldCap, &[ch('o')], "hold the selected applicant accepted or deferred whatever the country cap says", None).when(If::ApplicationSelected),
    bind(C::Applicants, A::Interests, &[ch('I')], "the program's interests, with counts; merge two spellings", None),
    bind(C::Applicants, A::Import, &[ch('i')], "import a survey export into this round", Some("import")).rank(3).when(If::RoundShown),
    bind(C::Applicants, A::SortNext, &[ch('s')], "sort by the next column", Some("sort")),
    bind(C::Applicants, A::SortReverse, &[ch('S')], "reverse the sort order", None),
    bind(C::Applicants, A::ExportRecords, &[ch('x')], "write the round's applications, or its acceptance and deferral messages, out as files", Some("export")).rank(6).when(If::RoundShown),
    bind(C::Applicants, A::ApplyCap, &[ch('c')], "apply the country cap to this round", Some("cap")).rank(1).when(If::RoundNotEnded),
    bind(C::Applicants, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Applicants, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // Matches.
    bind(C::Matches, A::RunMatch, &[ch('m'), ch('r')], "match the round; again, re-optimise all that is not locked (after publishing: pair the rematch pool)", Some("match")).rank(1).when(If::RoundNotEnded),
    bind(C::Matches, A::ShowCandidates, &[ch('c'), ENTER], "the best partners for the selected person, to pair them by hand", Some("candidates")).rank(3).when(If::OpenRowSelected),
    bind(C::Matches, A::ToggleLock, &[ch('l')], "lock the selected draft pair, or unlock it", Some("lock")).rank(3).when(If::DraftSelected),
    bind(C::Matches, A::Unpair, &[ch('x')], "unpair the selected draft pair", Some("unpair")).rank(3).when(If::DraftSelected),
    bind(C::Matches, A::ForbidPair, &[ch('f')], "forbid the selected pair for good (and unpair it)", Some("forbid")).when(If::DraftSelected),
    bind(C::Matches, A::UndoDraft, &[ch('u')], "undo the last change to the draft (also after a restart)", Some("undo")).when(If::CanUndoDraft),
    bind(C::Matches, A::RedoDraft, &[ctrl('r')], "redo what was undone", Some("redo")).when(If::CanRedoDraft),
    bind(C::Matches, A::PublishDraft, &[ch('P')], "publish the draft as the round's partnerships", Some("publish")).rank(1).when(If::HasDraft),
    bind(C::Matches, A::ExportRecords, &[ch('X')], "write the round's partnerships, problems, allowed pairs or messages out as files", Some("export")).rank(6).when(If::RoundShown),
    bind(C::Matches, A::SendMessages, &[ch('S')], "send the round's introductions, notices or invitations through your SMTP server, each once (after a question)", None).when(If::RoundShown),
    bind(C::Matches, A::ShowProblems, &[ch('!')], "the round's open problems, follow-ups due first; settle one", Some("problems")).when(If::OpenProblems),
    bind(C::Matches, A::LogProblem, &[ch('p')], "log a problem on the selected partnership", Some("problem")).rank(3).when(If::ActiveSelected),
    bind(C::Matches, A::EndEarly, &[ch('E')], "end the selected partnership early", Some("end early")).rank(3).when(If::ActiveSelected),
    bind(C::Matches, A::EditWeights, &[ch('w')], "the round's matching weights and rules", Some("weights")).rank(2).when(If::RoundShown),
    bind(C::Matches, A::ShowReadiness, &[ch('R')], "readiness: who is accepted, and who has few or no allowed partners", Some("readiness")).when(If::RoundShown),
    bind(C::Matches, A::SortByScore, &[ch('s')], "sort by score, lowest first, or back", Some("sort")).rank(2).when(If::HasRows),
    bind(C::Matches, A::DetailDown, &[ch('J')], "scroll the details down", None),
    bind(C::Matches, A::DetailUp, &[ch('K')], "scroll the details up", None),
    // A pane while its work runs in the background (Matches matching, Applicants importing):
    // the rest of the app stays at hand.
    bind(C::Working, A::StopWork, &[ESC], "stop: matching keeps the previous draft, an import imports nothing", Some("stop")),
    bind(C::Working, A::NextPane, &[TAB], "next pane", Some("panes")),
    bind(C::Working, A::PrevPane, &[BACK_TAB], "previous pane", None),
    bind(C::Working, A::ShowRounds, &[ch('1')], "Rounds pane", None),
    bind(C::Working, A::ShowApplicants, &[ch('2')], "Applicants pane", None),
    bind(C::Working, A::ShowMatches, &[ch('3')], "Matches pane", None),
    bind(C::Working, A::ShowTopics, &[ch('4')], "Topics pane", None),
    bind(C::Working, A::ShowOverview, &[ch('5')], "Overview pane", None),
    bind(C::Working, A::ShowHelp, &[ch('?')], "show all keys", Some("help")),
    bind(C::Working, A::Quit, &[ch('q')], "stop and quit: the previous draft stays, nothing is imported", Some("quit")),
    // Topics.
    bind(C::Topics, A::EditTopic, &[ENTER, ch('e')], "write the selected topic in the editor", Some("write")).rank(2).when(If::TopicSelected),
    bind(C::Topics, A::InsertLibraryTopic, &[ch('l')], "fill the selected slot from the topic library", Some("library")).when(If::TopicNotPublished),
    bind(C::Topics, A::PlanTopics, &[ch('p')], "plan slots over the round's term from a cadence", Some("plan")).rank(2).when(If::RoundShown),
    bind(C::Topics, A::AddTopicSlot, &[ch('a')], "add a slot on a date", Some("add")).when(If::RoundShown),
    bind(C::Topics, A::MoveTopic, &[ch('m')], "move the selected topic to another date", Some("move")).when(If::TopicSelected),
    bind(C::Topics, A::RemoveTopic, &[ch('D'), DELETE], "remove the selected slot and its text", Some("remove")).when(If::TopicSelected),
    bind(C::Topics, A::ToggleReady, &[ch('r')], "mark the topic ready, or back to draft", Some("ready")).rank(1).when(If::TopicNotPublished),
    bind(C::Topics, A::TogglePublished, &[ch('P')], "mark the topic published today, or not published", Some("published")).rank(1).when(If::TopicHasText),
    bind(C::Topics, A::SetPostLink, &[ch('L')], "set the web address of the selected topic's post, which its e-mail links to", None).when(If::TopicHasText),
    bind(C::Topics, A::MailTopic, &[ch('M')], "write the selected topic's e-mail to each participant of the round's running partnerships, as mail files", None).when(If::TopicHasText),
    bind(C::Topics, A::EditTemplates, &[ch('T')], "the program's message templates (introductions, notices, topic e-mails): edit one, with a preview", Some("templates")).rank(6),
    bind(C::Topics, A::ExportTopics, &[ch('x')], "write the round's topics out as posts and e-mails into a folder, or as a table", Some("export")).rank(1).when(If::TopicsToExport),
    // Overview.
    bind(C::Overview, A::ExportRecords, &[ch('x')], "write the round out: its figures (Markdown, JSON or text), or its applications, partnerships, problems or topics as tables", Some("export")).when(If::RoundShown),
    bind(C::Topics, A::DetailDown, &[ch('J')], "scroll the topic text down", None).when(If::TopicSelected),
    bind(C::Topics, A::DetailUp, &[ch('K')], "scroll the topic text up", None),
    // The topic editor.
    bind(C::Editor, A::Save, &[ctrl('s')], "save the topic, or the template", Some("save")),
    bind(C::Editor, A::Close, &[ESC], "leave the editor; text not saved is kept as a draft", Some("leave")),
    bind(C::Editor, A::NextField, &[TAB], "next field (title, summary, questions, post)", Some("next field")),
    bind(C::Editor, A::PrevField, &[BACK_TAB], "previous field", None),
    bind(C::Editor, A::TogglePreview, &[ctrl('p')], "show the post as readers will see it", Some("preview")),
    bind(C::Editor, A::Undo, &[ctrl('z')], "undo in this field, a word (or a line break, a paste, a deleted word) at a time", Some("undo")),
    bind(C::Editor, A::Redo, &[ctrl('y')], "redo in this field", Some("redo")),
    bind(C::Editor, A::NewLine, &[ENTER], "new line (in the title and summary: next field)", None),
    bind(C::Editor, A::CursorLeft, &[LEFT], "move left", None),
    bind(C::Editor, A::CursorRight, &[RIGHT], "move right", None),
    bind(C::Editor, A::WordLeft, &[ctrl_key(KeyCode::Left)], "move one word left", None),
    bind(C::Editor, A::WordRight, &[ctrl_key(KeyCode::Right)], "move one word right", None),
    bind(C::Editor, A::Up, &[UP], "move up a line", None),
    bind(C::Editor, A::Down, &[DOWN], "move down a line", None),
    bind(C::Editor, A::CursorHome, &[HOME, ctrl('a')], "go to the start of the line", None),
    bind(C::Editor, A::CursorEnd, &[END, ctrl('e')], "go to the end of the line", None),
    bind(C::Editor, A::Top, &[ctrl_key(KeyCode::Home)], "go to the start of the field", None),
    bind(C::Editor, A::Bottom, &[ctrl_key(KeyCode::End)], "go to the end of the field", None),
    bind(C::Editor, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Editor, A::PageDown, &[PAGE_DOWN], "one page down", None),
    bind(C::Editor, A::DeleteBack, &[BACKSPACE], "delete the character before the cursor", None),
    bind(C::Editor, A::DeleteForward, &[DELETE], "delete the character under the cursor", None),
    bind(C::Editor, A::DeleteWordBack, &[ctrl('w'), ctrl_key(KeyCode::Backspace)], "delete the word before the cursor", None),
    // The rendered post.
    bind(C::Preview, A::Close, &[ctrl('p'), ESC], "back to the editor", Some("edit")),
    bind(C::Preview, A::Save, &[ctrl('s')], "save the topic, or the template", Some("save")),
    bind(C::Preview, A::Down, &[ch('j'), DOWN], "scroll down", Some("scroll")),
    bind(C::Preview, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Preview, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Preview, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Preview, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Preview, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Choosing from a list.
    bind(C::Picker, A::Confirm, &[ENTER], "take the highlighted choice", Some("choose")),
    bind(C::Picker, A::Cancel, &[ESC], "close without choosing", Some("cancel")),
    bind(C::Picker, A::Down, &[ch('j'), DOWN], "next choice", None),
    bind(C::Picker, A::Up, &[ch('k'), UP], "previous choice", None),
    bind(C::Picker, A::Top, &[ch('g'), HOME], "first choice", None),
    bind(C::Picker, A::Bottom, &[ch('G'), END], "last choice", None),
    bind(C::Picker, A::DetailDown, &[ch('J'), PAGE_DOWN], "scroll the description down", Some("scroll")),
    bind(C::Picker, A::DetailUp, &[ch('K'), PAGE_UP], "scroll the description up", None),
    bind(C::Picker, A::Reorder, &[ch('o')], "list the choices in the list's other order (problems: by follow-up or by date logged)", Some("other order")).when(If::ReorderOffered),
    // The candidate partners of one person.
    bind(C::Candidates, A::Confirm, &[ENTER], "pair with the highlighted candidate (locked)", Some("pair")),
    bind(C::Candidates, A::Cancel, &[ESC], "close without pairing", Some("close")),
    bind(C::Candidates, A::NextPerson, &[TAB], "the other member of the pair", Some("other member")),
    bind(C::Candidates, A::Down, &[ch('j'), DOWN], "next candidate", None),
    bind(C::Candidates, A::Up, &[ch('k'), UP], "previous candidate", None),
    bind(C::Candidates, A::PageDown, &[PAGE_DOWN], "one page down", None),
    bind(C::Candidates, A::PageUp, &[PAGE_UP], "one page up", None),
    // The weights and rules.
    bind(C::Assistant, A::Import, &[ch('i'), ctrl('s')], "import the file as shown", Some("import")),
    bind(C::Assistant, A::Cancel, &[ESC], "close; nothing is imported", Some("cancel")),
    bind(C::Assistant, A::Confirm, &[ENTER], "choose the field's column, or the term of the answer", Some("choose")),
    bind(C::Assistant, A::CursorRight, &[RIGHT, ch('l')], "the field's next column", Some("column")),
    bind(C::Assistant, A::CursorLeft, &[LEFT, ch('h')], "the field's previous column", None),
    bind(C::Assistant, A::Down, &[DOWN, ch('j')], "next line", None),
    bind(C::Assistant, A::Up, &[UP, ch('k')], "previous line", None),
    bind(C::Assistant, A::Top, &[ch('g'), HOME], "first line", None),
    bind(C::Assistant, A::Bottom, &[ch('G'), END], "last line", None),
    bind(C::Weights, A::Save, &[ENTER, ctrl('s')], "save for this round", Some("save")),
    bind(C::Weights, A::Cancel, &[ESC], "close without saving", Some("cancel")),
    bind(C::Weights, A::Down, &[ch('j'), DOWN], "next setting", None),
    bind(C::Weights, A::Up, &[ch('k'), UP], "previous setting", None),
    bind(C::Weights, A::CursorRight, &[RIGHT, ch('l'), ch('+')], "more (or the next choice)", Some("change")),
    bind(C::Weights, A::CursorLeft, &[LEFT, ch('h'), ch('-')], "less (or the previous choice)", None),
    // A one-line text prompt.
    bind(C::TextPrompt, A::Confirm, &[ENTER], "take this text", Some("ok")),
    bind(C::TextPrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    // The date prompt.
    bind(C::DatePrompt, A::Confirm, &[ENTER], "take this date", Some("ok")),
    bind(C::DatePrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    bind(C::DatePrompt, A::Down, &[DOWN], "a day earlier", None),
    bind(C::DatePrompt, A::Up, &[UP], "a day later", None),
    bind(C::DatePrompt, A::PageDown, &[PAGE_DOWN], "a week earlier", None),
    bind(C::DatePrompt, A::PageUp, &[PAGE_UP], "a week later", None),
    // Typing a filter.
    bind(C::Filter, A::KeepFilter, &[ENTER], "keep the filter and go back to the list", Some("keep")),
    bind(C::Filter, A::ClearFilter, &[ESC], "clear the filter", Some("clear")),
    bind(C::Filter, A::Up, &[UP], "move up in the list", None),
    bind(C::Filter, A::Down, &[DOWN], "move down in the list", None),
    // Typing in any field.
    bind(C::TextEdit, A::CursorLeft, &[LEFT], "move left (on a choice: previous option)", None),
    bind(C::TextEdit, A::CursorRight, &[RIGHT], "move right (on a choice: next option)", None),
    bind(C::TextEdit, A::CursorHome, &[HOME, ctrl('a')], "go to the start", None),
    bind(C::TextEdit, A::CursorEnd, &[END, ctrl('e')], "go to the end", None),
    bind(C::TextEdit, A::DeleteBack, &[BACKSPACE], "delete the character before the cursor", None),
    bind(C::TextEdit, A::DeleteForward, &[DELETE], "delete the character under the cursor", None),
    bind(C::TextEdit, A::ClearText, &[ctrl('u')], "clear the field", None),
    // The round form.
    bind(C::RoundForm, A::Save, &[ENTER], "save the round", Some("save")),
    bind(C::RoundForm, A::Cancel, &[ESC], "close without saving", Some("cancel")),
    bind(C::RoundForm, A::NextField, &[TAB, DOWN], "next field", Some("next field")),
    bind(C::RoundForm, A::PrevField, &[BACK_TAB, UP], "previous field", None),
    // The file prompt.
    bind(C::PathPrompt, A::Confirm, &[ENTER], "take this path (import the file, or export into the folder)", Some("ok")),
    bind(C::PathPrompt, A::CompletePath, &[TAB], "complete the file or folder name", Some("complete")),
    bind(C::PathPrompt, A::Cancel, &[ESC], "cancel", Some("cancel")),
    // Help.
    bind(C::Help, A::Close, &[ESC, ch('?'), ch('q')], "close the help", Some("close")),
    bind(C::Help, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Help, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Help, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Help, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Help, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Help, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Messages and import problems.
    bind(C::Messages, A::Close, &[ESC, ENTER, ch('q')], "close", Some("close")),
    bind(C::Messages, A::ImportValidOnly, &[ch('s')], "import only the valid rows; the others go to a rejects file", Some("skip bad rows")).when(If::RetryOffered),
    bind(C::Messages, A::Down, &[ch('j'), DOWN], "scroll down", None),
    bind(C::Messages, A::Up, &[ch('k'), UP], "scroll up", None),
    bind(C::Messages, A::PageDown, &[PAGE_DOWN, ch(' ')], "one page down", None),
    bind(C::Messages, A::PageUp, &[PAGE_UP], "one page up", None),
    bind(C::Messages, A::Top, &[ch('g'), HOME], "go to the top", None),
    bind(C::Messages, A::Bottom, &[ch('G'), END], "go to the end", None),
    // Yes/no questions.
    bind(C::Question, A::Yes, &[ch('y'), ENTER], "yes, go ahead", Some("yes")),
    bind(C::Question, A::No, &[ch('n')], "no", Some("no")),
    bind(C::Question, A::Close, &[ESC], "close the question and leave things as they are", Some("close")),
    // Too small a terminal.
    bind(C::TooSmall, A::Quit, &[ch('q')], "quit (while text is being typed, only Ctrl-C quits)", Some("quit")),
];

/// One binding as it is in force: the table's, with the keys a user's config gave it.
#[derive(Clone)]
pub struct Bound {
    pub binding: &'static Binding,
    pub keys: Vec<Key>,
}

/// One item of the hint bar: a key and a word or two.
pub type Hint = (String, &'static str);

/// The bindings in force: [`BINDINGS`] with a user's keys for some actions.
#[derive(Clone)]
pub struct KeyTable {
    bound: Vec<Bound>,
}

impl Default for KeyTable {
    fn default() -> KeyTable {
        KeyTable {
            bound: BINDINGS
                .iter()
                .map(|binding| Bound {
                    binding,
                    keys: binding.keys.to_vec(),
                })
                .collect(),
        }
    }
}

impl KeyTable {
    /// The table with `overrides` (an action and its keys, wherever it is bound). `places`
    /// lists the sets of contexts that are active together, and whether text is typed
    /// there: an override that would bind a key twice in one place, or take a letter a text
    /// field needs, is left out and said in the problems returned.
    pub fn new(
        overrides: &[(Action, Vec<Key>)],
        places: &[(&[Context], bool)],
    ) -> (KeyTable, Vec<String>) {
        let mut table = KeyTable::default();
        let mut problems = Vec::new();
        for (action, keys) in overrides {
            let mut trial = KeyTable {
                bound: table
                    .bound
                    .iter()
                    .map(|b| Bound {
                        binding: b.binding,
                        keys: if b.binding.action == *action {
                            keys.clone()
                        } else {
                            b.keys.clone()
                        },
                    })
                    .collect(),
            };
            let spelled = || {
                keys.iter()
                    .map(Key::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if keys.is_empty() {
                problems.push(format!(
                    "[keys] {}: no keys given; it keeps {}",
                    action.name(),
                    table.keys_of(*action)
                ));
                continue;
            }
            match trial.clash(places, *action) {
                Some(clash) => problems.push(format!(
                    "[keys] {} = {}: {clash}; it keeps {}",
                    action.name(),
                    spelled(),
                    table.keys_of(*action)
                )),
                None => table = std::mem::take(&mut trial),
            }
        }
        (table, problems)
    }

    /// The first place where a key of `action` does two things, or where a letter would not
    /// type.
    fn clash(&self, places: &[(&[Context], bool)], action: Action) -> Option<String> {
        for &(contexts, typing) in places {
            let mut seen: HashMap<Key, Action> = HashMap::new();
            for &context in contexts {
                for b in self.of(context) {
                    for &key in &b.keys {
                        if typing && b.binding.action == action && key.typed_char().is_some() {
                            return Some(format!(
                                "{key} types itself in {}; choose a key with Ctrl or a named key",
                                context.title()
                            ));
                        }
                        if let Some(first) = seen.insert(key, b.binding.action)
                            && first != b.binding.action
                        {
                            let other = if first == action {
                                b.binding.action
                            } else {
                                first
                            };
                            return Some(format!(
                                "{key} is {} there already ({})",
                                other.name(),
                                context.title()
                            ));
                        }
                    }
                }
            }
        }
        None
    }

    /// The first key an action has now in a context (`u`, `Ctrl-S`), as the hint bar shows
    /// it.
    pub fn first_key(&self, context: Context, action: Action) -> String {
        self.of(context)
            .find(|b| b.binding.action == action)
            .and_then(|b| b.keys.first())
            .map_or_else(String::new, Key::to_string)
    }

    /// `m r`: the keys an action has now, for messages.
    fn keys_of(&self, action: Action) -> String {
        self.bound
            .iter()
            .find(|b| b.binding.action == action)
            .map_or(String::new(), keys_label)
    }

    /// The bindings of one context, in table order.
    pub fn of(&self, context: Context) -> impl Iterator<Item = &Bound> {
        self.bound
            .iter()
            .filter(move |b| b.binding.context == context)
    }

    /// The action a key triggers where `contexts` are active (most specific first).
    pub fn lookup(&self, contexts: &[Context], key: Key) -> Option<Action> {
        contexts.iter().find_map(|&context| {
            self.of(context)
                .find(|b| b.keys.contains(&key))
                .map(|b| b.binding.action)
        })
    }

    /// The hint bar's items where `contexts` are active: those of the first context (what
    /// this place is for), most important first, and those of the contexts it shares with
    /// others (help, quit…). Only bindings whose condition `holds` are offered.
    pub fn hints(
        &self,
        contexts: &[Context],
        holds: impl Fn(Condition) -> bool,
    ) -> (Vec<Hint>, Vec<Hint>) {
        let of = |contexts: &[Context]| -> Vec<(u8, Hint)> {
            contexts
                .iter()
                .flat_map(|&c| self.of(c))
                .filter(|b| b.binding.when.is_none_or(&holds))
                .filter_map(|b| {
                    let key = b.keys.first()?.to_string();
                    Some((b.binding.rank, (key, b.binding.hint?)))
                })
                .collect()
        };
        let (own, shared) = contexts.split_at(contexts.len().min(1));
        let mut own = of(own);
        // Stable: equal ranks keep the table's order.
        own.sort_by_key(|(rank, _)| *rank);
        let strip = |v: Vec<(u8, Hint)>| v.into_iter().map(|(_, h)| h).collect();
        (strip(own), strip(of(shared)))
    }
}

/// The keys of a binding as the help shows them: `j ↓`.
pub fn keys_label(bound: &Bound) -> String {
    bound
        .keys
        .iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
