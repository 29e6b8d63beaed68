//! The mail gateway's figures: inbound throughput over LMTP with eight
//! sessions and durable acceptance (`serve --mail-listen`, synchronous=FULL
//! on SQLite), for new tickets and for replies; and how fast notifications
//! are rendered.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::server::{Server, free_port};

/// Concurrent LMTP sessions.
const SESSIONS: usize = 8;
/// The helpdesk address of a server started without settings.
const HELPDESK: &str = "helpdesk@localhost.localdomain";

/// Measures inbound mail for `seconds` each (new tickets, then replies to
/// them) on a server over `url`.
pub async fn measure_inbound(url: &str, seconds: u64, client: &reqwest::Client) -> anyhow::Result<Value> {
    let mail_port = free_port()?;
    let mail_listen = format!("127.0.0.1:{mail_port}");
    let flags = [
        "--mail-listen",
        mail_listen.as_str(),
        "--no-worker",
        "--mail-rate-limit",
        "0",
    ];
    let server = Server::start(url, &flags, client).await?;
    let run: std::sync::Arc<str> = format!("{:x}", rand::random::<u32>()).into();
    let first = run.clone();
    let opened = load(mail_port, seconds, move |session, n| new_ticket(&first, session, n)).await?;
    let numbers = std::sync::Arc::new(opened.by_session.clone());
    if numbers.iter().any(Vec::is_empty) {
        bail!("a session opened no ticket by mail");
    }
    let replies = load(mail_port, seconds, move |session, n| {
        let own = &numbers[session];
        reply(&run, session, n, &own[n % own.len()])
    })
    .await?;
    server.stop().await;
    Ok(json!({
        "sessions": SESSIONS,
        "durability": "full",
        "new_tickets": opened.report(),
        "replies": replies.report(),
    }))
}

/// What one load did.
#[derive(Default)]
struct Load {
    accepted: u64,
    refused: u64,
    seconds: f64,
    /// The tickets the messages opened or joined, as numbers.
    numbers: Vec<String>,
    /// The same, by session.
    by_session: Vec<Vec<String>>,
}

impl Load {
    fn report(&self) -> Value {
        json!({
            "accepted": self.accepted,
            "refused": self.refused,
            "seconds": self.seconds,
            "per_second": self.accepted as f64 / self.seconds,
        })
    }
}

/// Eight sessions sending `message(session, n)` one after another for
/// `seconds`.
async fn load(
    port: u16,
    seconds: u64,
    message: impl Fn(usize, usize) -> String + Clone + Send + 'static,
) -> anyhow::Result<Load> {
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for session in 0..SESSIONS {
        let message = message.clone();
        tasks.spawn(async move { (session, session_load(port, session, until, message).await) });
    }
    let mut total = Load {
        by_session: vec![Vec::new(); SESSIONS],
        ..Load::default()
    };
    while let Some(done) = tasks.join_next().await {
        let (session, load) = done?;
        let load = load?;
        total.accepted += load.accepted;
        total.refused += load.refused;
        total.by_session[session] = load.numbers;
    }
    total.seconds = started.elapsed().as_secs_f64();
    eprintln!("mail: {:.0} messages/s", total.accepted as f64 / total.seconds);
    Ok(total)
}

async fn session_load(
    port: u16,
    session: usize,
    until: Instant,
    message: impl Fn(usize, usize) -> String,
) -> anyhow::Result<Load> {
    let stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .context("cannot reach the mail listener")?;
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut next = async || lines.next_line().await?.context("the listener closed the session");
    next().await?;
    write.write_all(b"LHLO bench.example\r\n").await?;
    while !next().await?.starts_with("250 ") {}
    let mut load = Load::default();
    let mut n = 0;
    while Instant::now() < until {
        let body = message(session, n);
        let envelope = format!("MAIL FROM:<s{session}@bench.example>\r\nRCPT TO:<{HELPDESK}>\r\nDATA\r\n");
        write.write_all(envelope.as_bytes()).await?;
        for _ in 0..3 {
            next().await?;
        }
        write.write_all(format!("{body}\r\n.\r\n").as_bytes()).await?;
        let answer = next().await?;
        if answer.starts_with("250") {
            load.accepted += 1;
            if let Some(number) = answer.split('#').nth(1) {
                load.numbers.push(
                    number
                        .split(|c: char| !c.is_ascii_digit())
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        } else {
            load.refused += 1;
        }
        n += 1;
    }
    write.write_all(b"QUIT\r\n").await?;
    Ok(load)
}

fn new_ticket(run: &str, session: usize, n: usize) -> String {
    format!(
        "From: Bench {session} <s{session}@bench.example>\r\nTo: {HELPDESK}\r\nCc: watcher{session}@bench.example\r\n\
         Subject: Transfers fail at SE-{session}-{n}\r\nMessage-ID: <new-{run}-{session}-{n}@bench.example>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nThe storage element answers 503 since 02:00.\r\n\
         Jobs of the VO fail at stage-in.\r\n"
    )
}

fn reply(run: &str, session: usize, n: usize, number: &str) -> String {
    format!(
        "From: Bench {session} <s{session}@bench.example>\r\nTo: {HELPDESK}\r\n\
         Subject: Re: [Guichet #{number}] Transfers fail\r\nMessage-ID: <reply-{run}-{session}-{n}@bench.example>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nStill failing, log below.\r\n\r\n\
         On Tue, 1 Dec 2026 at 10:00, Guichet wrote:\r\n> The unit is looking into it.\r\n"
    )
}

/// How fast notifications are made from the log's last `changes` changes
/// (their notices: the ticket, the people, the languages, read from the
/// database) and then rendered (one whole message per recipient, in
/// memory).
pub async fn measure_rendering(
    store: &dyn guichet_store::Store,
    ctx: &guichet_service::Context,
    settings: &guichet_service::mail::MailSettings,
    changes: usize,
) -> anyhow::Result<Value> {
    let events = store
        .events_after(guichet_store::EventPosition::default(), 2_000_000)
        .await?;
    let grouped = guichet_service::events::group(events);
    let recent = &grouped[grouped.len().saturating_sub(changes)..];
    let started = Instant::now();
    let mut notices = Vec::new();
    for change in recent {
        notices.extend(guichet_service::mail::notices::notices(ctx, change).await?);
    }
    let noticed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut rendered = 0_u64;
    for notice in &notices {
        for (recipient, language) in &notice.recipients {
            if guichet_mail::outbound::render(settings, notice, recipient, *language).is_ok() {
                rendered += 1;
            }
        }
    }
    let rendering = started.elapsed().as_secs_f64();
    eprintln!("mail: {:.0} mails rendered/s", rendered as f64 / rendering);
    Ok(json!({
        "changes": recent.len(),
        "notices": notices.len(),
        "notices_per_second": notices.len() as f64 / noticed,
        "mails_rendered": rendered,
        "mails_rendered_per_second": rendered as f64 / rendering,
    }))
}
