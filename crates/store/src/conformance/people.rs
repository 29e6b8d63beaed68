//! Preferences, subscriptions, sessions' idle time and sign-in failures.

use chrono::Duration;

use guichet_domain::preferences::{Language, Preferences, TimeZone};
use guichet_domain::role::Role;
use guichet_domain::ticket::NotificationMode;

use super::{first_level, now, ticket, user};
use crate::testing::TestStore;

/// Preferences default until chosen, then come back as chosen; deleting
/// the account takes them.
pub async fn preferences_default_until_chosen(t: TestStore) {
    let s = t.store.as_ref();
    let pia = user(s, "pia@example.org", Role::Requester).await;
    assert_eq!(s.preferences(pia.id).await.unwrap(), Preferences::default());
    let chosen = Preferences {
        language: Some(Language::Fr),
        time_zone: TimeZone::parse("Europe/Paris").unwrap(),
        notification_mode: NotificationMode::OnEveryChange,
    };
    s.set_preferences(pia.id, &chosen).await.unwrap();
    assert_eq!(s.preferences(pia.id).await.unwrap(), chosen);
    let again = Preferences {
        language: None,
        ..chosen
    };
    s.set_preferences(pia.id, &again).await.unwrap();
    assert_eq!(s.preferences(pia.id).await.unwrap(), again, "replaced, not added");
    s.delete_user(pia.id).await.unwrap();
    assert_eq!(s.preferences(pia.id).await.unwrap(), Preferences::default());
    let missing = s.set_preferences(pia.id, &chosen).await.unwrap_err();
    assert!(matches!(missing, crate::StoreError::NotFound("user")), "{missing:?}");
}

/// Subscribing twice is one subscription; each side lists the other.
pub async fn subscriptions_are_listed_both_ways(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let rita = user(s, "rita@example.org", Role::Requester).await;
    let sam = user(s, "sam@example.org", Role::Supporter).await;
    let tom = user(s, "tom@example.org", Role::Supporter).await;
    let first = ticket(s, rita.id, "first", unit).await;
    let second = ticket(s, rita.id, "second", unit).await;
    assert!(s.subscribe(first.id, sam.id, now()).await.unwrap());
    assert!(!s.subscribe(first.id, sam.id, now()).await.unwrap(), "already");
    assert!(s.subscribe(first.id, tom.id, now()).await.unwrap());
    assert!(s.subscribe(second.id, sam.id, now()).await.unwrap());
    assert_eq!(s.subscribers(first.id).await.unwrap(), [sam.id, tom.id]);
    assert_eq!(s.subscriptions(sam.id).await.unwrap(), [second.id, first.id]);
    assert!(s.unsubscribe(first.id, sam.id).await.unwrap());
    assert!(!s.unsubscribe(first.id, sam.id).await.unwrap(), "no longer");
    assert_eq!(s.subscribers(first.id).await.unwrap(), [tom.id]);
    assert!(s.subscriptions(rita.id).await.unwrap().is_empty());
}

/// A session's last use moves forward only, and an idle session is listed
/// as expired though its absolute end is far.
pub async fn idle_sessions_expire(t: TestStore) {
    let s = t.store.as_ref();
    let ida = user(s, "ida@example.org", Role::Requester).await;
    let at = now();
    s.create_session(ida.id, "busy", at, at + Duration::hours(12))
        .await
        .unwrap();
    s.create_session(ida.id, "idle", at, at + Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(s.user_by_session("busy").await.unwrap().unwrap().last_seen_at, at);
    let later = at + Duration::hours(3);
    s.touch_session("busy", later).await.unwrap();
    s.touch_session("busy", at).await.unwrap();
    assert_eq!(
        s.user_by_session("busy").await.unwrap().unwrap().last_seen_at,
        later,
        "never back"
    );
    let idle_since = at + Duration::hours(2);
    assert_eq!(s.expired_sessions(later, idle_since, 10).await.unwrap(), ["idle"]);
}

/// Failures count up in a window, start again after it, and clear.
pub async fn sign_in_failures_count_in_windows(t: TestStore) {
    let s = t.store.as_ref();
    let at = now();
    let window = Duration::minutes(15);
    for expected in 1..=3 {
        let count = s.count_sign_in_failure("account:x", at, at - window).await.unwrap();
        assert_eq!((count.failures, count.window_start), (expected, at));
    }
    let later = at + Duration::minutes(20);
    let fresh = s
        .count_sign_in_failure("account:x", later, later - window)
        .await
        .unwrap();
    assert_eq!((fresh.failures, fresh.window_start), (1, later), "a new window");
    s.count_sign_in_failure("ip:127.0.0.1", at, at - window).await.unwrap();
    assert_eq!(s.sign_in_failures("account:x").await.unwrap(), Some(fresh));
    s.clear_sign_in_failures("account:x").await.unwrap();
    assert_eq!(s.sign_in_failures("account:x").await.unwrap(), None);
    assert_eq!(s.forget_sign_in_failures(at + Duration::seconds(1)).await.unwrap(), 1);
    assert_eq!(s.sign_in_failures("ip:127.0.0.1").await.unwrap(), None);
}

/// Failures counted at once from many connections are all counted.
pub async fn concurrent_sign_in_failures_all_count(t: TestStore) {
    let at = now();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = t.store.clone();
            tokio::spawn(async move {
                store
                    .count_sign_in_failure("account:y", at, at - Duration::minutes(15))
                    .await
                    .unwrap()
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let count = t.store.sign_in_failures("account:y").await.unwrap().unwrap();
    assert_eq!(count.failures, 20);
}
