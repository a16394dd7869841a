//! Sending a round's messages in a background thread, so that the screen keeps answering
//! keys: the thread opens the database file itself, sends what is not yet sent (recording
//! each message the moment the server takes it, as `iln send` does) and reports its count,
//! then the result.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::domain::{MessageKind, RoundId};
use crate::ops::outbox::{self, SendReport};
use crate::ops::smtp::SmtpUrl;
use crate::store::Store;

enum Report {
    Sent(usize, usize),
    Done(Result<SendReport, String>),
}

pub struct SendRun {
    pub kind: MessageKind,
    pub round_name: String,
    /// Sent so far, of how many.
    pub progress: (usize, usize),
    reports: Receiver<Report>,
}

/// What a poll found.
pub enum Polled {
    Nothing,
    Progress,
    Done(Result<SendReport, String>),
}

impl SendRun {
    /// Starts sending the `kind` messages of the round in the database at `path` through
    /// `url`, at most `per_minute` a minute.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        path: PathBuf,
        round_id: RoundId,
        round_name: &str,
        kind: MessageKind,
        url: SmtpUrl,
        password: Option<String>,
        per_minute: u32,
    ) -> SendRun {
        let (tx, reports) = mpsc::channel();
        std::thread::spawn(move || {
            let result = (|| -> Result<SendReport, String> {
                let mut store = Store::open(&path).map_err(|e| e.to_string())?;
                let round = store.round(round_id).map_err(|e| e.to_string())?;
                let messages =
                    outbox::messages(&store, &round, kind, None).map_err(|e| e.to_string())?;
                let transport = url.transport(password)?;
                outbox::send(
                    &mut store,
                    &round,
                    &messages,
                    &transport,
                    per_minute,
                    &mut |done, of| {
                        let _ = tx.send(Report::Sent(done, of));
                    },
                )
                .map_err(|e| e.to_string())
            })();
            let _ = tx.send(Report::Done(result));
        });
        SendRun {
            kind,
            round_name: round_name.to_string(),
            progress: (0, 0),
            reports,
        }
    }

    /// Takes what the thread reported since the last call.
    pub fn poll(&mut self) -> Polled {
        let mut polled = Polled::Nothing;
        loop {
            match self.reports.try_recv() {
                Ok(Report::Sent(done, of)) => {
                    self.progress = (done, of);
                    polled = Polled::Progress;
                }
                Ok(Report::Done(result)) => return Polled::Done(result),
                Err(TryRecvError::Empty) => return polled,
                Err(TryRecvError::Disconnected) => {
                    return Polled::Done(Err("the sending thread stopped".into()));
                }
            }
        }
    }
}
