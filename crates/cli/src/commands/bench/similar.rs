//! Similar-case suggestions: their quality on the labelled set
//! (precision at 5 against plain bm25 on the subject alone), stored among
//! the database's tickets, and the latency of `GET /api/v1/similar` over
//! the labelled queries and over ordinary tickets' texts.

use rand::Rng;
use serde_json::{Value, json};

use guichet_fixtures::generate::{Generator, Pools};
use guichet_fixtures::paraphrases::{LabelledSet, labelled_set, solved_tickets};
use guichet_fixtures::similar_quality::measure;
use guichet_service::Context;
use guichet_service::search::{SearchFilter, search};

use super::BenchArgs;
use super::load::{Auth, latency};
use super::search::encoded;
use super::server::Server;

/// The labelled set's seed: the same set on every run.
const SEED: u64 = 2026;

/// Ordinary tickets' texts the latency is also measured on.
const ORDINARY_TEXTS: usize = 200;

/// Stores the labelled set's cases among the tickets, unless a run did
/// before (its first case is found by a phrase of its description).
async fn ensure_cases(ctx: &Context, url: &str, set: &LabelledSet) -> anyhow::Result<bool> {
    let first = &set.cases[0];
    let phrase = format!("\"{}\"", first.description.replace('"', " "));
    let page = guichet_store::PageRequest { page: 1, per_page: 1 };
    let found = search(ctx, None, &phrase, SearchFilter::default(), page)
        .await
        .map_err(super::super::service_error)?;
    if found.total > 0 {
        return Ok(false);
    }
    let unit = guichet_service::bootstrap::ensure_first_level_unit(ctx, &Default::default())
        .await
        .map_err(super::super::service_error)?
        .unit;
    let submitter =
        guichet_service::admin::users::user_by_email(ctx, &super::super::operator(), "bench@guichet.example")
            .await
            .map_err(super::super::service_error)?
            .ok_or_else(|| anyhow::anyhow!("the benchmark's user is missing"))?;
    let store = guichet_store::connect(url).await?;
    store
        .bulk_insert(solved_tickets(&set.cases, submitter.id, unit, ctx.now()))
        .await?;
    Ok(true)
}

/// Query strings of the labelled queries, then of ordinary tickets.
fn texts(set: &LabelledSet) -> Vec<String> {
    let mut texts: Vec<String> = set
        .queries
        .iter()
        .map(|q| query_string(&q.subject, &q.description))
        .collect();
    let pools = Pools {
        users: vec![guichet_domain::ids::UserId(1)],
        units: vec![guichet_domain::ids::UnitId(1)],
        sites: vec![],
        vos: vec![],
        issue_types: vec![],
    };
    let mut generator = Generator::new(SEED, pools, ORDINARY_TEXTS as u64);
    for ticket in generator.batch(ORDINARY_TEXTS) {
        texts.push(query_string(&ticket.ticket.subject, &ticket.ticket.description));
    }
    texts
}

fn query_string(subject: &str, text: &str) -> String {
    format!("subject={}&text={}", encoded(subject), encoded(text))
}

/// The suggestions' precision at 5 and latency, as an administrator and
/// as a requester.
pub async fn measure_similar(
    args: &BenchArgs,
    ctx: &Context,
    url: &str,
    client: &reqwest::Client,
    server: &Server,
    [admin, requester]: [&str; 2],
) -> anyhow::Result<Value> {
    let set = labelled_set(SEED);
    let stored = ensure_cases(ctx, url, &set).await?;
    let precision = measure(ctx, &set).await.map_err(super::super::service_error)?;
    let texts = std::sync::Arc::new(texts(&set));
    let base = format!("{}/api/v1/similar?", server.base);
    let urls = move || {
        let (texts, base) = (texts.clone(), base.clone());
        move |rng: &mut rand::rngs::StdRng| format!("{base}{}", texts[rng.random_range(0..texts.len())])
    };
    let as_admin = latency(args, urls(), client, &Auth::Bearer(admin.into())).await?;
    let as_requester = latency(args, urls(), client, &Auth::Bearer(requester.into())).await?;
    Ok(json!({
        "precision_at_5": {
            "similar": precision.similar,
            "bm25_subject_only": precision.baseline,
            "queries": precision.queries,
            "cases": set.cases.len(),
            "cases_stored_by_this_run": stored,
        },
        "latency_ms": {
            "admin": as_admin.json(args),
            "requester": as_requester.json(args),
            "texts": format!("{} labelled queries and {ORDINARY_TEXTS} generated tickets' subjects and descriptions", set.queries.len()),
        },
    }))
}
