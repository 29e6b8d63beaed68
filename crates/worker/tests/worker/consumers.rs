//! Event consumers across nodes: every event once, whoever runs it, and a
//! consumer that always fails parked without holding the others back.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Duration as Span;

use guichet_service::Actor;
use guichet_service::events::{parked, request_retry};
use guichet_store::testing::TestStore;
use guichet_worker::{Worker, WorkerConfig, shutdown_pair};

use crate::helpers::*;

/// Two nodes run the same consumer while writers on both commit changes of
/// one to three events; one node stops half-way and the other takes over.
/// Every change is handled exactly once, whole.
async fn two_nodes_deliver_every_event_once(db: TestStore) {
    let recorder = Recorder::named("recorder");
    let stores = [db.store.clone(), another_store(&db).await];
    let (ctx_a, _) = context_at(stores[0].clone(), start());
    let (ctx_b, _) = context_at(stores[1].clone(), start());
    let (stop_a, shutdown_a) = shutdown_pair();
    let (stop_b, shutdown_b) = shutdown_pair();
    let node = |ctx, name| Worker::new(ctx, name, fast()).with_consumer(Arc::new(recorder.clone()));
    let a = tokio::spawn(node(ctx_a, "node-a").run(shutdown_a));
    let b = tokio::spawn(node(ctx_b, "node-b").run(shutdown_b));
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..8 {
        let store = stores[i % 2].clone();
        writers.spawn(async move {
            let mut sizes = Vec::new();
            for n in 0..25 {
                let change = events_change(1 + n % 3);
                sizes.push((change.id.0, change.events.len()));
                store.commit(change).await.unwrap();
                if n == 12 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            sizes
        });
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop_a.trigger();
    a.await.unwrap();
    let mut written: Vec<(i64, usize)> = writers.join_all().await.into_iter().flatten().collect();
    let total: usize = written.iter().map(|(_, n)| n).sum();
    eventually("every event to be handled", || recorder.seen().len() == total).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop_b.trigger();
    b.await.unwrap();
    let seen = recorder.seen();
    assert_eq!(seen.len(), total);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "handled more than once: {twice:?}");
    let mut handled = recorder.changes.lock().unwrap().clone();
    handled.sort_unstable();
    written.sort_unstable();
    assert_eq!(handled, written, "each change once, with all its events");
}

/// A consumer whose handler always fails: each change is retried with
/// backoff, then parked after three attempts, and the consumer goes on to
/// the next; another consumer handles everything meanwhile. Once fixed, an
/// operator's retry delivers a parked change.
async fn a_failing_consumer_parks_its_changes_and_others_go_on(db: TestStore) {
    let broken = Recorder::named("broken");
    broken.failing.store(true, Ordering::SeqCst);
    let healthy = Recorder::named("healthy");
    for _ in 0..2 {
        db.store.commit(events_change(2)).await.unwrap();
    }
    let (ctx, clock) = context_at(db.store.clone(), start());
    let config = WorkerConfig {
        pump: three_attempts(),
        ..fast()
    };
    let worker = Worker::new(ctx.clone(), "node-a", config)
        .with_consumer(Arc::new(broken.clone()))
        .with_consumer(Arc::new(healthy.clone()));
    let first = worker.run_once().await;
    assert_eq!(first.consumers[1].events, 4, "the healthy consumer is not held back");
    assert_eq!(first.consumers[0].problem.as_deref(), Some("the mail server refuses"));
    let again = worker.run_once().await;
    assert_eq!(
        broken.attempts.load(Ordering::SeqCst),
        1,
        "not retried before its backoff"
    );
    assert_eq!(again.consumers[0].changes, 0);
    for _ in 0..4 {
        clock.advance(Span::seconds(1));
        worker.run_once().await;
    }
    let system = Actor::system("test");
    let set_aside = parked(&ctx, &system).await.unwrap();
    assert_eq!(set_aside.len(), 2, "both changes parked: {set_aside:?}");
    assert_eq!(broken.attempts.load(Ordering::SeqCst), 6, "three attempts each");
    assert!(
        set_aside
            .iter()
            .all(|p| p.attempts == 3 && p.error == "the mail server refuses")
    );
    assert_eq!(set_aside[0].kinds, ["sessions.purged", "sessions.purged"]);

    db.store.commit(events_change(1)).await.unwrap();
    broken.failing.store(false, Ordering::SeqCst);
    request_retry(&ctx, &system, set_aside[0].id).await.unwrap();
    let healed = worker.run_once().await;
    assert_eq!(healed.consumers[0].events, 1, "goes on past the parked changes");
    assert_eq!(
        broken.seen().len(),
        1 + 2,
        "the new event, and the retried change's two"
    );
    let left = parked(&ctx, &system).await.unwrap();
    assert_eq!(left.iter().map(|p| p.id).collect::<Vec<_>>(), [set_aside[1].id]);
    assert_eq!(healthy.seen().len(), 5);
}

/// A handler that panics is a failure like another: retried, not fatal.
async fn a_panicking_handler_is_retried(db: TestStore) {
    struct Panicky(std::sync::atomic::AtomicUsize);
    #[async_trait::async_trait]
    impl guichet_service::events::EventConsumer for Panicky {
        fn name(&self) -> &str {
            "panicky"
        }
        async fn handle(
            &self,
            _ctx: &guichet_service::Context,
            _change: &guichet_service::events::ChangeEvents,
        ) -> Result<(), String> {
            let calls = self.0.fetch_add(1, Ordering::SeqCst);
            assert!(calls > 0, "the first call panics");
            Ok(())
        }
    }
    db.store.commit(events_change(1)).await.unwrap();
    let (ctx, clock) = context_at(db.store.clone(), start());
    let worker = Worker::new(ctx, "node-a", fast()).with_consumer(Arc::new(Panicky(0.into())));
    let first = worker.run_once().await;
    assert!(
        first.consumers[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("panicked: the first call panics"),
        "{first:?}"
    );
    clock.advance(Span::seconds(1));
    let second = worker.run_once().await;
    assert_eq!((second.consumers[0].events, &second.consumers[0].problem), (1, &None));
}

/// A node that dies while it holds a consumer's lease: another node takes
/// the consumer over once the lease expires, and goes on from the dead
/// node's cursor, so every event is handled once.
async fn a_dead_nodes_consumer_is_taken_over_after_its_lease(db: TestStore) {
    let config = WorkerConfig {
        pump: guichet_service::events::PumpPolicy {
            lease: Duration::from_millis(1_500),
            ..guichet_service::events::PumpPolicy::default()
        },
        ..fast()
    };
    let recorder = Recorder::named("recorder");
    for _ in 0..3 {
        db.store.commit(events_change(2)).await.unwrap();
    }
    let dying = recorder.clone();
    let node_a = DoomedNode::start(&db, move |store| async move {
        let (ctx, _clock) = context_at(store, start());
        let (_stop, shutdown) = shutdown_pair();
        Worker::new(ctx, "node-a", config)
            .with_consumer(Arc::new(dying))
            .run(shutdown)
            .await;
    });
    eventually("node-a to handle the first events", || recorder.seen().len() == 6).await;
    node_a.kill();
    let before_the_kill = recorder.seen();
    let died = std::time::Instant::now();
    for _ in 0..2 {
        db.store.commit(events_change(2)).await.unwrap();
    }
    let (ctx, _clock) = context_at(db.store.clone(), start());
    let (stop, shutdown) = shutdown_pair();
    let node_b = tokio::spawn(
        Worker::new(ctx, "node-b", config)
            .with_consumer(Arc::new(recorder.clone()))
            .run(shutdown),
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(recorder.seen().len(), 6, "node-a's lease still holds");
    eventually("node-b to take over", || recorder.seen().len() == 10).await;
    assert!(
        died.elapsed() >= Duration::from_millis(500),
        "only once the lease ran out"
    );
    stop.trigger();
    node_b.await.unwrap();
    // Delivery is at least once: node-a may die after handling events and
    // before recording its cursor, and node-b then delivers them again.
    // Events committed after the kill are delivered exactly once.
    for (event, times) in recorder.seen() {
        if before_the_kill.contains_key(&event) {
            assert!(times <= 2, "event {event} delivered {times} times");
        } else {
            assert_eq!(times, 1, "event {event} after the kill: {:?}", recorder.seen());
        }
    }
}

/// A node whose handler takes longer than the lease loses the consumer to
/// another node, which handles the change too; the first node's pump then
/// reports the lease lost instead of moving the cursor.
async fn a_consumer_slower_than_its_lease_loses_it(db: TestStore) {
    struct Slow;
    #[async_trait::async_trait]
    impl guichet_service::events::EventConsumer for Slow {
        fn name(&self) -> &str {
            "recorder"
        }
        async fn handle(
            &self,
            _ctx: &guichet_service::Context,
            _change: &guichet_service::events::ChangeEvents,
        ) -> Result<(), String> {
            tokio::time::sleep(Duration::from_millis(800)).await;
            Ok(())
        }
    }
    let policy = guichet_service::events::PumpPolicy {
        lease: Duration::from_millis(300),
        ..guichet_service::events::PumpPolicy::default()
    };
    db.store.commit(events_change(1)).await.unwrap();
    let (ctx_a, _) = context_at(db.store.clone(), start());
    let (ctx_b, _) = context_at(another_store(&db).await, start());
    let slow = tokio::spawn(async move { guichet_service::events::pump(&ctx_a, &Slow, "node-a", &policy).await });
    tokio::time::sleep(Duration::from_millis(450)).await;
    let recorder = Recorder::named("recorder");
    let taken = guichet_service::events::pump(&ctx_b, &recorder, "node-b", &policy)
        .await
        .unwrap();
    assert_eq!(taken.events, 1, "node-b took the expired lease and handled the change");
    let lost = slow.await.unwrap().unwrap();
    assert_eq!(lost.outcome, guichet_service::events::PumpOutcome::LeaseLost);
}

guichet_store::backend_tests! {
    two_nodes_deliver_every_event_once,
    a_consumer_slower_than_its_lease_loses_it,
    a_dead_nodes_consumer_is_taken_over_after_its_lease,
    a_failing_consumer_parks_its_changes_and_others_go_on,
    a_panicking_handler_is_retried,
}
