//! What a rota change tells whom: a swap proposed or decided, shifts
//! changed, a handover's digest. These changes have no ticket; each tells
//! the shift contacts of the sites it concerns (the members of a site's
//! unit when it has no contacts), never its author, each in their
//! language. The mail channel renders and queues them like ticket
//! notices, once per change and recipient.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use guichet_domain::event::{EventKind, HandoverDigest, handover_of, rota_event_sites};
use guichet_domain::ids::{ChangeId, SiteId, TicketNumber, UserId};
use guichet_domain::preferences::Language;
use guichet_domain::priority::Priority;
use guichet_domain::reference::Site;
use guichet_domain::rota::{SwapProposal, SwapState, Week};
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_store::StoredEvent;

use crate::events::ChangeEvents;
use crate::{Context, ServiceResult};

/// One rota change's news, for the people it concerns.
#[derive(Debug, Clone)]
pub struct RotaNotice {
    /// The change.
    pub change: ChangeId,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// Who made it: name and address; `None` for the system.
    pub author: Option<(String, String)>,
    /// What happened, in the change's order.
    pub news: Vec<RotaNews>,
    /// Who is told (address and account), and in which language.
    pub recipients: Vec<(Email, UserId, Language)>,
}

/// One thing that happened to the rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotaNews {
    /// A site proposed a swap.
    Proposed(SwapTerms),
    /// A proposed swap was accepted, declined or withdrawn.
    Decided(SwapTerms, SwapState),
    /// Shifts changed.
    Changed {
        /// `generated`, `swap` or `override`.
        action: String,
        /// The weeks changed.
        weeks: Vec<Week>,
        /// The sites concerned, by name.
        sites: Vec<String>,
    },
    /// Shifts handed over: the open first-level tickets.
    Handover(HandoverNews),
}

/// A swap, sites named: the proposer gives its shift of `proposer_week`
/// to the responder, and takes the responder's shift of `responder_week`
/// (none for a give-away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapTerms {
    /// The proposing site.
    pub proposer: String,
    /// The week of the shift it gives.
    pub proposer_week: Week,
    /// The site asked.
    pub responder: String,
    /// The week of the shift it gives in exchange, if any.
    pub responder_week: Option<Week>,
    /// The proposer's note, told with the proposal.
    pub note: Option<String>,
}

/// A handover's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverNews {
    /// The week that ends.
    pub outgoing_week: Week,
    /// The week that begins.
    pub incoming_week: Week,
    /// The open first-level tickets, oldest first.
    pub tickets: Vec<DigestTicket>,
}

/// An open first-level ticket, as the digest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestTicket {
    /// Its number.
    pub number: TicketNumber,
    /// Its subject.
    pub subject: String,
    /// Its status.
    pub status: Status,
    /// Its priority.
    pub priority: Priority,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
}

/// The notice of `change`, if it touched the rota and has someone to tell.
pub async fn rota_notice(ctx: &Context, change: &ChangeEvents) -> ServiceResult<Option<RotaNotice>> {
    let mut news = Vec::new();
    let mut people = BTreeSet::new();
    let mut all_sites = None;
    for event in &change.events {
        if let Some(digest) = handover_of(event.kind, &event.payload) {
            people.extend(digest.outgoing.iter().chain(&digest.incoming).copied());
            news.push(RotaNews::Handover(handover_news(ctx, &digest).await?));
            continue;
        }
        let sites = rota_event_sites(event.kind, &event.payload);
        if sites.is_empty() {
            continue;
        }
        for site in &sites {
            people.extend(site_people(ctx, *site).await?);
        }
        let all = match &all_sites {
            Some(all) => all,
            None => all_sites.insert(ctx.store().sites().await?),
        };
        news.extend(rota_news(event, &sites, all));
    }
    let Some(first) = change.events.first().filter(|_| !news.is_empty()) else {
        return Ok(None);
    };
    if let Some(author) = first.author.user {
        people.remove(&author);
    }
    let recipients = with_languages(ctx, &people).await?;
    if recipients.is_empty() {
        return Ok(None);
    }
    let author = match first.author.user {
        Some(user) => ctx.store().user(user).await.ok().map(|u| (u.name, u.email)),
        None => None,
    };
    Ok(Some(RotaNotice {
        change: change.change,
        at: first.created_at,
        author,
        news,
        recipients,
    }))
}

