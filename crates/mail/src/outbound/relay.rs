//! The SMTP relay notifications go through, as a URL names it:
//!
//! - `smtp://host:port`: plain SMTP (a relay on the same host or network);
//! - `smtp://host:port?tls=starttls`: SMTP upgraded with STARTTLS, which
//!   is then required;
//! - `smtps://host:port`: implicit TLS from the first byte.
//!
//! Any of them may carry `user:password@` before the host (percent-encoded
//! where needed) for SMTP AUTH, and `timeout=SECONDS` among the parameters
//! (20 by default): how long one whole SMTP transaction may take. Without a
//! port, `smtp` uses 25 (587 with STARTTLS) and `smtps` 465.

use std::fmt;
use std::time::Duration;

/// How long one SMTP transaction may take, unless the URL says otherwise:
/// well within the sender's lease, so that a mail is never sent after its
/// lease has passed to another sender.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text.
    None,
    /// Plain text upgraded with STARTTLS, which is required.
    StartTls,
    /// TLS from the start.
    Tls,
}

/// Where and how notifications are handed over.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpRelay {
    /// The relay's host name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The connection's protection.
    pub security: Security,
    /// User and password for SMTP AUTH, if any.
    pub credentials: Option<(String, String)>,
    /// How long one whole transaction (connection to reply) may take.
    pub timeout: Duration,
    /// A PEM file of root certificates to trust besides the built-in ones
    /// (a relay with a certificate of the site's own authority).
    pub extra_roots: Option<std::path::PathBuf>,
}

impl fmt::Debug for SmtpRelay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpRelay")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SmtpRelay {
    /// The relay `url` names; the error says what is wrong with it.
    pub fn parse_url(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("{:?} is no relay URL: expected smtp://host:port", redacted(url)))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains('/') {
            return Err("a relay URL has no path".into());
        }
        let parameters = Parameters::parse(query)?;
        let security = security(&scheme.to_ascii_lowercase(), parameters.tls.as_deref())?;
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((user_info, host_port)) => (Some(credentials(user_info)?), host_port),
            None => (None, authority),
        };
        let (host, port) = host_and_port(host_port, security)?;
        Ok(Self {
            host,
            port,
            security,
            credentials,
            timeout: parameters.timeout.unwrap_or(DEFAULT_TIMEOUT),
            extra_roots: None,
        })
    }
}

/// The URL's parameters.
#[derive(Default)]
struct Parameters {
    tls: Option<String>,
    timeout: Option<Duration>,
}

impl Parameters {
    fn parse(query: &str) -> Result<Self, String> {
        let mut parameters = Self::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("tls", value)) => parameters.tls = Some(value.to_ascii_lowercase()),
                Some(("timeout", value)) => parameters.timeout = Some(seconds(value)?),
                _ => {
                    return Err(format!(
                        "unknown relay URL parameter {pair:?}; tls=starttls and timeout=SECONDS are known"
                    ));
                }
            }
        }
        Ok(parameters)
    }
}

fn seconds(value: &str) -> Result<Duration, String> {
    match value.parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(format!("timeout={value} is not a number of seconds")),
    }
}

/// The protection the scheme and the `tls` parameter ask for.
fn security(scheme: &str, tls: Option<&str>) -> Result<Security, String> {
    match (scheme, tls) {
        ("smtp", None | Some("none")) => Ok(Security::None),
        ("smtp", Some("starttls")) => Ok(Security::StartTls),
        ("smtps", None | Some("tls")) => Ok(Security::Tls),
        ("smtp" | "smtps", Some(other)) => Err(format!("tls={other} does not go with {scheme}://")),
        _ => Err(format!("unknown relay scheme {scheme:?}: expected smtp or smtps")),
    }
}

/// `user:password`, percent-decoded.
fn credentials(user_info: &str) -> Result<(String, String), String> {
    let (user, password) = user_info
        .split_once(':')
        .ok_or("relay credentials are written user:password@")?;
    let user = percent_decode(user)?;
    if user.is_empty() {
        return Err("the relay user is empty".into());
    }
    Ok((user, percent_decode(password)?))
}

/// The host (brackets taken off an IPv6 address) and the port, or the
/// scheme's default.
fn host_and_port(host_port: &str, security: Security) -> Result<(String, u16), String> {
    let (host, port) = if let Some(rest) = host_port.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or("an IPv6 relay address lacks its ]")?;
        (host, after.strip_prefix(':'))
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Err("the relay URL names no host".into());
    }
    let port = match port {
        Some(port) => port.parse().map_err(|_| format!("{port:?} is not a port number"))?,
        None => default_port(security),
    };
    Ok((host.to_owned(), port))
}

fn default_port(security: Security) -> u16 {
    match security {
        Security::None => 25,
        Security::StartTls => 587,
        Security::Tls => 465,
    }
}

/// `text` with its `%XX` escapes decoded, as UTF-8.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or("a % escape is cut short")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("%{hex} is not a % escape"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a % escape is not UTF-8".into())
}

/// The URL without its password, for error messages.
fn redacted(url: &str) -> String {
    match url.rsplit_once('@') {
        Some((_, host)) => format!("…@{host}"),
        None => url.to_owned(),
    }
}
