//! A path-parameter extractor whose failures use the API's error format.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, RawPathParams};
use axum::http::request::Parts;

use crate::error::ApiError;

/// Like `axum::extract::Path`, with a malformed segment (`/tickets/abc`)
/// reported as an [`ApiError`] that names the parameter, not as plain text.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                let names = RawPathParams::from_request_parts(parts, state).await.ok();
                Err(path_error(&rejection, names.as_ref()))
            }
        }
    }
}

/// The error for a path that did not parse, naming the parameter whose
/// value failed when `params` tells which one it is.
fn path_error(rejection: &PathRejection, params: Option<&RawPathParams>) -> ApiError {
    let PathRejection::FailedToDeserializePathParams(failure) = rejection else {
        return ApiError::invalid_path(None, rejection.body_text());
    };
    let value = match failure.kind() {
        ErrorKind::ParseErrorAtKey { value, .. }
        | ErrorKind::ParseErrorAtIndex { value, .. }
        | ErrorKind::ParseError { value, .. } => value,
        _ => return ApiError::invalid_path(None, rejection.body_text()),
    };
    let name = params
        .into_iter()
        .flat_map(|params| params.iter())
        .find(|(_, raw)| *raw == value.as_str())
        .map(|(name, _)| name.to_owned());
    let message = match &name {
        Some(name) => format!("`{value}` is not a valid {name}: ids are whole numbers"),
        None => format!("`{value}` in the path is not a valid id: ids are whole numbers"),
    };
    ApiError::invalid_path(name, message)
}