/// A site's shift contacts, or its unit's members when it has none.
async fn site_people(ctx: &Context, site: SiteId) -> ServiceResult<Vec<UserId>> {
    let contacts = ctx.store().shift_contacts(Some(site)).await?;
    if !contacts.is_empty() {
        return Ok(contacts.iter().map(|c| c.user).collect());
    }
    let site = ctx.store().site(site).await?;
    Ok(ctx.store().unit(site.unit).await?.members)
}

/// What one rota event says, sites named.
fn rota_news(event: &StoredEvent, sites: &[SiteId], all: &[Site]) -> Option<RotaNews> {
    let name = |id: SiteId| {
        all.iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("site {id}"), |s| s.name.clone())
    };
    let proposal: Option<SwapProposal> = serde_json::from_value(event.payload["proposal"].clone()).ok();
    let terms = proposal.map(|p| swap_terms(&p, &name));
    match (event.kind, terms) {
        (EventKind::SwapProposed, Some(terms)) => Some(RotaNews::Proposed(SwapTerms {
            note: event.payload["note"].as_str().map(str::to_owned),
            ..terms
        })),
        (EventKind::SwapDecided, Some(terms)) => serde_json::from_value(event.payload["state"].clone())
            .ok()
            .map(|state| RotaNews::Decided(terms, state)),
        (EventKind::RotaChanged, _) => Some(RotaNews::Changed {
            action: event.payload["action"].as_str().unwrap_or("changed").to_owned(),
            weeks: serde_json::from_value(event.payload["weeks"].clone()).unwrap_or_default(),
            sites: sites.iter().map(|s| name(*s)).collect(),
        }),
        _ => None,
    }
}

fn swap_terms(proposal: &SwapProposal, name: &impl Fn(SiteId) -> String) -> SwapTerms {
    match *proposal {
        SwapProposal::Exchange { a, a_week, b, b_week } => SwapTerms {
            proposer: name(a),
            proposer_week: a_week,
            responder: name(b),
            responder_week: Some(b_week),
            note: None,
        },
        SwapProposal::GiveAway { from, week, to } => SwapTerms {
            proposer: name(from),
            proposer_week: week,
            responder: name(to),
            responder_week: None,
            note: None,
        },
    }
}

/// The digest's tickets, read back.
async fn handover_news(ctx: &Context, digest: &HandoverDigest) -> ServiceResult<HandoverNews> {
    let mut tickets = Vec::with_capacity(digest.tickets.len());
    for id in &digest.tickets {
        let ticket = ctx.store().ticket(*id).await?.ticket;
        tickets.push(DigestTicket {
            number: ticket.number(),
            subject: ticket.subject,
            status: ticket.status,
            priority: ticket.priority,
            opened_at: ticket.created_at,
        });
    }
    Ok(HandoverNews {
        outgoing_week: digest.outgoing_week,
        incoming_week: digest.incoming_week,
        tickets,
    })
}

/// Each enabled account's address and language (English when they chose
/// none), once per address.
async fn with_languages(ctx: &Context, people: &BTreeSet<UserId>) -> ServiceResult<Vec<(Email, UserId, Language)>> {
    let mut found: Vec<(Email, UserId, Language)> = Vec::with_capacity(people.len());
    for id in people {
        let user = ctx.store().user(*id).await?;
        let Ok(email) = Email::parse("email", &user.email) else {
            continue;
        };
        if user.disabled
            || found
                .iter()
                .any(|(e, _, _)| e.as_str().eq_ignore_ascii_case(email.as_str()))
        {
            continue;
        }
        let language = ctx.store().preferences(*id).await?.language.unwrap_or(Language::En);
        found.push((email, *id, language));
    }
    Ok(found)
}
