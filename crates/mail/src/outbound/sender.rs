//! Sending the outbox through the relay: due mails are leased, handed over
//! one SMTP transaction each, and their outcome recorded.
//!
//! - Accepted: `Sent`.
//! - A permanent refusal (a 5xx reply): `Failed`, which the outbox also
//!   records on the ticket, so supporters see that the address is wrong.
//! - Anything else (a 4xx reply, a connection or TLS failure, a relay that
//!   does not answer within the relay's timeout): tried again later with
//!   backoff, and `Failed` after [`MAX_ATTEMPTS`]. A relay that times out
//!   after the message's data may have taken it: it may then arrive twice,
//!   as SMTP has it.
//!
//! The envelope goes from the message's From (the helpdesk, so bounces
//! come back to it) to the recipient the outbox names.

use std::future::Future;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::watch;

use guichet_service::mail::outbox;
use guichet_service::{Context, MailOutcome, OutgoingMail};

use super::relay::{Security, SmtpRelay};

/// How long a batch's lease lasts.
pub const LEASE: Duration = Duration::from_secs(60);
/// Attempts before a mail that keeps failing is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// How often [`run`] looks for due mail when no signal comes.
const POLL: Duration = Duration::from_secs(2);
/// How many mails [`run`] leases at once.
const BATCH: i64 = 20;

/// What one [`send_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendReport {
    /// Accepted by the relay.
    pub sent: usize,
    /// To be tried again.
    pub retried: usize,
    /// Given up, and recorded on their tickets.
    pub failed: usize,
    /// Attempted, but whose lease another sender took meanwhile.
    pub lost: usize,
}

impl SendReport {
    /// How many mails were attempted.
    pub fn attempted(&self) -> usize {
        self.sent + self.retried + self.failed + self.lost
    }

    fn count(&mut self, outcome: &MailOutcome, recorded: bool) {
        let slot = match outcome {
            _ if !recorded => &mut self.lost,
            MailOutcome::Sent => &mut self.sent,
            MailOutcome::Retry { .. } => &mut self.retried,
            MailOutcome::Failed { .. } => &mut self.failed,
        };
        *slot += 1;
    }
}

/// Leases up to `limit` due mails to `owner` and sends them through
/// `relay`. A batch starts no mail after half its lease, so that (with a
/// timeout shorter than the other half) no mail is sent once its lease may
/// have passed to another sender; the rest wait for their lease to run out.
pub async fn send_due(ctx: &Context, relay: &SmtpRelay, owner: &str, limit: i64) -> Result<SendReport, String> {
    let mails = outbox::claim(ctx, owner, LEASE, limit)
        .await
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + LEASE / 2;
    let mut report = SendReport::default();
    for mail in &mails {
        if Instant::now() >= deadline {
            break;
        }
        let outcome = attempt(ctx, relay, mail).await;
        log(mail, &outcome);
        let recorded = outbox::finish(ctx, mail, owner, &outcome)
            .await
            .map_err(|e| e.to_string())?;
        report.count(&outcome, recorded);
    }
    Ok(report)
}

/// Sends the outbox until `shutdown`: whenever this node queues mail, and
/// every two seconds for what other nodes queued or what is due again.
/// The batch being sent when `shutdown` comes is finished first (it starts
/// no mail after half a lease, 30 s).
pub async fn run(ctx: &Context, relay: &SmtpRelay, owner: &str, shutdown: impl Future<Output = ()>) {
    let mut signal = Some(outbox::signal(ctx));
    tokio::pin!(shutdown);
    loop {
        let full = match send_due(ctx, relay, owner, BATCH).await {
            Ok(report) => i64::try_from(report.attempted()).unwrap_or(i64::MAX) >= BATCH,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read");
                false
            }
        };
        let stop = if full {
            tokio::select! { biased; () = &mut shutdown => true, () = std::future::ready(()) => false }
        } else {
            tokio::select! { biased; () = &mut shutdown => true, () = wake(&mut signal) => false }
        };
        if stop {
            break;
        }
    }
    tracing::info!(owner, "the mail sender stopped");
}

/// Waits for the outbox's signal or the poll interval; a closed signal is
/// dropped, and polling goes on alone.
async fn wake(signal: &mut Option<watch::Receiver<u64>>) {
    let poll = tokio::time::sleep(POLL);
    let closed = match signal {
        Some(receiver) => tokio::select! {
            changed = receiver.changed() => changed.is_err(),
            () = poll => false,
        },
        None => {
            poll.await;
            false
        }
    };
    if closed {
        *signal = None;
    }
}

