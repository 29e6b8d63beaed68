//! What a change tells whom: for each ticket a change touched, the ticket
//! as it now is, what happened, and the recipients the domain's rule names,
//! each with their language. The mail channel renders and queues them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::deadlines::{Audience, Reminder, escalation_reaches};
use guichet_domain::event::{EventKind, FieldChange, reminder_of};
use guichet_domain::ids::{ChangeId, TicketId, UnitId, UserId};
use guichet_domain::notify::{ChangeSummary, Person, Recipient, TicketPeople, recipients};
use guichet_domain::preferences::Language;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_domain::ticket::Ticket;
use guichet_store::{StoredEvent, User};

use super::on_shift::audience;
use crate::events::ChangeEvents;
use crate::tickets::confirm::{ConfirmationLinks, confirmation_links};
use crate::{Context, ServiceResult};

/// One ticket's news from one change.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The change.
    pub change: ChangeId,
    /// The ticket, as the change left it.
    pub ticket: Ticket,
    /// Who made the change: name and address; `None` for the system.
    pub author: Option<(String, String)>,
    /// What happened, as the rule of who is notified sees it.
    pub summary: ChangeSummary,
    /// The articles the change added, in order (internal notes included:
    /// the renderer shows them to the supporter side only).
    pub articles: Vec<Article>,
    /// The fields it changed.
    pub fields: Vec<FieldChange>,
    /// The files it attached.
    pub files: Vec<String>,
    /// Who is told, and in which language.
    pub recipients: Vec<(Recipient, Language)>,
    /// The Message-ID notifications of this ticket answer, so that mail
    /// clients thread them: the mail that opened it, or its first
    /// notification.
    pub thread_root: Option<String>,
    /// The submitter's verify and reopen links, when the change answered
    /// the ticket (solved or unsolved); only the submitter's mail shows them.
    pub confirmation: Option<ConfirmationLinks>,
}

/// The notices of `change`: one per ticket it touched that has someone to
/// tell.
pub async fn notices(ctx: &Context, change: &ChangeEvents) -> ServiceResult<Vec<Notice>> {
    let mut by_ticket: BTreeMap<TicketId, Vec<&StoredEvent>> = BTreeMap::new();
    // An imported ticket is history: nobody hears of it.
    let imported = |e: &StoredEvent| e.kind == EventKind::TicketImported;
    for event in change.events.iter().filter(|e| !imported(e)) {
        if let Some(ticket) = event.ticket {
            by_ticket.entry(ticket).or_default().push(event);
        }
    }
    let mut notices = Vec::new();
    for (ticket, events) in by_ticket {
        if let Some(notice) = notice(ctx, change.change, ticket, &events).await? {
            notices.push(notice);
        }
    }
    Ok(notices)
}

async fn notice(
    ctx: &Context,
    change: ChangeId,
    id: TicketId,
    events: &[&StoredEvent],
) -> ServiceResult<Option<Notice>> {
    let store = ctx.store();
    let ticket = store.ticket(id).await?.ticket;
    let articles = added_articles(ctx, id, events).await?;
    let fields: Vec<FieldChange> = events.iter().flat_map(|e| changed_fields(e)).collect();
    let files = events
        .iter()
        .filter(|e| e.kind == EventKind::AttachmentAdded)
        .filter_map(|e| e.payload.get("filename").and_then(|f| f.as_str()).map(str::to_owned))
        .collect();
    let summary = summarise(events, &articles, &fields);
    let author = match events.first().and_then(|e| e.author.user) {
        Some(user) => Some(store.user(user).await?),
        None => None,
    };
    let at = events.first().map_or_else(|| ctx.now(), |e| e.created_at);
    let people = people(ctx, &ticket, summary.reminder, at).await?;
    let excluded = author
        .as_ref()
        .filter(|_| !summary.created)
        .and_then(|a| Email::parse("author", &a.email).ok());
    let chosen = recipients(&ticket, &people, &summary, excluded.as_ref());
    if chosen.is_empty() {
        return Ok(None);
    }
    let recipients = with_languages(ctx, &ticket, chosen).await?;
    let confirmation = match summary.solved {
        true => confirmation_links(ctx, &ticket).await?,
        false => None,
    };
    Ok(Some(Notice {
        confirmation,
        change,
        thread_root: store.ticket_message_root(id).await?,
        ticket,
        author: author.map(|a| (a.name, a.email)),
        summary,
        articles,
        fields,
        files,
        recipients,
    }))
}

/// The articles the events name, read back.
async fn added_articles(ctx: &Context, ticket: TicketId, events: &[&StoredEvent]) -> ServiceResult<Vec<Article>> {
    let ids: Vec<i64> = events
        .iter()
        .filter(|e| e.kind == EventKind::ArticleAdded)
        .filter_map(|e| e.payload.get("article").and_then(serde_json::Value::as_i64))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let all = ctx.store().articles(ticket, true).await?;
    Ok(all.into_iter().filter(|a| ids.contains(&a.id.0)).collect())
}

fn changed_fields(event: &StoredEvent) -> Vec<FieldChange> {
    if event.kind != EventKind::TicketUpdated {
        return Vec::new();
    }
    event
        .payload
        .get("changes")
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default()
}

