//! Mail received through the service: where it goes, what it becomes, and
//! what is never filed. Messages are given as parsed; parsing has tests of
//! its own in the mail channel.

use guichet_domain::event::DELIVERY_FAILED_FIELD;
use guichet_domain::ids::{TicketId, TicketNumber};
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_domain::ticket::Visibility;
use guichet_service::admin::units::{UnitBody, create_unit};
use guichet_service::input::UpdateTicketInput;
use guichet_service::mail::addressing::{Destination, destination};
use guichet_service::mail::receive::receive;
use guichet_service::mail::{DeliveryReport, IncomingMail, MailSettings, Mailbox, Receipt, Refusal, ReportedRecipient};
use guichet_service::tickets::close::close_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Actor, Context, NewOutgoingMail};
use guichet_store::testing::TestStore;

use crate::{context, person};

const HELPDESK: &str = "helpdesk@localhost.localdomain";

fn settings() -> MailSettings {
    MailSettings::new(
        Email::parse("helpdesk", HELPDESK).unwrap(),
        "test-instance",
        "http://guichet.test",
    )
}

fn mailbox(address: &str) -> Mailbox {
    Mailbox {
        address: address.into(),
        name: None,
    }
}

fn mail(id: &str, from: &str, subject: &str, text: &str) -> IncomingMail {
    IncomingMail {
        message_id: id.into(),
        from: Some(Mailbox {
            address: from.into(),
            name: Some("Pia Martin".into()),
        }),
        envelope_sender: Some(from.into()),
        to: vec![mailbox(HELPDESK)],
        subject: subject.into(),
        text: text.into(),
        headers: vec![("From".into(), from.into()), ("Subject".into(), subject.into())],
        size: 1000,
        ..IncomingMail::default()
    }
}

async fn deliver(ctx: &Context, mail: IncomingMail) -> Result<Receipt, Refusal> {
    receive(ctx, &settings(), mail, &[Destination::Helpdesk]).await
}

fn opened(receipt: Receipt) -> TicketId {
    match receipt {
        Receipt::Opened(number) | Receipt::OpenedRelated { ticket: number, .. } => number.ticket_id().unwrap(),
        other => panic!("expected a new ticket, got {other:?}"),
    }
}

