//! Where a message goes, by the address it was sent to: the helpdesk, a
//! unit, or a ticket. Checked for each recipient as it is given (`RCPT
//! TO`), so that an unknown address is refused at once.

use guichet_domain::ids::{TicketNumber, UnitId};
use guichet_domain::mail::tag::plus_address_number;

use super::{MailSettings, Refusal};
use crate::{Context, ServiceResult};

/// A local address Guichet answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The helpdesk address: a new ticket opens in first-level support.
    Helpdesk,
    /// A unit's address: a new ticket opens in that unit.
    Unit(UnitId),
    /// A ticket's own address, `helpdesk+100234@…`: the message joins it.
    Ticket(TicketNumber),
}

impl Destination {
    /// Of several destinations of one message, the one it goes to: a
    /// ticket's address first, then a unit's, then the helpdesk.
    pub fn strongest(destinations: &[Destination]) -> Option<Destination> {
        let rank = |d: &Destination| match d {
            Self::Ticket(_) => 0,
            Self::Unit(_) => 1,
            Self::Helpdesk => 2,
        };
        destinations.iter().copied().min_by_key(rank)
    }
}

/// The destination of `address`, or why it is refused.
pub async fn destination(ctx: &Context, settings: &MailSettings, address: &str) -> Result<Destination, Refusal> {
    let address = address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase();
    let helpdesk = settings.helpdesk.as_str();
    if address == helpdesk {
        return Ok(Destination::Helpdesk);
    }
    if let Some(number) = plus_address_number(&address, helpdesk) {
        return match ticket_exists(ctx, number).await {
            Ok(true) => Ok(Destination::Ticket(number)),
            Ok(false) => Err(Refusal::UnknownRecipient(address)),
            Err(error) => Err(Refusal::Temporary(format!("could not look the ticket up: {error}"))),
        };
    }
    match unit_with_address(ctx, &address).await {
        Ok(Some(unit)) => Ok(Destination::Unit(unit)),
        Ok(None) => Err(Refusal::UnknownRecipient(address)),
        Err(error) => Err(Refusal::Temporary(format!("could not look the address up: {error}"))),
    }
}

async fn ticket_exists(ctx: &Context, number: TicketNumber) -> ServiceResult<bool> {
    let Some(id) = number.ticket_id() else {
        return Ok(false);
    };
    match ctx.store().ticket(id).await {
        Ok(_) => Ok(true),
        Err(guichet_store::StoreError::NotFound(_)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

async fn unit_with_address(ctx: &Context, address: &str) -> ServiceResult<Option<UnitId>> {
    let units = ctx.store().units().await?;
    Ok(units
        .into_iter()
        .find(|unit| unit.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(address)))
        .map(|unit| unit.id))
}

/// Whether `address` is one of Guichet's own (the helpdesk, a ticket's,
/// a unit's): such addresses never become a ticket's CC.
pub fn is_own_address(settings: &MailSettings, unit_addresses: &[String], address: &str) -> bool {
    let address = address.to_lowercase();
    address == settings.helpdesk.as_str()
        || plus_address_number(&address, settings.helpdesk.as_str()).is_some()
        || unit_addresses.iter().any(|u| u.eq_ignore_ascii_case(&address))
}
