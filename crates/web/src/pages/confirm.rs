//! `/confirm/{token}`: the signed verify and reopen links of a solution
//! mail. The token is the credential, so no sign-in is needed.
//!
//! A `GET` never changes anything (mail scanners fetch links): it shows
//! the ticket and the action with one button, and a few lines of
//! JavaScript press it, so a click in the mail is one click. The `POST`
//! acts, then, after a verification, offers a rating form posted with the
//! same token to `/confirm/{token}/rating`. A refused link shows why, with
//! 400 (altered, used, out of date) or 410 (expired).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use guichet_domain::deadlines::{ConfirmAction, LinkRefusal};
use guichet_domain::rating::Rating;
use guichet_domain::ticket::Ticket;
use guichet_service::ServiceError;
use guichet_service::tickets::confirm::{inspect, rate_by_link, redeem};

use crate::WebState;
use crate::csrf::same_origin;
use crate::error::{WebError, respond};
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage<'a> {
    layout: Layout<'a>,
    /// `ask`, `done`, `rated` or `refused`.
    stage: &'static str,
    /// The link's action: `verify` or `reopen`.
    action: &'static str,
    token: String,
    /// The ticket's number, when known.
    number: String,
    /// The sentence of the stage.
    message: String,
    /// The button's label.
    button: String,
    /// Whether to offer the rating form.
    rating_form: bool,
    /// Why the rating was refused.
    rating_error: Option<String>,
    /// The comment typed, kept when the rating is refused.
    comment: String,
}

impl<'a> ConfirmPage<'a> {
    fn new(state: &'a WebState, visit: &'a Visit, token: &str, stage: &'static str) -> Self {
        Self {
            layout: Layout::new(state, visit, "confirm-title"),
            stage,
            action: "verify",
            token: token.to_owned(),
            number: String::new(),
            message: String::new(),
            button: String::new(),
            rating_form: false,
            rating_error: None,
            comment: String::new(),
        }
    }

    fn about(mut self, action: ConfirmAction, ticket: &Ticket, message_id: &str) -> Self {
        let tr = &self.layout.tr;
        let number = ticket.number().to_string();
        let args = [("number", number.clone()), ("subject", ticket.subject.clone())];
        self.message = tr.t_args(message_id, &args);
        self.button = tr.t(&format!("confirm-button-{}", action.as_str()));
        self.action = action.as_str();
        self.number = number;
        self
    }
}

/// The message and status of a refused link.
fn refusal(refused: LinkRefusal) -> (&'static str, StatusCode) {
    match refused {
        LinkRefusal::Expired => ("confirm-refused-expired", StatusCode::GONE),
        LinkRefusal::AlreadyUsed => ("confirm-refused-used", StatusCode::BAD_REQUEST),
        LinkRefusal::Outdated => ("confirm-refused-outdated", StatusCode::BAD_REQUEST),
        LinkRefusal::Tampered | LinkRefusal::WrongAction | LinkRefusal::OtherTicket => {
            ("confirm-refused-tampered", StatusCode::BAD_REQUEST)
        }
    }
}

/// The page of a failed use case: a refused link's reason, or the error page.
fn failed(state: &WebState, visit: &Visit, token: &str, error: ServiceError) -> Response {
    match error {
        ServiceError::Link(refused) => {
            let (id, status) = refusal(refused);
            let mut page = ConfirmPage::new(state, visit, token, "refused");
            page.message = page.layout.tr.t(id);
            page.layout = page.layout.titled(visit.tr(state).t("confirm-refused-title"));
            render(state, visit, status, &page)
        }
        other => respond(state, visit, Err(WebError::from(other))),
    }
}

fn forged(state: &WebState, visit: &Visit) -> Response {
    respond(state, visit, Err(WebError::Forged))
}

/// `GET /confirm/{token}`: what the link would do, and its button.
pub async fn show(State(state): State<WebState>, visit: Visit, Path(token): Path<String>) -> Response {
    match inspect(&state.ctx, &token).await {
        Ok((action, ticket)) => {
            let id = format!("confirm-ask-{}", action.as_str());
            let page = ConfirmPage::new(&state, &visit, &token, "ask").about(action, &ticket, &id);
            render(&state, &visit, StatusCode::OK, &page)
        }
        Err(error) => failed(&state, &visit, &token, error),
    }
}

/// `POST /confirm/{token}`: does what the link says, as the ticket's submitter.
pub async fn perform(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    if !same_origin(&headers) {
        return forged(&state, &visit);
    }
    match redeem(&state.ctx, &token, None).await {
        Ok(done) => {
            let id = format!("confirm-done-{}", done.action.as_str());
            let mut page =
                ConfirmPage::new(&state, &visit, &token, "done").about(done.action, &done.ticket.ticket, &id);
            page.rating_form = done.action == ConfirmAction::Verify;
            render(&state, &visit, StatusCode::OK, &page)
        }
        Err(error) => failed(&state, &visit, &token, error),
    }
}

/// The rating form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

/// `POST /confirm/{token}/rating`: rates the solution the link verified,
/// once; a bad rating shows the form again with the reason.
pub async fn rate(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<RatingForm>,
) -> Response {
    if !same_origin(&headers) {
        return forged(&state, &visit);
    }
    let rating = Rating::parse(&form.rating, Some(&form.comment)).map_err(ServiceError::from);
    let outcome = match rating {
        Ok(rating) => rate_by_link(&state.ctx, &token, rating).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(view) => {
            let page = ConfirmPage::new(&state, &visit, &token, "rated").about(
                ConfirmAction::Verify,
                &view.ticket,
                "confirm-rated",
            );
            render(&state, &visit, StatusCode::OK, &page)
        }
        Err(ServiceError::Invalid { field, message }) => {
            let mut page = ConfirmPage::new(&state, &visit, &token, "done");
            page.rating_form = true;
            page.rating_error = Some(crate::reasons::explain(&page.layout.tr, field, &message));
            page.comment = form.comment;
            render(&state, &visit, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(error) => failed(&state, &visit, &token, error),
    }
}
