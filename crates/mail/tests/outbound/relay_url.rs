//! The relay a URL names.

use std::time::Duration;

use guichet_mail::outbound::relay::DEFAULT_TIMEOUT;
use guichet_mail::outbound::{Security, SmtpRelay};

fn relay(host: &str, port: u16, security: Security, credentials: Option<(&str, &str)>) -> SmtpRelay {
    SmtpRelay {
        host: host.into(),
        port,
        security,
        credentials: credentials.map(|(u, p)| (u.into(), p.into())),
        timeout: DEFAULT_TIMEOUT,
        extra_roots: None,
    }
}

#[test]
fn the_three_kinds_of_relay_are_read() {
    for (url, expected) in [
        ("smtp://localhost:2525", relay("localhost", 2525, Security::None, None)),
        (
            "smtp://relay.example.org",
            relay("relay.example.org", 25, Security::None, None),
        ),
        (
            "smtp://relay.example.org:587?tls=starttls",
            relay("relay.example.org", 587, Security::StartTls, None),
        ),
        (
            "SMTP://relay.example.org?tls=STARTTLS",
            relay("relay.example.org", 587, Security::StartTls, None),
        ),
        (
            "smtps://relay.example.org:465",
            relay("relay.example.org", 465, Security::Tls, None),
        ),
        (
            "smtps://relay.example.org/",
            relay("relay.example.org", 465, Security::Tls, None),
        ),
        ("smtp://[::1]:2525", relay("::1", 2525, Security::None, None)),
        (
            "smtps://guichet:s3cret@relay.example.org:465",
            relay("relay.example.org", 465, Security::Tls, Some(("guichet", "s3cret"))),
        ),
        (
            "smtp://guichet%40ngi:p%40ss%3Aw0rd@relay.example.org:587?tls=starttls",
            relay(
                "relay.example.org",
                587,
                Security::StartTls,
                Some(("guichet@ngi", "p@ss:w0rd")),
            ),
        ),
        (
            " smtp://u:p@a@relay.example.org:25 ",
            relay("relay.example.org", 25, Security::None, Some(("u", "p@a"))),
        ),
    ] {
        assert_eq!(SmtpRelay::parse_url(url), Ok(expected), "{url:?}");
    }
}

#[test]
fn the_timeout_may_be_given() {
    let relay = SmtpRelay::parse_url("smtp://relay.example.org?timeout=5&tls=starttls").unwrap();
    assert_eq!(
        (relay.timeout, relay.security),
        (Duration::from_secs(5), Security::StartTls)
    );
    assert_eq!(
        SmtpRelay::parse_url("smtps://relay.example.org").unwrap().timeout,
        DEFAULT_TIMEOUT
    );
}

#[test]
fn bad_urls_are_refused_with_a_reason() {
    for url in [
        "relay.example.org:25",
        "http://relay.example.org",
        "smtp://",
        "smtp://:25",
        "smtp://relay.example.org:port",
        "smtp://relay.example.org:99999",
        "smtp://relay.example.org/path",
        "smtp://relay.example.org?tls=maybe",
        "smtps://relay.example.org?tls=starttls",
        "smtp://relay.example.org?verify=no",
        "smtp://user@relay.example.org",
        "smtp://:pw@relay.example.org",
        "smtp://u:%zz@relay.example.org",
        "smtp://[::1:25",
        "smtp://relay.example.org?timeout=0",
        "smtp://relay.example.org?timeout=soon",
    ] {
        let error = SmtpRelay::parse_url(url).unwrap_err();
        assert!(!error.is_empty(), "{url:?}");
    }
}

#[test]
fn the_password_is_never_shown() {
    let relay = SmtpRelay::parse_url("smtps://guichet:s3cret@relay.example.org").unwrap();
    let shown = format!("{relay:?}");
    assert!(
        shown.contains("guichet") && shown.contains("relay.example.org"),
        "{shown}"
    );
    assert!(!shown.contains("s3cret"), "{shown}");
    let error = SmtpRelay::parse_url("ftp://guichet:s3cret@relay.example.org").unwrap_err();
    assert!(!error.contains("s3cret"), "{error}");
}
