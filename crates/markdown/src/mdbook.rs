//! mdBook's links preprocessor, for the pages of an mdBook book:
//! `{{#include file}}`, `{{#rustdoc_include file}}`, `{{#playground file}}`
//! and `{{#title text}}`, expanded in the text before it is read, as mdBook
//! expands them. A part of a file is chosen as mdBook chooses it: `:N`
//! (line N), `:N:M`, `:N:`, `::M` (1-based, inclusive) or `:name` (the
//! lines between `ANCHOR: name` and `ANCHOR_END: name`). Files are read as
//! the `include` directive reads them: beside the page, inside the
//! project. `\{{#include ...}}` is the text itself.

use std::path::PathBuf;

use stepdoc_rst::Settings;

use crate::source::Pieces;

/// How deep included files may include others (mdBook's limit).
const MAX_DEPTH: usize = 10;

/// A text with its links expanded.
pub(crate) struct Expanded {
    pub(crate) text: String,
    /// Where the text's bytes lie in the page: an included file's lines
    /// at the link that brought them.
    pub(crate) pieces: Pieces,
    /// Links that could not be expanded: page byte range and message.
    pub(crate) problems: Vec<(usize, usize, String)>,
    /// The files read.
    pub(crate) included: Vec<PathBuf>,
}

/// `text` (the page's, from byte 0) with its links expanded; `None` when
/// it has none.
pub(crate) fn expand(text: &str, settings: &Settings) -> Option<Expanded> {
    if !text.contains("{{#") {
        return None;
    }
    let mut out = Expanded {
        text: String::with_capacity(text.len()),
        pieces: Pieces::new(),
        problems: Vec::new(),
        included: Vec::new(),
    };
    expand_into(text, Some(0), 0, settings, &mut out, 0);
    Some(out)
}

/// One link: `{{#name args}}` at the start of `s`, and its length.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let body = s.strip_prefix("{{#")?;
    let close = body.find("}}")?;
    let inner = &body[..close];
    if inner.contains('\n') {
        return None;
    }
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    matches!(name, "include" | "rustdoc_include" | "playground" | "title").then_some((
        name,
        args.trim(),
        3 + close + 2,
    ))
}

/// Expand `text` into `out`. `page` is where `text` starts in the page
/// when it is the page's own text; an included file's text lies at
/// `at`, the link that included it.
fn expand_into(
    text: &str,
    page: Option<usize>,
    at: usize,
    settings: &Settings,
    out: &mut Expanded,
    depth: usize,
) {
    let place = |off: usize| page.map_or(at, |p| p + off);
    let mut copied = 0;
    let mut i = 0;
    while let Some(k) = text[i..].find("{{#") {
        let start = i + k;
        // `\{{#...}}`: the link's text, without the backslash.
        if start > 0 && text.as_bytes()[start - 1] == b'\\' {
            push(out, &text[copied..start - 1], page.map(|p| p + copied), at);
            copied = start;
            i = start + 3;
            continue;
        }
        let Some((name, args, len)) = link(&text[start..]) else {
            i = start + 3;
            continue;
        };
        push(out, &text[copied..start], page.map(|p| p + copied), at);
        let here = place(start);
        let end = place(start + len);
        copied = start + len;
        i = copied;
        if name == "title" {
            continue;
        }
        if depth >= MAX_DEPTH {
            out.problems.push((
                here,
                end,
                format!("mdBook `{{{{#{name}}}}}`: files include one another more than {MAX_DEPTH} deep."),
            ));
            continue;
        }
        let (path, part) = split_part(args);
        let file = match stepdoc_rst::read_included(settings, path) {
            Ok(f) => f,
            Err(e) => {
                out.problems
                    .push((here, end, format!("mdBook `{{{{#{name} {args}}}}}`: {e}.")));
                continue;
            }
        };
        if let Some(real) = &file.real {
            out.included.push(real.clone());
        }
        let content = String::from_utf8_lossy(&file.bytes).into_owned();
        let chosen = match name {
            "rustdoc_include" => rustdoc_lines(&content, part),
            _ => lines_of(&content, part),
        };
        let Some(chosen) = chosen else {
            out.problems.push((
                here,
                end,
                format!(
                    "mdBook `{{{{#{name} {args}}}}}`: no anchor `{}` in the file.",
                    part.unwrap_or("")
                ),
            ));
            continue;
        };
        let mut inner = settings.clone();
        if let Some(real) = file.real {
            inner.source_path = Some(real);
        }
        if name == "playground" {
            push(out, "```rust\n", None, here);
            expand_into(&chosen, None, here, &inner, out, depth + 1);
            push(out, "\n```", None, here);
        } else {
            expand_into(&chosen, None, here, &inner, out, depth + 1);
        }
    }
    push(out, &text[copied..], page.map(|p| p + copied), at);
}

/// Append `s` to the text: from page offset `page` on when it is the
/// page's own, else every line of it at `at`.
fn push(out: &mut Expanded, s: &str, page: Option<usize>, at: usize) {
    if s.is_empty() {
        return;
    }
    match page {
        Some(p) => {
            out.pieces.push(out.text.len(), p);
            out.text.push_str(s);
        }
        None => {
            for line in s.split_inclusive('\n') {
                out.pieces.push(out.text.len(), at);
                out.text.push_str(line);
            }
        }
    }
}

/// `path:part` of a link's arguments (the part after the first `:`, when
/// what follows a `:` is a line range or an anchor name).
fn split_part(args: &str) -> (&str, Option<&str>) {
    let args = args.split_whitespace().next().unwrap_or("");
    match args.split_once(':') {
        Some((path, part)) => (path, Some(part)),
        None => (args, None),
    }
}

