//! Knowledge-base answers' Markdown, made into HTML that is safe to show:
//! pulldown-cmark renders CommonMark (with tables and strikethrough), then
//! ammonia keeps the markup of a document and drops anything active
//! (scripts, styles, event handlers, `javascript:` links, raw HTML that
//! is not plain markup). Links keep their address and open without
//! telling the other site where they came from.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"));
    builder
});

/// `markdown` as sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    CLEANER.clean(&rendered).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_markup() {
        let shown = to_html("# Fix\n\nRun `voms-proxy-init`, then **retry**.\n\n- one\n- two\n");
        assert!(shown.contains("<h1>Fix</h1>"), "{shown}");
        assert!(shown.contains("<code>voms-proxy-init</code>"), "{shown}");
        assert!(shown.contains("<strong>retry</strong>"), "{shown}");
        assert!(shown.contains("<li>two</li>"), "{shown}");
    }

    #[test]
    fn scripts_and_active_content_are_stripped() {
        let shown = to_html(
            "Hello <script>alert(1)</script> <img src=x onerror=\"steal()\">\n\n\
             [bad](javascript:alert(2)) <iframe src=\"https://evil.example/\"></iframe>\n\n\
             <style>p{}</style><form action=\"/x\"><input></form>",
        );
        for gone in [
            "<script",
            "alert",
            "onerror",
            "iframe",
            "<style",
            "<form",
            "<input",
            "javascript",
        ] {
            assert!(!shown.contains(gone), "{gone} in {shown}");
        }
        assert!(shown.contains("Hello"), "{shown}");
    }

    #[test]
    fn links_are_kept_with_rel_noopener() {
        let shown = to_html("See [the docs](https://docs.example.org/x) or [the FAQ](/kb/3).");
        assert!(
            shown.contains(r#"<a href="https://docs.example.org/x" rel="noopener noreferrer nofollow">the docs</a>"#),
            "{shown}"
        );
        assert!(
            shown.contains(r#"<a href="/kb/3" rel="noopener noreferrer nofollow">the FAQ</a>"#),
            "{shown}"
        );
    }

    #[test]
    fn text_is_escaped() {
        let shown = to_html("1 < 2 & \"quotes\"");
        assert!(shown.contains("1 &lt; 2 &amp;"), "{shown}");
    }
}
