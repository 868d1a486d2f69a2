//! HTML snippets: the text around a match, escaped, with `<mark>` around the matched words.

use std::ops::Range;

use tantivy::snippet::{Snippet, SnippetGenerator};

/// Longest snippet, in bytes of the original text (tantivy's fragmenter counts bytes; for
/// Vietnamese that is about 120 to 160 visible characters).
pub(crate) const SNIPPET_BYTES: usize = 240;
/// Longest fallback snippet (start of the text) in characters.
const LEAD_CHARS: usize = 160;
const ELLIPSIS: &str = "…";

/// Appends `s` to `out` with `& < > " '` escaped, so the result is safe in HTML text and in
/// quoted attributes alike: the one HTML escaper of the workspace (the server's pages use it
/// too).
pub fn escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// HTML-escapes a string.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html(&mut out, s);
    out
}

/// Renders a fragment with its highlighted byte ranges (relative to the fragment) as HTML.
fn render(fragment: &str, highlighted: &[Range<usize>]) -> String {
    let mut ranges: Vec<Range<usize>> = highlighted
        .iter()
        .filter(|r| r.start < r.end && r.end <= fragment.len())
        .cloned()
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(fragment.len() + 16 * ranges.len());
    let mut at = 0;
    for range in ranges {
        if range.start < at {
            continue; // overlapping: the earlier mark already covers it
        }
        escape_html(&mut out, &fragment[at..range.start]);
        out.push_str("<mark>");
        escape_html(&mut out, &fragment[range.clone()]);
        out.push_str("</mark>");
        at = range.end;
    }
    escape_html(&mut out, &fragment[at..]);
    out
}

/// The highlighted HTML of the best fragment of `text`, or `None` when no query word is in it.
///
/// Tantivy's fragment runs from the start of a word to the end of a word; it is widened to the
/// surrounding whitespace so that punctuation stuck to its first and last words (quotes,
/// brackets, the final full stop) is kept, and an ellipsis marks text cut on either side.
pub(crate) fn highlight(generator: &SnippetGenerator, text: &str) -> Option<String> {
    let snippet: Snippet = generator.snippet(text);
    if snippet.highlighted().is_empty() {
        return None;
    }
    let range = snippet.fragment_range();
    let start = text[..range.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let shift = range.start - start;
    let highlighted: Vec<Range<usize>> = snippet
        .highlighted()
        .iter()
        .map(|r| r.start + shift..r.end + shift)
        .collect();
    let mut html = String::new();
    if !text[..start].trim().is_empty() {
        html.push_str(ELLIPSIS);
    }
    html.push_str(&render(&text[start..end], &highlighted));
    if !text[end..].trim().is_empty() {
        html.push_str(ELLIPSIS);
    }
    Some(html)
}

/// The escaped start of `text`, cut at a word boundary, with an ellipsis when cut.
pub(crate) fn lead(text: &str) -> String {
    let text = text.trim();
    let Some((cut, _)) = text.char_indices().nth(LEAD_CHARS) else {
        return escape(text);
    };
    // Back up to the last whitespace so no word is cut in half (unless there is none).
    let end = text[..cut]
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .unwrap_or(cut);
    let mut html = escape(text[..end].trim_end());
    html.push_str(ELLIPSIS);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_html_specials() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn render_marks_and_escapes() {
        let fragment = "a <b> Tằng & Loỏng";
        let tang = fragment.find("Tằng").unwrap();
        let loong = fragment.find("Loỏng").unwrap();
        let html = render(
            fragment,
            &[loong..loong + "Loỏng".len(), tang..tang + "Tằng".len()],
        );
        assert_eq!(
            html,
            "a &lt;b&gt; <mark>Tằng</mark> &amp; <mark>Loỏng</mark>"
        );
    }

    #[test]
    fn lead_cuts_at_word_boundary() {
        assert_eq!(lead("  ngắn <gọn>  "), "ngắn &lt;gọn&gt;");
        let long = "dược liệu ".repeat(40);
        let html = lead(&long);
        assert!(html.ends_with("liệu…"), "{html}");
        assert!(html.chars().count() <= LEAD_CHARS + 1);
    }
}
