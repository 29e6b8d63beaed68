//! One module per subcommand.

pub mod bench;
mod demo;
mod generate;
mod serve;

use std::sync::Arc;

use anyhow::Context;
use chrono::{Duration, Utc};

use guichet_service::admin::{UserInput, add_user};
use guichet_service::auth::create_api_token;
use guichet_store::Store;

use crate::cli::{Command, DatabaseArgs, TokenCommand, UserCommand};

/// Connects to the configured database (migrating it), or explains in one line why not.
pub async fn open(database: &DatabaseArgs) -> anyhow::Result<Arc<dyn Store>> {
    let url = database.url()?;
    guichet_store::connect(&url).await.with_context(|| cannot_open(&url))
}

/// The start of every "cannot open" message.
fn cannot_open(url: &str) -> String {
    format!("cannot open the database {}", redact(url))
}

/// A use-case error as one line, naming the field at fault.
pub fn service_error(error: guichet_service::ServiceError) -> anyhow::Error {
    match error {
        guichet_service::ServiceError::Invalid { field, message } => anyhow::anyhow!("{field}: {message}"),
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

/// Runs a subcommand.
pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(database) => {
            let store = open(&database).await?;
            eprintln!("database migrated ({})", store.backend());
            Ok(())
        }
        Command::Demo(args) => demo::demo(args).await,
        Command::User(UserCommand::Add(args)) => {
            let store = open(&args.database).await?;
            let input = UserInput {
                email: args.email,
                name: args.name,
                role: args.role,
                password: args.password,
                dn: None,
            };
            let user = add_user(store.as_ref(), input).await.map_err(service_error)?;
            eprintln!("created user {} ({}, {})", user.id, user.email, user.role);
            Ok(())
        }
        Command::Token(TokenCommand::Create(args)) => {
            let store = open(&args.database).await?;
            let expires_at = args
                .expires_in_days
                .map(|days| Utc::now() + Duration::days(i64::from(days)));
            let token = create_api_token(store.as_ref(), &args.email, expires_at)
                .await
                .map_err(|e| service_error(e).context(args.email.clone()))?;
            println!("{token}");
            Ok(())
        }
        Command::Generate(args) => generate::generate(args).await,
        Command::Bench(args) => bench::bench(args).await,
    }
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
