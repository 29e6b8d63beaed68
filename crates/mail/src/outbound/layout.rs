//! A notification laid out twice: as plain text, and as HTML in which every
//! word (the catalogs' and the users') is escaped.

use std::fmt::Write as _;

use super::document::{Body, Document, Section};

/// The plain-text part.
pub(crate) fn text(doc: &Document) -> String {
    let mut out = format!("{}\n\n{}\n", doc.heading, doc.action);
    for section in doc.sections.iter().chain(&doc.confirm).chain([&doc.facts]) {
        text_section(&mut out, section);
    }
    let _ = write!(
        out,
        "\n{} <{}>\n\n{}\n\n-- \n{}\n",
        doc.link_label, doc.link, doc.hint, doc.automatic
    );
    out
}

fn text_section(out: &mut String, section: &Section) {
    let rule = "-".repeat(section.title.chars().count());
    let _ = write!(out, "\n{}\n{rule}\n", section.title);
    match &section.body {
        Body::Text(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Body::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {item}");
            }
        }
        Body::Links(items) => {
            for (label, link) in items {
                match link {
                    Some(link) => writeln!(out, "- {label}: <{link}>"),
                    None => writeln!(out, "- {label}"),
                }
                .ok();
            }
        }
    }
}

/// The HTML part: one simple page, styled inline (mail clients drop style
/// sheets).
pub(crate) fn html(doc: &Document) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.4;\">\n<h1 style=\"font-size: 1.2em;\">{}</h1>\n<p>{}</p>\n",
        escape(doc.lang),
        escape(&doc.heading),
        escape(&doc.heading),
        escape(&doc.action),
    );
    for section in doc.sections.iter().chain(&doc.confirm).chain([&doc.facts]) {
        html_section(&mut out, section);
    }
    let _ = write!(
        out,
        "<p><a href=\"{}\">{}</a></p>\n<p style=\"color: #555;\">{}</p>\n\
         <p style=\"color: #777; font-size: 0.9em;\">{}</p>\n</body>\n</html>\n",
        escape(&doc.link),
        escape(&doc.link_label),
        escape(&doc.hint),
        escape(&doc.automatic),
    );
    out
}

fn html_section(out: &mut String, section: &Section) {
    let _ = writeln!(out, "<h2 style=\"font-size: 1em;\">{}</h2>", escape(&section.title));
    match &section.body {
        Body::Text(text) => {
            let _ = writeln!(out, "<div style=\"white-space: pre-wrap;\">{}</div>", escape(text));
        }
        Body::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", escape(item));
            }
            out.push_str("</ul>\n");
        }
        Body::Links(items) => {
            out.push_str("<ul>\n");
            for (label, link) in items {
                match link {
                    Some(link) => writeln!(out, "<li><a href=\"{}\">{}</a></li>", escape(link), escape(label)),
                    None => writeln!(out, "<li>{}</li>", escape(label)),
                }
                .ok();
            }
            out.push_str("</ul>\n");
        }
    }
}

/// `text` with the characters that mean something in HTML (in text and in
/// quoted attributes) written as entities.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("né à Orsay"), "né à Orsay");
    }
}
