//! Opening a ticket, alone or with its first articles and their files, in
//! one transaction.

use guichet_domain::actor::Actor;
use guichet_domain::article::ArticleKind;
use guichet_domain::event::FieldChange;
use guichet_domain::ids::TicketId;
use guichet_domain::priority::Priority;
use guichet_domain::text::{NonBlank, Subject};
use guichet_domain::ticket::{NewTicket, NotificationMode, Ticket, Visibility, open_ticket};
use guichet_store::{ArticleLink, NewArticle, Person, StoreError, TicketView};

use super::commit;
use crate::attachments::{FileUpload, prepare};
use crate::change::Change;
use crate::input::{CreateTicketInput, label_or, parse_emails};
use crate::{Context, ServiceError, ServiceResult};

/// An article written together with its ticket (a mail's body, say), and
/// the files attached to it.
#[derive(Debug, Clone)]
pub struct ArticleDraft {
    /// Public reply or internal note.
    pub kind: ArticleKind,
    /// The text, verbatim.
    pub body: String,
    /// Its files.
    pub files: Vec<FileUpload>,
}

/// Validates and stores a new ticket submitted by `actor`.
pub async fn create_ticket(ctx: &Context, actor: &Actor, input: CreateTicketInput) -> ServiceResult<TicketView> {
    create_ticket_with(ctx, actor, input, Vec::new(), None).await
}

/// Validates and stores a new ticket with its first articles, each with
/// its files linked to it: all of it, or nothing. With a `key` (a form's
/// submission key, a message's Message-ID), a second submission of the same
/// key opens nothing and returns the ticket the first one opened.
pub async fn create_ticket_with(
    ctx: &Context,
    actor: &Actor,
    input: CreateTicketInput,
    articles: Vec<ArticleDraft>,
    key: Option<&str>,
) -> ServiceResult<TicketView> {
    if let Some(key) = key
        && let Some(done) = ctx.store().ticket_by_change_key(key).await?
    {
        return super::read::visible_ticket(ctx, actor, done).await;
    }
    let submitter = submitter(ctx, actor).await?;
    let request = parse_request(&input, &submitter)?;
    let site_unit = match request.site {
        Some(site) => Some(exists("site", ctx.store().site(site).await)?.unit),
        None => None,
    };
    check_references(ctx, &request).await?;
    let first_level = ctx.store().first_level_unit().await?.ok_or_else(|| {
        ServiceError::Conflict("no first-level support unit is configured; run `guichet migrate`".into())
    })?;
    let mut change = Change::new(ctx).with_key(key);
    let ticket = open_ticket(request, actor.role(), site_unit, first_level, change.at())?;
    change.create_ticket(ticket.clone(), &initial_fields(&ticket, &input), &actor.author());
    for draft in articles {
        add_draft(ctx, actor, &mut change, draft)?;
    }
    let committed = match commit(ctx, change).await {
        Err(ServiceError::Store(StoreError::Duplicate)) => {
            let done = match key {
                Some(key) => ctx.store().ticket_by_change_key(key).await?,
                None => None,
            };
            let done = done.ok_or(ServiceError::Conflict("this ticket was submitted already".into()))?;
            return super::read::visible_ticket(ctx, actor, done).await;
        }
        other => other?,
    };
    let ticket = committed.ticket.ok_or(ServiceError::NotFound("ticket"))?;
    Ok(TicketView { ticket, submitter })
}

/// Who submits: the acting user. The system opens tickets only on
/// someone's behalf, as that person.
async fn submitter(ctx: &Context, actor: &Actor) -> ServiceResult<Person> {
    let id = actor
        .user_id()
        .ok_or_else(|| ServiceError::Forbidden("a ticket is opened by a person, not by the system".into()))?;
    let user = ctx.store().user(id).await?;
    Ok(Person {
        id: user.id,
        name: user.name,
        email: user.email,
        dn: user.dn,
    })
}

fn parse_request(input: &CreateTicketInput, submitter: &Person) -> ServiceResult<NewTicket> {
    Ok(NewTicket {
        subject: Subject::parse(&input.subject)?,
        description: NonBlank::parse("description", &input.description)?,
        submitter: submitter.id,
        issue_type: input.issue_type,
        site: input.site,
        vo: input.vo,
        occurred_at: input.occurred_at,
        priority: label_or(input.priority.as_deref(), Priority::DEFAULT, Priority::parse)?,
        priority_justification: input.priority_justification.clone(),
        involved_units: input.involved.units.clone(),
        involved_users: input.involved.users.clone(),
        cc: parse_emails("cc", &input.cc)?,
        notification_mode: label_or(
            input.notification_mode.as_deref(),
            NotificationMode::OnSolution,
            NotificationMode::parse,
        )?,
        visibility: label_or(input.visibility.as_deref(), Visibility::Public, Visibility::parse)?,
    })
}

/// The history of a new ticket: where it starts.
fn initial_fields(ticket: &Ticket, input: &CreateTicketInput) -> Vec<FieldChange> {
    let mut initial = vec![
        FieldChange::new("status", None, Some(ticket.status.to_string())),
        FieldChange::new("unit", None, Some(ticket.unit.to_string())),
        FieldChange::new("priority", None, Some(ticket.priority.to_string())),
    ];
    if let Some(justification) = input.priority_justification.as_ref().filter(|j| !j.trim().is_empty()) {
        initial.push(FieldChange::new(
            "priority_justification",
            None,
            Some(justification.clone()),
        ));
    }
    initial
}

/// Adds a draft article and its files to the change that opens the ticket.
fn add_draft(ctx: &Context, actor: &Actor, change: &mut Change, draft: ArticleDraft) -> ServiceResult<()> {
    if draft.kind == ArticleKind::Solution {
        return Err(ServiceError::invalid("kind", "a new ticket has no solution yet"));
    }
    let article = NewArticle {
        ticket: TicketId::NEW,
        kind: draft.kind,
        body: NonBlank::parse("body", &draft.body)?.into_string(),
        html: None,
        author: actor.user_id(),
        created_at: change.at(),
    };
    let index = change.add_article(article, &actor.author());
    for file in draft.files {
        let attachment = prepare(ctx, actor, TicketId::NEW, Some(ArticleLink::New(index)), file)?;
        change.add_attachment(attachment, &actor.author());
    }
    Ok(())
}

/// Maps "not found" for a referenced id to an invalid-input error on `field`.
pub(crate) fn exists<T>(field: &'static str, found: Result<T, StoreError>) -> ServiceResult<T> {
    found.map_err(|e| match e {
        StoreError::NotFound(what) => ServiceError::invalid(field, format!("no {what} has that id")),
        other => other.into(),
    })
}

async fn check_references(ctx: &Context, request: &NewTicket) -> ServiceResult<()> {
    let store = ctx.store();
    if let Some(vo) = request.vo {
        exists("vo", store.vo(vo).await)?;
    }
    if let Some(issue_type) = request.issue_type {
        exists("type", store.issue_type(issue_type).await)?;
    }
    for unit in &request.involved_units {
        exists("involved", store.unit(*unit).await)?;
    }
    for user in &request.involved_users {
        exists("involved", store.user(*user).await)?;
    }
    Ok(())
}
