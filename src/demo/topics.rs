//! The demo's discussion topics, in our own words.

use chrono::{Days, NaiveDate};

use crate::domain::TopicStatus;
use crate::store::TopicDraft;

fn topic(
    publish_on: NaiveDate,
    title: &str,
    summary: &str,
    body: &str,
    questions: &[&str],
    status: TopicStatus,
) -> TopicDraft {
    TopicDraft {
        publish_on,
        title: title.to_string(),
        summary: summary.to_string(),
        body: body.to_string(),
        questions: questions.iter().map(|q| q.to_string()).collect(),
        status,
        published_on: (status == TopicStatus::Published).then_some(publish_on),
    }
}

/// An ended round's topics, all sent: a round in its first weeks and its second month.
pub(super) fn ended(starts: NaiveDate) -> Vec<TopicDraft> {
    vec![
        topic(
            starts,
            "Hello from my library",
            "Introduce yourself and the place you work.",
            "Start with the basics: where you work, who comes through the door and what a \
             normal week looks like. Photos of your desk or your building are welcome.",
            &[
                "What does a typical day look like for you?",
                "Who are the people your library serves?",
            ],
            TopicStatus::Published,
        ),
        topic(
            starts + Days::new(30),
            "How did you get here?",
            "Compare the paths that led you both into libraries.",
            "Few of us planned this career from school. Trade the stories of how you arrived, \
             and what surprised you on the way.",
            &[
                "What was your first library job?",
                "Which skill do you use most that no course taught you?",
            ],
            TopicStatus::Published,
        ),
    ]
}

/// A coming round's plan: the first topic ready, the second drafted, a slot still to fill.
pub(super) fn planned(starts: NaiveDate) -> Vec<TopicDraft> {
    let [first, second] = first_two(starts);
    vec![
        TopicDraft {
            status: TopicStatus::Ready,
            ..first
        },
        second,
        topic(starts + Days::new(56), "", "", "", &[], TopicStatus::Empty),
    ]
}

/// A running round's topics on `today`: those due by then sent, the next one ready and
/// the one after drafted.
pub(super) fn running(starts: NaiveDate, today: NaiveDate) -> Vec<TopicDraft> {
    let [first, second] = first_two(starts);
    let mut all = vec![
        first,
        second,
        topic(
            starts + Days::new(56),
            "The people who never come in",
            "Who your library does not reach yet, and how you try.",
            "Every library has neighbours who never walk through its doors. Compare who they \
             are for each of you, what you have tried, and what worked better than expected.",
            &[
                "Which group would you most like to reach?",
                "What did an outreach effort teach you, even if it failed?",
            ],
            TopicStatus::Draft,
        ),
        topic(
            starts + Days::new(84),
            "What we would borrow from each other",
            "One idea from your partner's library to try in yours.",
            "With the round's end in sight, look back over your conversations. Pick one \
             practice, service or habit of your partner's that you could try at home, and say \
             what it would take.",
            &["What will you try first, and who do you need on board?"],
            TopicStatus::Draft,
        ),
    ];
    let mut next_ready = true;
    for t in &mut all {
        if t.publish_on <= today {
            t.status = TopicStatus::Published;
            t.published_on = Some(t.publish_on);
        } else if next_ready {
            t.status = TopicStatus::Ready;
            next_ready = false;
        } else {
            t.status = TopicStatus::Draft;
        }
    }
    all
}

/// The two topics a round opens with, drafted.
fn first_two(starts: NaiveDate) -> [TopicDraft; 2] {
    [
        topic(
            starts,
            "Getting to know each other",
            "A first conversation with your new partner.",
            "Welcome to the round. Say hello within a week, agree how often you will talk, \
             and tell each other what you hope to get from the next four months.",
            &[
                "What made you apply this round?",
                "How and when do you prefer to keep in touch?",
            ],
            TopicStatus::Draft,
        ),
        topic(
            starts + Days::new(28),
            "A day in our workplaces",
            "Walk your partner through your library.",
            "Describe your building, your team and the services you are proudest of. \
             What would surprise a visitor from your partner's country?",
            &["What is one service you wish your library offered?"],
            TopicStatus::Draft,
        ),
    ]
}