/// The 0-based, end-exclusive line range `part` names, or the anchor
/// name it is.
enum Part<'a> {
    Lines(usize, usize),
    Anchor(&'a str),
}

fn part_of(part: &str, count: usize) -> Part<'_> {
    let num = |s: &str| s.trim().parse::<usize>().ok();
    match part.split_once(':') {
        Some((a, b))
            if (a.is_empty() || num(a).is_some()) && (b.is_empty() || num(b).is_some()) =>
        {
            let from = num(a).map_or(0, |n| n.saturating_sub(1));
            let to = num(b).unwrap_or(count);
            Part::Lines(from, to.max(from))
        }
        None if num(part).is_some() => {
            let n = num(part).unwrap_or(1).saturating_sub(1);
            Part::Lines(n, n + 1)
        }
        _ => Part::Anchor(part),
    }
}

/// Whether `line` is an anchor marker (`ANCHOR: name`, `ANCHOR_END: name`).
fn marker(line: &str, kind: &str) -> Option<String> {
    let at = line.find(kind)?;
    let rest = &line[at + kind.len()..];
    let name: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The lines of `content` `part` chooses (all without one); `None` for
/// an anchor the file does not have.
fn lines_of(content: &str, part: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = content.lines().collect();
    let Some(part) = part else {
        return Some(content.trim_end_matches('\n').to_string());
    };
    match part_of(part, lines.len()) {
        Part::Lines(from, to) => Some(
            lines
                .get(from.min(lines.len())..to.min(lines.len()))
                .unwrap_or(&[])
                .join("\n"),
        ),
        Part::Anchor(name) => {
            let mut inside = false;
            let mut found = false;
            let mut out = Vec::new();
            for line in &lines {
                if marker(line, "ANCHOR_END:").as_deref() == Some(name) {
                    if inside {
                        break;
                    }
                    continue;
                }
                if marker(line, "ANCHOR:").as_deref() == Some(name) {
                    inside = true;
                    found = true;
                    continue;
                }
                if inside
                    && marker(line, "ANCHOR:").is_none()
                    && marker(line, "ANCHOR_END:").is_none()
                {
                    out.push(*line);
                }
            }
            found.then(|| out.join("\n"))
        }
    }
}

/// `rustdoc_include`: the whole file, the lines out of `part` hidden as
/// rustdoc hides them (`# ` before them), anchor lines dropped.
fn rustdoc_lines(content: &str, part: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = content.lines().collect();
    let Some(part) = part else {
        return Some(content.trim_end_matches('\n').to_string());
    };
    let keep: Vec<bool> = match part_of(part, lines.len()) {
        Part::Lines(from, to) => (0..lines.len()).map(|i| i >= from && i < to).collect(),
        Part::Anchor(name) => {
            let mut inside = false;
            let mut found = false;
            let keep = lines
                .iter()
                .map(|line| {
                    if marker(line, "ANCHOR_END:").as_deref() == Some(name) {
                        inside = false;
                    } else if marker(line, "ANCHOR:").as_deref() == Some(name) {
                        inside = true;
                        found = true;
                    }
                    inside
                })
                .collect();
            if !found {
                return None;
            }
            keep
        }
    };
    Some(
        lines
            .iter()
            .zip(keep)
            .filter(|(l, _)| marker(l, "ANCHOR:").is_none() && marker(l, "ANCHOR_END:").is_none())
            .map(|(l, k)| if k { l.to_string() } else { format!("# {l}") })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "fn main() {\n    // ANCHOR: body\n    let x = 1;\n    println!(\"{x}\");\n    // ANCHOR_END: body\n}\n";

    #[test]
    fn parts_are_lines_or_anchors() {
        assert_eq!(lines_of(FILE, Some("3")).as_deref(), Some("    let x = 1;"));
        assert_eq!(
            lines_of(FILE, Some("3:4")).as_deref(),
            Some("    let x = 1;\n    println!(\"{x}\");")
        );
        assert_eq!(
            lines_of(FILE, Some("5:")).as_deref(),
            Some("    // ANCHOR_END: body\n}")
        );
        assert_eq!(lines_of(FILE, Some(":1")).as_deref(), Some("fn main() {"));
        assert_eq!(
            lines_of(FILE, Some("body")).as_deref(),
            Some("    let x = 1;\n    println!(\"{x}\");")
        );
        assert_eq!(lines_of(FILE, Some("nope")), None);
        assert_eq!(
            rustdoc_lines(FILE, Some("body")).as_deref(),
            Some("# fn main() {\n    let x = 1;\n    println!(\"{x}\");\n# }")
        );
    }

    #[test]
    fn links_expand_in_place_and_escaped_ones_stay() {
        let dir = std::env::temp_dir().join(format!("stepdoc-mdbook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("main.rs"), FILE).expect("write");
        let page = dir.join("page.md");
        let settings = Settings {
            source_path: Some(page.clone()),
            source_root: Some(dir.clone()),
            ..Settings::default()
        };
        let text = "{{#title T}}\n```rust\n{{#include main.rs:body}}\n```\n\\{{#include main.rs}} and {{#include gone.rs}}\n";
        let e = expand(text, &settings).expect("links");
        assert_eq!(
            e.text,
            "\n```rust\n    let x = 1;\n    println!(\"{x}\");\n```\n{{#include main.rs}} and \n"
        );
        // The included lines lie at the link; the rest where it was.
        assert_eq!(e.pieces.page(9), 21);
        assert_eq!(e.pieces.page(e.text.find("```\n{{").unwrap_or(0)), 47);
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert!(e.problems[0].2.contains("gone.rs"), "{:?}", e.problems);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
