//! From a change to the relay: the consumer queues the notification, the
//! sender hands it to a real SMTP server, and the outbox records how it
//! went; a refusal for good is written on the ticket.

use std::sync::Arc;

use chrono::Utc;

use guichet_domain::clock::ManualClock;
use guichet_domain::event::DELIVERY_FAILED_FIELD;
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_mail::outbound::{SendReport, SmtpRelay, run, send_due};
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::input::CreateTicketInput;
use guichet_service::mail::outbox;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::read::history;
use guichet_service::{Actor, Context, MailState, OutgoingMail, actor_of};
use guichet_store::testing::{Backend, TestStore, fresh};

use crate::fixtures::{Parsed, queue_notifications};
use crate::sink::{self, Sink};

async fn context(db: &TestStore, clock: Arc<ManualClock>) -> Context {
    let ctx = Context::new(db.store.clone(), clock);
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    ctx
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(Utc::now()))
}

/// `name@example.org`, a requester, opens a ticket.
async fn opened_by(ctx: &Context, name: &str) -> TicketId {
    let input = UserInput {
        email: format!("{name}@example.org"),
        name: name.into(),
        role: Role::Requester.as_str().into(),
        password: None,
        dn: None,
    };
    let user = add_user(ctx, &Actor::system("test"), input).await.unwrap();
    let ticket = CreateTicketInput {
        subject: format!("Stage-in fails for {name}"),
        description: "Jobs fail at stage-in since 02:00.".into(),
        ..Default::default()
    };
    create_ticket(ctx, &actor_of(&user), ticket).await.unwrap().ticket.id
}

async fn only_mail(ctx: &Context, ticket: TicketId) -> OutgoingMail {
    let mut mails = outbox::list(ctx, Some(ticket)).await.unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    mails.remove(0)
}

fn report(sent: usize, retried: usize, failed: usize) -> SendReport {
    SendReport {
        sent,
        retried,
        failed,
        lost: 0,
    }
}

async fn sent_refused_and_deferred(db: TestStore) {
    let sink = Sink::start();
    let relay = SmtpRelay::parse_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let ctx = context(&db, clock()).await;

    let ticket = opened_by(&ctx, "rita").await;
    queue_notifications(&ctx).await;
    let queued = only_mail(&ctx, ticket).await;
    assert_eq!(
        (queued.recipient.as_str(), queued.state),
        ("rita@example.org", MailState::Pending)
    );
    queue_notifications(&ctx).await;
    assert_eq!(outbox::list(&ctx, None).await.unwrap().len(), 1, "nothing queued twice");

    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(1, 0, 0)
    );
    let received = sink.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "helpdesk@guichet.example.org");
    assert_eq!(received[0].to, ["rita@example.org"]);
    let mail = Parsed::from_bytes(&received[0].bytes);
    let number = guichet_domain::ids::TicketNumber::from(ticket);
    assert_eq!(mail.header("Message-ID"), Some(format!("<{}>", queued.message_id)));
    assert_eq!(mail.header("To").as_deref(), Some("rita@example.org"));
    assert_eq!(mail.header("Auto-Submitted").as_deref(), Some("auto-generated"));
    assert_eq!(mail.header("X-Guichet-Loop").as_deref(), Some("guichet-test"));
    assert_eq!(
        mail.header("Subject"),
        Some(format!("[Guichet #{number}] Stage-in fails for rita"))
    );
    assert!(mail.text.contains("rita opened the ticket."), "{}", mail.text);
    assert!(
        mail.text.contains("Jobs fail at stage-in since 02:00."),
        "{}",
        mail.text
    );
    let sent = only_mail(&ctx, ticket).await;
    assert_eq!((sent.state, sent.attempts), (MailState::Sent, 1));
    assert!(sent.finished_at.is_some());

    let refused = opened_by(&ctx, "nobody").await;
    queue_notifications(&ctx).await;
    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(0, 0, 1)
    );
    let failed = only_mail(&ctx, refused).await;
    assert_eq!(failed.state, MailState::Failed);
    let error = failed.last_error.unwrap_or_default();
    assert!(error.contains("5.1.1") && error.contains("no such user"), "{error}");
    let noted: Vec<_> = history(&ctx, &Actor::system("test"), refused)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.change.field == DELIVERY_FAILED_FIELD)
        .collect();
    assert_eq!(noted.len(), 1, "{noted:?}");
    let text = noted[0].change.new.clone().unwrap_or_default();
    assert!(
        text.starts_with("nobody@example.org: ") && text.contains("no such user"),
        "{text}"
    );

    let deferred = opened_by(&ctx, "busy").await;
    queue_notifications(&ctx).await;
    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(0, 1, 0)
    );
    let pending = only_mail(&ctx, deferred).await;
    assert_eq!((pending.state, pending.attempts), (MailState::Pending, 1));
    assert!(pending.last_error.unwrap_or_default().contains("451"));
    assert_eq!(pending.next_attempt_at, outbox::next_attempt(ctx.now(), 0));
    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(0, 0, 0),
        "not due yet"
    );
    assert_eq!(sink.wait_for(1).await.len(), 1, "only rita's mail arrived");
}

