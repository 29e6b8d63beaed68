//! IMAP polling against a real Dovecot, one private instance per test:
//! over plain IMAP and over TLS with an extra root, a wrong password, a
//! message refused for good, one refused for now, the limit per pass, and a
//! message appended twice.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod support;

use guichet_domain::text::Email;
use guichet_mail::Gateway;
use guichet_mail::imap::{ImapMailbox, ImapSecurity, PollReport, REFUSED_KEYWORD, job_name, poll_once};
use guichet_service::Context;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::mail::MailSettings;
use guichet_store::testing::{Backend, TestStore, fresh};

use support::{Dovecot, PASSWORD, USER, append, flags, search};

const HELPDESK: &str = "helpdesk@localhost.localdomain";

async fn store() -> TestStore {
    fresh(Backend::Sqlite).await.unwrap()
}

async fn gateway(db: &TestStore) -> Gateway {
    let ctx = Context::with_system_clock(db.store.clone());
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    let helpdesk = Email::parse("helpdesk", HELPDESK).unwrap();
    Gateway::new(ctx, MailSettings::new(helpdesk, "instance", "http://x"))
}

fn message(id: &str, headers: &str, subject: &str) -> String {
    format!(
        "{headers}To: {HELPDESK}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nLes transferts échouent depuis ce matin.\r\n"
    )
}

fn from_pia(id: &str, subject: &str) -> String {
    message(id, "From: Pia Martin <pia@site.example>\r\n", subject)
}

fn plain(dovecot: &Dovecot) -> ImapMailbox {
    let url = format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}/INBOX", dovecot.port);
    ImapMailbox::parse_url(&url).unwrap()
}

fn tls(dovecot: &Dovecot) -> ImapMailbox {
    let url = format!("imaps://{USER}:{PASSWORD}@127.0.0.1:{}", dovecot.tls_port.unwrap());
    let mut mailbox = ImapMailbox::parse_url(&url).unwrap();
    mailbox.extra_roots = dovecot.certificate.clone();
    mailbox
}

fn report(filed: usize, refused: usize, deferred: usize) -> PollReport {
    PollReport {
        filed,
        refused,
        deferred,
    }
}

async fn tickets(db: &TestStore) -> i64 {
    db.store.ticket_count().await.unwrap()
}

/// URLs: both schemes, default ports and folder, percent-decoding, and a
/// name that never shows the password.
#[test]
fn urls_parse_and_names_hide_the_password() {
    let mailbox = ImapMailbox::parse_url("imaps://help%40desk:p%3Ass%40w@mail.example.org/Support%20mail").unwrap();
    assert_eq!(mailbox.security, ImapSecurity::Tls);
    assert_eq!((mailbox.host.as_str(), mailbox.port), ("mail.example.org", 993));
    assert_eq!(
        (mailbox.user.as_str(), mailbox.password.as_str()),
        ("help@desk", "p:ss@w")
    );
    assert_eq!(mailbox.mailbox, "Support mail");
    assert_eq!(mailbox.extra_roots, None);
    assert_eq!(mailbox.name(), "imaps://help@desk@mail.example.org:993/Support mail");
    assert!(!format!("{mailbox:?}").contains("p:ss@w"), "Debug hides the password");
    let local = ImapMailbox::parse_url("imap://helpdesk:secret@127.0.0.1").unwrap();
    assert_eq!((local.security, local.port), (ImapSecurity::Plain, 143));
    assert_eq!(local.mailbox, "INBOX");
    assert_eq!(job_name(&local), "mail.imap.helpdesk@127.0.0.1/INBOX");
    let v6 = ImapMailbox::parse_url("IMAPS://u:p@[::1]:1993/INBOX").unwrap();
    assert_eq!((v6.host.as_str(), v6.port), ("::1", 1993));
    assert_eq!(v6.name(), "imaps://u@[::1]:1993/INBOX");
    for bad in [
        "pop3://u:p@host",
        "u:p@host",
        "imaps://host/INBOX",
        "imaps://u@host",
        "imaps://u:p@host:99999",
        "imaps://u:p@host:0",
        "imaps://:p@host",
    ] {
        let error = ImapMailbox::parse_url(bad).unwrap_err();
        assert!(!error.contains(":p@"), "{bad}: {error}");
    }
}

/// Over plain IMAP two unseen messages become two tickets and are seen
/// afterwards; the next pass finds nothing to do.
#[tokio::test]
async fn plain_imap_files_each_unseen_message_and_marks_it_seen() {
    let Some(dovecot) = Dovecot::start(false) else { return };
    let db = store().await;
    let gateway = gateway(&db).await;
    append(
        dovecot.port,
        &[
            from_pia("p1@site.example", "SRM down"),
            from_pia("p2@site.example", "FTS slow"),
        ],
    )
    .await;
    assert_eq!(search(dovecot.port, "UNSEEN").await, vec![1, 2]);
    let mailbox = plain(&dovecot);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(2, 0, 0));
    assert_eq!(tickets(&db).await, 2);
    assert_eq!(search(dovecot.port, "UNSEEN").await, Vec::<u32>::new());
    assert_eq!(search(dovecot.port, "SEEN").await, vec![1, 2]);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(0, 0, 0));
    assert_eq!(tickets(&db).await, 2, "a second pass files nothing new");
}

