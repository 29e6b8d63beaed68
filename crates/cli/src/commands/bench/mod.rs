//! `guichet bench`: the reproducible benchmark of `docs/performance.md`.
//!
//! It fills the database up to `--tickets` with `generate`'s synthetic
//! tickets, then starts `guichet serve` as a child process on a free port,
//! in three configurations, and creates tickets for `--create-seconds` with
//! `--clients` concurrent clients in each: without the worker, with the
//! worker (and an event consumer that does nothing, so that the event log
//! is read as tickets come), and with the worker at `--durability full`;
//! each in two halves, in the order A B C C B A. On the first
//! worker server it also measures `GET /api/v1/tickets/{id}` and filtered-list
//! latency (p50/p95/p99), the same lists as a requester sees them, the
//! pages' latency (the ticket page, the queues oldest first and in another
//! order, "my tickets"), and the server's resident memory, read from /proc. Last, with the servers
//! stopped, it hands the whole event log to a new consumer that does
//! nothing, and counts the events per second. Then it measures the
//! deadline scheduler: the CPU time of a pass over the open tickets, and
//! ticket reads while passes run back to back against the same reads idle,
//! and last the import of a synthetic mailing-list archive (`--import-only`
//! alone).

mod deadlines;
mod events;
mod import;
mod load;
mod mail;
mod pages;
mod search;
mod server;
mod similar;

use clap::Args;
use rand::Rng;
use serde_json::{Value, json};

use guichet_fixtures::organisation::ensure_organisation;
use guichet_service::Context;
use guichet_service::admin::users::{UserInput, add_user, user_by_email};
use guichet_service::auth::{create_api_token, open_session};

use crate::cli::DatabaseArgs;
use load::{Auth, create_load, latency, list_filters, list_urls};
use server::Server;

/// `guichet bench`
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Fill the database up to this many tickets before measuring.
    #[arg(long, default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Concurrent clients creating tickets.
    #[arg(long, default_value_t = 16)]
    pub clients: usize,
    /// How long each of the three configurations creates tickets, in
    /// seconds (in two halves, run in the order A B C C B A).
    #[arg(long, default_value_t = 20)]
    pub create_seconds: u64,
    /// Requests per latency measurement (GET ticket, list).
    #[arg(long, default_value_t = 2_000)]
    pub samples: usize,
    /// Concurrent clients during latency measurements.
    #[arg(long, default_value_t = 4)]
    pub latency_clients: usize,
    /// Folder of the benchmark's SQLite database; never the demo's, as the
    /// benchmark adds a million tickets.
    #[arg(long, default_value = "guichet-bench-data")]
    pub data_dir: std::path::PathBuf,
    /// Database URL (`sqlite://…` or `postgres://…`), instead of the folder.
    #[arg(long)]
    pub database_url: Option<String>,
    /// How long inbound mail is measured, for new tickets and for replies
    /// each, in seconds.
    #[arg(long, default_value_t = 10)]
    pub mail_seconds: u64,
    /// Measure the mail gateway only, on the database as it is (no tickets
    /// are generated).
    #[arg(long)]
    pub mail_only: bool,
    /// Measure the deadline scheduler only (after filling the database up
    /// to --tickets): its passes' CPU time, and read latency while they run.
    #[arg(long)]
    pub scheduler_only: bool,
    /// Measure the import of mailing-list archives only, on the database
    /// as it is (no tickets are generated): a synthetic mbox of
    /// --import-messages messages, imported, then imported again.
    #[arg(long)]
    pub import_only: bool,
    /// Messages of the synthetic archive of --import-only.
    #[arg(long, default_value_t = 5_000)]
    pub import_messages: usize,
    /// Measure search only (after filling the database up to --tickets):
    /// the generation rate if it generated, the index's size, the
    /// search's latency on a server without its worker, and the
    /// similar-case suggestions' precision at 5 on the labelled set
    /// (stored among the tickets once) and their latency.
    #[arg(long)]
    pub search_only: bool,
}

/// The three servers creation is measured on.
const CONFIGURATIONS: [(&str, &[&str]); 3] = [
    ("no_worker", &["--no-worker"]),
    ("worker", &["--bench-noop-consumer"]),
    (
        "worker_durability_full",
        &["--bench-noop-consumer", "--durability", "full"],
    ),
];

/// The order of the creation runs, each half of `--create-seconds`: every
/// configuration twice, mirrored, so that a drift of the machine's speed
/// during the benchmark weighs on the three alike.
const ORDER: [usize; 6] = [0, 1, 2, 2, 1, 0];

/// What the measurements need from the database: the benchmark's users
/// and the organisation.
struct Setup {
    ctx: Context,
    url: String,
    tokens: [String; 2],
    /// A web session of the administrator, for the pages.
    session: String,
    organisation: guichet_fixtures::organisation::Organisation,
    ticket_count: i64,
    /// The tickets generated to fill the database, and their rate per second.
    generated: Value,
}

