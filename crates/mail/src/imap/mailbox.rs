//! Which mailbox is polled, and how to reach it: parsed from an
//! `imaps://` or `imap://` URL.

use std::fmt;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

/// How the connection is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapSecurity {
    /// TLS from the first byte (`imaps://`, port 993).
    Tls,
    /// Plain TCP (`imap://`, port 143), for a server on the same host.
    Plain,
}

/// A mailbox to poll: the server, the account and the folder.
#[derive(Clone, PartialEq, Eq)]
pub struct ImapMailbox {
    /// The server's name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// TLS or plain TCP.
    pub security: ImapSecurity,
    /// The login.
    pub user: String,
    /// The password (never logged).
    pub password: String,
    /// The folder polled, `INBOX` by default.
    pub mailbox: String,
    /// A PEM file of root certificates trusted besides the webpki roots: a
    /// private CA, or a self-signed server certificate that is not marked
    /// as a CA's (rustls refuses a CA certificate as a server's).
    pub extra_roots: Option<PathBuf>,
}

impl ImapMailbox {
    /// Parses `imaps://user:password@host:993/INBOX` or
    /// `imap://user:password@host:143/INBOX`. The user and password are
    /// percent-decoded; the port defaults to 993 or 143, the folder to
    /// `INBOX`.
    pub fn parse_url(url: &str) -> Result<ImapMailbox, String> {
        let (security, rest) = scheme(url)?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = authority
            .rsplit_once('@')
            .ok_or("the IMAP URL names no user: write imaps://user:password@host/INBOX")?;
        let (user, password) = userinfo
            .split_once(':')
            .ok_or("the IMAP URL has no password: write imaps://user:password@host/INBOX")?;
        let (host, port) = host_and_port(hostport, security)?;
        let mailbox = decoded(path, "mailbox")?;
        let mailbox = if mailbox.is_empty() { "INBOX".into() } else { mailbox };
        let user = decoded(user, "user")?;
        if user.is_empty() || host.is_empty() {
            return Err("the IMAP URL needs a user and a host".into());
        }
        Ok(ImapMailbox {
            host,
            port,
            security,
            user,
            password: decoded(password, "password")?,
            mailbox,
            extra_roots: None,
        })
    }

    /// The mailbox as a URL without its password, for logs and leases.
    pub fn name(&self) -> String {
        let scheme = match self.security {
            ImapSecurity::Tls => "imaps",
            ImapSecurity::Plain => "imap",
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{scheme}://{}@{host}:{}/{}", self.user, self.port, self.mailbox)
    }
}

impl fmt::Debug for ImapMailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapMailbox")
            .field("name", &self.name())
            .field("extra_roots", &self.extra_roots)
            .finish_non_exhaustive()
    }
}

fn scheme(url: &str) -> Result<(ImapSecurity, &str), String> {
    let (scheme, rest) = url
        .trim()
        .split_once("://")
        .ok_or("not an IMAP URL: write imaps://user:password@host/INBOX")?;
    match scheme.to_ascii_lowercase().as_str() {
        "imaps" => Ok((ImapSecurity::Tls, rest)),
        "imap" => Ok((ImapSecurity::Plain, rest)),
        other => Err(format!("the scheme {other}:// is not IMAP: use imaps:// or imap://")),
    }
}

fn host_and_port(hostport: &str, security: ImapSecurity) -> Result<(String, u16), String> {
    let default = match security {
        ImapSecurity::Tls => 993,
        ImapSecurity::Plain => 143,
    };
    let (host, port) = match hostport.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']').ok_or("an IPv6 host lacks its closing ]")?;
            (host, after.strip_prefix(':'))
        }
        None => match hostport.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        },
    };
    let port = match port {
        Some(port) => port
            .parse()
            .ok()
            .filter(|&p: &u16| p != 0)
            .ok_or_else(|| format!("the port {port:?} is not a number from 1 to 65535"))?,
        None => default,
    };
    Ok((host.to_owned(), port))
}

fn decoded(part: &str, what: &str) -> Result<String, String> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("the {what} of the IMAP URL is not UTF-8 once decoded"))
}
