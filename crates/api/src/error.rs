//! The one place where errors become HTTP responses.
//!
//! Every error body is `{"error": code, "message": text, "field": name|null}`:
//!
//! | code              | status | when                                              |
//! |-------------------|--------|---------------------------------------------------|
//! | `invalid_json`    | 400    | the body is not JSON (415: not sent as JSON)      |
//! | `invalid_path`    | 400    | a path segment is not an id; `field` names it     |
//! | `unauthenticated` | 401    | no, unknown, expired or disabled credentials      |
//! | `forbidden`       | 403    | the role does not allow it                        |
//! | `not_found`       | 404    | it does not exist, or the caller may not know it  |
//! | `method_not_allowed` | 405 | the path exists, but not with this method         |
//! | `conflict`        | 409    | the current state forbids it (closed, duplicate…); `field` names what a rule refuses now (`escalation`) |
//! | `too_large`       | 413    | the body is over the configured limit             |
//! | `invalid`         | 422    | a field is wrong; `field` names it                |
//! | `too_many_attempts` | 429  | too many failed sign-ins; `Retry-After` says when |
//! | `internal`        | 500    | a fault on our side (logged, details not shown)   |

use axum::Json;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::deadlines::LinkRefusal;
use guichet_service::ServiceError;

/// An error as the API reports it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
    retry_after: Option<i64>,
}

/// The JSON body of every error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code.
    pub error: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// The input field at fault, if any.
    pub field: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after: None,
        }
    }

    /// A 422 on `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
        }
    }

    /// A 401.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// A 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    /// A 400 for a path that does not parse, on parameter `field` if known.
    pub fn invalid_path(field: Option<String>, message: impl Into<String>) -> Self {
        Self {
            field,
            ..Self::new(StatusCode::BAD_REQUEST, "invalid_path", message)
        }
    }

    /// A 405.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this path does not take that method",
        )
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid { field, message } => Self::invalid(field, message),
            ServiceError::Unauthenticated(m) => Self::unauthenticated(m),
            ServiceError::Forbidden(m) => Self::new(StatusCode::FORBIDDEN, "forbidden", m),
            ServiceError::NotFound(what) => Self::not_found(what),
            ServiceError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            ServiceError::Refused { field, message } => Self {
                field: Some(field.to_owned()),
                ..Self::new(StatusCode::CONFLICT, "conflict", message)
            },
            ServiceError::TooLarge(m) => Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m),
            ServiceError::Link(refusal) => {
                let status = match refusal {
                    LinkRefusal::Expired => StatusCode::GONE,
                    _ => StatusCode::BAD_REQUEST,
                };
                Self {
                    field: Some("token".to_owned()),
                    ..Self::new(status, "link_refused", refusal.to_string())
                }
            }
            ServiceError::Throttled(until) => Self {
                retry_after: Some((until - chrono::Utc::now()).num_seconds().max(1)),
                ..Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", error.to_string())
            },
            ServiceError::Internal(e) => {
                tracing::error!(error = %e, "internal failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred; it has been logged",
                )
            }
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "storage failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}

/// The field a JSON data error is about: the path serde reports
/// (`subject: invalid type…`), or the name in "missing field `subject`".
fn data_error_field(detail: &str) -> Option<String> {
    if let Some((path, _)) = detail
        .split_once(": ")
        .filter(|(path, _)| !path.is_empty() && *path != "." && !path.contains(' '))
    {
        return Some(path.to_owned());
    }
    let start = detail.find('`')? + 1;
    let end = start + detail[start..].find('`')?;
    Some(detail[start..end].to_owned())
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is too large",
            ),
            StatusCode::UNPROCESSABLE_ENTITY => {
                let detail = text
                    .split_once("target type: ")
                    .map_or(text.as_str(), |(_, d)| d)
                    .to_owned();
                Self {
                    field: data_error_field(&detail),
                    ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", detail)
                }
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_json",
                "send the body as application/json",
            ),
            _ => Self::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("the body is not valid JSON: {text}"),
            ),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the file is over the attachment size limit",
            ),
            status => Self::new(status, "invalid", rejection.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.code,
            message: self.message,
            field: self.field,
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

/// Result of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_409_and_storage_failures_500() {
        let lost = ServiceError::Conflict("the ticket kept changing".into());
        assert_eq!(ApiError::from(lost).status, StatusCode::CONFLICT);
        let refused = ApiError::from(ServiceError::Refused {
            field: "escalation",
            message: "too soon: 6 h 20 min of working time left".into(),
        });
        assert_eq!(
            (refused.status, refused.field.as_deref()),
            (StatusCode::CONFLICT, Some("escalation"))
        );
        let broken = ServiceError::Store(guichet_store::StoreError::Corrupt("x".into()));
        assert_eq!(ApiError::from(broken).status, StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn serde_messages_name_their_field() {
        assert_eq!(
            data_error_field("missing field `subject` at line 1 column 2").as_deref(),
            Some("subject")
        );
        assert_eq!(
            data_error_field("cc: invalid type: integer `5`, expected a sequence").as_deref(),
            Some("cc")
        );
        assert_eq!(data_error_field("no backticks"), None);
    }
}
