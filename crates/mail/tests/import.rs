//! `guichet import`'s reading and writing, on both backends: archives as
//! they come from the wild (mixed charsets and transfer encodings, encoded
//! subjects, broken threading, `From ` lines in bodies, a file cut short,
//! a Maildir), imported as closed tickets with their dates, senders and
//! solution, found by search and suggested as a similar case, notifying
//! nobody, and imported once.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

use chrono::{DateTime, Utc};

use guichet_domain::actor::Actor;
use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_mail::archive::maildir::read_maildir;
use guichet_mail::archive::mbox::mbox_bytes;
use guichet_mail::archive::{Archive, ArchiveError};
use guichet_mail::outbound::NotificationConsumer;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::events::{PumpOutcome, PumpPolicy, pump};
use guichet_service::import::{ImportOptions, ImportReport, import};
use guichet_service::mail::MailSettings;
use guichet_service::search::{SearchFilter, SimilarText, search, similar};
use guichet_service::{Context, PageRequest};
use guichet_store::testing::{Backend, TestStore, fresh};

/// Alice asks in latin-1 quoted-printable under an RFC 2047 subject; Bob
/// answers in base64 UTF-8, naming her message; Alice thanks him with
/// In-Reply-To only.
const ACCESS: &[u8] = b"From alice@site.example Mon Jan  5 10:00:00 2009\n\
From: Alice Martin <alice@site.example>\n\
To: ops@lists.example\n\
Subject: =?iso-8859-1?q?Probl=E8me_d'acc=E8s_au_SE?=\n\
Date: Mon, 05 Jan 2009 10:00:00 +0000\n\
Message-ID: <a1@site.example>\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=iso-8859-1\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Le SE refuse l'acc=E8s depuis ce matin, d=E9j=E0 trois fois.\n\
\n\
From bob@ngi.example Mon Jan  5 11:30:00 2009\n\
From: Bob <bob@ngi.example>\n\
Subject: Re: =?iso-8859-1?q?Probl=E8me_d'acc=E8s_au_SE?=\n\
Date: Mon, 05 Jan 2009 12:30:00 +0100\n\
Message-ID: <b1@ngi.example>\n\
In-Reply-To: <a1@site.example>\n\
References: <a1@site.example>\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\
\n\
UmVkw6ltYXJyw6kgbGUgc2VydmljZSB4cm9vdGQsIMOnYSByZXBhcnQu\n\
\n\
From alice@site.example Mon Jan  5 12:00:00 2009\n\
From: Alice Martin <alice@site.example>\n\
Subject: Re: =?iso-8859-1?q?Probl=E8me_d'acc=E8s_au_SE?=\n\
Date: Mon, 05 Jan 2009 12:00:00 +0000\n\
Message-ID: <a2@site.example>\n\
In-Reply-To: <b1@ngi.example>\n\
\n\
Merci, tout marche.\n";

/// Carol's SRM problem, with `From ` lines in the body (one escaped, one
/// not), and Dave's answer that lost its References: threaded by subject.
const SRM: &[u8] = b"From carol@cern.example Tue Feb  3 09:00:00 2009\n\
From: carol@cern.example\n\
Subject: [ops] SRM timeout at CERN-PROD\n\
Date: Tue, 03 Feb 2009 09:00:00 +0000\n\
Message-ID: <c1@cern.example>\n\
\n\
Transfers hang.\n\
\n\
From the logs we see a timeout in the gridftp door.\n\
>From here on it is quoted.\n\
\n\
From dave@ngi.example Wed Feb  4 15:00:00 2009\n\
From: Dave <dave@ngi.example>\n\
Subject: Re: [ops] SRM timeout at CERN-PROD\n\
Date: Wed, 04 Feb 2009 15:00:00 +0000\n\
Message-ID: <d1@ngi.example>\n\
\n\
Raise the door's timeout to 300 seconds.\n";

/// A message without Message-ID, alone in its conversation.
const NOTICE: &[u8] = b"From eve@ngi.example Fri Mar  6 08:00:00 2009\n\
From: Eve <eve@ngi.example>\n\
Subject: Downtime of the BDII\n\
Date: Fri, 06 Mar 2009 08:00:00 +0000\n\
\n\
The top BDII is down for an upgrade on Monday.\n";

fn archive() -> Vec<u8> {
    [ACCESS, b"\n", SRM, b"\n", NOTICE].concat()
}

async fn context(db: &TestStore) -> Context {
    let ctx = Context::with_system_clock(db.store.clone());
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    ctx
}

async fn run(ctx: &Context, archive: Archive, list: Option<&str>) -> ImportReport {
    assert!(archive.problems.is_empty() || list == Some("allow problems"));
    let options = ImportOptions {
        list: list.map(str::to_owned),
        ..ImportOptions::default()
    };
    import(ctx, archive.mails, options, &|_| {}).await.unwrap()
}

