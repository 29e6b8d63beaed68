//! Similar solved cases: what a requester meets before filing a duplicate,
//! and what a supporter sees beside a ticket. Cases are solved tickets
//! and knowledge-base answers.
//!
//! The words to look for are chosen by the domain's rules
//! ([`guichet_domain::search::similar`]): the rarest of the text's, by how
//! many documents the index holds them in. The store then ranks the solved
//! cases the viewer may see that have any of them.

use serde::Serialize;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{TicketId, TicketNumber};
use guichet_domain::search::MatchQuery;
use guichet_domain::search::similar::{COUNT_CAP, candidates, choose, query_of, subject_query};
use guichet_store::{PageRequest, SearchFilter, SearchRequest, SimilarHit};

use super::find::{FoundKind, result, viewer_of};
use crate::{Context, ServiceError, ServiceResult};

/// How many similar cases are shown.
pub const SHOWN: u32 = 5;

/// The longest text similar cases are looked for by, in characters; the
/// rest is not read.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// One similar solved case.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SimilarCase {
    /// What it is: a ticket or a knowledge-base answer.
    pub kind: FoundKind,
    /// The ticket's or the answer's id.
    pub id: i64,
    /// The ticket's number; `None` for an answer.
    #[schema(value_type = Option<i64>)]
    pub number: Option<TicketNumber>,
    /// The ticket's subject or the answer's title, as text.
    pub title: String,
    /// The title as HTML, escaped, the shared words in `<mark>`.
    pub title_html: String,
    /// The passage that shares the most words, as HTML, escaped, the
    /// shared words in `<mark>`.
    pub snippet: String,
    /// A ticket's last solution, or an answer's text (Markdown), as text;
    /// `None` for a ticket without a solution.
    pub solution: Option<String>,
    /// Relevance, higher first.
    pub score: f64,
}

/// The similar solved cases of a text, best first.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SimilarCases {
    /// At most five cases, best first.
    pub items: Vec<SimilarCase>,
}

/// What similar cases are looked for by: a subject and a body (either may
/// be empty).
#[derive(Debug, Clone, Default)]
pub struct SimilarText<'a> {
    /// The subject: its words are preferred at equal rarity.
    pub subject: &'a str,
    /// The description, or any text.
    pub body: &'a str,
}

/// `text` cut at [`MAX_TEXT_CHARS`].
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The solved cases like `text` that `viewer` may see (`None`: someone
/// not signed in), leaving out the ticket `except`. A text without a word
/// to look for is `Invalid` on field `text`; a text with words found in no
/// case finds nothing.
pub async fn similar(
    ctx: &Context,
    viewer: Option<&Actor>,
    text: SimilarText<'_>,
    except: Option<TicketId>,
) -> ServiceResult<SimilarCases> {
    let found = candidates(bounded(text.subject), bounded(text.body));
    if found.is_empty() {
        return Err(ServiceError::invalid("text", "give a few words of the problem"));
    }
    let tokens: Vec<String> = found.iter().map(|c| c.token.clone()).collect();
    let counts = ctx.store().search_doc_counts(&tokens, COUNT_CAP).await?;
    let chosen = choose(&found, &counts);
    let tokens: Vec<String> = chosen.iter().map(|c| c.token.clone()).collect();
    let Some(query) = query_of(&tokens) else {
        return Ok(SimilarCases { items: Vec::new() });
    };
    let weights = chosen.iter().map(|c| c.weight).collect();
    let within = chosen.iter().take_while(|c| c.within_budget).count();
    ranked(ctx, viewer, (query, weights, Some(within)), except).await
}

/// The baseline similar cases are measured against: plain bm25 (or
/// `ts_rank`) over every word of `subject` alone, among the same solved
/// cases. For the benchmark's quality figures; nothing shows it.
pub async fn similar_by_subject(ctx: &Context, viewer: Option<&Actor>, subject: &str) -> ServiceResult<SimilarCases> {
    let Some(query) = subject_query(bounded(subject)) else {
        return Err(ServiceError::invalid("subject", "give a few words of the problem"));
    };
    ranked(ctx, viewer, (query, Vec::new(), None), None).await
}

/// The solved cases `query` finds, ranked with `weights` (see
/// `SearchRequest`), matched by its first `matched_by` clauses.
async fn ranked(
    ctx: &Context,
    viewer: Option<&Actor>,
    (query, weights, matched_by): (MatchQuery, Vec<f64>, Option<usize>),
    except: Option<TicketId>,
) -> ServiceResult<SimilarCases> {
    let request = SearchRequest {
        query,
        numbered: Vec::new(),
        filter: SearchFilter {
            solved_cases: true,
            except,
            ..SearchFilter::default()
        },
        viewer: viewer_of(viewer),
        page: PageRequest {
            page: 1,
            per_page: SHOWN,
        },
        weights,
        matched_by,
    };
    let hits = ctx.store().similar(&request).await?;
    Ok(SimilarCases {
        items: hits.iter().map(|hit| case(hit, &request.query)).collect(),
    })
}

fn case(found: &SimilarHit, query: &MatchQuery) -> SimilarCase {
    let shown = result(&found.hit, query);
    SimilarCase {
        kind: shown.kind,
        id: shown.id,
        number: shown.number,
        title: shown.title,
        title_html: shown.title_html,
        snippet: shown.snippet,
        solution: found.solution.clone(),
        score: shown.score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_at_the_limit_on_a_char_boundary() {
        let long = "é".repeat(MAX_TEXT_CHARS + 10);
        assert_eq!(bounded(&long).chars().count(), MAX_TEXT_CHARS);
        assert_eq!(bounded("short"), "short");
    }
}
