//! Reference data: units, sites, VOs, types of issue, routing rules.

use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::role::Role;

use super::*;
use crate::testing::TestStore;

/// Units keep their members; a unit in use cannot be deleted.
pub async fn units_keep_members_and_refuse_deletion_in_use(t: TestStore) {
    let s = t.store.as_ref();
    let a = user(s, "a@example.org", Role::Supporter).await;
    let b = user(s, "b@example.org", Role::Supporter).await;
    let input = UnitInput {
        name: "Monitoring".into(),
        kind: UnitKind::Expertise,
        qos_level: QosLevel::Advanced,
        email: Some("mon@example.org".into()),
        members: vec![b.id, a.id],
    };
    let unit = s.create_unit(input.clone()).await.unwrap();
    assert_eq!(unit.members, vec![a.id, b.id]);
    assert!(matches!(
        s.create_unit(input.clone()).await,
        Err(StoreError::Conflict(_))
    ));
    let renamed = s
        .update_unit(
            unit.id,
            UnitInput {
                name: "Monitoring (ARGO)".into(),
                members: vec![a.id],
                ..input
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.members.clone()),
        ("Monitoring (ARGO)", vec![a.id])
    );
    ticket(s, a.id, "probe fails", unit.id).await;
    assert!(matches!(s.delete_unit(unit.id).await, Err(StoreError::Conflict(_))));
    let spare = s
        .create_unit(UnitInput {
            name: "Spare".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![],
        })
        .await
        .unwrap();
    s.delete_unit(spare.id).await.unwrap();
    assert!(matches!(s.unit(spare.id).await, Err(StoreError::NotFound(_))));
    assert!(matches!(s.delete_unit(spare.id).await, Err(StoreError::NotFound(_))));
}

/// A site comes with its own unit, renamed and deleted with it.
pub async fn sites_come_with_their_unit(t: TestStore) {
    let s = t.store.as_ref();
    let site = s
        .create_site(SiteInput {
            name: "IN2P3-CC".into(),
            ngi: Some("NGI_FRANCE".into()),
        })
        .await
        .unwrap();
    let unit = s.unit(site.unit).await.unwrap();
    assert_eq!((unit.name.as_str(), unit.kind), ("IN2P3-CC (site)", UnitKind::Site));
    let renamed = s
        .update_site(
            site.id,
            SiteInput {
                name: "CC-IN2P3".into(),
                ngi: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.ngi, None);
    assert_eq!(s.unit(site.unit).await.unwrap().name, "CC-IN2P3 (site)");
    s.delete_site(site.id).await.unwrap();
    assert!(matches!(s.unit(site.unit).await, Err(StoreError::NotFound(_))));
    assert!(s.sites().await.unwrap().is_empty());
}

/// VOs, types of issue and routing rules.
pub async fn reference_data_and_routing_rules(t: TestStore) {
    let s = t.store.as_ref();
    let vo = s.create_vo("biomed").await.unwrap();
    assert!(matches!(s.create_vo("biomed").await, Err(StoreError::Conflict(_))));
    assert_eq!(
        s.update_vo(vo.id, "vo.france-grilles.fr").await.unwrap().name,
        "vo.france-grilles.fr"
    );
    let accounting = s.create_issue_type("Accounting").await.unwrap();
    let unit = first_level(s).await;
    let other = s
        .create_unit(UnitInput {
            name: "Accounting".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![],
        })
        .await
        .unwrap();
    let rule = s.set_routing_rule(accounting.id, unit).await.unwrap();
    let replaced = s.set_routing_rule(accounting.id, other.id).await.unwrap();
    assert_eq!(replaced.id, rule.id, "one rule per type of issue (upsert)");
    assert_eq!(s.routing_rules().await.unwrap(), vec![replaced.clone()]);
    s.delete_routing_rule(replaced.id).await.unwrap();
    assert!(s.routing_rules().await.unwrap().is_empty());
    s.delete_issue_type(accounting.id).await.unwrap();
    s.delete_vo(vo.id).await.unwrap();
    assert!(s.vos().await.unwrap().is_empty());
    assert_eq!(s.first_level_unit().await.unwrap(), Some(unit));
}
