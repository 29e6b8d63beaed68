//! `GET /`: the portal. What Guichet is, the way to submit a ticket or
//! sign in, and links to the knowledge base, the public tickets, and the
//! FAQs, forums and documentation administrators list at `/admin/portal`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_service::knowledge::PortalLinkKind;
use guichet_service::knowledge::portal::list_portal_links;

use crate::WebState;
use crate::error::{WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::kb::language;
use crate::visit::Visit;

/// A portal link, in the visitor's language.
struct Link {
    url: String,
    label: String,
    external: bool,
}

/// The links of one kind, under its heading.
struct Section {
    heading: String,
    links: Vec<Link>,
}

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing<'a> {
    layout: Layout<'a>,
    sections: Vec<Section>,
}

/// The landing page; after a sign-out, it says so.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = page(&state, &visit, &params).await;
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, params: &HashMap<String, String>) -> WebResult {
    let mut layout = Layout::new(state, visit, "site-tagline");
    if params.contains_key("signed-out") {
        layout.notice = Some(layout.tr.t("signed-out"));
    }
    let lang = language(visit);
    let links = list_portal_links(&state.ctx).await?;
    let sections = PortalLinkKind::ALL
        .iter()
        .map(|kind| Section {
            heading: layout.tr.t(&format!("portal-section-{}", kind.as_str())),
            links: links
                .iter()
                .filter(|l| l.kind == *kind)
                .map(|l| Link {
                    external: !l.url.starts_with('/'),
                    url: l.url.clone(),
                    label: l.label.pick(lang).to_owned(),
                })
                .collect(),
        })
        .filter(|s| !s.links.is_empty())
        .collect();
    Ok(render(state, visit, StatusCode::OK, &Landing { layout, sections }))
}
