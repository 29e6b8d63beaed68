//! The submitter's escalation button on the ticket page: the level
//! reached, the button that reaches the next one, or when it comes back
//! (the working time left and the instant, in the visitor's time zone).

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::EscalationRefusal;
use guichet_domain::deadlines::escalation::whole_minutes;
use guichet_domain::ids::TicketId;
use guichet_service::Context;
use guichet_service::tickets::escalate::escalation_state;

use crate::error::WebError;
use crate::i18n::Tr;

/// What the page's escalation section says, every text translated.
#[derive(Debug, Clone, Default)]
pub struct EscalationBox {
    /// The level reached and when, if any.
    pub reached: Option<String>,
    /// The button's text, when the visitor may escalate now.
    pub button: Option<String>,
    /// How the levels work, under the button.
    pub hint: String,
    /// Why the button is not there: too soon (with the time left and the
    /// instant), at the top, or not open.
    pub waiting: Option<String>,
}

/// A level's words: who it reaches.
pub fn level_name(tr: &Tr<'_>, level: &str) -> String {
    tr.label("escalation", level)
}

/// The confirmation after an escalation to `level` (a label; none if it
/// names no level).
pub fn notice(tr: &Tr<'_>, level: &str) -> Option<String> {
    guichet_domain::deadlines::EscalationLevel::parse(level)
        .ok()
        .map(|level| tr.t1("escalation-done", "level", level_name(tr, level.as_str())))
}

/// Why the button is not there, in the visitor's words.
fn why_not(tr: &Tr<'_>, refusal: &EscalationRefusal) -> String {
    match refusal {
        EscalationRefusal::TooSoon { left, next_possible } => {
            let minutes = whole_minutes(left);
            let left = tr.t_args(
                "escalation-time-left",
                &[
                    ("hours", (minutes / 60).to_string()),
                    ("minutes", (minutes % 60).to_string()),
                ],
            );
            tr.t_args(
                "escalation-too-soon",
                &[("left", left), ("at", tr.moment(*next_possible))],
            )
        }
        EscalationRefusal::AtTop => tr.t("escalation-at-top"),
        EscalationRefusal::NotOpen { .. } => tr.t("escalation-not-open"),
    }
}

/// The section for `viewer` on ticket `id`: for whoever may escalate it,
/// and for everyone once it is escalated; none otherwise.
pub async fn section(
    ctx: &Context,
    viewer: &Actor,
    id: TicketId,
    tr: &Tr<'_>,
) -> Result<Option<EscalationBox>, WebError> {
    let state = escalation_state(ctx, viewer, id).await?;
    if !state.may_escalate && state.level.is_none() {
        return Ok(None);
    }
    let reached = state.level.zip(state.reached_at).map(|(level, at)| {
        tr.t_args(
            "escalation-reached",
            &[("level", level_name(tr, level.as_str())), ("at", tr.moment(at))],
        )
    });
    let button = state
        .next
        .filter(|_| state.possible_now())
        .map(|next| tr.t1("escalation-button", "level", level_name(tr, next.as_str())));
    let waiting = state
        .refusal
        .as_ref()
        .filter(|_| state.may_escalate || matches!(state.refusal, Some(EscalationRefusal::AtTop)))
        .map(|refusal| why_not(tr, refusal));
    Ok(Some(EscalationBox {
        reached,
        button,
        hint: tr.t("escalation-hint"),
        waiting,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogs, Lang};
    use guichet_domain::deadlines::EscalationLevel;

    #[test]
    fn every_level_and_refusal_has_words_in_both_languages() {
        let catalogs = Catalogs::load();
        for lang in Lang::ALL {
            let tr = Tr::new(&catalogs, lang);
            for level in EscalationLevel::LABELS {
                let name = level_name(&tr, level);
                assert!(!name.starts_with("escalation-"), "{level} in {}", lang.code());
                assert!(notice(&tr, level).unwrap().contains(&name));
            }
            assert_eq!(notice(&tr, "everyone"), None);
            let too_soon = EscalationRefusal::TooSoon {
                left: chrono::Duration::minutes(80),
                next_possible: "2026-12-08T08:00:00Z".parse().unwrap(),
            };
            let text = why_not(&tr, &too_soon);
            assert!(text.contains("1 h 20 min") && text.contains("2026"), "{text}");
            assert!(tr.has("history-field-escalation") && tr.has("reason-escalation"));
        }
    }
}
