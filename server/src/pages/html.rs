//! A small HTML builder that escapes by construction.
//!
//! Tag and attribute names are `&'static str` (written in our code); every other string — text
//! and attribute values — goes through [`escape`] on its way in, and is normalised to NFC so
//! that Vietnamese text is sent in one form whatever the source used. The only way to add
//! markup that is not built here is [`Html::snippet`], which keeps nothing of its input but
//! text and `<mark>` tags. A page is therefore well formed and free of injected markup
//! whatever the data or the query holds.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Elements that have no closing tag.
const VOID: &[&str] = &["br", "hr", "img", "input", "link", "meta", "source", "wbr"];

/// `s` in NFC, borrowed when it already is.
fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.into()
    } else {
        s.nfc().collect::<String>().into()
    }
}

/// Appends `s` to `out` with `& < > " '` escaped, so that it is text in element content and
/// in quoted attribute values alike.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    biokg_search::escape_html(out, &nfc(s));
}

/// `s` escaped for HTML text or a quoted attribute value.
#[cfg(test)]
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// HTML under construction. It only ever holds markup built by its own methods.
#[derive(Debug, Default)]
pub(crate) struct Html {
    out: String,
}

impl Html {
    /// An empty fragment.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Escaped text.
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }

    fn open_tag(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// An element with attributes and content written by `body`.
    pub(crate) fn el(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        self.open_tag(tag, attrs);
        if !VOID.contains(&tag) {
            body(self);
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        self
    }

    /// An element holding only text.
    pub(crate) fn el_text(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.el(tag, attrs, |h| {
            h.text(text);
        })
    }

    /// A void element (`<input>`, `<meta>`…).
    pub(crate) fn void(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        debug_assert!(VOID.contains(&tag), "{tag} is not a void element");
        self.open_tag(tag, attrs);
        self
    }

    /// An empty SVG element, self-closed (`<path …/>`), as foreign content allows.
    pub(crate) fn void_svg(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
    ) -> &mut Self {
        self.open_tag(tag, attrs);
        self.out.pop();
        self.out.push_str("/>");
        self
    }

    /// A link with text.
    pub(crate) fn link(&mut self, href: &str, text: &str) -> &mut Self {
        self.el_text("a", &[("href", href)], text)
    }

    /// A highlighted snippet of the search index: its text, escaped again, and its `<mark>`
    /// tags. The index escapes snippets itself; this re-reads them so that nothing but
    /// `<mark>` can reach the page even if that ever changed.
    pub(crate) fn snippet(&mut self, snippet: &str) -> &mut Self {
        let mut rest = snippet;
        let mut open = false;
        while !rest.is_empty() {
            let next = rest.find("<mark>").map(|i| (i, "<mark>"));
            let close = rest.find("</mark>").map(|i| (i, "</mark>"));
            let (at, tag) = match (next, close) {
                (Some(a), Some(b)) => {
                    if a.0 < b.0 {
                        a
                    } else {
                        b
                    }
                }
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => (rest.len(), ""),
            };
            self.text(&unescape(&rest[..at]));
            match tag {
                "<mark>" if !open => {
                    self.out.push_str("<mark>");
                    open = true;
                }
                "</mark>" if open => {
                    self.out.push_str("</mark>");
                    open = false;
                }
                _ => {}
            }
            rest = &rest[(at + tag.len()).min(rest.len())..];
        }
        if open {
            self.out.push_str("</mark>");
        }
        self
    }

    /// Appends another fragment.
    pub(crate) fn append(&mut self, other: Html) -> &mut Self {
        self.out.push_str(&other.out);
        self
    }

    /// The markup.
    pub(crate) fn into_string(self) -> String {
        self.out
    }
}

/// The text of escaped HTML text: the five entities our escaping and tantivy's produce.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.el("a", &[("href", "/x?a=1&b=\"2\"")], |h| {
            h.text("<script>alert('x')</script>");
        });
        assert_eq!(
            h.into_string(),
            "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>"
        );
    }

    #[test]
    fn text_is_sent_in_nfc() {
        // "Sở" with the horn and the hook as combining marks (NFD).
        let decomposed = "So\u{31b}\u{309} Y te\u{302}\u{301}";
        assert_eq!(escape(decomposed), "Sở Y tế");
    }

    #[test]
    fn snippets_keep_only_marks() {
        let mut h = Html::new();
        h.snippet("a <mark>T&amp;ng</mark> &lt;b&gt; <script>x</script> <mark>open");
        assert_eq!(
            h.into_string(),
            "a <mark>T&amp;ng</mark> &lt;b&gt; &lt;script&gt;x&lt;/script&gt; <mark>open</mark>"
        );
    }

    #[test]
    fn void_elements_have_no_closing_tag() {
        let mut h = Html::new();
        h.void("input", &[("name", "q"), ("value", "\"x\"")]);
        h.el("br", &[], |_| {});
        assert_eq!(
            h.into_string(),
            "<input name=\"q\" value=\"&quot;x&quot;\"><br>"
        );
    }
}
