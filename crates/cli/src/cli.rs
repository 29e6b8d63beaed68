//! The command-line contract. Other tools rely on it: keep it stable.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use guichet_service::rota::HandoverTime;

use crate::telemetry::LogFormat;

/// Guichet: an operations helpdesk for research e-infrastructures.
#[derive(Debug, Parser)]
#[command(name = "guichet", version, about, long_about = None)]
pub struct Cli {
    /// Log format.
    #[arg(long, value_enum, global = true, default_value = "text", env = "GUICHET_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// When first-level rota shifts hand over: an English weekday and a
    /// 24-hour time, in the zone of the deployment's working-hours
    /// calendar, e.g. "mon 09:00" or "thursday 14:30". Every node of a
    /// deployment must be given the same.
    #[arg(long, global = true, env = "GUICHET_ROTA_HANDOVER", default_value = "mon 09:00", value_parser = HandoverTime::parse)]
    pub rota_handover: HandoverTime,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Folder for the embedded database and local files.
    #[arg(long, env = "GUICHET_DATA_DIR", default_value = "guichet-data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://PATH` or `postgres://…`. Default: `sqlite://<data dir>/guichet.db`.
    #[arg(long, env = "GUICHET_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// What a committed change promises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DurabilityArg {
    /// A commit survives a crash of Guichet, not a power loss (SQLite
    /// synchronous=NORMAL; PostgreSQL as its server is configured).
    #[default]
    Normal,
    /// Every commit survives a power loss (SQLite synchronous=FULL;
    /// PostgreSQL synchronous_commit=on).
    Full,
}

/// The first-level support unit `migrate` makes when there is none.
#[derive(Debug, Clone, Args)]
pub struct FirstLevelArgs {
    /// Its name.
    #[arg(long, env = "GUICHET_FIRST_LEVEL_NAME", default_value = guichet_service::bootstrap::DEFAULT_FIRST_LEVEL_NAME)]
    pub first_level_name: String,
    /// Its mail address.
    #[arg(long, env = "GUICHET_FIRST_LEVEL_EMAIL", default_value = guichet_service::bootstrap::DEFAULT_FIRST_LEVEL_EMAIL)]
    pub first_level_email: String,
}

/// `guichet migrate`
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The first-level unit to make if missing.
    #[command(flatten)]
    pub first_level: FirstLevelArgs,
}

/// How to serve.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GUICHET_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest attachment accepted, in bytes.
    #[arg(long, env = "GUICHET_MAX_ATTACHMENT_BYTES", default_value_t = guichet_service::attachments::DEFAULT_MAX_BYTES)]
    pub max_attachment_bytes: usize,
    /// Serve HTTP only, without the background jobs and event consumers
    /// (run `guichet worker` somewhere instead).
    #[arg(long, env = "GUICHET_NO_WORKER")]
    pub no_worker: bool,
    /// The address people open, e.g. https://helpdesk.example.org; with
    /// https, cookies are only sent over https.
    #[arg(long, env = "GUICHET_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Behind a reverse proxy: take the client's address from the last
    /// entry of X-Forwarded-For (sign-in throttling counts failures per
    /// address). Only set it when the proxy always writes that header.
    #[arg(long, env = "GUICHET_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Also receive mail on this address, over LMTP or SMTP (the client's
    /// greeting chooses). A message gets its 250 only once committed, so
    /// this makes the node's durability full.
    #[arg(long, env = "GUICHET_MAIL_LISTEN")]
    pub mail_listen: Option<SocketAddr>,
    /// The mail gateway's settings.
    #[command(flatten)]
    pub mail: MailArgs,
    /// The mail work of the background: sending, IMAP polling.
    #[command(flatten)]
    pub mail_work: MailWorkArgs,
    /// The node's database and settings.
    #[command(flatten)]
    pub node: NodeArgs,
}

/// What every node of a deployment is started with, serving or working.
#[derive(Debug, Clone, Args)]
pub struct NodeArgs {
    /// What a committed change promises.
    #[arg(long, value_enum, env = "GUICHET_DURABILITY", default_value = "normal")]
    pub durability: DurabilityArg,
    /// Runs an event consumer that does nothing, for `guichet bench`.
    #[arg(long, hide = true)]
    pub bench_noop_consumer: bool,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The first-level unit to make if missing.
    #[command(flatten)]
    pub first_level: FirstLevelArgs,
}

