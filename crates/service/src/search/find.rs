//! The search use case: a query, filters and a page in; ranked results
//! with highlighted snippets out.

use serde::Serialize;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{TicketId, TicketNumber};
use guichet_domain::search::snippet::{highlight, snippet};
use guichet_domain::search::{MatchQuery, QueryError, SearchQuery};
use guichet_store::{PageRequest, SearchDoc, SearchFilter, SearchHit, SearchRequest, SearchViewer};

use crate::tickets::read::check_page;
use crate::{Context, ServiceError, ServiceResult};

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FoundKind {
    /// A ticket: its subject, description, replies or solution matched.
    Ticket,
    /// A ticket's internal notes matched (supporters only).
    Note,
    /// A knowledge-base answer matched (internal ones for supporters only).
    Answer,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    /// Ticket, internal notes or answer.
    pub kind: FoundKind,
    /// The ticket's id, or the answer's.
    pub id: i64,
    /// The ticket's number; null for an answer.
    #[schema(value_type = Option<i64>)]
    pub number: Option<TicketNumber>,
    /// The ticket's subject, or the answer's title, as text.
    pub title: String,
    /// The subject as HTML, escaped, the found words in `<mark>`.
    pub title_html: String,
    /// The passage where the most found words are, as HTML, escaped, the
    /// found words in `<mark>`; `…` where it is cut.
    pub snippet: String,
    /// Relevance, higher first; a ticket named by its number scores
    /// above every match.
    pub score: f64,
}

/// A page of results, like the ticket list.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// The results of this page, best first.
    pub items: Vec<SearchResult>,
    /// How many match, counted up to 1,000.
    pub total: i64,
    /// False when more than 1,000 match: `total` is a lower bound.
    pub total_exact: bool,
    /// This page's number, from 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

/// What the viewer may find: everything for supporters, public tickets
/// and their own for requesters, public tickets for someone not signed in;
/// public answers for everyone, internal ones for supporters.
pub(crate) fn viewer_of(actor: Option<&Actor>) -> SearchViewer {
    match actor {
        Some(actor) if actor.role().is_supporter() => SearchViewer::Supporter,
        Some(actor) => actor.user_id().map_or(SearchViewer::Public, SearchViewer::Requester),
        None => SearchViewer::Public,
    }
}

/// `text` parsed into what the index matches, or why it cannot be
/// searched (an `Invalid` error on field `q`).
fn parse(text: &str) -> ServiceResult<(MatchQuery, Vec<TicketId>)> {
    let refused = |e: QueryError| ServiceError::invalid("q", e.to_string());
    let parsed = SearchQuery::parse(text).map_err(refused)?;
    let query = MatchQuery::of(&parsed).ok_or_else(|| refused(QueryError::Empty))?;
    let numbered = parsed
        .numbers
        .iter()
        .filter_map(|n| TicketNumber(*n).ticket_id())
        .collect();
    Ok((query, numbered))
}

/// Searches for `text` what `viewer` may find (`None`: someone not
/// signed in), keeping what `filter` keeps. A query the rules refuse
/// (empty, too long, only exclusions) is `Invalid` on field `q`; a syntax
/// the rules do not know is read as plain words, never an error.
pub async fn search(
    ctx: &Context,
    viewer: Option<&Actor>,
    text: &str,
    filter: SearchFilter,
    page: PageRequest,
) -> ServiceResult<SearchResults> {
    let page = check_page(page)?;
    if let (Some(from), Some(until)) = (filter.opened_from, filter.opened_until)
        && until <= from
    {
        return Err(ServiceError::invalid(
            "until",
            "the end of the period must come after its start",
        ));
    }
    let (query, numbered) = parse(text)?;
    let request = SearchRequest {
        query,
        numbered,
        filter,
        viewer: viewer_of(viewer),
        page,
        weights: Vec::new(),
        matched_by: None,
    };
    let found = ctx.store().search(&request).await?;
    Ok(SearchResults {
        items: found.items.iter().map(|hit| result(hit, &request.query)).collect(),
        total: found.total,
        total_exact: found.total_exact,
        page: page.page,
        per_page: page.per_page,
    })
}

pub(crate) fn result(hit: &SearchHit, query: &MatchQuery) -> SearchResult {
    let texts: Vec<&str> = hit.texts.iter().map(String::as_str).collect();
    let (kind, id) = match hit.doc {
        SearchDoc::Ticket(ticket) => (FoundKind::Ticket, ticket.0),
        SearchDoc::Notes(ticket) => (FoundKind::Note, ticket.0),
        SearchDoc::Answer(answer) => (FoundKind::Answer, answer.0),
    };
    SearchResult {
        kind,
        id,
        number: hit.doc.ticket().map(TicketNumber::from),
        title: hit.title.clone(),
        title_html: highlight(&hit.title, query),
        snippet: snippet(&texts, query),
        score: hit.score,
    }
}

/// The bytes the search index takes on disk (for the benchmark and
/// operators).
pub async fn index_bytes(ctx: &Context) -> ServiceResult<i64> {
    Ok(ctx.store().search_index_bytes().await?)
}