#[tokio::test]
async fn a_notification_is_sent_refused_or_deferred_on_sqlite() {
    if !sink::available() {
        return;
    }
    sent_refused_and_deferred(fresh(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn a_notification_is_sent_refused_or_deferred_on_postgres() {
    if !sink::available() {
        return;
    }
    if let Some(db) = fresh(Backend::Postgres).await {
        sent_refused_and_deferred(db).await;
    }
}

/// A relay that never answers: each attempt is deferred with backoff, and
/// the eighth gives up and records it on the ticket.
#[tokio::test]
async fn a_mail_that_keeps_failing_is_given_up_after_eight_attempts() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let relay = SmtpRelay::parse_url(&format!("smtp://127.0.0.1:{closed}")).unwrap();
    let clock = clock();
    let ctx = context(&db, clock.clone()).await;
    let ticket = opened_by(&ctx, "rita").await;
    queue_notifications(&ctx).await;
    for attempt in 1..=7 {
        assert_eq!(
            send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
            report(0, 1, 0),
            "attempt {attempt}"
        );
        clock.advance(chrono::Duration::hours(2));
    }
    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(0, 0, 1)
    );
    let given_up = only_mail(&ctx, ticket).await;
    assert_eq!((given_up.state, given_up.attempts), (MailState::Failed, 8));
    assert!(
        given_up
            .last_error
            .unwrap_or_default()
            .contains("given up after 8 attempts")
    );
    let entries = history(&ctx, &Actor::system("test"), ticket).await.unwrap();
    assert!(entries.iter().any(|e| e.change.field == DELIVERY_FAILED_FIELD));
}

/// A relay that takes the connection but never speaks: the attempt ends at
/// the relay's timeout and is deferred.
#[tokio::test]
async fn a_relay_that_never_answers_is_tried_again_later() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let relay = SmtpRelay::parse_url(&format!("smtp://127.0.0.1:{port}?timeout=1")).unwrap();
    let ctx = context(&db, clock()).await;
    let ticket = opened_by(&ctx, "rita").await;
    queue_notifications(&ctx).await;
    let started = std::time::Instant::now();
    assert_eq!(
        send_due(&ctx, &relay, "sender-test", 10).await.unwrap(),
        report(0, 1, 0)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let deferred = only_mail(&ctx, ticket).await;
    assert!(
        deferred
            .last_error
            .unwrap_or_default()
            .contains("did not answer within 1 s")
    );
    drop(silent);
}

/// A relay that requires AUTH gets the URL's credentials; a wrong password
/// is refused for good (535).
#[tokio::test]
async fn the_urls_credentials_are_given_to_the_relay() {
    if !sink::available() {
        return;
    }
    let sink = Sink::start_with("guichet:s3cret");
    let db = fresh(Backend::Sqlite).await.unwrap();
    let ctx = context(&db, clock()).await;
    let wrong = SmtpRelay::parse_url(&format!("smtp://guichet:wrong@127.0.0.1:{}", sink.port)).unwrap();
    let right = SmtpRelay::parse_url(&format!("smtp://guichet:s3cret@127.0.0.1:{}", sink.port)).unwrap();
    let refused = opened_by(&ctx, "rita").await;
    queue_notifications(&ctx).await;
    assert_eq!(
        send_due(&ctx, &wrong, "sender-test", 10).await.unwrap(),
        report(0, 0, 1)
    );
    assert!(
        only_mail(&ctx, refused)
            .await
            .last_error
            .unwrap_or_default()
            .contains("535")
    );
    let accepted = opened_by(&ctx, "sam").await;
    queue_notifications(&ctx).await;
    assert_eq!(
        send_due(&ctx, &right, "sender-test", 10).await.unwrap(),
        report(1, 0, 0)
    );
    assert_eq!(only_mail(&ctx, accepted).await.state, MailState::Sent);
    assert_eq!(sink.wait_for(1).await[0].to, ["sam@example.org"]);
}

/// STARTTLS and implicit TLS reach a relay whose certificate the relay's
/// extra roots vouch for; without them, the certificate is refused and the
/// mail waits for another attempt.
#[tokio::test]
async fn mail_goes_over_starttls_and_implicit_tls() {
    if !sink::available() {
        return;
    }
    for (mode, scheme, query) in [("starttls", "smtp", "?tls=starttls"), ("tls", "smtps", "")] {
        let (sink, cert) = Sink::start_tls(mode);
        let db = fresh(Backend::Sqlite).await.unwrap();
        let ctx = context(&db, clock()).await;
        let url = format!("{scheme}://127.0.0.1:{}{query}", sink.port);
        let untrusted = SmtpRelay::parse_url(&url).unwrap();
        let trusted = SmtpRelay {
            extra_roots: Some(cert),
            ..untrusted.clone()
        };
        let ticket = opened_by(&ctx, "rita").await;
        queue_notifications(&ctx).await;
        assert_eq!(
            send_due(&ctx, &untrusted, "sender-test", 10).await.unwrap(),
            report(0, 1, 0),
            "{mode}: refused certificate"
        );
        let waiting = only_mail(&ctx, ticket).await;
        assert!(waiting.last_error.is_some(), "{mode}: {waiting:?}");
        let later = guichet_domain::clock::ManualClock::at(waiting.next_attempt_at);
        let ctx = ctx.with_clock(std::sync::Arc::new(later));
        assert_eq!(
            send_due(&ctx, &trusted, "sender-test", 10).await.unwrap(),
            report(1, 0, 0),
            "{mode}: trusted"
        );
        assert_eq!(sink.wait_for(1).await[0].to, ["rita@example.org"], "{mode}");
    }
}

/// An address the domain accepts but the mail library does not is not
/// queued: the consumer records the failure on the ticket instead.
#[tokio::test]
async fn an_address_that_cannot_be_written_is_recorded_on_the_ticket() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let ctx = context(&db, clock()).await;
    let ticket = opened_by(&ctx, "odd(comment)").await;
    queue_notifications(&ctx).await;
    assert!(outbox::list(&ctx, Some(ticket)).await.unwrap().is_empty());
    let entries = history(&ctx, &Actor::system("test"), ticket).await.unwrap();
    let noted: Vec<_> = entries
        .iter()
        .filter(|e| e.change.field == DELIVERY_FAILED_FIELD)
        .filter_map(|e| e.change.new.clone())
        .collect();
    assert_eq!(noted.len(), 1, "{entries:?}");
    assert!(noted[0].starts_with("odd(comment)@example.org: "), "{}", noted[0]);
    queue_notifications(&ctx).await;
    let again = history(&ctx, &Actor::system("test"), ticket).await.unwrap();
    assert_eq!(again.len(), entries.len(), "recorded once");
}

/// The sender's loop wakes when mail is queued and stops when asked.
#[tokio::test]
async fn the_sender_loop_sends_what_is_queued_until_stopped() {
    if !sink::available() {
        return;
    }
    let sink = Sink::start();
    let relay = SmtpRelay::parse_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let db = fresh(Backend::Sqlite).await.unwrap();
    let ctx = context(&db, clock()).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let sender = run(&ctx, &relay, "sender-loop", async {
        let _ = stopped.await;
    });
    let driver = async {
        let ticket = opened_by(&ctx, "rita").await;
        queue_notifications(&ctx).await;
        let received = sink.wait_for(1).await;
        stop.send(()).unwrap();
        (ticket, received.len())
    };
    let ((), (ticket, received)) = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        tokio::join!(sender, driver)
    })
    .await
    .expect("the loop stops when asked");
    assert_eq!(received, 1);
    assert_eq!(only_mail(&ctx, ticket).await.state, MailState::Sent);
}
