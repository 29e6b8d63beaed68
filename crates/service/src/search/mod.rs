//! Finding history: full-text search over tickets and their internal
//! notes, with what each viewer may find.
//!
//! - [`find`]: the search people type, parsed by the domain's rules
//!   ([`guichet_domain::search::SearchQuery`]), run by the store's index,
//!   and shown with highlighted snippets;
//! - [`params`]: its filters, parsed from a query string.

pub mod find;
pub mod params;

pub use find::{FoundKind, SearchResult, SearchResults, index_bytes, search};
pub use guichet_store::SearchFilter;
