//! `guichet calendar …`: the working-hours calendars of the deployment and
//! of units, their holidays, and a unit's override removed.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use anyhow::{Context as _, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};

use guichet_domain::calendar::{CalendarSpec, format_hours, parse_hours};
use guichet_domain::ids::UnitId;
use guichet_service::Context;
use guichet_service::admin::units::list_units;
use guichet_service::calendar::{
    HolidayFormat, HolidayImport, StoredCalendar, add_french_holidays, import_holidays, remove_override, set_hours,
    stored_calendars,
};

use super::{operator, service_error};
use crate::cli::DatabaseArgs;

/// `guichet calendar …`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Print the deployment's calendar and the units that have their own,
    /// or, with --unit, the calendar a unit counts in.
    Show(ShowArgs),
    /// Set the time zone and working hours of the deployment's calendar,
    /// or of a unit's own (made from the deployment's holidays if it had
    /// none); the holidays stay.
    Set(SetArgs),
    /// Add the holidays of a file to a calendar, or replace its holidays
    /// with them: an iCalendar file (.ics) or a text file with one
    /// `YYYY-MM-DD name` (or `YYYY-MM-DD..YYYY-MM-DD name`) a line and `#`
    /// comments. A malformed line or a date listed twice is refused with
    /// the line at fault, and nothing changes.
    ImportHolidays(ImportArgs),
    /// Add the French public holidays of some years (Easter Monday,
    /// Ascension and Whit Monday included) to a calendar.
    FrenchHolidays(FrenchArgs),
    /// Remove a unit's own calendar: it counts in the deployment's again.
    Reset(ResetArgs),
}

/// Which calendar: the deployment's, or a unit's.
#[derive(Debug, Clone, Args)]
pub struct Scope {
    /// The unit's name; without it, the deployment's calendar.
    #[arg(long)]
    pub unit: Option<String>,
}

/// `guichet calendar show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Which calendar.
    #[command(flatten)]
    pub scope: Scope,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet calendar set`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Which calendar.
    #[command(flatten)]
    pub scope: Scope,
    /// The IANA time zone of the hours and holidays, e.g. Europe/Paris.
    #[arg(long)]
    pub zone: String,
    /// The working hours: groups of days and intervals separated by `;`,
    /// e.g. "mon-fri 09:00-12:00,13:00-17:00; sat 09:00-12:00" (an end of
    /// 24:00 is midnight).
    #[arg(long)]
    pub hours: String,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// How a holiday file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// iCalendar (RFC 5545).
    Ical,
    /// One `YYYY-MM-DD name` a line.
    Text,
}

/// `guichet calendar import-holidays`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which calendar.
    #[command(flatten)]
    pub scope: Scope,
    /// Replace the calendar's holidays instead of adding to them.
    #[arg(long)]
    pub replace: bool,
    /// The file's format; by default iCalendar if it starts with
    /// BEGIN:VCALENDAR, text otherwise.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// The holiday file.
    pub file: PathBuf,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet calendar french-holidays`
