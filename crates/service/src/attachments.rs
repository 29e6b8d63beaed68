//! Attachments: size-limited, file names sanitised, content type sniffed
//! from the bytes (never taken from the client), content stored once per hash.

use sha2::{Digest, Sha256};

use guichet_domain::clock;
use guichet_domain::ids::{AttachmentId, TicketId};
use guichet_store::{Attachment, NewAttachment, Store, User};

use crate::tickets::read::visible_ticket;
use crate::{ServiceError, ServiceResult};

/// The default size limit: 10 MB.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// A safe file name: no path, no control or quoting characters, at most 200
/// characters, never empty or hidden.
pub fn sanitise_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-+() ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let name: String = trimmed.chars().take(200).collect();
    if name.is_empty() { "attachment".into() } else { name }
}

/// The content type the bytes show, whatever the client claimed.
pub fn sniff_content_type(bytes: &[u8]) -> String {
    match infer::get(bytes) {
        Some(kind) => kind.mime_type().to_owned(),
        None if std::str::from_utf8(bytes).is_ok() => "text/plain; charset=utf-8".into(),
        None => "application/octet-stream".into(),
    }
}

/// Attaches `content` to ticket `id`.
pub async fn add_attachment(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    filename: &str,
    content: Vec<u8>,
    max_bytes: usize,
) -> ServiceResult<Attachment> {
    let ticket = visible_ticket(store, user, id).await?.ticket;
    if !user.role.is_supporter() && ticket.submitter != user.id {
        return Err(ServiceError::Forbidden(
            "requesters may only attach files to their own tickets".into(),
        ));
    }
    if content.len() > max_bytes {
        return Err(ServiceError::TooLarge(format!(
            "the file has {} bytes; at most {max_bytes} are accepted",
            content.len()
        )));
    }
    if content.is_empty() {
        return Err(ServiceError::invalid("file", "the file is empty"));
    }
    let meta = Attachment {
        id: AttachmentId(0),
        ticket: id,
        article: None,
        filename: sanitise_filename(filename),
        content_type: sniff_content_type(&content),
        size: i64::try_from(content.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&content)),
        uploader: Some(user.id),
        created_at: clock::now(),
    };
    Ok(store.add_attachment(NewAttachment { meta, content }).await?)
}

/// An attachment's metadata and content, if the user may see its ticket.
pub async fn attachment(store: &dyn Store, user: &User, id: AttachmentId) -> ServiceResult<(Attachment, Vec<u8>)> {
    let meta = store.attachment(id).await?;
    visible_ticket(store, user, meta.ticket)
        .await
        .map_err(|_| ServiceError::NotFound("attachment"))?;
    let content = store.attachment_content(id).await?;
    Ok((meta, content))
}

/// The attachments of a ticket the user may see.
pub async fn attachments(store: &dyn Store, user: &User, id: TicketId) -> ServiceResult<Vec<Attachment>> {
    visible_ticket(store, user, id).await?;
    Ok(store.attachments(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_dangerous_characters() {
        assert_eq!(sanitise_filename("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_filename("C:\\Users\\x\\job.log"), "job.log");
        assert_eq!(sanitise_filename("a\"b;c\r\n.txt"), "a_b_c__.txt");
        assert_eq!(sanitise_filename(".htaccess"), "htaccess");
        assert_eq!(sanitise_filename(""), "attachment");
        assert_eq!(sanitise_filename("rapport d'activité.pdf"), "rapport d_activité.pdf");
        assert_eq!(sanitise_filename(&"x".repeat(300)).len(), 200);
    }

    #[test]
    fn content_types_come_from_the_bytes() {
        assert_eq!(sniff_content_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(sniff_content_type(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(
            sniff_content_type("plain text é".as_bytes()),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            sniff_content_type(&[0xff, 0xfe, 0x00, 0x81]),
            "application/octet-stream"
        );
    }
}