async fn set_status(ctx: &Context, by: &Actor, id: TicketId, status: &str) {
    let solving = status == "solved";
    let input = UpdateTicketInput {
        status: Some(status.into()),
        qualifier: solving.then(|| "fixed".into()),
        solution: solving.then(|| "Restarted the service.".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(ctx, by, id, input).await.unwrap();
}

/// A new mail opens a ticket in first-level support from a new contact,
/// with its CC and HTML; the same message again opens nothing.
pub async fn a_new_mail_opens_one_ticket(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut first = mail(
        "m1@site.example",
        "pia@site.example",
        "Fwd: SRM down at IN2P3",
        "Transfers fail.",
    );
    first.cc = vec![
        mailbox("colleague@site.example"),
        mailbox(HELPDESK),
        mailbox("helpdesk+100999@localhost.localdomain"),
    ];
    first.html = Some("<p>Transfers <b>fail</b>.</p>".into());
    let id = opened(deliver(&ctx, first.clone()).await.unwrap());
    let view = db.store.ticket(id).await.unwrap();
    assert_eq!(
        view.ticket.subject, "SRM down at IN2P3",
        "reply and forward prefixes go"
    );
    assert_eq!(view.ticket.description, "Transfers fail.");
    assert_eq!(view.ticket.status, Status::New);
    assert_eq!(view.submitter.email, "pia@site.example");
    assert_eq!(view.submitter.name, "Pia Martin");
    let cc: Vec<&str> = view.ticket.cc.iter().map(Email::as_str).collect();
    assert_eq!(cc, vec!["colleague@site.example"], "our own addresses never become CC");
    let contact = db.store.user_by_email("pia@site.example").await.unwrap().unwrap();
    assert!(contact.password_hash.is_none(), "a contact has no password");
    assert_eq!(
        db.store.description_html(id).await.unwrap().as_deref(),
        Some("<p>Transfers <b>fail</b>.</p>")
    );
    assert_eq!(
        db.store
            .ticket_by_message_ids(&["m1@site.example".into()])
            .await
            .unwrap(),
        Some(id)
    );
    let again = deliver(&ctx, first).await.unwrap();
    assert_eq!(again, Receipt::Duplicate(TicketNumber::from(id)));
    assert_eq!(db.store.ticket_count().await.unwrap(), 1);
}

/// A mail to a unit's address opens the ticket in that unit; an unknown
/// local address is refused.
pub async fn a_unit_address_opens_in_the_unit(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let body = UnitBody {
        name: "Network".into(),
        kind: "expertise".into(),
        qos_level: None,
        email: Some("network@localhost.localdomain".into()),
        members: vec![],
    };
    let unit = create_unit(&ctx, &Actor::system("test"), body).await.unwrap();
    let to_unit = destination(&ctx, &settings(), "Network@localhost.localdomain")
        .await
        .unwrap();
    assert_eq!(to_unit, Destination::Unit(unit.id));
    let id = opened(
        receive(
            &ctx,
            &settings(),
            mail("u1@x", "pia@site.example", "Packet loss", "Loss."),
            &[to_unit],
        )
        .await
        .unwrap(),
    );
    let ticket = db.store.ticket(id).await.unwrap().ticket;
    assert_eq!(ticket.unit, unit.id);
    assert_eq!(ticket.status, Status::Assigned);
    let unknown = destination(&ctx, &settings(), "nobody@localhost.localdomain")
        .await
        .unwrap_err();
    assert!(matches!(unknown, Refusal::UnknownRecipient(_)), "{unknown:?}");
    assert_eq!(unknown.smtp_code(), 550);
    assert_eq!(unknown.exit_code(), 67);
    let number = TicketNumber::from(id);
    let ticket_address = destination(&ctx, &settings(), &format!("helpdesk+{number}@localhost.localdomain"))
        .await
        .unwrap();
    assert_eq!(ticket_address, Destination::Ticket(number));
    let no_such_ticket = destination(&ctx, &settings(), "helpdesk+199999@localhost.localdomain").await;
    assert!(
        matches!(no_such_ticket, Err(Refusal::UnknownRecipient(_))),
        "{no_such_ticket:?}"
    );
}

/// The submitter's reply, found by the tag, joins as a public reply and
/// resumes a ticket waiting for them; a reply to a solved ticket reopens it.
pub async fn replies_join_and_move_the_status(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (_, shifter) = person(&ctx, "shifter", Role::Supporter).await;
    let id = opened(
        deliver(&ctx, mail("t1@x", "pia@site.example", "Jobs stuck", "Stuck."))
            .await
            .unwrap(),
    );
    let number = TicketNumber::from(id);
    set_status(&ctx, &shifter, id, "in progress").await;
    set_status(&ctx, &shifter, id, "waiting for reply").await;
    let subject = format!("RE : [Guichet #{number}] Jobs stuck");
    let reply = deliver(&ctx, mail("t2@x", "Pia@Site.example", &subject, "Here is the log."))
        .await
        .unwrap();
    assert_eq!(reply, Receipt::Added(number));
    assert_eq!(db.store.ticket(id).await.unwrap().ticket.status, Status::InProgress);
    let articles = db.store.articles(id, true).await.unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].body, "Here is the log.");

    set_status(&ctx, &shifter, id, "solved").await;
    let reopen = deliver(&ctx, mail("t3@x", "pia@site.example", &subject, "Still broken."))
        .await
        .unwrap();
    assert_eq!(reopen, Receipt::Added(number));
    assert_eq!(db.store.ticket(id).await.unwrap().ticket.status, Status::Reopened);
}

