//! Opening a ticket.

use guichet_domain::clock;
use guichet_domain::event::{DomainEvent, EventKind, FieldChange, history_of};
use guichet_domain::ids::TicketId;
use guichet_domain::priority::Priority;
use guichet_domain::text::{NonBlank, Subject};
use guichet_domain::ticket::{NewTicket, NotificationMode, Visibility, open_ticket};
use guichet_store::{Person, Store, StoreError, TicketView, User};

use crate::input::{CreateTicketInput, label_or, parse_emails};
use crate::{ServiceError, ServiceResult};

/// Validates and stores a new ticket submitted by `submitter`.
pub async fn create_ticket(store: &dyn Store, submitter: &User, input: CreateTicketInput) -> ServiceResult<TicketView> {
    let request = NewTicket {
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
    };
    let site_unit = match request.site {
        Some(site) => Some(exists("site", store.site(site).await)?.unit),
        None => None,
    };
    check_references(store, &request).await?;
    let first_level = store
        .first_level_unit()
        .await?
        .ok_or_else(|| ServiceError::Conflict("no first-level support unit is configured".into()))?;
    let now = clock::now();
    let ticket = open_ticket(request, submitter.role, site_unit, first_level, now)?;
    let mut initial = vec![
        FieldChange::new("status", None, Some(ticket.status.to_string())),
        FieldChange::new("unit", None, Some(ticket.unit.to_string())),
        FieldChange::new("priority", None, Some(ticket.priority.to_string())),
    ];
    if let Some(justification) = input.priority_justification.filter(|j| !j.trim().is_empty()) {
        initial.push(FieldChange::new("priority_justification", None, Some(justification)));
    }
    let history = history_of(TicketId(0), Some(submitter.id), now, &initial);
    let event = DomainEvent {
        kind: EventKind::TicketCreated,
        ticket: TicketId(0),
        actor: Some(submitter.id),
        payload: serde_json::json!({ "unit": ticket.unit, "status": ticket.status, "priority": ticket.priority }),
    };
    let ticket = store.create_ticket(ticket, history, vec![event]).await?;
    let submitter = Person {
        id: submitter.id,
        name: submitter.name.clone(),
        email: submitter.email.clone(),
        dn: submitter.dn.clone(),
    };
    Ok(TicketView { ticket, submitter })
}

/// Maps "not found" for a referenced id to an invalid-input error on `field`.
pub(crate) fn exists<T>(field: &'static str, found: Result<T, StoreError>) -> ServiceResult<T> {
    found.map_err(|e| match e {
        StoreError::NotFound(what) => ServiceError::invalid(field, format!("no {what} has that id")),
        other => other.into(),
    })
}

async fn check_references(store: &dyn Store, request: &NewTicket) -> ServiceResult<()> {
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
