//! Who wrote a message: the account with the sender's address, or a new
//! requester contact without a password (they may set one later, or go on
//! by mail only).

use guichet_domain::role::Role;
use guichet_domain::text::Email;
use guichet_store::{NewUser, User};

use super::{Mailbox, Refusal};
use crate::Context;

/// The account of the message's sender, made if new. Making it is
/// idempotent, so a message refused later and sent again finds the same
/// account; two nodes making it at once end with one.
pub async fn sender_account(ctx: &Context, from: &Mailbox) -> Result<User, Refusal> {
    let email = Email::parse("from", &from.address)
        .map_err(|e| Refusal::Invalid(format!("the From address is unusable: {}", e.message)))?;
    if let Some(user) = ctx.store().user_by_email(email.as_str()).await.map_err(Refusal::from)? {
        return refuse_disabled(user);
    }
    let contact = NewUser {
        email: email.as_str().to_owned(),
        name: display_name(from, &email),
        role: Role::Requester,
        dn: None,
        password_hash: None,
        created_at: ctx.now(),
    };
    match ctx.store().create_user(contact).await {
        Ok(user) => Ok(user),
        // Another message from the same new sender made the account at
        // the same moment: use it.
        Err(error) => match ctx.store().user_by_email(email.as_str()).await.map_err(Refusal::from)? {
            Some(user) => refuse_disabled(user),
            None => Err(Refusal::from(error)),
        },
    }
}

fn refuse_disabled(user: User) -> Result<User, Refusal> {
    if user.disabled {
        return Err(Refusal::Invalid(format!("the account of {} is disabled", user.email)));
    }
    Ok(user)
}

/// The name to show: the display name, or the address's local part.
pub(crate) fn display_name(from: &Mailbox, email: &Email) -> String {
    let name = from.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let fallback = email.as_str().split('@').next().unwrap_or(email.as_str());
    name.unwrap_or(fallback).chars().take(200).collect()
}
