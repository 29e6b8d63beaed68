//! Which ticket a message belongs to, found in the store by the domain's
//! threading rules: the subject's tag, the ticket address, then
//! In-Reply-To and References.

use guichet_domain::ids::TicketId;
use guichet_domain::mail::tag::find_tag;
use guichet_domain::mail::threading::{
    Clue, Clues, Decision, SenderStanding, TicketFacts, candidate, decide, is_new_problem,
};
use guichet_domain::ticket::Ticket;
use guichet_store::{StoreError, User};

use super::addressing::Destination;
use super::{IncomingMail, MailSettings, Refusal};
use crate::Context;

/// The decision for a message, with the ticket it names if there is one.
pub struct Plan {
    /// Join or open.
    pub decision: Decision,
    /// The ticket found, as read.
    pub found: Option<Ticket>,
    /// Whether the newest message it answers that Guichet knows was a
    /// notification that showed internal notes.
    pub answers_internal: bool,
}

/// Decides where `mail` from `sender`, sent to `destination`, goes.
pub async fn plan(
    ctx: &Context,
    settings: &MailSettings,
    mail: &IncomingMail,
    destination: Destination,
    sender: &User,
) -> Result<Plan, Refusal> {
    let answered = ctx
        .store()
        .known_message(&answered_ids(mail))
        .await
        .map_err(Refusal::from)?;
    let answers_internal = answered.is_some_and(|m| m.internal);
    let clues = Clues {
        tag: find_tag(&mail.subject, &settings.tag_prefix),
        address: match destination {
            Destination::Ticket(number) => Some(number),
            _ => None,
        },
        referenced: answered.map(|m| m.ticket),
    };
    let Some((id, clue, ticket)) = first_existing(ctx, clues).await? else {
        return Ok(Plan {
            decision: decide(None, None, SenderStanding::Stranger, false, false),
            found: None,
            answers_internal,
        });
    };
    let standing = standing(ctx, &ticket, sender).await?;
    let facts = TicketFacts {
        status: ticket.status,
        visibility: ticket.visibility,
    };
    let answers_it = clues.tag.is_none() && clues.referenced == Some(id);
    let new_problem = answers_it && is_new_problem(&mail.subject, &ticket.subject, &settings.tag_prefix);
    let decision = decide(
        Some((id, clue)),
        Some(&facts),
        standing,
        new_problem,
        ticket.submitter == sender.id,
    );
    Ok(Plan {
        decision,
        found: Some(ticket),
        answers_internal,
    })
}

/// The ticket the clues name, in their order, skipping a clue whose ticket
/// does not exist (a mistyped tag) for the next one.
async fn first_existing(ctx: &Context, mut clues: Clues) -> Result<Option<(TicketId, Clue, Ticket)>, Refusal> {
    while let Some((id, clue)) = candidate(&clues) {
        if let Some(ticket) = existing(ctx, id).await? {
            return Ok(Some((id, clue, ticket)));
        }
        match clue {
            Clue::Tag => clues.tag = None,
            Clue::Address => clues.address = None,
            Clue::References => clues.referenced = None,
        }
    }
    Ok(None)
}

/// The Message-IDs the message answers, newest first: In-Reply-To, then
/// References from the last (at most 50).
pub fn answered_ids(mail: &IncomingMail) -> Vec<String> {
    let mut ids: Vec<String> = mail.in_reply_to.clone();
    ids.extend(mail.references.iter().rev().cloned());
    ids.dedup();
    ids.truncate(50);
    ids
}

async fn existing(ctx: &Context, id: TicketId) -> Result<Option<Ticket>, Refusal> {
    match ctx.store().ticket(id).await {
        Ok(view) => Ok(Some(view.ticket)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(other) => Err(Refusal::from(other)),
    }
}

/// Whether the sender is on the ticket: its submitter, a CC address, an
/// involved person, its assignee, a subscriber, or a supporter.
async fn standing(ctx: &Context, ticket: &Ticket, sender: &User) -> Result<SenderStanding, Refusal> {
    if sender.role.is_supporter() {
        return Ok(SenderStanding::OnTicket { requester_side: false });
    }
    let named = ticket.submitter == sender.id
        || ticket.assignee == Some(sender.id)
        || ticket.involved_users.contains(&sender.id)
        || ticket.cc.iter().any(|cc| cc.as_str() == sender.email);
    // A subscriber who can no longer see the ticket (it became private) is
    // no longer on it.
    let can_see = ticket.visible_to(&guichet_domain::actor::Actor::user(sender.id, sender.role));
    let on_ticket = named
        || (can_see
            && ctx
                .store()
                .subscribers(ticket.id)
                .await
                .map_err(Refusal::from)?
                .contains(&sender.id));
    Ok(if on_ticket {
        SenderStanding::OnTicket { requester_side: true }
    } else {
        SenderStanding::Stranger
    })
}