async fn ticket_of(db: &TestStore, message_id: &str) -> TicketId {
    let key = format!("import:{message_id}");
    db.store.ticket_by_change_key(&key).await.unwrap().unwrap()
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

async fn each_backend<F, Fut>(test: F)
where
    F: Fn(TestStore) -> Fut,
    Fut: Future<Output = ()>,
{
    test(fresh(Backend::Sqlite).await.unwrap()).await;
    if let Some(db) = fresh(Backend::Postgres).await {
        test(db).await;
    }
}

/// The archive's three conversations become three closed tickets, with
/// decoded texts, dates, senders as contacts and the solution.
#[tokio::test]
async fn an_archive_becomes_closed_tickets_with_dates_senders_and_solutions() {
    each_backend(|db| async move {
        let ctx = context(&db).await;
        let report = run(&ctx, mbox_bytes(&archive(), "ops.mbox"), None).await;
        assert_eq!(
            (report.messages, report.conversations, report.tickets, report.imported),
            (6, 3, 3, 6),
            "{report:?}"
        );
        assert!(report.unusable.is_empty());

        let access = db.store.ticket(ticket_of(&db, "a1@site.example").await).await.unwrap();
        let ticket = &access.ticket;
        assert_eq!(
            ticket.subject, "Problème d'accès au SE",
            "the RFC 2047 subject is decoded"
        );
        assert!(
            ticket.description.contains("refuse l'accès depuis ce matin, déjà"),
            "{}",
            ticket.description
        );
        assert_eq!(ticket.status, Status::Closed);
        assert_eq!(ticket.created_at, at("2009-01-05T10:00:00Z"));
        assert_eq!(access.submitter.email, "alice@site.example");
        assert_eq!(access.submitter.name, "Alice Martin");
        let articles = db.store.articles(ticket.id, true).await.unwrap();
        let kinds: Vec<ArticleKind> = articles.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [ArticleKind::Solution, ArticleKind::PublicReply],
            "Bob's answer is the solution"
        );
        assert!(
            articles[0].body.contains("Redémarré le service xrootd"),
            "{}",
            articles[0].body
        );
        assert_eq!(articles[0].created_at, at("2009-01-05T11:30:00Z"), "its Date, in UTC");
        let bob = db.store.user_by_email("bob@ngi.example").await.unwrap().unwrap();
        assert_eq!((articles[0].author, bob.role), (Some(bob.id), Role::Requester));
        assert_eq!(articles[1].body.trim(), "Merci, tout marche.");

        let srm = ticket_of(&db, "c1@cern.example").await;
        let srm_ticket = db.store.ticket(srm).await.unwrap().ticket;
        assert_eq!(srm_ticket.subject, "[ops] SRM timeout at CERN-PROD");
        assert!(srm_ticket.description.contains("\nFrom the logs we see a timeout"));
        assert!(
            srm_ticket.description.contains("\nFrom here on it is quoted."),
            "unescaped"
        );
        let srm_articles = db.store.articles(srm, true).await.unwrap();
        assert_eq!(srm_articles.len(), 1, "Dave's reply joined by its subject");
        assert_eq!(srm_articles[0].kind, ArticleKind::Solution);

        let tickets = db.store.ticket_count().await.unwrap();
        assert_eq!(tickets, 3, "the notice without Message-ID is a ticket of its own");
        let history = db.store.history(srm).await.unwrap();
        assert!(history.iter().any(|h| h.change.field == "imported"));
    })
    .await;
}

/// Importing again adds nothing; an archive that grew adds only its new
/// messages, to the ticket of their conversation.
#[tokio::test]
async fn importing_again_adds_nothing_and_a_grown_archive_adds_only_the_new() {
    each_backend(|db| async move {
        let ctx = context(&db).await;
        let thanks = b"From alice@site.example Mon Jan  5 12:00:00 2009";
        let start = ACCESS
            .windows(thanks.len())
            .position(|w| w == thanks.as_slice())
            .unwrap();
        let older = [&ACCESS[..start], SRM].concat();
        let report = run(&ctx, mbox_bytes(&older, "old.mbox"), None).await;
        assert_eq!((report.tickets, report.imported), (2, 4));
        let access = ticket_of(&db, "a1@site.example").await;
        assert_eq!(db.store.articles(access, true).await.unwrap().len(), 1);

        let report = run(&ctx, mbox_bytes(&archive(), "ops.mbox"), None).await;
        assert_eq!(
            (report.tickets, report.imported, report.already_imported),
            (1, 2, 4),
            "Alice's thanks and the notice are new: {report:?}"
        );
        assert_eq!(db.store.articles(access, true).await.unwrap().len(), 2);

        let again = run(&ctx, mbox_bytes(&archive(), "ops.mbox"), None).await;
        assert_eq!((again.tickets, again.imported, again.already_imported), (0, 0, 6));
        assert_eq!(db.store.ticket_count().await.unwrap(), 3);
    })
    .await;
}

