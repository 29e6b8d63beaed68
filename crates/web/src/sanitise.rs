//! HTML that arrives by mail, made safe to show: ammonia keeps the markup
//! of a message (paragraphs, lists, tables, emphasis, links) and drops
//! scripts, styles, event handlers, forms and frames. Links open without
//! telling the other site where they came from; images and other
//! resources from elsewhere are blocked by the pages' Content Security
//! Policy, so a mail cannot track who reads it.

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"));
    builder
});

/// `html` with only the markup that is safe to show.
pub fn mail_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_stays_and_anything_active_goes() {
        let shown = mail_html(
            "<p onclick=\"steal()\">The <b>SRM</b> is down.</p><script>alert(1)</script>\
             <style>p{}</style><a href=\"javascript:alert(2)\">x</a><a href=\"https://egi.eu/\">EGI</a>\
             <iframe src=\"https://evil.example/\"></iframe><form action=\"/x\"><input></form>",
        );
        assert!(shown.contains("<p>The <b>SRM</b> is down.</p>"), "{shown}");
        for gone in [
            "script",
            "alert",
            "onclick",
            "style",
            "iframe",
            "form",
            "input",
            "javascript",
        ] {
            assert!(!shown.contains(gone), "{gone} in {shown}");
        }
        assert!(
            shown.contains("<a href=\"https://egi.eu/\" rel=\"noopener noreferrer nofollow\">EGI</a>"),
            "{shown}"
        );
    }
}
