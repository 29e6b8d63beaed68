//! The handover digest job: due at each handover of the rota, run by one
//! of two nodes, one digest per handover however often it runs; nothing
//! without a rota.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use guichet_domain::event::{EventKind, handover_of};
use guichet_domain::role::Role;
use guichet_service::admin::sites::{SiteBody, create_site};
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::jobs::jobs;
use guichet_service::rota::{ContactBody, GenerateBody, generate_year, set_shift_contacts};
use guichet_service::{Actor, Context, actor_of};
use guichet_store::testing::TestStore;
use guichet_store::{EventPosition, Store};
use guichet_worker::jobs::HandoverDigest;
use guichet_worker::{JobRun, Worker, shutdown_pair};

use crate::helpers::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Four sites, each with one shift contact, and the rota of 2027.
async fn rota(ctx: &Context) {
    let admin = Actor::system("test");
    for i in 0..4 {
        let body = SiteBody {
            name: format!("SITE-{i}"),
            ngi: None,
        };
        let site = create_site(ctx, &admin, body).await.unwrap();
        let input = UserInput {
            email: format!("contact{i}@example.org"),
            name: format!("contact{i}"),
            role: Role::Supporter.as_str().into(),
            password: None,
            dn: None,
        };
        let user = add_user(ctx, &admin, input).await.unwrap();
        let unit = get_unit(ctx, site.unit).await.unwrap();
        let body = UnitBody {
            name: unit.name.clone(),
            kind: unit.kind.as_str().into(),
            qos_level: Some(unit.qos_level.as_str().into()),
            email: unit.email.clone(),
            members: vec![user.id],
        };
        update_unit(ctx, &admin, site.unit, body).await.unwrap();
        let contact = ContactBody {
            user: user.id,
            away_until: None,
        };
        set_shift_contacts(ctx, &admin, site.id, vec![contact]).await.unwrap();
    }
    let input = UserInput {
        email: "coco@example.org".into(),
        name: "coco".into(),
        role: Role::Coordinator.as_str().into(),
        password: None,
        dn: None,
    };
    let coordinator = actor_of(&add_user(ctx, &admin, input).await.unwrap());
    let body = GenerateBody {
        year: 2027,
        seed: Some(3),
    };
    generate_year(ctx, &coordinator, body).await.unwrap();
}

/// The weeks whose digest the log holds, in order.
async fn digests(store: &dyn Store) -> Vec<String> {
    let events = store.events_after(EventPosition::default(), 1_000).await.unwrap();
    events
        .iter()
        .filter(|e| e.kind == EventKind::RotaHandover)
        .filter_map(|e| handover_of(e.kind, &e.payload))
        .map(|d| d.incoming_week.to_string())
        .collect()
}

/// Waits up to five seconds for the digest job's `runs` completed runs.
async fn runs(ctx: &Context, runs: i64) {
    for _ in 0..500 {
        let states = jobs(ctx, &Actor::system("test")).await.unwrap();
        if states
            .iter()
            .any(|s| s.name == "rota-handover-digest" && s.runs >= runs)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {runs} runs of the digest job");
}

/// Two nodes run the job: one digest at the handover of 11 January, the
/// job then due at the next handover, one more digest there; forced runs
/// on both nodes add nothing.
async fn two_nodes_send_one_digest_per_handover(db: TestStore) {
    let (ctx_a, clock) = context_at(db.store.clone(), at("2027-01-05T10:00:00Z"));
    rota(&ctx_a).await;
    clock.set(at("2027-01-11T09:00:30Z"));
    let ctx_b = Context::new(another_store(&db).await, clock.clone());
    let node = |ctx, name| Worker::new(ctx, name, fast()).with_job(Arc::new(HandoverDigest));
    let (stop, shutdown) = shutdown_pair();
    let a = tokio::spawn(node(ctx_a.clone(), "node-a").run(shutdown.clone()));
    let b = tokio::spawn(node(ctx_b.clone(), "node-b").run(shutdown));
    runs(&ctx_a, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(digests(db.store.as_ref()).await, ["2027-01-11"]);
    let state = jobs(&ctx_a, &Actor::system("test")).await.unwrap();
    let digest = state.iter().find(|s| s.name == "rota-handover-digest").unwrap();
    assert_eq!(digest.due_at, at("2027-01-18T09:00:00Z"), "due at the next handover");
    assert_eq!(digest.runs, 1);
    clock.set(at("2027-01-18T09:00:10Z"));
    runs(&ctx_a, 2).await;
    stop.trigger();
    a.await.unwrap();
    b.await.unwrap();
    for ctx in [ctx_a, ctx_b] {
        let pass = node(ctx, "node-c").run_once().await;
        assert!(
            matches!(&pass.jobs[0].run, JobRun::Done(s) if s.contains("already sent")),
            "{pass:?}"
        );
    }
    assert_eq!(digests(db.store.as_ref()).await, ["2027-01-11", "2027-01-18"]);
}

/// Without a rota the job runs, quietly: no digest.
async fn without_a_rota_no_digest_is_sent(db: TestStore) {
    let (ctx, _clock) = context_at(db.store.clone(), at("2027-01-11T09:00:30Z"));
    let pass = Worker::new(ctx, "node-a", fast())
        .with_job(Arc::new(HandoverDigest))
        .run_once()
        .await;
    assert_eq!(pass.jobs[0].run, JobRun::Done("no rota: no digest".into()));
    assert!(digests(db.store.as_ref()).await.is_empty());
}

guichet_store::backend_tests! {
    two_nodes_send_one_digest_per_handover,
    without_a_rota_no_digest_is_sent,
}