/// What happened, for the rule of who is notified.
fn summarise(events: &[&StoredEvent], articles: &[Article], fields: &[FieldChange]) -> ChangeSummary {
    let kinds = |k: EventKind| events.iter().any(|e| e.kind == k);
    let count = |k: ArticleKind| articles.iter().filter(|a| a.kind == k).count();
    let status_to = |s: Status| {
        fields
            .iter()
            .any(|f| f.field == "status" && f.new.as_deref() == Some(s.as_str()))
    };
    let reminder = events.iter().find_map(|e| reminder_of(e.kind, &e.payload));
    let relations = kinds(EventKind::RelationAdded) || kinds(EventKind::RelationRemoved);
    let created = kinds(EventKind::TicketCreated);
    let public_replies = count(ArticleKind::PublicReply);
    let internal_notes = count(ArticleKind::InternalNote);
    let solved = status_to(Status::Solved) || status_to(Status::Unsolved) || count(ArticleKind::Solution) > 0;
    let attachments = kinds(EventKind::AttachmentAdded);
    let other_changes = !fields.is_empty() || attachments;
    let only_notes = internal_notes > 0 && public_replies == 0 && count(ArticleKind::Solution) == 0;
    ChangeSummary {
        created,
        public_replies,
        internal_notes,
        solved,
        reopened: status_to(Status::Reopened),
        other_changes: other_changes || relations,
        internal_only: only_notes && !created && fields.is_empty(),
        relation_only: relations && !created && fields.is_empty() && articles.is_empty() && !attachments,
        reminder,
    }
}

/// Everyone the ticket names, as the rule needs them; disabled accounts
/// are left out. The coordinators are looked up only for the escalation
/// that reaches them. First-level support is whoever is on shift at `at`
/// when the rota has someone on duty ([`on_shift`](super::on_shift)).
async fn people(
    ctx: &Context,
    ticket: &Ticket,
    reminder: Option<Reminder>,
    at: DateTime<Utc>,
) -> ServiceResult<TicketPeople> {
    let store = ctx.store();
    let submitter = person(ctx, ticket.submitter).await?;
    let assignee = match ticket.assignee {
        Some(user) => person(ctx, user).await?,
        None => None,
    };
    let mut involved_unit_members = Vec::new();
    for unit in &ticket.involved_units {
        involved_unit_members.extend(members(ctx, *unit).await?);
    }
    let first_level = store.first_level_unit().await?;
    let shift = audience(ctx, ticket, first_level, reminder, at).await?;
    let first_level_members = match (shift.first_level_members, first_level) {
        (Some(on_duty), _) => persons(ctx, &on_duty).await?,
        (None, Some(unit)) => members(ctx, unit).await?,
        (None, None) => Vec::new(),
    };
    let unit_members = match shift.unit_members {
        Some(on_duty) => persons(ctx, &on_duty).await?,
        None => members(ctx, ticket.unit).await?,
    };
    Ok(TicketPeople {
        submitter: submitter.unwrap_or_else(|| Person {
            user: None,
            email: placeholder(),
            supporter: false,
        }),
        cc: ticket.cc.clone(),
        assignee,
        solving_unit_members: unit_members.clone(),
        unit_members,
        involved_unit_members,
        involved_users: persons(ctx, &ticket.involved_users).await?,
        subscribers: persons(ctx, &store.subscribers(ticket.id).await?).await?,
        first_level_members,
        coordinators: match reminder {
            Some(Reminder::Escalated { level }) if escalation_reaches(level).contains(&Audience::Coordinators) => {
                coordinators(ctx).await?
            }
            _ => Vec::new(),
        },
    })
}

/// The enabled users whose role is coordinator.
async fn coordinators(ctx: &Context) -> ServiceResult<Vec<Person>> {
    let users = ctx.store().users().await?;
    Ok(users
        .iter()
        .filter(|u| u.role == Role::Coordinator)
        .filter_map(as_person)
        .collect())
}

/// An address nobody has, for a submitter whose account is disabled.
fn placeholder() -> Email {
    Email::parse("email", "nobody@invalid.invalid").unwrap_or_else(|_| unreachable!("a valid address"))
}

async fn members(ctx: &Context, unit: UnitId) -> ServiceResult<Vec<Person>> {
    let unit = ctx.store().unit(unit).await?;
    persons(ctx, &unit.members).await
}

async fn persons(ctx: &Context, users: &[UserId]) -> ServiceResult<Vec<Person>> {
    let mut found = Vec::with_capacity(users.len());
    for user in users {
        found.extend(person(ctx, *user).await?);
    }
    Ok(found)
}

async fn person(ctx: &Context, user: UserId) -> ServiceResult<Option<Person>> {
    let user = ctx.store().user(user).await?;
    Ok(as_person(&user))
}

fn as_person(user: &User) -> Option<Person> {
    if user.disabled {
        return None;
    }
    Some(Person {
        user: Some(user.id),
        email: Email::parse("email", &user.email).ok()?,
        supporter: user.role.is_supporter(),
    })
}

/// Each recipient's language: their preference; for an address without an
/// account, the submitter's; English when nobody chose.
async fn with_languages(
    ctx: &Context,
    ticket: &Ticket,
    chosen: Vec<Recipient>,
) -> ServiceResult<Vec<(Recipient, Language)>> {
    let store = ctx.store();
    let fallback = store
        .preferences(ticket.submitter)
        .await?
        .language
        .unwrap_or(Language::En);
    let mut out = Vec::with_capacity(chosen.len());
    for recipient in chosen {
        let language = match recipient.user {
            Some(user) => store.preferences(user).await?.language.unwrap_or(fallback),
            None => fallback,
        };
        out.push((recipient, language));
    }
    Ok(out)
}
