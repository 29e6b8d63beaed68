//! The senders of an archive as contacts: the account with the address,
//! or a new requester contact without a password, as mail to the
//! helpdesk makes them. Disabled accounts stay the authors of what they
//! wrote then.

use std::collections::HashMap;

use guichet_domain::ids::UserId;
use guichet_domain::role::Role;
use guichet_domain::text::Email;
use guichet_store::NewUser;

use super::ArchivedMail;
use crate::mail::Mailbox;
use crate::mail::contacts::display_name;
use crate::{Context, ServiceResult};

/// The account of every usable sender of `mails`, by lower-case address
/// as written in From.
pub(super) async fn contacts(ctx: &Context, mails: &[ArchivedMail]) -> ServiceResult<HashMap<String, UserId>> {
    let mut found = HashMap::new();
    for archived in mails {
        let Some(from) = archived.mail.from.as_ref() else {
            continue;
        };
        let key = address_key(&from.address);
        if found.contains_key(&key) {
            continue;
        }
        if let Some(user) = contact(ctx, from).await? {
            found.insert(key, user);
        }
    }
    Ok(found)
}

/// How a sender's address is looked up in [`contacts`]' map.
pub(super) fn address_key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// The account of `from`, made if new; `None` for an unusable address.
async fn contact(ctx: &Context, from: &Mailbox) -> ServiceResult<Option<UserId>> {
    let Ok(email) = Email::parse("from", &from.address) else {
        return Ok(None);
    };
    if let Some(user) = ctx.store().user_by_email(email.as_str()).await? {
        return Ok(Some(user.id));
    }
    let new = NewUser {
        email: email.as_str().to_owned(),
        name: display_name(from, &email),
        role: Role::Requester,
        dn: None,
        password_hash: None,
        created_at: ctx.now(),
    };
    match ctx.store().create_user(new).await {
        Ok(user) => Ok(Some(user.id)),
        // Made meanwhile (by mail to the helpdesk, say): use it.
        Err(error) => match ctx.store().user_by_email(email.as_str()).await? {
            Some(user) => Ok(Some(user.id)),
            None => Err(error.into()),
        },
    }
}