/// `guichet worker`
#[derive(Debug, Clone, Args)]
pub struct WorkerArgs {
    /// Run one pass (every job once, every consumer until it has caught
    /// up), print what it did, and exit.
    #[arg(long)]
    pub once: bool,
    /// With --once: the time the pass runs at, in RFC 3339 (e.g.
    /// 2026-12-24T09:00:00Z), instead of the clock's.
    #[arg(long, requires = "once", value_parser = parse_rfc3339)]
    pub now: Option<DateTime<Utc>>,
    /// The node's database and settings.
    #[command(flatten)]
    pub node: NodeArgs,
    /// The mail gateway's settings, for notifications.
    #[command(flatten)]
    pub mail: MailArgs,
    /// The mail work of the background: sending, IMAP polling.
    #[command(flatten)]
    pub mail_work: MailWorkArgs,
}

/// The mail work a node's worker does: send notifications, poll mailboxes.
#[derive(Debug, Clone, Args)]
pub struct MailWorkArgs {
    /// Send notifications through this SMTP relay: smtp://HOST:PORT,
    /// smtp://HOST:PORT?tls=starttls, or smtps://HOST:PORT (implicit TLS),
    /// with USER:PASSWORD@ before the host to authenticate. Without it,
    /// notifications are queued but not sent.
    #[arg(long, env = "GUICHET_SMTP_RELAY")]
    pub smtp_relay: Option<String>,
    /// A PEM file of extra root certificates to trust for the relay's TLS.
    #[arg(long, env = "GUICHET_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<std::path::PathBuf>,
    /// Poll this mailbox for mail: imaps://USER:PASSWORD@HOST[:993]/INBOX,
    /// or imap://… without TLS for a server on the same host (repeatable, or
    /// comma-separated). One node at a time polls each mailbox.
    #[arg(long = "imap", env = "GUICHET_IMAP", value_delimiter = ',')]
    pub imap: Vec<String>,
    /// A PEM file of extra root certificates to trust for IMAP over TLS.
    #[arg(long, env = "GUICHET_IMAP_CA_FILE")]
    pub imap_ca_file: Option<std::path::PathBuf>,
    /// How often each mailbox is polled, in seconds.
    #[arg(long, env = "GUICHET_IMAP_INTERVAL", default_value_t = 30)]
    pub imap_interval: u32,
}

/// How this deployment's mail is addressed and guarded: shared by `serve`,
/// `worker` and `mail deliver`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The helpdesk address: mail to it opens tickets in first-level
    /// support, and each ticket's address is plus-addressed on it
    /// (helpdesk+100234@…). Defaults to the first-level unit's address.
    #[arg(long, env = "GUICHET_HELPDESK_ADDRESS")]
    pub helpdesk_address: Option<String>,
    /// The word of the subject tag, as in "[Guichet #100234]".
    #[arg(long, env = "GUICHET_MAIL_TAG", default_value = "Guichet")]
    pub mail_tag: String,
    /// This deployment's name in the loop header of the mail it sends
    /// (X-Guichet-Loop); defaults to the helpdesk address. Two deployments
    /// must differ.
    #[arg(long, env = "GUICHET_MAIL_INSTANCE")]
    pub mail_instance: Option<String>,
    /// The List-Id of an old mailing list whose mail becomes tickets in
    /// first-level support during a migration (repeatable, or
    /// comma-separated).
    #[arg(long = "mail-list-id", env = "GUICHET_MAIL_LIST_IDS", value_delimiter = ',')]
    pub mail_list_ids: Vec<String>,
    /// The Precedence values whose mail is dropped as automatic.
    #[arg(
        long,
        env = "GUICHET_MAIL_IGNORE_PRECEDENCE",
        value_delimiter = ',',
        default_value = "bulk,junk,list,auto_reply"
    )]
    pub mail_ignore_precedence: Vec<String>,
    /// The largest message accepted, in bytes.
    #[arg(long, env = "GUICHET_MAX_MESSAGE_BYTES", default_value_t = 25 * 1024 * 1024)]
    pub max_message_bytes: usize,
    /// At most this many messages per sender and ticket in 10 minutes; more
    /// are put off (451, or exit code 75) for the sending server to retry.
    /// 0 sets no limit.
    #[arg(long, env = "GUICHET_MAIL_RATE_LIMIT", default_value_t = 10)]
    pub mail_rate_limit: u32,
}

/// `guichet mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Receive one message on standard input, for a mail server's pipe.
    ///
    /// Exits 0 when the message is stored (or dropped as automatic mail),
    /// 65 (EX_DATAERR) when it is unusable or too large, 67 (EX_NOUSER)
    /// for an unknown recipient, 75 (EX_TEMPFAIL) when the mail server
    /// should try again later. The commit is synced to disk before the
    /// exit (SQLite synchronous=FULL).
    Deliver(DeliverArgs),
}

