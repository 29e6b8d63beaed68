//! Mail loops: a notification one Guichet sends, delivered to another
//! Guichet (or back to itself), is dropped as automatic mail: no ticket,
//! no article, no mail in answer.

use guichet_domain::notify::Side;
use guichet_domain::preferences::Language;
use guichet_domain::text::Email;
use guichet_mail::Gateway;
use guichet_mail::outbound::render;
use guichet_service::Context;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::mail::addressing::Destination;
use guichet_service::mail::{MailSettings, Receipt};
use guichet_store::testing::{Backend, fresh};

use crate::fixtures::{notice, recipient, settings};

/// Instance A's notification, sent to instance B's helpdesk (a user's
/// forward rule, two helpdesks in each other's CC), is dropped by B; and by
/// A, were it to come back.
#[tokio::test]
async fn a_notification_from_another_guichet_is_never_filed() {
    let from_a = settings();
    let mail = render(
        &from_a,
        &notice(),
        &recipient("helpdesk@ngi-b.example", Side::Requester),
        Language::En,
    )
    .unwrap();
    for (name, instance) in [("B", "guichet-b"), ("A itself", from_a.safety.instance.as_str())] {
        let db = fresh(Backend::Sqlite).await.unwrap();
        let ctx = Context::with_system_clock(db.store.clone());
        ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
            .await
            .unwrap();
        let helpdesk = Email::parse("helpdesk", "helpdesk@localhost.localdomain").unwrap();
        let receiving = Gateway::new(ctx, MailSettings::new(helpdesk, instance, "http://b.example"));
        let receipt = receiving
            .deliver(&mail.bytes, Some("helpdesk@ngi-a.example"), &[Destination::Helpdesk])
            .await;
        assert!(matches!(receipt, Ok(Receipt::Ignored(_))), "{name}: {receipt:?}");
        assert_eq!(db.store.ticket_count().await.unwrap(), 0, "{name} files nothing");
        assert!(db.store.outbox(None).await.unwrap().is_empty(), "{name} mails nothing");
    }
}
