//! The rota's records: shifts, swap proposals, the rota's own history, the
//! sites' blackouts and shift contacts, and the secrets of calendar feeds.

use chrono::{DateTime, NaiveDate, Utc};

use guichet_domain::actor::Author;
use guichet_domain::ids::{FeedId, SiteId, SwapId, UserId};
use guichet_domain::rota::{Shift, SwapProposal, SwapState, Week};

/// A shift as stored: the domain's shift, and whether regenerating the
/// year keeps it (an accepted swap, a coordinator's override).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredShift {
    /// The shift.
    pub shift: Shift,
    /// Whether regenerating keeps it.
    pub kept: bool,
    /// When it was last written.
    pub updated_at: DateTime<Utc>,
}

/// A shift a change writes. `before` is the shift as the writer read it,
/// `None` for a week not yet in the rota: like a ticket's version, a shift
/// that changed meanwhile makes the change stale, and nothing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftWrite {
    /// The shift as read.
    pub before: Option<Shift>,
    /// The shift to write (same week).
    pub after: Shift,
    /// Whether regenerating keeps it.
    pub kept: bool,
}

/// A swap proposal a change adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSwap {
    /// What is proposed.
    pub proposal: SwapProposal,
    /// Who proposes it.
    pub proposed_by: Author,
    /// A word for the other site, if any.
    pub note: Option<String>,
}

/// A decision on an open swap proposal a change writes: stale unless the
/// proposal is still [`SwapState::Proposed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapDecision {
    /// The proposal.
    pub swap: SwapId,
    /// Its new state.
    pub state: SwapState,
    /// Who decided.
    pub by: Author,
}

/// A stored swap proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSwap {
    /// Identity.
    pub id: SwapId,
    /// What is proposed.
    pub proposal: SwapProposal,
    /// Where it stands.
    pub state: SwapState,
    /// The note for the other site.
    pub note: Option<String>,
    /// Who proposed it.
    pub proposed_by: Author,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Who decided, once decided.
    pub decided_by: Option<Author>,
    /// When, once decided.
    pub decided_at: Option<DateTime<Utc>>,
}

/// One line of the rota's own history, as a change writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRotaEntry {
    /// Who.
    pub author: Author,
    /// What happened: `generated`, `swap.proposed`, `swap.accepted`,
    /// `swap.declined`, `swap.withdrawn`, `override`.
    pub action: String,
    /// The week concerned, if one is.
    pub week: Option<Week>,
    /// What changed, for people.
    pub detail: String,
}

/// One line of the rota's history, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaEntry {
    /// Who.
    pub author: Author,
    /// When.
    pub at: DateTime<Utc>,
    /// What happened.
    pub action: String,
    /// The week concerned, if one is.
    pub week: Option<Week>,
    /// What changed.
    pub detail: String,
}

/// What a change writes to the rota, with the change's events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotaWrites {
    /// Shifts to create or replace.
    pub shifts: Vec<ShiftWrite>,
    /// Swap proposals to add; events name them by position.
    pub swaps_added: Vec<NewSwap>,
    /// Decisions on open proposals.
    pub swaps_decided: Vec<SwapDecision>,
    /// The rota's history lines, at the change's time.
    pub history: Vec<NewRotaEntry>,
}

impl RotaWrites {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.shifts.is_empty()
            && self.swaps_added.is_empty()
            && self.swaps_decided.is_empty()
            && self.history.is_empty()
    }
}

/// A person who takes the shifts of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftContact {
    /// The site.
    pub site: SiteId,
    /// The person (a member of the site's unit).
    pub user: UserId,
    /// Away until this date (included), if they said so: the site has
    /// nobody available when all its contacts are away or disabled.
    pub away_until: Option<NaiveDate>,
}

/// Whose shifts a calendar feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOwner {
    /// A site's shifts.
    Site(SiteId),
    /// The shifts of the sites a person is shift contact of.
    Person(UserId),
}

/// A calendar feed's secret, as stored (the secret itself only as a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFeed {
    /// Identity.
    pub id: FeedId,
    /// Whose shifts it shows.
    pub owner: FeedOwner,
    /// Who made it.
    pub created_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was: it then answers 404.
    pub revoked_at: Option<DateTime<Utc>>,
}
