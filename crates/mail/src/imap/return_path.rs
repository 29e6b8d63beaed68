//! The envelope sender of a message read over IMAP: the server wrote it in
//! a `Return-Path` header on delivery, if at all.

use mail_parser::MessageParser;

/// The address of the first `Return-Path` header, without angle brackets:
/// empty for `<>` (a bounce), `None` if there is no such header.
pub(super) fn return_path(raw: &[u8]) -> Option<String> {
    let message = MessageParser::default().parse_headers(raw)?;
    let (_, value) = message
        .headers_raw()
        .find(|(name, _)| name.eq_ignore_ascii_case("Return-Path"))?;
    let address = value.trim().trim_start_matches('<').trim_end_matches('>').trim();
    Some(address.to_owned())
}
