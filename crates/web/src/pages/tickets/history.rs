//! A ticket's history as the page writes it: each field by its name in the
//! page's language, and each value as people know it (a unit's or
//! person's name rather than its id, a status's translated label).

use std::collections::HashMap;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{TicketId, UserId};
use guichet_service::Context;
use guichet_service::admin::named::{list_issue_types, list_vos};
use guichet_service::admin::sites::list_sites;
use guichet_service::admin::units::list_units;
use guichet_service::tickets::read::history;

use super::parts::{Change, Names};
use crate::error::WebError;
use crate::i18n::Tr;

/// The names of the reference data a history may mention, by kind and id.
struct References {
    by_kind: HashMap<&'static str, HashMap<String, String>>,
}

impl References {
    async fn load(ctx: &Context) -> Result<Self, WebError> {
        let pairs = |items: Vec<(i64, String)>| items.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
        let units = pairs(list_units(ctx).await?.into_iter().map(|u| (u.id.0, u.name)).collect());
        let sites = pairs(list_sites(ctx).await?.into_iter().map(|s| (s.id.0, s.name)).collect());
        let vos = pairs(list_vos(ctx).await?.into_iter().map(|v| (v.id.0, v.name)).collect());
        let types = pairs(
            list_issue_types(ctx)
                .await?
                .into_iter()
                .map(|t| (t.id.0, t.name))
                .collect(),
        );
        let by_kind = HashMap::from([("unit", units), ("site", sites), ("vo", vos), ("type", types)]);
        Ok(Self { by_kind })
    }

    fn name(&self, kind: &str, id: &str) -> Option<String> {
        self.by_kind.get(kind)?.get(id).cloned()
    }
}

/// One stored value of `field`, as people know it.
async fn value(field: &str, raw: &str, refs: &References, names: &mut Names<'_>, tr: &Tr<'_>) -> String {
    let each = |kind: &str| {
        raw.split(", ")
            .map(|id| refs.name(kind, id).unwrap_or_else(|| format!("#{id}")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match field {
        "unit" | "involved_units" => each("unit"),
        "site" | "vo" | "type" => each(field),
        "assignee" | "involved_users" => {
            let mut people = Vec::new();
            for id in raw.split(", ") {
                match id.parse() {
                    Ok(id) => people.push(names.user(UserId(id)).await),
                    Err(_) => people.push(id.to_owned()),
                }
            }
            people.join(", ")
        }
        "status" | "priority" | "qualifier" => tr.label(field, raw),
        "notification_mode" => tr.label("notification", raw),
        "visibility" => tr.t(&format!("visibility-{raw}")),
        "escalation" => super::escalation::level_name(tr, raw),
        _ => raw.to_owned(),
    }
}

/// A stored value of `field`, or "none".
async fn shown(field: &str, stored: Option<&str>, refs: &References, names: &mut Names<'_>, tr: &Tr<'_>) -> String {
    match stored {
        Some(raw) => value(field, raw, refs, names, tr).await,
        None => tr.t("ticket-none"),
    }
}

/// The history the viewer may read, as the page writes it.
pub async fn changes(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    tr: &Tr<'_>,
    names: &mut Names<'_>,
) -> Result<Vec<Change>, WebError> {
    let entries = history(ctx, actor, id).await?;
    let refs = References::load(ctx).await?;
    let mut changes = Vec::new();
    for entry in entries {
        let field = &entry.change.field;
        let label_id = format!("history-field-{}", field.replace('_', "-"));
        let label = if tr.has(&label_id) {
            tr.t(&label_id)
        } else {
            field.clone()
        };
        let old = shown(field, entry.change.old.as_deref(), &refs, names, tr).await;
        let new = shown(field, entry.change.new.as_deref(), &refs, names, tr).await;
        changes.push(Change {
            author: names.author(&entry.author, tr).await,
            at: tr.moment(entry.at),
            text: tr.t_args("ticket-history-change", &[("field", label), ("old", old), ("new", new)]),
        });
    }
    Ok(changes)
}
