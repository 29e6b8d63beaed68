//! Ticket use cases: one file per action.

mod cascade;
pub mod close;
pub mod confirm;
pub mod create;
pub mod escalate;
pub mod queues;
pub mod read;
pub mod relations;
pub mod route;
pub mod update;
pub mod write_article;

use std::future::Future;

use guichet_store::{Committed, StoreError};

use crate::change::Change;
use crate::{Context, ServiceError, ServiceResult};

/// How often a use case re-reads and re-applies after a concurrent change.
const ATTEMPTS: usize = 3;

/// Runs `attempt` until it does not lose to a concurrent change of the
/// same ticket, at most [`ATTEMPTS`] times: each attempt reads afresh,
/// applies the rules and commits.
pub(crate) async fn with_retries<T, Fut>(mut attempt: impl FnMut() -> Fut) -> ServiceResult<T>
where
    Fut: Future<Output = ServiceResult<T>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Err(ServiceError::Store(StoreError::Stale(message))) if tries >= ATTEMPTS => {
                return Err(ServiceError::Conflict(message));
            }
            Err(ServiceError::Store(StoreError::Stale(_))) => continue,
            other => return other,
        }
    }
}

/// Commits a change, keeping a stale-version error as it is so that
/// [`with_retries`] tries again.
pub(crate) async fn commit(ctx: &Context, change: Change) -> ServiceResult<Committed> {
    ctx.store()
        .commit(change.into_set())
        .await
        .map_err(|error| match error {
            StoreError::Stale(_) => ServiceError::Store(error),
            other => other.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stale_attempts_are_retried_then_refused_as_a_conflict() {
        let mut calls = 0;
        let outcome: ServiceResult<()> = with_retries(|| {
            calls += 1;
            async { Err(ServiceError::Store(StoreError::Stale("changed meanwhile".into()))) }
        })
        .await;
        assert_eq!(calls, ATTEMPTS);
        assert!(matches!(outcome, Err(ServiceError::Conflict(m)) if m == "changed meanwhile"));

        let mut calls = 0;
        let outcome = with_retries(|| {
            calls += 1;
            let result = if calls < 2 {
                Err(ServiceError::Store(StoreError::Stale("once".into())))
            } else {
                Ok(calls)
            };
            async move { result }
        })
        .await;
        assert_eq!(outcome.unwrap(), 2, "the second attempt went through");

        let mut calls = 0;
        let refused: ServiceResult<()> = with_retries(|| {
            calls += 1;
            async { Err(ServiceError::Forbidden("no".into())) }
        })
        .await;
        assert_eq!(calls, 1, "other errors are not retried");
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))));
    }
}
