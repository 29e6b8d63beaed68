//! One rota notice for one recipient, as a whole RFC 5322 message: from
//! the helpdesk, with no ticket to thread on. The Message-ID is made of
//! the change and the recipient, so a change handled twice renders the
//! same mail.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::MultiPart;
use lettre::message::header;
use sha2::{Digest, Sha256};

use guichet_domain::mail::safety::outgoing_headers;
use guichet_domain::preferences::Language;
use guichet_service::mail::MailSettings;
use guichet_service::mail::rota_notices::RotaNotice;

use super::i18n::Words;
use super::layout;
use super::render::{RenderError, RenderedMail, mailbox, raw, report};
use super::rota_document::{rota_document, title};

/// The mail that tells `address`, in `language`, of `notice`.
pub fn render_rota(
    settings: &MailSettings,
    notice: &RotaNotice,
    address: &str,
    language: Language,
) -> Result<RenderedMail, RenderError> {
    let fail = |reason: String| RenderError {
        recipient: address.to_owned(),
        reason,
    };
    let words = Words::new(language);
    let doc = rota_document(settings, notice, language.as_str(), &words);
    let what: Vec<String> = notice.news.iter().map(|n| title(n, &words)).collect();
    let subject = words.t_args(
        "rota-subject",
        &[("prefix", settings.tag_prefix.trim()), ("what", &what.join(", "))],
    );
    report(words.into_problems());
    let message_id = message_id(settings, notice, address);
    let mut builder = Message::builder()
        .from(mailbox(Some(settings.tag_prefix.trim()), settings.helpdesk.as_str()).map_err(fail)?)
        .to(mailbox(None, address).map_err(fail)?)
        .date(SystemTime::from(notice.at))
        .header(header::MessageId::from(format!("<{message_id}>")))
        .subject(subject)
        .raw_header(raw("Content-Language", language.as_str().to_owned()).map_err(fail)?);
    for (name, value) in outgoing_headers(&settings.safety) {
        builder = builder.raw_header(raw(name, value).map_err(fail)?);
    }
    let body = MultiPart::alternative_plain_html(layout::text(&doc), layout::html(&doc));
    let message = builder.multipart(body).map_err(|e| fail(e.to_string()))?;
    Ok(RenderedMail {
        recipient: address.to_owned(),
        message_id,
        bytes: message.formatted(),
    })
}

/// `guichet.rota.{change}.{8 hex digits of the recipient's
/// SHA-256}@{helpdesk domain}`.
fn message_id(settings: &MailSettings, notice: &RotaNotice, recipient: &str) -> String {
    let digest = Sha256::digest(recipient.to_lowercase().as_bytes());
    let domain = settings
        .helpdesk
        .as_str()
        .rsplit_once('@')
        .map_or("guichet.invalid", |(_, domain)| domain);
    format!("guichet.rota.{}.{}@{domain}", notice.change, hex::encode(&digest[..4]))
}
