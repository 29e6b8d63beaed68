//! The OpenAPI 3 document, generated from the handlers' annotations and
//! served at `/api/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{admin, download, health, session, tickets};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Guichet API", description = "Operations helpdesk for research e-infrastructures. Authenticate with `Authorization: Bearer <token>` (or `Token token=<token>`)."),
    paths(
        tickets::create::create, tickets::list::list, tickets::get::get, tickets::update::update,
        tickets::add_article::add, tickets::list_articles::list, tickets::history::list,
        tickets::add_relation::add, tickets::list_relations::list, tickets::remove_relation::remove,
        tickets::route::route, tickets::upload::upload, tickets::list_attachments::list, download::download,
        admin::users::list, admin::users::get, admin::users::create, admin::users::update, admin::users::delete,
        admin::units::list, admin::units::get, admin::units::create, admin::units::update, admin::units::delete,
        admin::sites::list, admin::sites::get, admin::sites::create, admin::sites::update, admin::sites::delete,
        admin::vos::list, admin::vos::get, admin::vos::create, admin::vos::update, admin::vos::delete,
        admin::issue_types::list, admin::issue_types::get, admin::issue_types::create, admin::issue_types::update, admin::issue_types::delete,
        admin::routing_rules::list, admin::routing_rules::set, admin::routing_rules::delete,
        session::sign_in, session::sign_out, health::healthz, crate::metrics::metrics,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