/// By References alone: the same subject joins; a different one opens a
/// new ticket cross-referenced to the old.
pub async fn a_new_problem_in_an_old_thread_opens_a_new_ticket(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let id = opened(
        deliver(&ctx, mail("r1@x", "pia@site.example", "Storage element full", "Full."))
            .await
            .unwrap(),
    );
    let mut same = mail("r2@x", "pia@site.example", "Re: Storage element full", "Now 99%.");
    same.in_reply_to = vec!["r1@x".into()];
    assert_eq!(deliver(&ctx, same).await.unwrap(), Receipt::Added(id.into()));
    let mut other = mail(
        "r3@x",
        "pia@site.example",
        "Re: CREAM CE certificate expired",
        "Another thing.",
    );
    other.references = vec!["r1@x".into(), "r2@x".into()];
    let receipt = deliver(&ctx, other).await.unwrap();
    let Receipt::OpenedRelated { ticket, related, .. } = receipt else {
        panic!("expected a related ticket, got {receipt:?}");
    };
    assert_eq!(related, TicketNumber::from(id));
    let relations = db.store.relations(ticket.ticket_id().unwrap()).await.unwrap();
    assert_eq!(relations.len(), 1);
    assert_eq!(
        db.store.articles(id, true).await.unwrap().len(),
        1,
        "the old ticket got only the first reply"
    );
}

/// A reply to a notification (Reply-To the ticket's address, References
/// to it) without the tag and about something else opens a new ticket,
/// whose subject carries no old tag.
pub async fn a_new_problem_sent_to_the_ticket_address_opens_a_new_ticket(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let id = opened(
        deliver(&ctx, mail("ad1@x", "pia@site.example", "Storage element full", "Full."))
            .await
            .unwrap(),
    );
    let number = TicketNumber::from(id);
    let mut other = mail(
        "ad2@x",
        "pia@site.example",
        "Re: VOMS server certificate expired",
        "Another thing.",
    );
    other.references = vec!["ad1@x".into()];
    let to_ticket = [Destination::Ticket(number)];
    let receipt = receive(&ctx, &settings(), other, &to_ticket).await.unwrap();
    assert!(
        matches!(receipt, Receipt::OpenedRelated { related, .. } if related == number),
        "{receipt:?}"
    );
    let mut same = mail("ad3@x", "pia@site.example", "Re: Storage element full", "Now 99%.");
    same.references = vec!["ad1@x".into()];
    assert_eq!(
        receive(&ctx, &settings(), same, &to_ticket).await.unwrap(),
        Receipt::Added(number)
    );
    let subject = format!("Fwd: [Guichet #{number}] A new question");
    let stranger = deliver(&ctx, mail("ad4@x", "mallory@else.example", &subject, "Hi."))
        .await
        .unwrap();
    let new = db.store.ticket(opened(stranger)).await.unwrap().ticket;
    assert_eq!(new.subject, "A new question", "no old tag, no prefix");
}

