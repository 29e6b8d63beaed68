//! The command-line contract. Other tools rely on it: keep it stable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::telemetry::LogFormat;

/// Guichet: an operations helpdesk for research e-infrastructures.
#[derive(Debug, Parser)]
#[command(name = "guichet", version, about, long_about = None)]
pub struct Cli {
    /// Log format.
    #[arg(long, value_enum, global = true, default_value = "text", env = "GUICHET_LOG_FORMAT")]
    pub log_format: LogFormat,
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

/// How to serve.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GUICHET_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest attachment accepted, in bytes.
    #[arg(long, env = "GUICHET_MAX_ATTACHMENT_BYTES", default_value_t = guichet_service::attachments::DEFAULT_MAX_BYTES)]
    pub max_attachment_bytes: usize,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the JSON API, health and metrics (migrating the database first).
    Serve(ServeArgs),
    /// Apply the database migrations, then exit.
    Migrate(DatabaseArgs),
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
    /// Measure API throughput, latency and memory against a generated database.
    Bench(crate::commands::bench::BenchArgs),
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
