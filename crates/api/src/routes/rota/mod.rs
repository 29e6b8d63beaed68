//! `/api/v1/rota` and the rota's parts of `/api/v1/sites/{id}` and
//! `/api/v1/me`: the first-level support rota, its swaps, the sites'
//! blackouts and shift contacts, and the calendar feeds.

pub mod feeds;
pub mod generate;
pub mod history;
pub mod on_shift;
mod query;
pub mod sites;
pub mod swaps;
pub mod weeks;
pub mod year;
