//! An SMTP server on loopback for the tests that send: it takes every message except mail
//! to addresses it is told to refuse, and can leave a message unanswered (a send killed
//! halfway).

// Each test file uses some of this.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A message the test server took (answered 250 to).
pub struct Received {
    pub rcpt: Vec<String>,
    pub data: String,
}

/// An SMTP server on loopback that takes everything except mail to `refuse`d addresses,
/// and, while `stall` is set, leaves the message after `stall_after` unanswered.
pub struct TestSmtp {
    pub port: u16,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub stall: Arc<AtomicBool>,
    /// A message's data arrived and was left unanswered.
    pub stalled: Arc<AtomicBool>,
}

impl TestSmtp {
    pub fn start(refuse: Vec<String>, stall_after: Option<usize>) -> TestSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let stall = Arc::new(AtomicBool::new(stall_after.is_some()));
        let stalled = Arc::new(AtomicBool::new(false));
        let server = TestSmtp {
            port,
            got: got.clone(),
            stall: stall.clone(),
            stalled: stalled.clone(),
        };
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { break };
                let (got, stall, stalled, refuse) =
                    (got.clone(), stall.clone(), stalled.clone(), refuse.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &got, &stall, &stalled, &refuse, stall_after);
                });
            }
        });
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn ids(&self) -> Vec<String> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .map(|m| {
                m.data
                    .lines()
                    .find_map(|l| l.strip_prefix("Message-ID: "))
                    .unwrap()
                    .to_string()
            })
            .collect()
    }
}

fn serve(
    conn: TcpStream,
    got: &Mutex<Vec<Received>>,
    stall: &AtomicBool,
    stalled: &AtomicBool,
    refuse: &[String],
    stall_after: Option<usize>,
) -> std::io::Result<()> {
    let mut out = conn.try_clone()?;
    let mut lines = BufReader::new(conn);
    out.write_all(b"220 test ESMTP\r\n")?;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            out.write_all(b"250-test\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("MAIL FROM") {
            rcpt.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO") {
            let to = line[8..]
                .trim()
                .trim_matches(|c| c == '<' || c == '>')
                .to_string();
            if refuse.iter().any(|r| to.contains(r.as_str())) {
                out.write_all(b"550 5.1.1 no such mailbox here\r\n")?;
            } else {
                rcpt.push(to);
                out.write_all(b"250 OK\r\n")?;
            }
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 go on\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            if stall_after.is_some_and(|n| got.lock().unwrap().len() >= n)
                && stall.load(Ordering::SeqCst)
            {
                stalled.store(true, Ordering::SeqCst);
                while stall.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return Ok(());
            }
            got.lock().unwrap().push(Received {
                rcpt: std::mem::take(&mut rcpt),
                data,
            });
            out.write_all(b"250 OK queued\r\n")?;
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"250 OK\r\n")?;
        }
    }
}
