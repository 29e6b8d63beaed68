//! Finding history: full-text search over tickets and their internal
//! notes, with what each viewer may find.
//!
//! - [`find`]: the search people type, parsed by the domain's rules
//!   ([`guichet_domain::search::SearchQuery`]), run by the store's index,
//!   and shown with highlighted snippets;
//! - [`params`]: its filters, parsed from a query string;
//! - [`similar`]: the solved cases like a new ticket's text.

pub mod find;
pub mod params;
pub mod similar;

pub use find::{FoundKind, SearchResult, SearchResults, index_bytes, search};
pub use guichet_store::SearchFilter;
pub use similar::{SimilarCase, SimilarCases, SimilarText, similar, similar_by_subject};
