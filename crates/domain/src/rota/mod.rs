//! The first-level support rota, as pure rules: sites take one-week shifts
//! in turn, each with a backup site; the rota is generated fairly, swapped
//! between sites, printed, published as a calendar and asked who is on
//! shift.
//!
//! - [`model`]: weeks, shifts, the rota, the handover, blackouts;
//! - [`rules`]: the invariants, and [`check`] naming each one broken;
//! - [`generate`](mod@generate): a fair rota from a seed, keeping given shifts;
//! - [`swap`]: swapping or giving away a shift, refused when it breaks a rule;
//! - [`output`]: the CSV and JSON tables;
//! - [`ical`]: the iCalendar (RFC 5545) feed;
//! - [`on_shift`](mod@on_shift): the shift in force at an instant, and the next one;
//! - [`duty`]: who of the sites on shift is on duty, and when the backup steps in;
//! - [`routing`]: who of first-level support hears of a ticket's change, by shift.
//!
//! Nothing here does I/O: storage, the CLI, the API, pages and routing
//! build on it.

pub mod duty;
pub mod generate;
pub mod ical;
pub mod model;
pub mod on_shift;
pub mod output;
pub mod routing;
pub mod rules;
pub mod swap;

#[cfg(test)]
mod properties;

pub use duty::{Contact, Duty, on_duty};
pub use generate::{Joined, RotaError, generate, generate_joined};
pub use ical::{Feed, FeedEvent};
pub use model::{Handover, Role, Rota, RotaShapeError, Shift, SiteAvailability, Week, year_weeks};
pub use on_shift::{OnShift, on_shift};
pub use output::{CSV_HEADER, RotaRow};
pub use routing::{ShiftAudience, shift_audience};
pub use rules::{Violation, check, check_without_balance, min_gap};
pub use swap::{SwapProposal, SwapRefusal, SwapState, apply_swap};
