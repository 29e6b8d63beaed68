//! Escalations that race: the ticket's version makes one of two
//! simultaneous escalations re-read the history, and be refused.

use guichet_domain::deadlines::{ESCALATION_FIELD, EscalationLevel};
use guichet_domain::role::Role;
use guichet_service::ServiceError;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::escalate::{escalate, escalation_state};
use guichet_service::tickets::read::history;
use guichet_store::testing::TestStore;

use crate::{context, person};

async fn two_escalations_at_once_reach_one_level(db: TestStore) {
    let (ctx, _clock) = context(&db, "2026-12-07T08:00:00Z").await;
    let (_, pia) = person(&ctx, "pia", Role::Requester).await;
    let input = CreateTicketInput {
        subject: "Stage-in fails".into(),
        description: "Since 02:00.".into(),
        ..Default::default()
    };
    let id = create_ticket(&ctx, &pia, input).await.unwrap().ticket.id;
    let (first, second) = tokio::join!(escalate(&ctx, &pia, id), escalate(&ctx, &pia, id));
    let mut outcomes = [first, second];
    outcomes.sort_by_key(Result::is_err);
    assert_eq!(outcomes[0].as_ref().unwrap(), &EscalationLevel::Unit);
    assert!(
        matches!(&outcomes[1], Err(ServiceError::Refused { field, message }) if *field == ESCALATION_FIELD && message.contains("8 h 0 min")),
        "{:?}",
        outcomes[1]
    );
    let entries = history(&ctx, &pia, id).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.change.field == ESCALATION_FIELD).count(), 1);
    let state = escalation_state(&ctx, &pia, id).await.unwrap();
    assert_eq!(
        (state.level, state.next),
        (Some(EscalationLevel::Unit), Some(EscalationLevel::FirstLevel))
    );
}

guichet_store::backend_tests! {
    two_escalations_at_once_reach_one_level,
}
