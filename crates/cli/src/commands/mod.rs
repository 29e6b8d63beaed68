//! One module per subcommand.

pub mod bench;
pub mod calendar;
mod demo;
mod events;
mod generate;
mod imap_job;
pub mod import;
pub mod mail;
pub mod rota;
mod serve;
mod worker;

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use chrono::Duration;

use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::auth::create_api_token;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::rota::HandoverTime;
use guichet_service::{Actor, Context};
use guichet_store::{Durability, Store, StoreOptions};

use crate::cli::{Command, DatabaseArgs, DurabilityArg, FirstLevelArgs, MigrateArgs, TokenCommand, UserCommand};

/// Connects to the configured database (migrating it), or explains in one line why not.
pub async fn open(database: &DatabaseArgs) -> anyhow::Result<Arc<dyn Store>> {
    open_with(database, DurabilityArg::Normal).await
}

/// Connects with the given durability.
pub async fn open_with(database: &DatabaseArgs, durability: DurabilityArg) -> anyhow::Result<Arc<dyn Store>> {
    let url = database.url()?;
    let options = StoreOptions {
        durability: match durability {
            DurabilityArg::Normal => Durability::Normal,
            DurabilityArg::Full => Durability::Full,
        },
    };
    guichet_store::connect_with(&url, options)
        .await
        .with_context(|| cannot_open(&url))
}

/// The deployment's rota handover, as `--rota-handover` gave it: set once
/// by [`run`] before any subcommand builds a context.
static HANDOVER: OnceLock<HandoverTime> = OnceLock::new();

/// The rota handover every context of this process uses.
fn handover() -> HandoverTime {
    HANDOVER.get().copied().unwrap_or_default()
}

/// The use cases over `store`, on the machine's clock, with the
/// deployment's rota handover.
pub fn context(store: Arc<dyn Store>) -> Context {
    Context::with_system_clock(store).with_handover(handover())
}

/// The command line acts as the system: it runs on the server, for its operators.
pub fn operator() -> Actor {
    Actor::system("command line")
}

/// Makes the first-level unit if there is none, saying so.
pub async fn ensure_first_level(ctx: &Context, args: &FirstLevelArgs) -> anyhow::Result<()> {
    let settings = FirstLevelSettings {
        name: args.first_level_name.clone(),
        email: args.first_level_email.clone(),
    };
    let first_level = ensure_first_level_unit(ctx, &settings).await.map_err(service_error)?;
    if first_level.created {
        eprintln!(
            "created the first-level support unit {:?} <{}> (unit {})",
            settings.name, settings.email, first_level.unit
        );
    }
    Ok(())
}

/// The start of every "cannot open" message.
fn cannot_open(url: &str) -> String {
    format!("cannot open the database {}", redact(url))
}

/// A use-case error as one line, naming the field at fault.
pub fn service_error(error: guichet_service::ServiceError) -> anyhow::Error {
    match error {
        guichet_service::ServiceError::Invalid { field, message }
        | guichet_service::ServiceError::Refused { field, message } => anyhow::anyhow!("{field}: {message}"),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Runs a subcommand, its contexts handing rota shifts over at `handover`.
pub async fn run(command: Command, handover: HandoverTime) -> anyhow::Result<()> {
    let _first = HANDOVER.set(handover);
    match command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(args) => migrate(args).await,
        Command::Worker(args) => worker::worker(args).await,
        Command::Events(command) => events::events(command).await,
        Command::Demo(args) => demo::demo(args).await,
        Command::User(UserCommand::Add(args)) => {
            let ctx = context(open(&args.database).await?);
            let input = UserInput {
                email: args.email,
                name: args.name,
                role: args.role,
                password: args.password,
                dn: None,
            };
            let user = add_user(&ctx, &operator(), input).await.map_err(service_error)?;
            eprintln!("created user {} ({}, {})", user.id, user.email, user.role);
            Ok(())
        }
        Command::Token(TokenCommand::Create(args)) => {
            let ctx = context(open(&args.database).await?);
            let expires_at = args
                .expires_in_days
                .map(|days| ctx.now() + Duration::days(i64::from(days)));
            let token = create_api_token(&ctx, &args.email, expires_at)
                .await
                .map_err(|e| service_error(e).context(args.email.clone()))?;
            println!("{token}");
            Ok(())
        }
        Command::Generate(args) => generate::generate(args).await,
        Command::Bench(args) => bench::bench(args).await,
        Command::Mail(command) => mail::mail(command).await,
        Command::Import(command) => import::import(command).await,
        Command::Calendar(command) => calendar::calendar(command).await,
        Command::Rota(command) => rota::rota(command).await,
    }
}

/// `guichet migrate`: the schema, then the first-level unit if missing.
async fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    let ctx = context(open(&args.database).await?);
    ensure_first_level(&ctx, &args.first_level).await?;
    eprintln!("database migrated ({})", ctx.backend());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_from_messages() {
        assert_eq!(
            redact("postgres://bob:secret@db:5432/g"),
            "postgres://bob:***@db:5432/g"
        );
        assert_eq!(redact("postgres://bob@db/g"), "postgres://bob@db/g");
        assert_eq!(redact("sqlite://data/g.db"), "sqlite://data/g.db");
    }
}