/// Over TLS, trusting the server's self-signed certificate through
/// `extra_roots`, the same works; without that root, or with a wrong
/// password, the pass fails with a clear error.
#[tokio::test]
async fn imaps_files_with_an_extra_root_and_a_wrong_password_fails_clearly() {
    let Some(dovecot) = Dovecot::start(true) else { return };
    let db = store().await;
    let gateway = gateway(&db).await;
    append(
        dovecot.port,
        &[
            from_pia("t1@site.example", "SRM down"),
            from_pia("t2@site.example", "FTS slow"),
        ],
    )
    .await;
    let mut untrusted = tls(&dovecot);
    untrusted.extra_roots = None;
    let error = poll_once(&gateway, &untrusted, 10).await.unwrap_err();
    assert!(
        error.contains("TLS handshake") && error.contains("certificate"),
        "{error}"
    );
    let mut wrong = tls(&dovecot);
    wrong.password = "not-the-password".into();
    let error = poll_once(&gateway, &wrong, 10).await.unwrap_err();
    assert!(error.contains("login refused"), "{error}");
    assert!(
        !error.contains("not-the-password"),
        "the error never shows the password: {error}"
    );
    assert_eq!(tickets(&db).await, 0);
    let mailbox = tls(&dovecot);
    assert_eq!(mailbox.security, ImapSecurity::Tls);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(2, 0, 0));
    assert_eq!(tickets(&db).await, 2);
    assert_eq!(search(dovecot.port, "UNSEEN").await, Vec::<u32>::new());
}

/// A message without From or Return-Path is refused for good: seen and
/// flagged, so that it is not tried again; beside it, a good one is filed,
/// and one without From is filed under its Return-Path.
#[tokio::test]
async fn a_refused_message_is_flagged_and_the_others_are_filed() {
    let Some(dovecot) = Dovecot::start(false) else { return };
    let db = store().await;
    let gateway = gateway(&db).await;
    let nobody = message("r2@site.example", "", "Who am I");
    let returned = message(
        "r3@site.example",
        "Return-Path: <jo@site.example>\r\n",
        "Sent by a script",
    );
    append(
        dovecot.port,
        &[from_pia("r1@site.example", "SRM down"), nobody, returned],
    )
    .await;
    let mailbox = plain(&dovecot);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(2, 1, 0));
    assert_eq!(tickets(&db).await, 2);
    assert_eq!(
        search(dovecot.port, &format!("KEYWORD {REFUSED_KEYWORD}")).await,
        vec![2]
    );
    let flagged = flags(dovecot.port, 2).await;
    assert!(flagged.iter().any(|f| f == "\\Seen"), "{flagged:?}");
    assert!(flagged.iter().any(|f| f == REFUSED_KEYWORD), "{flagged:?}");
    assert_eq!(search(dovecot.port, "UNSEEN").await, Vec::<u32>::new());
    let jo = db.store.user_by_email("jo@site.example").await.unwrap();
    assert!(jo.is_some(), "the Return-Path stands in for a missing From");
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(0, 0, 0));
}

/// The same message appended again after a pass (same Message-ID) is
/// filed once: what a crash between the commit and the flag would give.
#[tokio::test]
async fn a_message_delivered_again_is_filed_once() {
    let Some(dovecot) = Dovecot::start(false) else { return };
    let db = store().await;
    let gateway = gateway(&db).await;
    let mailbox = plain(&dovecot);
    let first = from_pia("d1@site.example", "SRM down");
    append(dovecot.port, std::slice::from_ref(&first)).await;
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(1, 0, 0));
    append(dovecot.port, &[first]).await;
    assert_eq!(search(dovecot.port, "UNSEEN").await, vec![2]);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(1, 0, 0));
    assert_eq!(tickets(&db).await, 1, "the duplicate opened nothing");
    assert_eq!(search(dovecot.port, "UNSEEN").await, Vec::<u32>::new());
}

/// A message refused for now (the sender's rate limit) stays unseen and
/// ends the pass; a pass takes at most `limit` messages, oldest first.
#[tokio::test]
async fn a_deferred_message_stays_unseen_and_a_pass_takes_at_most_limit() {
    let Some(dovecot) = Dovecot::start(false) else { return };
    let db = store().await;
    let mut gateway = gateway(&db).await;
    gateway.settings.rate_limit = 1;
    let ids = ["l1@site.example", "l2@site.example", "l3@site.example"];
    let messages: Vec<String> = ids.iter().map(|id| from_pia(id, &format!("Problem {id}"))).collect();
    append(dovecot.port, &messages).await;
    let mailbox = plain(&dovecot);
    assert_eq!(poll_once(&gateway, &mailbox, 10).await.unwrap(), report(1, 0, 1));
    assert_eq!(
        search(dovecot.port, "UNSEEN").await,
        vec![2, 3],
        "the third was not tried"
    );
    assert_eq!(tickets(&db).await, 1);
    gateway.settings.rate_limit = 0;
    assert_eq!(poll_once(&gateway, &mailbox, 1).await.unwrap(), report(1, 0, 0));
    assert_eq!(search(dovecot.port, "UNSEEN").await, vec![3], "the oldest went first");
    assert_eq!(poll_once(&gateway, &mailbox, 1).await.unwrap(), report(1, 0, 0));
    assert_eq!(tickets(&db).await, 3);
}
