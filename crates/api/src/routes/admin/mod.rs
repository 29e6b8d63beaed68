//! Reference data and accounts. Reading is open to every signed-in user
//! (people need the lists to fill in a ticket); changes need the admin role.

pub mod calendars;
mod named;
pub mod routing_rules;
pub mod sites;
pub mod units;
pub mod users;

pub use named::{issue_types, vos};
