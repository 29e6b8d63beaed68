//! The submitter's buttons on an answered ticket: verify it (with an
//! optional rating) or reopen it (with an optional reason).

use guichet_domain::actions::TicketActions;
use guichet_domain::actor::Actor;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;

/// Which of the two buttons the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmForms {
    /// The ticket is solved: it may be verified.
    pub verify: bool,
    /// It may be reopened.
    pub reopen: bool,
}

impl ConfirmForms {
    /// The buttons for `actor` on `ticket`: only its submitter's, only while
    /// it is answered, and only those `allowed` lists.
    pub fn of(actor: &Actor, ticket: &Ticket, allowed: &TicketActions) -> Option<Self> {
        if !actor.is_submitter_of(ticket) || !ticket.status.is_answered() {
            return None;
        }
        let forms = Self {
            verify: allowed.statuses.contains(&Status::Verified),
            reopen: allowed.statuses.contains(&Status::Reopened),
        };
        (forms.verify || forms.reopen).then_some(forms)
    }
}