/// A stranger's mail carrying a private ticket's tag never joins it: it
/// opens a new private ticket that references it.
pub async fn a_stranger_never_joins(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (_, shifter) = person(&ctx, "shifter", Role::Supporter).await;
    let id = opened(
        deliver(&ctx, mail("s1@x", "pia@site.example", "Private matter", "Secret."))
            .await
            .unwrap(),
    );
    let private = UpdateTicketInput {
        visibility: Some("private".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&ctx, &shifter, id, private).await.unwrap();
    let subject = format!("Re: [Guichet #{}] Private matter", TicketNumber::from(id));
    let receipt = deliver(&ctx, mail("s2@x", "mallory@else.example", &subject, "Let me in."))
        .await
        .unwrap();
    let new = opened(receipt);
    assert_ne!(new, id);
    assert!(db.store.articles(id, true).await.unwrap().is_empty());
    assert_eq!(
        db.store.ticket(new).await.unwrap().ticket.visibility,
        Visibility::Private
    );
}

/// A subscriber of a ticket that then became private is no longer on it:
/// their mail opens a new ticket instead of joining.
pub async fn a_subscriber_who_lost_sight_of_a_ticket_does_not_join(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (_, shifter) = person(&ctx, "shifter", Role::Supporter).await;
    let (_, follower) = person(&ctx, "follower", Role::Requester).await;
    let id = opened(
        deliver(&ctx, mail("ps1@x", "pia@site.example", "Shared issue", "Hi."))
            .await
            .unwrap(),
    );
    guichet_service::people::subscriptions::subscribe(&ctx, &follower, id)
        .await
        .unwrap();
    let subject = format!("Re: [Guichet #{}] Shared issue", TicketNumber::from(id));
    let joined = deliver(&ctx, mail("ps2@x", "follower@example.org", &subject, "Me too."))
        .await
        .unwrap();
    assert_eq!(
        joined,
        Receipt::Added(id.into()),
        "a subscriber of a public ticket joins"
    );
    let private = UpdateTicketInput {
        visibility: Some("private".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&ctx, &shifter, id, private).await.unwrap();
    let after = deliver(&ctx, mail("ps3@x", "follower@example.org", &subject, "Still me."))
        .await
        .unwrap();
    assert!(matches!(after, Receipt::OpenedRelated { .. }), "{after:?}");
}

/// A reply to a closed ticket opens a new one that references it.
pub async fn a_reply_to_a_closed_ticket_opens_a_new_one(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (_, shifter) = person(&ctx, "shifter", Role::Supporter).await;
    let id = opened(
        deliver(&ctx, mail("c1@x", "pia@site.example", "Old issue", "Old."))
            .await
            .unwrap(),
    );
    set_status(&ctx, &shifter, id, "solved").await;
    close_ticket(&ctx, &Actor::system("test"), id).await.unwrap();
    let subject = format!("Re: [Guichet #{}] Old issue", TicketNumber::from(id));
    let receipt = deliver(&ctx, mail("c2@x", "pia@site.example", &subject, "It is back."))
        .await
        .unwrap();
    assert!(matches!(receipt, Receipt::OpenedRelated { related, .. } if related == TicketNumber::from(id)));
    assert_eq!(db.store.ticket(id).await.unwrap().ticket.status, Status::Closed);
}

/// Auto-replies, lists and our own mail coming back are accepted and
/// dropped: no ticket, no article, no contact.
pub async fn automatic_mail_is_never_filed(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let cases: [(&str, &str); 4] = [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("X-Guichet-Loop", "test-instance"),
        ("X-Guichet-Loop", "another-guichet"),
    ];
    for (i, (name, value)) in cases.into_iter().enumerate() {
        let mut auto = mail(&format!("a{i}@x"), "robot@site.example", "Out of office", "Away.");
        auto.headers.push((name.into(), value.into()));
        let receipt = deliver(&ctx, auto).await.unwrap();
        assert!(
            matches!(receipt, Receipt::Ignored(_)),
            "{name}: {value} gave {receipt:?}"
        );
    }
    let mut bounce_like = mail("a9@x", "MAILER-DAEMON@site.example", "Undelivered", "Gone.");
    bounce_like.envelope_sender = Some(String::new());
    assert!(matches!(deliver(&ctx, bounce_like).await.unwrap(), Receipt::Ignored(_)));
    assert_eq!(db.store.ticket_count().await.unwrap(), 0);
    assert!(db.store.user_by_email("robot@site.example").await.unwrap().is_none());
}

/// Past the limit, a sender's messages to one ticket are put off (451):
/// the sending server retries later, nothing is lost or stored.
pub async fn a_flood_on_one_ticket_is_put_off(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let id = opened(
        deliver(&ctx, mail("f0@x", "pia@site.example", "Flood", "First."))
            .await
            .unwrap(),
    );
    let subject = format!("[Guichet #{}] Flood", TicketNumber::from(id));
    for i in 1..=10 {
        let receipt = deliver(&ctx, mail(&format!("f{i}@x"), "pia@site.example", &subject, "More.")).await;
        assert!(matches!(receipt, Ok(Receipt::Added(_))), "{i}: {receipt:?}");
    }
    let refused = deliver(&ctx, mail("f11@x", "pia@site.example", &subject, "More."))
        .await
        .unwrap_err();
    assert!(matches!(refused, Refusal::Temporary(_)), "{refused:?}");
    assert_eq!(refused.smtp_code(), 451);
    assert_eq!(db.store.articles(id, true).await.unwrap().len(), 10);
}

/// A bounce for one of our notifications is recorded on its ticket as a
/// failed delivery (for supporters), once, and files nothing else.
pub async fn a_bounce_is_recorded_on_its_ticket(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let id = opened(
        deliver(&ctx, mail("b0@x", "pia@site.example", "Bounced", "Hi."))
            .await
            .unwrap(),
    );
    let sent = NewOutgoingMail {
        change: guichet_domain::ids::ChangeId(99),
        recipient: "gone@site.example".into(),
        ticket: Some(id),
        message_id: "guichet.1.99.abc@localhost.localdomain".into(),
        message: b"Subject: x\r\n\r\nx\r\n".to_vec(),
        internal: false,
        at: ctx.now(),
    };
    guichet_service::mail::outbox::enqueue(&ctx, &[sent]).await.unwrap();
    let mut bounce = mail(
        "dsn1@mx",
        "MAILER-DAEMON@mx.site.example",
        "Undelivered Mail Returned to Sender",
        "Sorry.",
    );
    bounce.envelope_sender = Some(String::new());
    bounce.headers.push((
        "Content-Type".into(),
        "multipart/report; report-type=delivery-status; boundary=\"b\"".into(),
    ));
    bounce.report = Some(DeliveryReport {
        original_message_id: Some("guichet.1.99.abc@localhost.localdomain".into()),
        recipients: vec![ReportedRecipient {
            address: "gone@site.example".into(),
            action: "failed".into(),
            status: Some("5.1.1".into()),
            diagnostic: Some("550 5.1.1 user unknown".into()),
        }],
    });
    for _ in 0..2 {
        let receipt = deliver(&ctx, bounce.clone()).await.unwrap();
        assert_eq!(receipt, Receipt::Bounced(Some(id.into())));
    }
    let failures: Vec<_> = db
        .store
        .history(id)
        .await
        .unwrap()
        .into_iter()
        .filter(|h| h.change.field == DELIVERY_FAILED_FIELD)
        .collect();
    assert_eq!(failures.len(), 1, "recorded once");
    assert!(
        failures[0]
            .change
            .new
            .as_deref()
            .unwrap()
            .starts_with("gone@site.example: 5.1.1")
    );
    assert!(db.store.articles(id, true).await.unwrap().is_empty());
    assert_eq!(db.store.ticket_count().await.unwrap(), 1);
}

/// A message without From nor envelope sender is refused as unusable.
pub async fn a_mail_without_sender_is_refused(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut anonymous = mail("n1@x", "x@y.example", "Who?", "Nobody.");
    anonymous.from = None;
    anonymous.envelope_sender = None;
    let refused = deliver(&ctx, anonymous).await.unwrap_err();
    assert!(matches!(refused, Refusal::Invalid(_)), "{refused:?}");
    assert_eq!(refused.exit_code(), 65);
    assert_eq!(db.store.ticket_count().await.unwrap(), 0);
}

/// A file over the limit refuses the whole message (552): no ticket, no
/// article, not even the sender's contact. An empty body still opens a
/// ticket, with a word saying so.
pub async fn an_oversized_file_refuses_the_whole_message(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut big = mail("big@x", "newcomer@site.example", "Logs", "See the logs.");
    big.attachments = vec![
        guichet_service::attachments::FileUpload {
            filename: "small.txt".into(),
            content: bytes::Bytes::from_static(b"ok"),
        },
        guichet_service::attachments::FileUpload {
            filename: "huge.log".into(),
            content: bytes::Bytes::from(vec![b'x'; 2048]),
        },
    ];
    let refused = deliver(&ctx, big).await.unwrap_err();
    assert!(
        matches!(&refused, Refusal::TooLarge(m) if m.contains("huge.log")),
        "{refused:?}"
    );
    assert_eq!(refused.smtp_code(), 552);
    assert_eq!(db.store.ticket_count().await.unwrap(), 0);
    assert!(db.store.user_by_email("newcomer@site.example").await.unwrap().is_none());
    let empty = deliver(&ctx, mail("empty@x", "newcomer@site.example", "", ""))
        .await
        .unwrap();
    let ticket = db.store.ticket(opened(empty)).await.unwrap().ticket;
    assert_eq!(
        (ticket.subject.as_str(), ticket.description.as_str()),
        ("(no subject)", "(the message had no text)")
    );
}

/// Messages from one new sender arriving at once make one contact and are
/// all filed (the contact made by one is found by the others).
pub async fn a_new_sender_writing_twice_at_once_is_one_contact(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let deliveries = (0..6).map(|i| {
        let ctx = ctx.clone();
        async move {
            deliver(
                &ctx,
                mail(&format!("race{i}@x"), "newcomer@site.example", "Race", "Hi."),
            )
            .await
        }
    });
    for outcome in futures_util::future::join_all(deliveries).await {
        assert!(matches!(outcome, Ok(Receipt::Opened(_))), "{outcome:?}");
    }
    assert_eq!(db.store.ticket_count().await.unwrap(), 6);
    let users = db.store.users().await.unwrap();
    assert_eq!(users.iter().filter(|u| u.email == "newcomer@site.example").count(), 1);
}

/// During a migration, the old operations list's mail becomes tickets in
/// first-level support although lists mark it `Precedence: list`; another
/// list's mail is dropped.
pub async fn the_old_mailing_list_still_opens_tickets(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut settings = settings();
    settings.safety.coexistence_lists = vec!["ops.ngi.example".into()];
    let list_mail = |id: &str, list: &str| {
        let mut m = mail(id, "site-admin@site.example", "[ops] CREAM CE down", "Anyone else?");
        m.to = vec![mailbox("ops@lists.ngi.example")];
        m.cc = vec![mailbox("colleague@site.example")];
        m.headers.push(("Precedence".into(), "list".into()));
        m.headers.push(("List-Id".into(), format!("Operations <{list}>")));
        m
    };
    let ours = receive(
        &ctx,
        &settings,
        list_mail("l1@x", "ops.ngi.example"),
        &[Destination::Helpdesk],
    )
    .await
    .unwrap();
    let ticket = db.store.ticket(opened(ours)).await.unwrap().ticket;
    assert_eq!(Some(ticket.unit), db.store.first_level_unit().await.unwrap());
    assert!(
        ticket.cc.is_empty(),
        "neither the list nor its members are copied: {:?}",
        ticket.cc
    );
    let other = receive(
        &ctx,
        &settings,
        list_mail("l2@x", "users.other.example"),
        &[Destination::Helpdesk],
    )
    .await
    .unwrap();
    assert!(matches!(other, Receipt::Ignored(_)), "{other:?}");
}

/// A supporter's answer to a notification that showed an internal note
/// stays internal (it quotes the note); their answer to any other
/// notification, and a requester's to that one, are public replies.
pub async fn a_supporters_answer_to_an_internal_notification_stays_internal(db: TestStore) {
    use guichet_domain::article::ArticleKind;
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (expert, _) = person(&ctx, "expert", Role::Supporter).await;
    let id = opened(
        deliver(&ctx, mail("in0@x", "pia@site.example", "Disk full", "Full."))
            .await
            .unwrap(),
    );
    let sent = |message_id: &str, recipient: &str, internal: bool| NewOutgoingMail {
        change: guichet_domain::ids::ChangeId(if internal { 41 } else { 42 }),
        recipient: recipient.into(),
        ticket: Some(id),
        message_id: message_id.into(),
        message: b"Subject: x\r\n\r\nx\r\n".to_vec(),
        internal,
        at: ctx.now(),
    };
    let queued = [
        sent("note@guichet", &expert.email, true),
        sent("reply@guichet", "pia@site.example", false),
    ];
    guichet_service::mail::outbox::enqueue(&ctx, &queued).await.unwrap();
    let subject = format!("Re: [Guichet #{}] Disk full", TicketNumber::from(id));
    let answer = |message_id: &str, from: &str, to: &str| {
        let mut m = mail(message_id, from, &subject, "Quoting the note below.");
        m.in_reply_to = vec![to.into()];
        m
    };
    for m in [
        answer("a1@x", &expert.email, "note@guichet"),
        answer("a2@x", &expert.email, "reply@guichet"),
        answer("a3@x", "pia@site.example", "note@guichet"),
    ] {
        deliver(&ctx, m).await.unwrap();
    }
    let kinds: Vec<ArticleKind> = db
        .store
        .articles(id, true)
        .await
        .unwrap()
        .iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            ArticleKind::InternalNote,
            ArticleKind::PublicReply,
            ArticleKind::PublicReply
        ]
    );
}

