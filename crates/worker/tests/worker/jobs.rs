//! Periodic jobs across nodes: once per slot, taken over from a dead node,
//! immune to clock skew, retried after a panic, stopped cleanly.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Duration as Span;

use guichet_service::Actor;
use guichet_service::jobs::jobs;
use guichet_store::testing::TestStore;
use guichet_worker::{JobRun, Worker, WorkerConfig, shutdown_pair};

use crate::helpers::*;

/// Two nodes on one database, each looking for due jobs every 10 ms: each
/// slot's run happens once, whoever gets it, and time passing (by the
/// clock both nodes share) brings the next slot.
async fn two_nodes_run_every_job_once_per_slot(db: TestStore) {
    let probe = Probe::named("probe");
    let (ctx_a, clock) = context_at(db.store.clone(), start());
    let ctx_b = guichet_service::Context::new(another_store(&db).await, clock.clone());
    let node = |ctx, name| Worker::new(ctx, name, fast()).with_job(Arc::new(probe.clone()));
    let (stop, shutdown) = shutdown_pair();
    let a = tokio::spawn(node(ctx_a.clone(), "node-a").run(shutdown.clone()));
    let b = tokio::spawn(node(ctx_b, "node-b").run(shutdown));
    eventually("the first run", || probe.finished() == 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(probe.started(), 1, "the first slot ran once");
    clock.advance(Span::minutes(59));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(probe.started(), 1, "the next slot is not due yet");
    clock.advance(Span::minutes(1));
    eventually("the second run", || probe.finished() == 2).await;
    clock.advance(Span::hours(3));
    eventually("the third run", || probe.finished() == 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(probe.started(), 3, "missed slots are not run one by one");
    stop.trigger();
    a.await.unwrap();
    b.await.unwrap();
    let state = &jobs(&ctx_a, &Actor::system("test")).await.unwrap()[0];
    assert_eq!((state.runs, state.lease_owner.as_deref()), (3, None));
    assert_eq!(state.due_at, start() + Span::hours(5), "on the grid of the first slot");
}

/// A node that dies in the middle of a job (its runtime dropped: no
/// release, no more renewals) leaves its lease; another node takes the job
/// over once the lease expires, not before.
async fn a_dead_nodes_job_is_taken_over_after_its_lease(db: TestStore) {
    let lease = Duration::from_millis(1_500);
    let config = WorkerConfig {
        job_lease: lease,
        ..fast()
    };
    let probe = Probe::named("probe");
    probe.hold.store(true, Ordering::SeqCst);
    let dying = probe.clone();
    let node_a = DoomedNode::start(&db, move |store| async move {
        let (ctx, _clock) = context_at(store, start());
        let (_stop, shutdown) = shutdown_pair();
        Worker::new(ctx, "node-a", config)
            .with_job(Arc::new(dying))
            .run(shutdown)
            .await;
    });
    eventually("node-a's run to start", || probe.started() == 1).await;
    node_a.kill();
    let died = std::time::Instant::now();

    probe.hold.store(false, Ordering::SeqCst);
    let (ctx_b, _clock) = context_at(db.store.clone(), start());
    let (stop, shutdown) = shutdown_pair();
    let b = tokio::spawn(
        Worker::new(ctx_b.clone(), "node-b", config)
            .with_job(Arc::new(probe.clone()))
            .run(shutdown),
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(probe.started(), 1, "the lease still holds");
    eventually("node-b's run", || probe.finished() == 1).await;
    assert!(
        died.elapsed() >= Duration::from_millis(500),
        "taken over only once the lease ran out"
    );
    stop.trigger();
    b.await.unwrap();
    let state = &jobs(&ctx_b, &Actor::system("test")).await.unwrap()[0];
    assert_eq!(state.runs, 1, "node-a's run never ended; node-b's did");
}

/// Node B's clock runs five minutes ahead. The lease node A holds is
/// measured by the database's clock, so B does not take it; the schedule
/// is by the nodes' clocks, so B runs the next slot when its clock gets there.
async fn nodes_whose_clocks_disagree_by_minutes_share_a_job(db: TestStore) {
    let probe = Probe::named("probe");
    probe.hold.store(true, Ordering::SeqCst);
    let (ctx_a, _clock_a) = context_at(db.store.clone(), start());
    let (ctx_b, clock_b) = context_at(another_store(&db).await, start() + Span::minutes(5));
    let (stop, shutdown) = shutdown_pair();
    let node = |ctx, name| Worker::new(ctx, name, fast()).with_job(Arc::new(probe.clone()));
    let a = tokio::spawn(node(ctx_a, "node-a").run(shutdown.clone()));
    eventually("node-a's run to start", || probe.started() == 1).await;
    let b = tokio::spawn(node(ctx_b.clone(), "node-b").run(shutdown));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(probe.started(), 1, "node-b leaves node-a's lease alone");
    probe.hold.store(false, Ordering::SeqCst);
    eventually("node-a's run to end", || probe.finished() == 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        probe.started(),
        1,
        "the next slot is an hour after the first, by node-b's clock too"
    );
    clock_b.advance(Span::minutes(56));
    eventually("node-b's run", || probe.finished() == 2).await;
    stop.trigger();
    a.await.unwrap();
    b.await.unwrap();
}

/// A job that panics is caught: the failure is recorded, the node goes on
/// running its other jobs, and the job is retried after its backoff.
async fn a_panicking_job_is_retried_and_the_node_goes_on(db: TestStore) {
    let flaky = Probe::named("flaky");
    flaky.panics.store(1, Ordering::SeqCst);
    let steady = Probe::named("steady");
    let (ctx, clock) = context_at(db.store.clone(), start());
    let worker = Worker::new(ctx.clone(), "node-a", fast())
        .with_job(Arc::new(flaky.clone()))
        .with_job(Arc::new(steady.clone()));
    let (stop, shutdown) = shutdown_pair();
    let node = tokio::spawn(worker.run(shutdown));
    eventually("both jobs to be tried", || {
        flaky.started() == 1 && steady.finished() == 1
    })
    .await;
    let system = Actor::system("test");
    // The job has started; its failure is recorded once its panic is
    // caught, a moment later.
    let mut recorded = None;
    for _ in 0..200 {
        let listed = jobs(&ctx, &system).await.unwrap();
        let state = listed.into_iter().find(|j| j.name == "flaky").unwrap();
        if state.failures > 0 {
            recorded = Some(state);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let flaky_state = recorded.expect("the failure is recorded");
    assert_eq!(flaky_state.failures, 1);
    assert!(
        flaky_state
            .last_error
            .as_deref()
            .unwrap()
            .contains("panicked: a planned panic"),
        "{flaky_state:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(flaky.started(), 1, "not retried before its backoff");
    clock.advance(Span::seconds(2));
    eventually("the retry", || flaky.finished() == 1).await;
    // The job has run; the node records its end just after.
    let mut healed = jobs(&ctx, &system).await.unwrap();
    for _ in 0..500 {
        if healed
            .iter()
            .any(|j| j.name == "flaky" && j.last_finished_at.is_some() && j.runs > 0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        healed = jobs(&ctx, &system).await.unwrap();
    }
    let flaky_state = healed.iter().find(|j| j.name == "flaky").unwrap();
    assert_eq!(
        (flaky_state.failures, flaky_state.runs, &flaky_state.last_error),
        (0, 1, &None)
    );
    stop.trigger();
    node.await.unwrap();
}

/// On shutdown a running job gets the grace period: one that ends within
/// it is recorded; one that does not is stopped and its lease released,
/// so another node can take it at once.
async fn a_shutdown_lets_jobs_finish_or_releases_them(db: TestStore) {
    let config = WorkerConfig {
        grace: Duration::from_millis(300),
        ..fast()
    };
    let stuck = Probe::named("stuck");
    stuck.hold.store(true, Ordering::SeqCst);
    let (ctx, _clock) = context_at(db.store.clone(), start());
    let (stop, shutdown) = shutdown_pair();
    let node = tokio::spawn(
        Worker::new(ctx.clone(), "node-a", config)
            .with_job(Arc::new(stuck.clone()))
            .run(shutdown),
    );
    eventually("the job to start", || stuck.started() == 1).await;
    stop.trigger();
    node.await.unwrap();
    assert_eq!(stuck.finished(), 0, "stopped before its end");
    let state = &jobs(&ctx, &Actor::system("test")).await.unwrap()[0];
    assert_eq!(
        (state.lease_owner.as_deref(), state.runs),
        (None, 0),
        "released, not recorded"
    );
    stuck.hold.store(false, Ordering::SeqCst);
    let taken = Worker::new(ctx.clone(), "node-b", config)
        .with_job(Arc::new(stuck.clone()))
        .run_once()
        .await;
    assert_eq!(
        taken.jobs[0].run,
        JobRun::Done("probed".into()),
        "node-b takes it at once"
    );

    let quick = Probe::named("quick");
    quick.hold.store(true, Ordering::SeqCst);
    let (stop, shutdown) = shutdown_pair();
    let node = tokio::spawn(
        Worker::new(ctx.clone(), "node-a", fast())
            .with_job(Arc::new(quick.clone()))
            .run(shutdown),
    );
    eventually("the quick job to start", || quick.started() == 1).await;
    stop.trigger();
    tokio::time::sleep(Duration::from_millis(100)).await;
    quick.hold.store(false, Ordering::SeqCst);
    node.await.unwrap();
    let state = jobs(&ctx, &Actor::system("test")).await.unwrap();
    let quick_state = state.iter().find(|j| j.name == "quick").unwrap();
    assert_eq!(
        (quick_state.runs, quick_state.lease_owner.as_deref()),
        (1, None),
        "finished and recorded"
    );
}

/// A running job whose lease is taken from it (here by hand, as another
/// node would after the lease lapsed in a stall) is stopped at once, and
/// its end is not recorded.
async fn a_job_that_loses_its_lease_is_stopped(db: TestStore) {
    let config = WorkerConfig {
        job_lease: Duration::from_millis(600),
        ..fast()
    };
    let probe = Probe::named("probe");
    probe.hold.store(true, Ordering::SeqCst);
    let (ctx, _clock) = context_at(db.store.clone(), start());
    let (stop, shutdown) = shutdown_pair();
    let node = tokio::spawn(
        Worker::new(ctx.clone(), "node-a", config)
            .with_job(Arc::new(probe.clone()))
            .run(shutdown),
    );
    eventually("the job to start", || probe.started() == 1).await;
    steal_lease(&db, "probe", "thief").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    probe.hold.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        (probe.started(), probe.finished()),
        (1, 0),
        "stopped when its lease went"
    );
    stop.trigger();
    node.await.unwrap();
    let state = &jobs(&ctx, &Actor::system("test")).await.unwrap()[0];
    assert_eq!((state.runs, state.lease_owner.as_deref()), (0, Some("thief")));
}

/// A failed run is retried soon, but the slots after it stay on the grid
/// of the first one.
async fn a_retried_job_keeps_its_grid(db: TestStore) {
    let flaky = Probe::named("flaky");
    flaky.panics.store(1, Ordering::SeqCst);
    let (ctx, clock) = context_at(db.store.clone(), start());
    let worker = Worker::new(ctx.clone(), "node-a", fast()).with_job(Arc::new(flaky.clone()));
    let (stop, shutdown) = shutdown_pair();
    let node = tokio::spawn(worker.run(shutdown));
    eventually("the first, failed run", || flaky.started() == 1).await;
    clock.advance(Span::minutes(7));
    eventually("the retry", || flaky.finished() == 1).await;
    stop.trigger();
    node.await.unwrap();
    let state = &jobs(&ctx, &Actor::system("test")).await.unwrap()[0];
    assert_eq!(
        state.due_at,
        start() + Span::hours(1),
        "the next slot is an hour after the first"
    );
}

guichet_store::backend_tests! {
    two_nodes_run_every_job_once_per_slot,
    a_job_that_loses_its_lease_is_stopped,
    a_retried_job_keeps_its_grid,
    a_dead_nodes_job_is_taken_over_after_its_lease,
    nodes_whose_clocks_disagree_by_minutes_share_a_job,
    a_panicking_job_is_retried_and_the_node_goes_on,
    a_shutdown_lets_jobs_finish_or_releases_them,
}
