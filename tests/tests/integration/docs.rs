//! The links of the documentation: in every Markdown file of the repository, every relative
//! link `[text](path)` and `[text](path#anchor)` names a file or folder that exists, and every
//! anchor, within a file or into another `.md` file, is the GitHub slug of one of its headings.
//! External links (`https:`, `mailto:`…) are not fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Folders never walked: build output, git, hidden folders, and what fuzzing leaves behind.
fn skipped(dir: &Path, root: &Path) -> bool {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    name == "target"
        || name.starts_with('.')
        || [
            "fuzz/corpus",
            "fuzz/artifacts",
            "fuzz/coverage",
            "biokg-data",
            "data-dir",
        ]
        .iter()
        .any(|p| rel == Path::new(p))
}

/// Every `.md` file below `root`, sorted.
fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !skipped(&path, root) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The lines of a Markdown text outside fenced code blocks, with their numbers (from 1).
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => out.push((i + 1, line)),
            _ => {}
        }
    }
    out
}

/// A line without its code spans (`` `…` ``), which hold text, not links.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let delimiter = &rest[start..start + ticks];
        out.push_str(&rest[..start]);
        match rest[start + ticks..].find(delimiter) {
            Some(end) => rest = &rest[start + ticks + end + ticks..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The targets of the inline links and images of a line: what stands between `](` and its
/// closing parenthesis, without a title.
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut out = Vec::new();
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let inner = after[..end].trim();
        let target = match inner.strip_prefix('<') {
            Some(t) => t.split('>').next().unwrap_or(""),
            None => inner.split_whitespace().next().unwrap_or(""),
        };
        out.push(target.to_string());
        rest = &after[end..];
    }
    out
}

/// The anchor GitHub gives a heading: lowercase, the text of links and code kept, punctuation
/// dropped (letters, digits, marks, `-` and `_` stay), spaces made hyphens.
fn slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // `[text](url)` counts as its text.
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..open + mid]);
        rest = &rest[open + mid + close + 1..];
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown text's headings, with GitHub's `-1`, `-2`… for repeats.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let hashes = line.len() - line.trim_start_matches('#').len();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let title = line[hashes..].trim().trim_end_matches('#').trim_end();
        let base = slug(title);
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

/// `%20` and other escapes of a link's path, decoded.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%'
            && let Some(Ok(b)) = escape.map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a/./b/../c` as `a/c`, without asking the file system (a link may not leave the tree).
fn normalised(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every broken link of the Markdown files below `root`, as `file:line: target: reason`.
fn broken_links(root: &Path) -> Vec<String> {
    let root = normalised(&std::path::absolute(root).unwrap());
    let mut anchor_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut anchors_of = |file: &Path| -> BTreeSet<String> {
        anchor_cache
            .entry(file.to_path_buf())
            .or_insert_with(|| anchors(&std::fs::read_to_string(file).unwrap_or_default()))
            .clone()
    };
    let mut problems = Vec::new();
    for file in markdown_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(&root).unwrap().display().to_string();
        for (number, line) in prose_lines(&text) {
            for target in link_targets(line) {
                let scheme = target
                    .split_once(':')
                    .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/') && !s.contains('#'));
                if scheme {
                    continue; // external: not fetched
                }
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target.as_str(), None),
                };
                let resolved = if path.is_empty() {
                    file.clone()
                } else if let Some(from_root) = path.strip_prefix('/') {
                    normalised(&root.join(percent_decoded(from_root)))
                } else {
                    normalised(&file.parent().unwrap().join(percent_decoded(path)))
                };
                let mut problem = |reason: String| {
                    problems.push(format!("{shown}:{number}: ({target}): {reason}"));
                };
                if target.is_empty() {
                    problem("empty link".into());
                    continue;
                }
                if !resolved.starts_with(&root) {
                    problem("leaves the repository".into());
                    continue;
                }
                if !resolved.exists() {
                    problem(format!(
                        "{} does not exist",
                        resolved.strip_prefix(&root).unwrap().display()
                    ));
                    continue;
                }
                let Some(anchor) = anchor else { continue };
                if resolved.extension().is_some_and(|e| e == "md") {
                    let known = anchors_of(&resolved);
                    if !known.contains(&percent_decoded(anchor)) {
                        problem(format!(
                            "no heading of {} has the anchor #{anchor}",
                            resolved.strip_prefix(&root).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn every_relative_link_and_anchor_of_the_docs_resolves() {
    let root = root();
    let files = markdown_files(&root);
    // The walk must see the documents that matter, or the check below proves nothing.
    for must in [
        "README.md",
        "ARCHITECTURE.md",
        "BENCHMARKS.md",
        "docs/README.md",
        "docs/api.md",
        "docs/queries.md",
        "data/README.md",
        "ontology/README.md",
    ] {
        assert!(
            files.contains(&root.join(must)),
            "{must} not found by the walk"
        );
    }
    let problems = broken_links(&root);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn github_slugs_of_headings() {
    for (heading, anchor) in [
        ("Writes and authorization", "writes-and-authorization"),
        ("Search inside SPARQL", "search-inside-sparql"),
        (
            "National-scale data (`bench/load-scale.sh`, `biokg-gen`)",
            "national-scale-data-benchload-scalesh-biokg-gen",
        ),
        (
            "1. Tasks led by Sở Y tế (the Department of Health), in table order.",
            "1-tasks-led-by-sở-y-tế-the-department-of-health-in-table-order",
        ),
        ("See [the graph](data.md#x) now", "see-the-graph-now"),
        ("snake_case **bold**", "snake_case-bold"),
    ] {
        assert_eq!(slug(heading), anchor, "{heading}");
    }
    let text = "# A\n## A\n```\n# not a heading\n```\n### B ###\n";
    assert_eq!(
        anchors(text),
        ["a", "a-1", "b"].into_iter().map(String::from).collect()
    );
}

#[test]
fn links_are_read_outside_code() {
    assert_eq!(
        link_targets("see [`x.md`](x.md#a) and ![img](img/a.png \"title\"), not `[c](d)`"),
        vec!["x.md#a", "img/a.png"]
    );
    assert_eq!(
        link_targets("[w](https://en.wikipedia.org/wiki/A_(b)) [l](<a b.md>)"),
        vec!["https://en.wikipedia.org/wiki/A_(b)", "a b.md"]
    );
    assert_eq!(prose_lines("a\n```\n[x](y)\n```\nb").len(), 2);
}

#[test]
fn a_broken_link_or_anchor_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "README.md",
        "# Top\n\n## Part one\n\n[ok](docs/a.md#details) [ok](#part-one) [ok](docs/) \
         [ok](https://example.org/nowhere)\n\n[gone](docs/missing.md) [bad](docs/a.md#nope) \
         [bad](#part-two)\n\n```\n[in code](nowhere.md)\n```\n",
    );
    write(
        "docs/a.md",
        "# A\n\n## Details\n\n[up](../README.md#top) [out](../../x.md)\n",
    );
    write("target/ignored.md", "[gone](nowhere.md)\n");
    let problems = broken_links(dir.path());
    assert_eq!(
        problems,
        vec![
            "README.md:7: (docs/missing.md): docs/missing.md does not exist",
            "README.md:7: (docs/a.md#nope): no heading of docs/a.md has the anchor #nope",
            "README.md:7: (#part-two): no heading of README.md has the anchor #part-two",
            "docs/a.md:5: (../../x.md): leaves the repository",
        ],
        "{problems:#?}"
    );
}