/// A mail sent to a mailing list and the helpdesk copies the people it
/// names, never the list.
pub async fn a_list_is_never_copied(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut listed = mail("lp@x", "pia@site.example", "Downtime", "Tonight.");
    listed.to = vec![mailbox("users@lists.site.example")];
    listed.cc = vec![mailbox(HELPDESK), mailbox("colleague@site.example")];
    listed
        .headers
        .push(("List-Post".into(), "<mailto:users@lists.site.example>".into()));
    let ticket = db
        .store
        .ticket(opened(deliver(&ctx, listed).await.unwrap()))
        .await
        .unwrap()
        .ticket;
    let cc: Vec<&str> = ticket.cc.iter().map(Email::as_str).collect();
    assert_eq!(cc, vec!["colleague@site.example"]);
}

/// A mail to 10,000 people keeps 50 of them in copy of its ticket.
pub async fn ten_thousand_recipients_keep_fifty_in_copy(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let mut crowd = mail("crowd@x", "pia@site.example", "To everyone", "Hello all.");
    crowd.cc = (0..10_000).map(|i| mailbox(&format!("u{i}@site.example"))).collect();
    let ticket = db
        .store
        .ticket(opened(deliver(&ctx, crowd).await.unwrap()))
        .await
        .unwrap()
        .ticket;
    assert_eq!(ticket.cc.len(), 50);
}

guichet_store::backend_tests! {
    a_subscriber_who_lost_sight_of_a_ticket_does_not_join,
    a_supporters_answer_to_an_internal_notification_stays_internal,
    a_new_problem_sent_to_the_ticket_address_opens_a_new_ticket,
    a_list_is_never_copied,
    the_old_mailing_list_still_opens_tickets,
    ten_thousand_recipients_keep_fifty_in_copy,
    a_new_sender_writing_twice_at_once_is_one_contact,
    an_oversized_file_refuses_the_whole_message,
    a_new_mail_opens_one_ticket,
    a_unit_address_opens_in_the_unit,
    replies_join_and_move_the_status,
    a_new_problem_in_an_old_thread_opens_a_new_ticket,
    a_stranger_never_joins,
    a_reply_to_a_closed_ticket_opens_a_new_one,
    automatic_mail_is_never_filed,
    a_flood_on_one_ticket_is_put_off,
    a_bounce_is_recorded_on_its_ticket,
    a_mail_without_sender_is_refused,
}
