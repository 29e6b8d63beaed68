//! `guichet import mbox|maildir PATH… [--list NAME]`: mailing-list
//! archives as historical closed tickets, with a progress bar, and a
//! report of what was imported and what was left out.

use std::time::Instant;

use anyhow::anyhow;
use indicatif::{ProgressBar, ProgressStyle};

use guichet_mail::archive::maildir::read_maildir;
use guichet_mail::archive::mbox::read_mbox;
use guichet_mail::archive::{Archive, Problem};
use guichet_service::Context;
use guichet_service::import::{ImportOptions, ImportReport, import as import_mails};

use crate::cli::ImportCommand;

/// Runs `guichet import`.
pub async fn import(command: ImportCommand) -> anyhow::Result<()> {
    let (args, maildir) = match command {
        ImportCommand::Mbox(args) => (args, false),
        ImportCommand::Maildir(args) => (args, true),
    };
    let mut archive = Archive::default();
    for path in &args.paths {
        let read = match maildir {
            true => read_maildir(path),
            false => read_mbox(path),
        };
        archive.extend(read?);
    }
    let ctx = super::context(super::open(&args.database).await?);
    super::ensure_first_level(&ctx, &args.first_level).await?;
    let options = ImportOptions {
        list: args.list.clone(),
        tag_prefix: args.mail_tag.clone(),
        ..ImportOptions::default()
    };
    let started = Instant::now();
    let problems = archive.problems.clone();
    let report = run(&ctx, archive, options, !args.quiet).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!("{}", summary(&report, &problems, args.paths.len(), seconds));
    Ok(())
}

/// Imports `archive` into `ctx`'s database, with a progress bar when
/// `progress`.
pub async fn run(
    ctx: &Context,
    archive: Archive,
    options: ImportOptions,
    progress: bool,
) -> anyhow::Result<ImportReport> {
    let bar = match progress {
        true => ProgressBar::new(archive.mails.len() as u64),
        false => ProgressBar::hidden(),
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} messages {per_sec} eta {eta}")
            .map_err(|e| anyhow!("{e}"))?,
    );
    let report = import_mails(ctx, archive.mails, options, &|n| bar.inc(n))
        .await
        .map_err(super::service_error)?;
    bar.finish_and_clear();
    Ok(report)
}

/// What the import did, in a few lines.
fn summary(report: &ImportReport, problems: &[Problem], archives: usize, seconds: f64) -> String {
    let mut lines = vec![format!(
        "read {} messages from {archives} archive(s); {} left out as unreadable",
        report.messages,
        problems.len()
    )];
    for problem in problems {
        lines.push(format!(
            "  left out: {} ({} bytes): {}",
            problem.place, problem.bytes, problem.reason
        ));
    }
    lines.push(format!(
        "threaded into {} conversations ({} copies of a message left out)",
        report.conversations, report.duplicates
    ));
    lines.push(format!(
        "imported {} messages into {} new tickets; {} imported before; {} unusable",
        report.imported,
        report.tickets,
        report.already_imported,
        report.unusable.len()
    ));
    for reason in &report.unusable {
        lines.push(format!("  unusable: {reason}"));
    }
    lines.push(format!(
        "in {seconds:.1} s ({:.0} messages/s)",
        report.messages as f64 / seconds.max(1e-9)
    ));
    lines.join("\n")
}
