//! `guichet rota …`: generate a year of the first-level support rota, and
//! print it as CSV or JSON.

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use guichet_service::rota::{GenerateBody, Generated, generate_year, year_csv, year_rows};

use super::{operator, service_error};
use crate::cli::DatabaseArgs;

/// `guichet rota …`
#[derive(Debug, Subcommand)]
pub enum RotaCommand {
    /// Generate the rota of a year, as the system: fair, and the same
    /// again from the same seed, sites and kept shifts. The weeks begun,
    /// and the shifts swaps and overrides set, are kept. Prints the seed;
    /// a year that cannot be fair is refused with the rule at fault, and
    /// nothing changes.
    Generate(GenerateArgs),
    /// Print the rota of a generated year: a line a week, sites by name.
    Show(ShowArgs),
}

/// `guichet rota generate`
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The year: its weeks are those whose handover day falls in it.
    #[arg(long)]
    pub year: i32,
    /// The seed of the draw; a random one if absent (printed, to draw the
    /// same rota again).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// How `rota show` prints the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// `week_start,primary,backup`, then a line a week.
    #[default]
    Csv,
    /// A JSON array of `{week_start, primary, backup}`.
    Json,
}

/// `guichet rota show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The year.
    #[arg(long)]
    pub year: i32,
    /// The output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ShowFormat,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `rota` subcommand.
pub async fn rota(command: RotaCommand) -> anyhow::Result<()> {
    match command {
        RotaCommand::Generate(args) => {
            let ctx = super::context(super::open(&args.database).await?);
            let body = GenerateBody {
                year: args.year,
                seed: args.seed,
            };
            let generated = generate_year(&ctx, &operator(), body)
                .await
                .map_err(|e| service_error(e).context(format!("the rota of {} was not generated", args.year)))?;
            println!("{}", summary(&generated));
            Ok(())
        }
        RotaCommand::Show(args) => {
            print!("{}", shown(&args).await?);
            Ok(())
        }
    }
}

/// The table of `args.year`, as `args.format` asks.
async fn shown(args: &ShowArgs) -> anyhow::Result<String> {
    let ctx = super::context(super::open(&args.database).await?);
    let not_shown = || format!("the rota of {} cannot be shown", args.year);
    match args.format {
        ShowFormat::Csv => year_csv(&ctx, &operator(), args.year)
            .await
            .map_err(|e| service_error(e).context(not_shown())),
        ShowFormat::Json => {
            let rows = year_rows(&ctx, &operator(), args.year)
                .await
                .map_err(|e| service_error(e).context(not_shown()))?;
            Ok(serde_json::to_string_pretty(&rows).context("the rows as JSON")? + "\n")
        }
    }
}

/// What a generation did, in one line.
fn summary(generated: &Generated) -> String {
    format!(
        "generated the rota of {}: seed {}, {} weeks, {} drawn, {} kept",
        generated.year,
        generated.seed,
        generated.rows.len(),
        generated.changed,
        generated.kept
    )
}
