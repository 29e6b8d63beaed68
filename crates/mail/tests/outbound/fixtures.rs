//! A notice with everything a change can carry, its settings, and the
//! notification consumer run until it has caught up.

use chrono::{DateTime, Utc};

use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::event::{DELIVERY_FAILED_FIELD, FieldChange};
use guichet_domain::ids::{ArticleId, ChangeId, TicketId, UnitId, UserId};
use guichet_domain::notify::{ChangeSummary, Recipient, Side};
use guichet_domain::priority::Priority;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_domain::ticket::{NotificationMode, Ticket, Visibility};
use guichet_mail::outbound::{NotificationConsumer, RenderedMail};
use guichet_service::Context;
use guichet_service::events::{PumpOutcome, PumpPolicy, pump};
use guichet_service::mail::MailSettings;
use guichet_service::mail::notices::Notice;

/// What the internal note says; no requester may ever read it.
pub const SECRET: &str = "SECRET-NOTE the site admin is away until Monday";

/// The helpdesk of the tests.
pub fn settings() -> MailSettings {
    let helpdesk = Email::parse("helpdesk", "helpdesk@guichet.example.org").unwrap();
    MailSettings::new(helpdesk, "guichet-test", "https://guichet.example.org/")
}

/// Runs the notification consumer until it has caught up.
pub async fn queue_notifications(ctx: &Context) {
    let consumer = NotificationConsumer::new(settings());
    loop {
        let pumped = pump(ctx, &consumer, "node-test", &PumpPolicy::default()).await.unwrap();
        match pumped.outcome {
            PumpOutcome::CaughtUp => return,
            PumpOutcome::More => continue,
            other => panic!("the consumer failed: {other:?}"),
        }
    }
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T15:05:00Z").unwrap().to_utc()
}

/// Ticket #100234, in progress.
pub fn ticket() -> Ticket {
    Ticket {
        id: TicketId(234),
        subject: "SRM down at IN2P3-CC".into(),
        description: "All transfers fail since 08:00.".into(),
        submitter: UserId(7),
        issue_type: None,
        site: None,
        vo: None,
        occurred_at: None,
        priority: Priority::Urgent,
        original_priority: Priority::Urgent,
        unit: UnitId(3),
        assignee: None,
        involved_units: Vec::new(),
        involved_users: Vec::new(),
        cc: Vec::new(),
        notification_mode: NotificationMode::OnSolution,
        visibility: Visibility::Public,
        status: Status::InProgress,
        qualifier: None,
        locked: false,
        created_at: at(),
        updated_at: at(),
        status_changed_at: at(),
        assigned_at: at(),
        version: 3,
    }
}

/// An article of ticket #100234.
pub fn article(id: i64, kind: ArticleKind, body: &str) -> Article {
    Article {
        id: ArticleId(id),
        ticket: TicketId(234),
        kind,
        body: body.into(),
        html: None,
        author: Some(UserId(9)),
        created_at: at(),
    }
}

/// A change by Sam that adds a public reply (quoting Rita) and an internal
/// note, changes status and priority, records a failed delivery and
/// attaches a file.
pub fn notice() -> Notice {
    Notice {
        change: ChangeId(77),
        ticket: ticket(),
        author: Some(("Sam Supporter".into(), "sam@example.org".into())),
        summary: ChangeSummary {
            public_replies: 1,
            internal_notes: 1,
            other_changes: true,
            ..ChangeSummary::default()
        },
        articles: vec![
            article(
                1,
                ArticleKind::PublicReply,
                "We restarted the SRM; please try again.\n\nOn Mon, 30 Nov 2026 at 10:00, Rita <rita@example.org> wrote:\n> QUOTED-OLD transfers fail\n",
            ),
            article(2, ArticleKind::InternalNote, SECRET),
        ],
        fields: vec![
            FieldChange::new("status", Some("assigned".into()), Some("in progress".into())),
            FieldChange::new("priority", Some("less urgent".into()), Some("urgent".into())),
            FieldChange::new("assignee", None, Some("9".into())),
            FieldChange::new(DELIVERY_FAILED_FIELD, None, Some("SECRET-FIELD old@example.org".into())),
        ],
        files: vec!["job.log".into()],
        recipients: Vec::new(),
        thread_root: Some("opening@mail.example".into()),
        confirmation: None,
    }
}

/// A recipient on `side`.
pub fn recipient(address: &str, side: Side) -> Recipient {
    Recipient {
        email: Email::parse("email", address).unwrap(),
        user: None,
        side,
        reasons: Vec::new(),
    }
}

/// A rendered mail, parsed back.
pub struct Parsed {
    /// The message as sent.
    pub raw: String,
    /// Its plain-text part, decoded, with bare line feeds.
    pub text: String,
    /// Its HTML part, decoded, with bare line feeds.
    pub html: String,
}

impl Parsed {
    /// Parses `mail`.
    pub fn of(mail: &RenderedMail) -> Self {
        Self::from_bytes(&mail.bytes)
    }

    /// Parses a whole message.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let message = mail_parser::MessageParser::default().parse(bytes).unwrap();
        Self {
            raw: String::from_utf8_lossy(bytes).into_owned(),
            text: message.body_text(0).unwrap().replace("\r\n", "\n"),
            html: message.body_html(0).unwrap().replace("\r\n", "\n"),
        }
    }

    /// The value of the header `name`, unfolded, if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let prefix = format!("{}:", name.to_ascii_lowercase());
        unfolded
            .split("\r\n")
            .find(|line| line.to_ascii_lowercase().starts_with(&prefix))
            .map(|line| line[prefix.len()..].trim().to_owned())
    }

    /// Whether either part, or the raw message, shows `needle`.
    pub fn shows(&self, needle: &str) -> bool {
        self.text.contains(needle) || self.html.contains(needle) || self.raw.contains(needle)
    }
}
