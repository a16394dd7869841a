//! The coordinator's SMTP server, from a URL: `smtps://HOST[:PORT]` speaks TLS from the
//! start (port 465 by default); `smtp://HOST[:PORT]` upgrades with STARTTLS and refuses to
//! go on without it (port 587), except on this machine (localhost, 127.0.0.1, ::1), where
//! a local relay or test server may speak plain SMTP. A user may be given in the URL
//! (`smtp://me@host`).

use lettre::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;

/// A server named by URL, before any password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpUrl {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
}

impl SmtpUrl {
    pub fn parse(url: &str) -> Result<SmtpUrl, String> {
        let bad = |why: &str| {
            format!(
                "{url:?} is not an SMTP server's address ({why}); write smtp://HOST:587 or smtps://HOST:465"
            )
        };
        let (tls, rest) = if let Some(rest) = url.strip_prefix("smtps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("smtp://") {
            (false, rest)
        } else {
            return Err(bad("it starts with neither smtp:// nor smtps://"));
        };
        let rest = rest.trim_end_matches('/');
        let (user, host_port) = match rest.rsplit_once('@') {
            Some((user, hp)) => (Some(user.to_string()), hp),
            None => (None, rest),
        };
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
                h,
                p.parse::<u16>()
                    .map_err(|_| bad("the port is not a number"))?,
            ),
            _ => (host_port, if tls { 465 } else { 587 }),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(SmtpUrl {
            tls,
            host: host.to_string(),
            port,
            user: user.filter(|u| !u.is_empty()),
        })
    }

    /// Whether the server is on this machine.
    pub fn is_local(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1")
    }

    /// The transport, logging in as `user` with `password` when both are given.
    pub fn transport(&self, password: Option<String>) -> Result<SmtpTransport, String> {
        let failed = |e: lettre::transport::smtp::Error| format!("{}: {e}", self.host);
        let builder = if self.tls {
            SmtpTransport::relay(&self.host).map_err(failed)?
        } else if self.is_local() {
            SmtpTransport::builder_dangerous(&self.host)
        } else {
            SmtpTransport::starttls_relay(&self.host).map_err(failed)?
        };
        let builder = builder
            .port(self.port)
            .timeout(Some(std::time::Duration::from_secs(30)));
        Ok(match (&self.user, password) {
            (Some(user), Some(password)) => builder
                .credentials(Credentials::new(user.clone(), password))
                .build(),
            _ => builder.build(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_host_port_tls_and_user() {
        let u = SmtpUrl::parse("smtps://mail.example.org").unwrap();
        assert_eq!(
            (u.tls, u.host.as_str(), u.port, u.user),
            (true, "mail.example.org", 465, None)
        );
        let u = SmtpUrl::parse("smtp://coord@mail.example.org:2525").unwrap();
        assert_eq!(
            (u.tls, u.port, u.user.as_deref()),
            (false, 2525, Some("coord"))
        );
        assert!(!u.is_local());
        assert!(SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap().is_local());
        assert!(SmtpUrl::parse("http://x").unwrap_err().contains("smtp://"));
        assert!(SmtpUrl::parse("smtp://host:port").is_err());
    }
}