/// `guichet import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import mbox files: one message after another, each opened by a
    /// "From sender date" line. A file cut short keeps its complete
    /// messages; its broken tail is reported.
    Mbox(ImportArgs),
    /// Import Maildir folders: every file of their cur/ and new/.
    Maildir(ImportArgs),
}

/// `guichet import mbox|maildir`
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The archives: mbox files, or Maildir folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The list the archives are of: named in each ticket's history, and
    /// the tickets' VO when a VO has that name.
    #[arg(long)]
    pub list: Option<String>,
    /// The word of the ticket tag taken off subjects (`Guichet` in
    /// `[Guichet #100234]`).
    #[arg(long, env = "GUICHET_MAIL_TAG", default_value = "Guichet")]
    pub mail_tag: String,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The first-level unit to make if missing.
    #[command(flatten)]
    pub first_level: FirstLevelArgs,
}

/// `guichet mail deliver`
#[derive(Debug, Clone, Args)]
pub struct DeliverArgs {
    /// The envelope recipients (repeatable, and several may follow one
    /// flag, as Postfix's `${recipient}` expands); the helpdesk address
    /// when none.
    #[arg(long = "recipient", num_args = 1..)]
    pub recipients: Vec<String>,
    /// The envelope sender; "" for a bounce.
    #[arg(long)]
    pub sender: Option<String>,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The first-level unit to make if missing.
    #[command(flatten)]
    pub first_level: FirstLevelArgs,
    /// The mail gateway's settings.
    #[command(flatten)]
    pub mail: MailArgs,
}

/// A moment in RFC 3339, for `--now`.
fn parse_rfc3339(raw: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{raw:?} is not an RFC 3339 time such as 2026-12-24T09:00:00Z ({e})"))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the JSON API, health and metrics, with the background worker
    /// (migrating the database first).
    Serve(ServeArgs),
    /// Apply the database migrations, make the first-level support unit if
    /// there is none, then exit.
    Migrate(MigrateArgs),
    /// Run the background jobs and event consumers alone, or one pass of them.
    Worker(WorkerArgs),
    /// Inspect and retry the changes event consumers gave up on.
    #[command(subcommand)]
    Events(EventsCommand),
    /// Load the demo organisation and tickets (once), print the logins, and serve.
    Demo(ServeArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Fill the database with synthetic tickets, for benchmarks.
    ///
    /// A SQLite database that does not exist yet is built aside, in
    /// NAME.partial-PID without a journal, and appears under its name only
    /// when complete. An existing database is filled in place, through its
    /// usual transactions, which is slower.
    Generate(GenerateArgs),
    /// Receive mail: `guichet mail deliver` for a mail server's pipe.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Import mailing-list archives (mbox files, Maildir folders) as
    /// historical closed tickets; importing again adds nothing.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Measure API throughput, latency and memory against a generated database.
    Bench(crate::commands::bench::BenchArgs),
    /// Show and set the working-hours calendars deadlines count in, and
    /// their public holidays.
    #[command(subcommand)]
    Calendar(crate::commands::calendar::CalendarCommand),
    /// Generate and show the first-level support rota.
    #[command(subcommand)]
    Rota(crate::commands::rota::RotaCommand),
}

/// `guichet events …`
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List the parked changes: consumer, events, attempts, last error.
    Failed(DatabaseArgs),
    /// Ask for another attempt at a parked change; its consumer makes it
    /// at its next pass.
    Retry(EventsRetryArgs),
}

/// `guichet events retry`
#[derive(Debug, Args)]
pub struct EventsRetryArgs {
    /// The parked change's number, as `guichet events failed` lists it.
    pub id: i64,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add(UserAddArgs),
}

/// `guichet user add`
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Address, used to sign in.
    #[arg(long)]
    pub email: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// requester, shifter, supporter, unit-manager, coordinator or admin.
    #[arg(long)]
    pub role: String,
    /// Password (at least 8 characters); without one the account uses API tokens only.
    #[arg(long)]
    pub password: Option<String>,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for an account and print it (only it) on stdout.
    Create(TokenCreateArgs),
}

/// `guichet token create`
#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// The account's address.
    #[arg(long)]
    pub email: String,
    /// Expire the token after this many days (default: never).
    #[arg(long)]
    pub expires_in_days: Option<u32>,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet generate`
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many tickets to add.
    #[arg(long)]
    pub tickets: u64,
    /// Random seed, for reproducible datasets.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

impl DatabaseArgs {
    /// The URL to connect to, creating the data folder for the default SQLite file.
    pub fn url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| anyhow::anyhow!("cannot create the data folder {}: {e}", self.data_dir.display()))?;
        Ok(format!("sqlite://{}/guichet.db", self.data_dir.display()))
    }
}