#[derive(Debug, Args)]
pub struct FrenchArgs {
    /// Which calendar.
    #[command(flatten)]
    pub scope: Scope,
    /// The years, as 2026 or 2026-2028.
    #[arg(long, value_parser = parse_years)]
    pub years: RangeInclusive<i32>,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet calendar reset`
#[derive(Debug, Args)]
pub struct ResetArgs {
    /// The unit's name.
    #[arg(long)]
    pub unit: String,
    /// Database location.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `calendar` subcommand.
pub async fn calendar(command: CalendarCommand) -> anyhow::Result<()> {
    match command {
        CalendarCommand::Show(args) => {
            let ctx = open(&args.database).await?;
            show(&ctx, &args.scope).await
        }
        CalendarCommand::Set(args) => {
            let ctx = open(&args.database).await?;
            let unit = unit_id(&ctx, &args.scope).await?;
            let week = parse_hours(&args.hours).map_err(|e| anyhow!("--hours: {}", e.message))?;
            let set = set_hours(&ctx, &operator(), unit, &args.zone, week)
                .await
                .map_err(service_error)?;
            done(&args.scope, "set", &set);
            Ok(())
        }
        CalendarCommand::ImportHolidays(args) => import(args).await,
        CalendarCommand::FrenchHolidays(args) => {
            let ctx = open(&args.database).await?;
            let unit = unit_id(&ctx, &args.scope).await?;
            let set = add_french_holidays(&ctx, &operator(), unit, args.years)
                .await
                .map_err(service_error)?;
            done(&args.scope, "given the French holidays", &set);
            Ok(())
        }
        CalendarCommand::Reset(args) => {
            let ctx = open(&args.database).await?;
            let scope = Scope { unit: Some(args.unit) };
            let unit = unit_id(&ctx, &scope).await?.context("a unit is needed")?;
            let removed = remove_override(&ctx, &operator(), unit).await.map_err(service_error)?;
            let name = scope.unit.unwrap_or_default();
            if removed {
                eprintln!("unit {name:?} counts in the deployment's calendar again");
            } else {
                eprintln!("unit {name:?} had no calendar of its own");
            }
            Ok(())
        }
    }
}

async fn open(database: &DatabaseArgs) -> anyhow::Result<Context> {
    Ok(super::context(super::open(database).await?))
}

async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let format = match args.format {
        Some(FormatArg::Ical) => HolidayFormat::Ical,
        Some(FormatArg::Text) => HolidayFormat::Text,
        None => HolidayFormat::detect(&text),
    };
    let import = if args.replace {
        HolidayImport::Replace
    } else {
        HolidayImport::Add
    };
    let ctx = open(&args.database).await?;
    let unit = unit_id(&ctx, &args.scope).await?;
    let set = import_holidays(&ctx, &operator(), unit, &text, format, import)
        .await
        .map_err(|e| service_error(e).context(format!("{} refused", args.file.display())))?;
    done(&args.scope, "given the holidays of the file", &set);
    Ok(())
}

/// The id of the scope's unit, found by name.
async fn unit_id(ctx: &Context, scope: &Scope) -> anyhow::Result<Option<UnitId>> {
    let Some(name) = &scope.unit else {
        return Ok(None);
    };
    let units = list_units(ctx).await.map_err(service_error)?;
    match units.iter().find(|u| u.name == *name) {
        Some(unit) => Ok(Some(unit.id)),
        None => bail!("--unit: no unit is named {name:?}"),
    }
}

fn done(scope: &Scope, what: &str, set: &StoredCalendar) {
    let whose = match &scope.unit {
        Some(name) => format!("the calendar of unit {name:?}"),
        None => "the deployment's calendar".into(),
    };
    eprintln!("{whose} was {what}: {} holidays", set.spec.holidays().len());
}

async fn show(ctx: &Context, scope: &Scope) -> anyhow::Result<()> {
    let stored = stored_calendars(ctx, &operator()).await.map_err(service_error)?;
    let deployment = stored.iter().find(|c| c.unit.is_none());
    let unit = unit_id(ctx, scope).await?;
    let own = unit.and_then(|unit| stored.iter().find(|c| c.unit == Some(unit)));
    match (&scope.unit, own, deployment) {
        (Some(name), Some(own), _) => println!("unit {name:?}: its own calendar, set {}", own.updated_at.to_rfc3339()),
        (Some(name), None, _) => println!("unit {name:?}: the deployment's calendar"),
        (None, _, Some(deployment)) => println!("deployment: set {}", deployment.updated_at.to_rfc3339()),
        (None, _, None) => println!("deployment: the built-in colours calendar"),
    }
    let colours = CalendarSpec::colours();
    let spec = own.or(deployment).map_or(&colours, |c| &c.spec);
    print_spec(spec);
    if scope.unit.is_none() {
        let units = list_units(ctx).await.map_err(service_error)?;
        for calendar in stored.iter().filter(|c| c.unit.is_some()) {
            let name = units
                .iter()
                .find(|u| Some(u.id) == calendar.unit)
                .map_or_else(String::new, |u| u.name.clone());
            println!(
                "unit {name:?} has its own: {}, {}",
                calendar.spec.zone().name(),
                format_hours(&calendar.spec.week())
            );
        }
    }
    Ok(())
}

fn print_spec(spec: &CalendarSpec) {
    println!("zone: {}", spec.zone().name());
    println!("hours: {}", format_hours(&spec.week()));
    println!("holidays: {}", spec.holidays().len());
    for holiday in spec.holidays() {
        println!("  {}  {}", holiday.date, holiday.name);
    }
}

/// `2026` or `2026-2028`.
fn parse_years(text: &str) -> Result<RangeInclusive<i32>, String> {
    let year = |part: &str| {
        part.trim()
            .parse::<i32>()
            .map_err(|_| format!("{text:?}: expected a year such as 2026, or years such as 2026-2028"))
    };
    let (first, last) = match text.split_once('-') {
        Some((first, last)) => (year(first)?, year(last)?),
        None => (year(text)?, year(text)?),
    };
    if last < first {
        return Err(format!("{text:?}: the last year comes before the first"));
    }
    Ok(first..=last)
}

#[cfg(test)]
mod tests {
    use super::parse_years;

    #[test]
    fn years_are_one_or_a_range() {
        assert_eq!(parse_years("2026"), Ok(2026..=2026));
        assert_eq!(parse_years("2026-2028"), Ok(2026..=2028));
        assert!(parse_years("2028-2026").is_err());
        assert!(parse_years("next").is_err());
    }
}
