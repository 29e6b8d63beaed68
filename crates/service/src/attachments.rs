//! Attachments: size-limited, file names sanitised, content type sniffed
//! from the bytes (never taken from the client), content stored once per hash.

use std::collections::HashSet;

use bytes::Bytes;
use sha2::{Digest, Sha256};

use guichet_domain::actor::Actor;
use guichet_domain::ids::{ArticleId, AttachmentId, TicketId};
use guichet_store::{ArticleLink, Attachment, NewAttachment};

use crate::change::Change;
use crate::tickets::read::visible_ticket;
use crate::{Context, ServiceError, ServiceResult};

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

/// A file as a channel received it: the name its sender gave, and its
/// bytes, shared rather than copied.
#[derive(Debug, Clone)]
pub struct FileUpload {
    /// The name as given; it is sanitised.
    pub filename: String,
    /// The content.
    pub content: Bytes,
}

/// Refuses a file over the attachment limit, naming it.
pub(crate) fn check_size(ctx: &Context, file: &FileUpload) -> ServiceResult<()> {
    let max_bytes = ctx.limits().max_attachment_bytes;
    if file.content.len() > max_bytes {
        return Err(ServiceError::TooLarge(format!(
            "{} has {} bytes; at most {max_bytes} are accepted",
            sanitise_filename(&file.filename),
            file.content.len()
        )));
    }
    Ok(())
}

/// Checks a file against the limits and describes it for storage, on
/// `ticket` and linked to `article`.
pub(crate) fn prepare(
    ctx: &Context,
    actor: &Actor,
    ticket: TicketId,
    article: Option<ArticleLink>,
    file: FileUpload,
) -> ServiceResult<NewAttachment> {
    check_size(ctx, &file)?;
    if file.content.is_empty() {
        return Err(ServiceError::invalid("file", "the file is empty"));
    }
    Ok(NewAttachment {
        ticket,
        article,
        filename: sanitise_filename(&file.filename),
        content_type: sniff_content_type(&file.content),
        sha256: hex::encode(Sha256::digest(&file.content)),
        uploader: actor.user_id(),
        created_at: ctx.now(),
        content: file.content,
    })
}

/// Attaches a file to ticket `id`, on its own.
pub async fn add_attachment(ctx: &Context, actor: &Actor, id: TicketId, file: FileUpload) -> ServiceResult<Attachment> {
    let ticket = visible_ticket(ctx, actor, id).await?.ticket;
    if !actor.role().is_supporter() && !actor.is_submitter_of(&ticket) {
        return Err(ServiceError::Forbidden(
            "requesters may only attach files to their own tickets".into(),
        ));
    }
    let attachment = prepare(ctx, actor, id, None, file)?;
    let mut change = Change::new(ctx);
    change.add_attachment(attachment, &actor.author());
    let committed = ctx.store().commit(change.into_set()).await?;
    committed
        .attachments
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("attachment"))
}

/// The files of ticket `id` the actor may read: all of them for
/// supporters; for others, those of the articles they may read (never an
/// internal note's) and those that came without an article.
async fn readable(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    files: Vec<Attachment>,
) -> ServiceResult<Vec<Attachment>> {
    if actor.role().is_supporter() {
        return Ok(files);
    }
    let articles: HashSet<ArticleId> = ctx
        .store()
        .articles(id, false)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    Ok(files
        .into_iter()
        .filter(|file| file.article.is_none_or(|article| articles.contains(&article)))
        .collect())
}

/// An attachment's metadata and content, if the actor may see its ticket
/// and read the article it came with.
pub async fn attachment(ctx: &Context, actor: &Actor, id: AttachmentId) -> ServiceResult<(Attachment, Vec<u8>)> {
    let hidden = || ServiceError::NotFound("attachment");
    let meta = ctx.store().attachment(id).await?;
    visible_ticket(ctx, actor, meta.ticket).await.map_err(|_| hidden())?;
    let meta = readable(ctx, actor, meta.ticket, vec![meta])
        .await?
        .pop()
        .ok_or_else(hidden)?;
    let content = ctx.store().attachment_content(id).await?;
    Ok((meta, content))
}

/// The attachments of a ticket the actor may see, of the articles they may
/// read.
pub async fn attachments(ctx: &Context, actor: &Actor, id: TicketId) -> ServiceResult<Vec<Attachment>> {
    visible_ticket(ctx, actor, id).await?;
    let files = ctx.store().attachments(id).await?;
    readable(ctx, actor, id, files).await
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
