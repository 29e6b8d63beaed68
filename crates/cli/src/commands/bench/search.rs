//! The search's latency: `GET /api/v1/search` over a mix of common and
//! rare words, as an administrator (who finds everything) and as a
//! requester (whose permissions are part of every query), and the index's
//! size.

use rand::Rng;
use serde_json::{Value, json};

use guichet_fixtures::generate::{ERROR_CODES, WORKER_NODES};

use super::BenchArgs;
use super::load::{Auth, latency};
use super::server::Server;

/// Queries of the vocabulary's words, each found in many tickets: words,
/// both languages' forms, a phrase, a prefix, an alternative, an exclusion.
const COMMON: [&str; 10] = [
    "timeout",
    "service restarted",
    "dcache pool",
    "certificat expiré",
    "\"connection resets\"",
    "certif*",
    "maintenance OR upgrade",
    "journaux connexion",
    "firewall -campus",
    "authentication errors IN2P3-CC",
];

/// A search URL: half the time a common query, else a rare word (a worker
/// node or an error code, each named in a few tickets), alone or with a
/// common word.
fn search_url(base: &str) -> impl Fn(&mut rand::rngs::StdRng) -> String + Send + Sync + 'static {
    let base = format!("{base}/api/v1/search?per_page=25&q=");
    move |rng| {
        let q = match rng.random_range(0..4) {
            0 | 1 => COMMON[rng.random_range(0..COMMON.len())].to_owned(),
            2 => format!("wn{:04}", rng.random_range(0..WORKER_NODES)),
            _ => format!("E{:05} logs", rng.random_range(0..ERROR_CODES)),
        };
        format!("{base}{}", encoded(&q))
    }
}

/// `q` percent-encoded for a query string.
pub(super) fn encoded(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The search's percentiles as an administrator and as a requester, and
/// the queries they draw from.
pub async fn measure_search(
    args: &BenchArgs,
    client: &reqwest::Client,
    server: &Server,
    [admin, requester]: [&str; 2],
) -> anyhow::Result<Value> {
    let as_admin = latency(args, search_url(&server.base), client, &Auth::Bearer(admin.into())).await?;
    let as_requester = latency(args, search_url(&server.base), client, &Auth::Bearer(requester.into())).await?;
    Ok(json!({
        "admin": as_admin.json(args),
        "requester": as_requester.json(args),
        "queries": {
            "common": COMMON,
            "rare": ["wnNNNN (a worker node, in about 60 of a million tickets)", "ENNNNN logs (an error code, in about 6)"],
            "mix": "half common, a quarter each rare kind",
        },
    }))
}