/// One attempt at `mail`, and what it means for the outbox.
async fn attempt(ctx: &Context, relay: &SmtpRelay, mail: &OutgoingMail) -> MailOutcome {
    let Some(sender) = envelope_sender(&mail.message) else {
        return MailOutcome::Failed {
            error: "the queued message has no From address".into(),
        };
    };
    let envelope = match envelope(&sender, &mail.recipient) {
        Ok(envelope) => envelope,
        Err(error) => return MailOutcome::Failed { error },
    };
    match send(relay, &sender, &envelope, &mail.message).await {
        Ok(()) => MailOutcome::Sent,
        Err((error, permanent)) => after_failure(ctx, mail, error, permanent),
    }
}

/// One SMTP transaction, within the relay's timeout and at most half the
/// lease (lettre's own timeout applies to connecting only); the error says
/// whether it is permanent.
async fn send(relay: &SmtpRelay, sender: &Address, envelope: &Envelope, message: &[u8]) -> Result<(), (String, bool)> {
    let transport = transport(relay, sender.domain().to_owned()).map_err(|e| (e.to_string(), false))?;
    let limit = relay.timeout.min(LEASE / 2);
    match tokio::time::timeout(limit, transport.send_raw(envelope, message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err((error.to_string(), error.is_permanent())),
        Err(_) => Err((format!("the relay did not answer within {} s", limit.as_secs()), false)),
    }
}

/// A failure's outcome: permanent, given up after the last attempt, or
/// retried with the outbox's backoff.
fn after_failure(ctx: &Context, mail: &OutgoingMail, error: String, permanent: bool) -> MailOutcome {
    if permanent {
        MailOutcome::Failed { error }
    } else if mail.attempts + 1 >= MAX_ATTEMPTS {
        MailOutcome::Failed {
            error: format!("{error} (given up after {MAX_ATTEMPTS} attempts)"),
        }
    } else {
        MailOutcome::Retry {
            error,
            at: outbox::next_attempt(ctx.now(), mail.attempts),
        }
    }
}

/// The address in the message's From header.
fn envelope_sender(message: &[u8]) -> Option<Address> {
    let parsed = mail_parser::MessageParser::default().parse_headers(message)?;
    let from = parsed.from()?.first()?.address()?.trim().to_owned();
    from.parse().ok()
}

fn envelope(sender: &Address, recipient: &str) -> Result<Envelope, String> {
    let to: Address = recipient
        .trim()
        .parse()
        .map_err(|e| format!("{recipient:?} is not an address the relay can be given: {e}"))?;
    Envelope::new(Some(sender.clone()), vec![to]).map_err(|e| e.to_string())
}

/// A connection to `relay`, greeting it as `hello`.
fn transport(
    relay: &SmtpRelay,
    hello: String,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
    let tls = match relay.security {
        Security::None => Tls::None,
        Security::StartTls => Tls::Required(tls_parameters(relay)?),
        Security::Tls => Tls::Wrapper(tls_parameters(relay)?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(relay.host.as_str())
        .port(relay.port)
        .tls(tls)
        .timeout(Some(relay.timeout))
        .hello_name(ClientId::Domain(hello));
    if let Some((user, password)) = &relay.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// TLS towards `relay`: the built-in roots, and its extra ones if any.
fn tls_parameters(relay: &SmtpRelay) -> Result<TlsParameters, lettre::transport::smtp::Error> {
    let mut builder = TlsParameters::builder(relay.host.clone());
    if let Some(path) = &relay.extra_roots {
        match std::fs::read(path) {
            Ok(pem) => builder = builder.add_root_certificate(Certificate::from_pem(&pem)?),
            Err(error) => tracing::warn!(path = %path.display(), %error, "cannot read the relay's extra roots"),
        }
    }
    builder.build()
}

fn log(mail: &OutgoingMail, outcome: &MailOutcome) {
    match outcome {
        MailOutcome::Sent => tracing::info!(id = mail.id, recipient = %mail.recipient, "notification sent"),
        MailOutcome::Retry { error, at } => {
            tracing::warn!(id = mail.id, recipient = %mail.recipient, %error, %at, "notification deferred");
        }
        MailOutcome::Failed { error } => {
            tracing::warn!(id = mail.id, recipient = %mail.recipient, %error, "notification failed");
        }
    }
}
