//! `guichet events failed` and `guichet events retry ID`.

use guichet_domain::ids::ParkedId;
use guichet_service::events::{parked, request_retry};

use crate::cli::EventsCommand;

/// Runs an `events` subcommand.
pub async fn events(command: EventsCommand) -> anyhow::Result<()> {
    match command {
        EventsCommand::Failed(database) => {
            let ctx = super::context(super::open(&database).await?);
            let all = parked(&ctx, &super::operator()).await.map_err(super::service_error)?;
            if all.is_empty() {
                eprintln!("no parked changes");
            }
            for entry in all {
                let retry = if entry.retry_requested {
                    " (retry requested)"
                } else {
                    ""
                };
                println!(
                    "{}\t{}\tchange {}\tevents {}-{} ({})\t{} attempts\tparked {}{retry}\t{}",
                    entry.id,
                    entry.consumer,
                    entry.change,
                    entry.first.0,
                    entry.last.0,
                    entry.kinds.join(", "),
                    entry.attempts,
                    entry.parked_at.to_rfc3339(),
                    entry.error
                );
            }
            Ok(())
        }
        EventsCommand::Retry(args) => {
            let ctx = super::context(super::open(&args.database).await?);
            let entry = request_retry(&ctx, &super::operator(), ParkedId(args.id))
                .await
                .map_err(super::service_error)?;
            eprintln!(
                "parked change {} of {} will be retried at the consumer's next pass",
                entry.id, entry.consumer
            );
            Ok(())
        }
    }
}
