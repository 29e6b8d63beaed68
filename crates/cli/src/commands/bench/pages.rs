//! The pages' latency, server side: the ticket page, first-level support's
//! queue and a unit's, each oldest first and in another order, and "my
//! tickets", signed in with a web session as a browser is.

use rand::Rng;
use serde_json::{Value, json};

use guichet_domain::ids::TICKET_NUMBER_BASE;
use guichet_fixtures::organisation::Organisation;

use super::BenchArgs;
use super::load::{Auth, latency};
use super::server::Server;

/// The pages measured, by name, and their paths.
pub fn page_paths(organisation: &Organisation) -> Vec<(&'static str, String)> {
    let unit = organisation.experts.first().map_or(1, |u| u.0);
    vec![
        ("first_level_queue_oldest", "/queues/first-level".into()),
        ("first_level_queue_newest", "/queues/first-level?order=newest".into()),
        ("unit_queue_oldest", format!("/queues/{unit}")),
        ("unit_queue_last_changed", format!("/queues/{unit}?order=changed")),
        ("my_tickets", "/tickets/mine".into()),
    ]
}

/// Each page's percentiles, as the benchmark's administrator sees them
/// (who submitted every ticket the creation runs made).
pub async fn measure_pages(
    args: &BenchArgs,
    client: &reqwest::Client,
    server: &Server,
    organisation: &Organisation,
    ticket_count: i64,
    session: &str,
) -> anyhow::Result<Value> {
    let auth = Auth::Session(session.to_owned());
    let base = server.base.clone();
    let highest = ticket_count.max(1);
    let ticket = latency(
        args,
        move |rng| format!("{base}/tickets/{}", TICKET_NUMBER_BASE + rng.random_range(1..=highest)),
        client,
        &auth,
    )
    .await?;
    let mut pages = json!({ "ticket_page": ticket.json(args) });
    for (name, path) in page_paths(organisation) {
        let url = format!("{}{path}", server.base);
        let measured = latency(args, move |_| url.clone(), client, &auth).await?;
        pages[name] = measured.json(args);
        pages[name]["path"] = json!(path);
    }
    Ok(pages)
}