/// Runs the benchmark and prints its figures.
pub async fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    if args.mail_only {
        let database = DatabaseArgs {
            data_dir: args.data_dir.clone(),
            database_url: args.database_url.clone(),
        };
        let report = json!({ "mail": mail_figures(&database.url()?, &args, &client).await? });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    if args.import_only {
        let database = DatabaseArgs {
            data_dir: args.data_dir.clone(),
            database_url: args.database_url.clone(),
        };
        let report = json!({ "import": import::measure_import(&database.url()?, args.import_messages).await? });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let setup = prepare(&args).await?;
    if args.search_only {
        let report = json!({
            "backend": setup.ctx.backend(),
            "tickets_in_database": setup.ticket_count,
            "generate": setup.generated,
            "search": search_figures(&args, &setup, &client).await?,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    if args.scheduler_only {
        let report =
            json!({ "backend": setup.ctx.backend(), "scheduler": scheduler_figures(&args, &setup, &client).await? });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let (creation, reads) = measure_servers(&args, &setup, &client).await?;
    let rate = |name: &str| creation[name]["per_second"].as_f64().unwrap_or(f64::NAN);
    let (events, seconds) = events::deliver_everything(&setup.ctx).await?;
    let report = json!({
        "backend": setup.ctx.backend(),
        "tickets_in_database": setup.ticket_count,
        "generate": setup.generated,
        "create": { "clients": args.clients, "runs": creation },
        "create_ratio_worker_to_no_worker": rate("worker") / rate("no_worker"),
        "create_ratio_full_to_normal_durability": rate("worker_durability_full") / rate("worker"),
        "event_delivery": { "events": events, "seconds": seconds, "per_second": events as f64 / seconds },
        "get_ticket_ms": reads["get_ticket_ms"],
        "list_ms": reads["list_ms"],
        "requester_list_ms": reads["requester_list_ms"],
        "pages_ms": reads["pages_ms"],
        "search": search_figures(&args, &setup, &client).await?,
        "rss_mib": reads["rss_mib"],
        "mail": mail_figures(&setup.url, &args, &client).await?,
        "scheduler": scheduler_figures(&args, &setup, &client).await?,
        "import": import::measure_import(&setup.url, args.import_messages).await?,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// The search's latency on a server without its worker, the index's
/// size, and the similar-case suggestions' quality and latency.
async fn search_figures(args: &BenchArgs, setup: &Setup, client: &reqwest::Client) -> anyhow::Result<Value> {
    let bytes = guichet_service::search::index_bytes(&setup.ctx)
        .await
        .map_err(super::service_error)?;
    let server = Server::start(&setup.url, &["--no-worker"], client).await?;
    let tokens = [setup.tokens[0].as_str(), setup.tokens[1].as_str()];
    let latency = search::measure_search(args, client, &server, tokens).await;
    let suggestions = match latency {
        Ok(_) => similar::measure_similar(args, &setup.ctx, &setup.url, client, &server, tokens).await,
        Err(_) => Ok(Value::Null),
    };
    server.stop().await;
    let mut figures = json!({ "index_mib": bytes as f64 / (1024.0 * 1024.0) });
    figures["latency_ms"] = latency?;
    figures["similar"] = suggestions?;
    Ok(figures)
}

/// The deadline scheduler's passes, and read latency while they run.
async fn scheduler_figures(args: &BenchArgs, setup: &Setup, client: &reqwest::Client) -> anyhow::Result<Value> {
    let token = setup.tokens[0].as_str();
    deadlines::measure_scheduler(args, &setup.ctx, &setup.url, token, setup.ticket_count, client).await
}

/// Inbound mail over LMTP, and the rendering of notifications.
async fn mail_figures(url: &str, args: &BenchArgs, client: &reqwest::Client) -> anyhow::Result<Value> {
    let inbound = mail::measure_inbound(url, args.mail_seconds, client).await?;
    let store = guichet_store::connect(url).await?;
    let ctx = super::context(store.clone());
    let email = guichet_domain::text::Email::parse("helpdesk", "helpdesk@localhost.localdomain")
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let settings = guichet_service::mail::MailSettings::new(email, "bench", "http://127.0.0.1");
    let rendering = mail::measure_rendering(store.as_ref(), &ctx, &settings, 5_000).await?;
    Ok(json!({ "inbound_lmtp": inbound, "outbound_rendering": rendering }))
}

/// Fills the database up to `--tickets`, and makes the benchmark's users.
async fn prepare(args: &BenchArgs) -> anyhow::Result<Setup> {
    let database = DatabaseArgs {
        data_dir: args.data_dir.clone(),
        database_url: args.database_url.clone(),
    };
    let url = database.url()?;
    let started = std::time::Instant::now();
    let target = args.tickets;
    let added = super::generate::load(&url, |existing| target.saturating_sub(existing), 42, true).await?;
    let seconds = started.elapsed().as_secs_f64();
    let generated = json!({ "tickets": added, "seconds": seconds, "per_second": added as f64 / seconds });
    if added > 0 {
        eprintln!("generated {added} tickets at {:.0} tickets/s", added as f64 / seconds);
    }
    let ctx = super::context(super::open(&database).await?);
    let tokens = [
        bench_token(&ctx, "bench@guichet.example", "admin").await?,
        bench_token(&ctx, "bench-requester@guichet.example", "requester").await?,
    ];
    let session = open_session(&ctx, "bench@guichet.example")
        .await
        .map_err(super::service_error)?;
    let organisation = ensure_organisation(&ctx).await.map_err(super::service_error)?;
    let ticket_count = guichet_service::tickets::read::count_by_status(&ctx)
        .await
        .map_err(super::service_error)?
        .iter()
        .map(|(_, n)| n)
        .sum::<i64>();
    Ok(Setup {
        ctx,
        url,
        tokens,
        session,
        organisation,
        ticket_count,
        generated,
    })
}

/// Creation in each configuration, in the order of [`ORDER`]; reads and
/// memory on the first worker server.
async fn measure_servers(
    args: &BenchArgs,
    setup: &Setup,
    client: &reqwest::Client,
) -> anyhow::Result<(serde_json::Map<String, Value>, Value)> {
    let half = BenchArgs {
        create_seconds: args.create_seconds.div_ceil(2),
        ..args.clone()
    };
    let mut totals = [(0_u64, 0.0_f64); 3];
    let mut reads = Value::Null;
    for (run, &index) in ORDER.iter().enumerate() {
        let (name, flags) = CONFIGURATIONS[index];
        let server = Server::start(&setup.url, flags, client).await?;
        let idle = server.rss_kib("VmRSS")?;
        let (created, seconds) = create_load(client, &server.base, &setup.tokens[0], &half).await?;
        eprintln!("{name}: {:.0} tickets/s", created as f64 / seconds);
        totals[index].0 += created;
        totals[index].1 += seconds;
        if run == 1 {
            let tokens = [setup.tokens[0].as_str(), setup.tokens[1].as_str()];
            reads = measure_reads(args, client, &server, &setup.organisation, setup.ticket_count, tokens).await?;
            reads["pages_ms"] = pages::measure_pages(
                args,
                client,
                &server,
                &setup.organisation,
                setup.ticket_count,
                &setup.session,
            )
            .await?;
            reads["rss_mib"] = json!({
                "idle": idle as f64 / 1024.0,
                "after": server.rss_kib("VmRSS")? as f64 / 1024.0,
                "peak": server.rss_kib("VmHWM")? as f64 / 1024.0,
            });
        }
        server.stop().await;
    }
    let mut creation = serde_json::Map::new();
    for ((name, _), (created, seconds)) in CONFIGURATIONS.iter().zip(totals) {
        let rate = json!({ "created": created, "seconds": seconds, "per_second": created as f64 / seconds });
        creation.insert((*name).into(), rate);
    }
    Ok((creation, reads))
}

/// The latency of ticket reads and of lists, as an admin and as a requester.
async fn measure_reads(
    args: &BenchArgs,
    client: &reqwest::Client,
    server: &Server,
    organisation: &guichet_fixtures::organisation::Organisation,
    ticket_count: i64,
    [token, requester_token]: [&str; 2],
) -> anyhow::Result<Value> {
    let tickets_base = format!("{}/api/v1/tickets", server.base);
    let highest = ticket_count.max(1);
    let (admin, requester) = (Auth::Bearer(token.into()), Auth::Bearer(requester_token.into()));
    let get = latency(
        args,
        move |rng| format!("{tickets_base}/{}", rng.random_range(1..=highest)),
        client,
        &admin,
    )
    .await?;
    let filters = list_filters(organisation);
    let list = latency(args, list_urls(&server.base, &filters), client, &admin).await?;
    let requester_list = latency(args, list_urls(&server.base, &filters), client, &requester).await?;
    let mut list_json = list.json(args);
    list_json["filters"] = json!(filters);
    Ok(json!({
        "get_ticket_ms": get.json(args),
        "list_ms": list_json,
        "requester_list_ms": requester_list.json(args),
    }))
}

/// A new API token for the benchmark user `email`, created with `role` if needed.
async fn bench_token(ctx: &Context, email: &str, role: &str) -> anyhow::Result<String> {
    let operator = super::operator();
    if user_by_email(ctx, &operator, email)
        .await
        .map_err(super::service_error)?
        .is_none()
    {
        let input = UserInput {
            email: email.into(),
            name: format!("Benchmark {role}"),
            role: role.into(),
            password: None,
            dn: None,
        };
        add_user(ctx, &operator, input).await.map_err(super::service_error)?;
    }
    create_api_token(ctx, email, None).await.map_err(super::service_error)
}