/// An mbox cut short in its last message imports every complete one and
/// reports the tail.
#[tokio::test]
async fn a_truncated_mbox_imports_every_complete_message_and_reports_the_tail() {
    each_backend(|db| async move {
        let ctx = context(&db).await;
        let whole = archive();
        let cut = &whole[..whole.len() - 20];
        let read = mbox_bytes(cut, "cut.mbox");
        assert_eq!(read.mails.len(), 5);
        assert_eq!(read.problems.len(), 1);
        let problem = &read.problems[0];
        assert!(problem.reason.contains("cut short"), "{problem:?}");
        assert!(problem.place.starts_with("cut.mbox, byte ") && problem.bytes > 0);
        let report = run(&ctx, read, Some("allow problems")).await;
        assert_eq!((report.tickets, report.imported), (2, 5));
    })
    .await;
}

/// A Maildir's cur/ and new/ are read; tmp/ is not.
#[tokio::test]
async fn a_maildir_is_imported() {
    each_backend(|db| async move {
        let ctx = context(&db).await;
        let dir = std::env::temp_dir().join(format!("guichet-maildir-{}-{}", std::process::id(), rand_suffix()));
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let split = mbox_bytes(SRM, "srm");
        assert_eq!(split.mails.len(), 2);
        let raw = guichet_domain::mail::mbox::split_mbox(SRM);
        std::fs::write(dir.join("cur/1233651600.1.host:2,S"), &raw.messages[0].content).unwrap();
        std::fs::write(dir.join("new/1233759600.2.host"), &raw.messages[1].content).unwrap();
        std::fs::write(dir.join("tmp/1233759601.3.host"), NOTICE).unwrap();
        let read = read_maildir(&dir).unwrap();
        assert_eq!(read.mails.len(), 2, "tmp/ is left alone");
        let report = run(&ctx, read, None).await;
        assert_eq!((report.tickets, report.imported), (1, 2));
        assert!(matches!(
            read_maildir(&dir.join("cur")),
            Err(ArchiveError::NotMaildir(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    })
    .await;
}

fn rand_suffix() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// A newcomer, signed in as a requester, finds the old thread by a word
/// of a reply's body; the list names the VO; nobody was notified.
#[tokio::test]
async fn an_imported_thread_is_found_by_search_and_notifies_nobody() {
    each_backend(|db| async move {
        let ctx = context(&db).await;
        let vo = db.store.create_vo("ops").await.unwrap();
        run(&ctx, mbox_bytes(&archive(), "ops.mbox"), Some("OPS")).await;
        let access = ticket_of(&db, "a1@site.example").await;
        assert_eq!(db.store.ticket(access).await.unwrap().ticket.vo, Some(vo.id));

        let newcomer = db
            .store
            .create_user(guichet_store::NewUser {
                email: "newcomer@site.example".into(),
                name: "Newcomer".into(),
                role: Role::Requester,
                dn: None,
                password_hash: None,
                created_at: Utc::now(),
            })
            .await
            .unwrap();
        let viewer = Actor::user(newcomer.id, newcomer.role);
        let page = PageRequest { page: 1, per_page: 10 };
        let found = search(&ctx, Some(&viewer), "xrootd", SearchFilter::default(), page)
            .await
            .unwrap();
        let ids: Vec<i64> = found.items.iter().map(|i| i.id).collect();
        assert_eq!(ids, [access.0], "found by a word of Bob's reply");
        let anonymous = search(&ctx, None, "gridftp", SearchFilter::default(), page)
            .await
            .unwrap();
        assert_eq!(anonymous.total, 1, "public: found without signing in too");
        let srm = ticket_of(&db, "c1@cern.example").await;
        let text = SimilarText {
            subject: "SRM transfers hang",
            body: "Our gridftp door times out on every transfer.",
        };
        let cases = similar(&ctx, Some(&viewer), text, None).await.unwrap();
        let first = &cases.items[0];
        assert_eq!(first.id, srm.0, "suggested to the newcomer: {cases:?}");
        assert_eq!(
            first.solution.as_deref(),
            Some("Raise the door's timeout to 300 seconds."),
            "the last reply is the solution"
        );

        let helpdesk = Email::parse("helpdesk", "helpdesk@guichet.example.org").unwrap();
        let consumer = NotificationConsumer::new(MailSettings::new(helpdesk, "test", "https://guichet.example.org/"));
        loop {
            let pumped = pump(&ctx, &consumer, "node-test", &PumpPolicy::default())
                .await
                .unwrap();
            match pumped.outcome {
                PumpOutcome::CaughtUp => break,
                PumpOutcome::More => continue,
                other => panic!("the consumer failed: {other:?}"),
            }
        }
        assert!(
            db.store.outbox(None).await.unwrap().is_empty(),
            "no notification is queued"
        );
    })
    .await;
}
