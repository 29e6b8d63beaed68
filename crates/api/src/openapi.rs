//! The OpenAPI 3 document, generated from the routes the router declares
//! (`documented_routes` in the crate root) and their handlers'
//! annotations, and served at `/api/openapi.json`.

use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// The API description, without its paths: the router adds them.
#[derive(OpenApi)]
#[openapi(
    info(title = "Guichet API", description = "Operations helpdesk for research e-infrastructures. Authenticate with `Authorization: Bearer <token>` (or `Token token=<token>`)."),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// The document the router's paths are added to.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document with every route's paths, and the errors they share.
pub fn complete(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    CommonErrors.modify(&mut document);
    document
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// Documents the errors every operation of `/api/v1` can answer, whatever
/// its handler's annotation lists: a bad or missing token (401), a path
/// segment that is not an id (400) or no such resource (404), a body that
/// is not JSON (400, 415), too large (413) or wrong (422), a refusal (403)
/// and, for writes, a conflict with the current state (409).
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            let has_id = path.contains('{');
            let reads = [&mut item.get];
            let writes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in reads.into_iter().flatten() {
                document_errors(operation, has_id, false);
            }
            for operation in writes.into_iter().flatten() {
                document_errors(operation, has_id, true);
            }
        }
    }
}

fn document_errors(operation: &mut Operation, has_id: bool, writes: bool) {
    let has_body = operation.request_body.is_some();
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.content.contains_key("application/json"));
    let has_query = operation
        .parameters
        .iter()
        .flatten()
        .any(|parameter| parameter.parameter_in == ParameterIn::Query);
    let statuses = [
        (
            "400",
            has_id || has_body,
            "a path segment is not an id, or the body is not JSON",
        ),
        ("401", true, "no, unknown, expired or disabled credentials"),
        ("403", writes, "the caller's role does not allow it"),
        ("404", has_id, "no such resource, or one the caller may not know of"),
        ("409", writes, "the current state forbids it"),
        ("413", has_body, "the body is over the configured limit"),
        ("415", json_body, "the body is not sent as application/json"),
        ("422", has_body || has_query, "a field is wrong; `field` names it"),
    ];
    for (status, applies, description) in statuses {
        if applies && !operation.responses.responses.contains_key(status) {
            operation
                .responses
                .responses
                .insert(status.to_owned(), RefOr::T(error_response(description)));
        }
    }
}

fn error_response(description: &str) -> Response {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content("application/json", body)
        .build()
}

/// `GET /api/openapi.json`.
pub async fn serve(document: std::sync::Arc<utoipa::openapi::OpenApi>) -> Json<utoipa::openapi::OpenApi> {
    Json(document.as_ref().clone())
}
