//! Span invariants, on generated documents (a small deterministic
//! generator mixing sections, lists, tables, directives, inline markup and
//! odd characters) and on every file of the shared corpus:
//!
//! - every span lies inside the source: `start <= end <= len`, both on
//!   character boundaries, `line` and `col` at least 1, and `line` is the
//!   line holding `start`;
//! - every child's parent link points back at its parent;
//! - a child's span lies inside its parent's;
//! - siblings are in source order: each starts at or after the start of
//!   the previous one.
//!
//! One exception, where docutils' tree itself is not in source order:
//! `system_message` nodes. docutils appends a message where the parser is
//! when it notices the problem (after the paragraph whose inline markup is
//! wrong, at the end of a section for a title level problem, in a figure's
//! legend for its caption's markup...), while the message's span is the
//! line it is about. So a message is exempt from the sibling order and
//! from lying inside its parent; it is still checked for bounds, and its
//! own children (its paragraph, the quoted source) are checked against it.
//!
//! The same holds for what directives place elsewhere than where they
//! stand: `decoration` (`header`, `footer`: the start of the document),
//! `pending` (`contents`, `sectnum`, `target-notes` leave their transform
//! where docutils applies it), and the sections and `subtitle` that the
//! `title` and `include` directives put in the document's flow.

use std::path::Path;

use stepdoc::rst::{Document, NodeId, Settings, Span, Tag, parse, parse_bytes};

/// Tags docutils puts where the parser notices a problem, not where its
/// source is.
fn placed_out_of_order(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::SystemMessage | Tag::Decoration | Tag::Pending | Tag::Subtitle
    )
}

/// Byte offsets where lines start, with docutils' line boundaries.
fn line_starts(src: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut it = src.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(
            c,
            '\n' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            let mut next = i + c.len_utf8();
            if c == '\r' && src.as_bytes().get(next) == Some(&b'\n') {
                it.next();
                next += 1;
            }
            starts.push(next);
        }
    }
    starts
}

/// 1-based line holding byte `pos`. A position just past a line's end
/// (an empty span at the end of a line) belongs to that line.
fn line_of(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos).max(1)
}

/// Check every invariant; return the violations, one line each.
fn violations(doc: &Document) -> Vec<String> {
    let src = &doc.source;
    let len = src.len() as u32;
    let t = &doc.tree;
    let starts = line_starts(src);
    let mut out = Vec::new();
    let show = |n: NodeId| {
        let s = t.get(n).span;
        let text = src
            .get(s.start as usize..s.end as usize)
            .unwrap_or("<bad>")
            .chars()
            .take(40)
            .collect::<String>();
        format!("{} {:?} {:?}", t.tag(n), s, text)
    };
    for n in t.descendants(doc.root) {
        let s = t.get(n).span;
        if !(s.start <= s.end && s.end <= len) {
            out.push(format!("out of bounds (len {len}): {}", show(n)));
            continue;
        }
        if !src.is_char_boundary(s.start as usize) || !src.is_char_boundary(s.end as usize) {
            out.push(format!("not on a char boundary: {}", show(n)));
            continue;
        }
        if s.line < 1 || s.col < 1 {
            out.push(format!("line/col below 1: {}", show(n)));
        } else if line_of(&starts, s.start as usize) != s.line as usize {
            out.push(format!(
                "line {} but start on line {}: {}",
                s.line,
                line_of(&starts, s.start as usize),
                show(n)
            ));
        }
        if let Some(p) = t.parent(n) {
            let ps = t.get(p).span;
            let exempt = placed_out_of_order(t.tag(n));
            if !(exempt || ps.start <= s.start && s.end <= ps.end) {
                out.push(format!("child outside parent: {} in {}", show(n), show(p)));
            }
        }
        let mut prev: Option<(NodeId, Span)> = None;
        for &c in t.children(n) {
            if t.parent(c) != Some(n) {
                out.push(format!(
                    "child whose parent is {:?}: {}",
                    t.parent(c),
                    show(c)
                ));
            }
            if placed_out_of_order(t.tag(c)) {
                continue;
            }
            let cs = t.get(c).span;
            if let Some((p, ps)) = prev
                && cs.start < ps.start
            {
                out.push(format!(
                    "sibling out of order: {} after {}",
                    show(c),
                    show(p)
                ));
            }
            prev = Some((c, cs));
        }
    }
    out
}

fn assert_spans(doc: &Document, what: &str, input: &str) {
    let v = violations(doc);
    assert!(
        v.is_empty(),
        "{what}: {} span violations, first ones:\n{}\n--- input (first 2000 bytes)\n{}",
        v.len(),
        v.iter().take(8).cloned().collect::<Vec<_>>().join("\n"),
        input.get(..input.len().min(2000)).unwrap_or(input)
    );
}

// ----- a small deterministic generator ---------------------------------------

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "alpha",
    "étape",
    "données",
    "x",
    "a_b",
    "naïve",
    "日本語",
    "emoji🙂",
    "tab\there",
    "end.",
    "(paren)",
    "'quote'",
    "\"dq\"",
    "--",
    "a*b",
    "`x",
    "|y",
    "_z",
    "\\*",
    "\u{a0}",
    "Ω",
    "1.",
];

const INLINE: &[&str] = &[
    "*emph*",
    "**strong**",
    "``literal``",
    "`interpreted`",
    ":emphasis:`role`",
    ":unknown:`role`",
    "`link <https://example.org>`_",
    "`anon`__",
    "ref_",
    "`phrase ref`_",
    "[1]_",
    "[#]_",
    "[*]_",
    "[CIT]_",
    "|sub|",
    "|sub|_",
    "https://example.org/path",
    "user@example.org",
    "_`inline target`",
    "*unclosed",
    "**unclosed",
    "``unclosed",
    "`unclosed",
    "|unclosed",
    "*",
    "\\`esc\\`",
    ":sup:`2`",
    ":code:`x = 1`",
    ":math:`a^2`",
    "`a`:title:",
];

fn inline_text(r: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        if r.chance(30) {
            s.push_str(r.pick(INLINE));
        } else {
            s.push_str(r.pick(WORDS));
        }
    }
    s
}

fn paragraph(r: &mut Rng, indent: &str) -> String {
    let lines = 1 + r.below(3);
    let mut s = String::new();
    for _ in 0..lines {
        let n = 1 + r.below(8);
        s.push_str(indent);
        s.push_str(&inline_text(r, n));
        s.push('\n');
    }
    s
}

fn title(r: &mut Rng) -> String {
    let k = 1 + r.below(3);
    let text = inline_text(r, k);
    let ch = r.pick(&["=", "-", "~", "^", "*", "#"]);
    let width = text.chars().count().max(1) + r.below(3);
    let line = ch.repeat(width);
    if r.chance(30) {
        format!("{line}\n{text}\n{line}\n")
    } else if r.chance(5) {
        // Too short an underline: a warning, or a paragraph.
        format!("{text}\n{}\n", ch.repeat(2))
    } else {
        format!("{text}\n{line}\n")
    }
}

fn grid_table(r: &mut Rng, indent: &str) -> String {
    let cols = 1 + r.below(3);
    let rows = 1 + r.below(3);
    let w = 8;
    let border = |c: char| {
        let mut s = String::from(indent);
        for _ in 0..cols {
            s.push('+');
            s.extend(std::iter::repeat_n(c, w));
        }
        s.push_str("+\n");
        s
    };
    let mut s = border('-');
    for row in 0..rows {
        s.push_str(indent);
        for _ in 0..cols {
            let cell: String = r
                .pick(&["a", "*b*", "``c``", "é", "日本", "", "d e"])
                .into();
            let pad = w.saturating_sub(1 + cell.chars().count());
            s.push_str(&format!("| {cell}{}", " ".repeat(pad)));
        }
        s.push_str("|\n");
        s.push_str(&border(if row == 0 && r.chance(50) { '=' } else { '-' }));
    }
    if r.chance(10) {
        // Malformed: a missing right border.
        s.push_str(indent);
        s.push_str("| broken\n");
    }
    s
}

fn simple_table(r: &mut Rng, indent: &str) -> String {
    let rows = 1 + r.below(4);
    let mut s = format!("{indent}=====  =====\n");
    if r.chance(50) {
        s.push_str(&format!("{indent}A      B\n{indent}=====  =====\n"));
    }
    for _ in 0..rows {
        let a = r.pick(&["1", "*x*", "é", "a b", "\\", "``l``"]);
        let b = r.pick(&["2", "y", "long text here", "", "日本"]);
        s.push_str(&format!("{indent}{a:<5}  {b}\n"));
    }
    s.push_str(&format!("{indent}=====  =====\n"));
    s
}

fn block(r: &mut Rng, indent: &str, depth: usize) -> String {
    let deeper = format!("{indent}   ");
    let choice = if depth > 3 { r.below(4) } else { r.below(20) };
    match choice {
        0..=3 => paragraph(r, indent),
        4 => {
            let mut s = String::new();
            let bullet = r.pick(&["-", "*", "+", "•"]);
            for _ in 0..1 + r.below(3) {
                let body = block(r, &format!("{indent}  "), depth + 1);
                let body = body.trim_start().to_string();
                s.push_str(&format!("{indent}{bullet} {body}"));
                if r.chance(50) {
                    s.push('\n');
                }
            }
            s
        }
        5 => {
            let mut s = String::new();
            let style = r.below(4);
            for i in 1..=1 + r.below(3) {
                let label = match style {
                    0 => format!("{i}."),
                    1 => format!("({i})"),
                    2 => "#.".to_string(),
                    _ => format!("{})", (b'a' + i as u8) as char),
                };
                let body = paragraph(r, &format!("{indent}    "));
                s.push_str(&format!("{indent}{label} {}", body.trim_start()));
            }
            s
        }
        6 => {
            let k = 1 + r.below(2);
            let term = inline_text(r, k);
            let classifier = if r.chance(30) { " : classifier" } else { "" };
            format!(
                "{indent}{term}{classifier}\n{}",
                block(r, &deeper, depth + 1)
            )
        }
        7 => {
            let name = r.pick(&["field", "Author", "date", "a b", "x_y"]);
            format!(
                "{indent}:{name}: {}",
                block(r, &deeper, depth + 1).trim_start()
            )
        }
        8 => format!("{indent}-a  option\n{indent}--long=VAL  another option\n"),
        9 => {
            let code = format!("{deeper}code *not* parsed\n{deeper}  more\n");
            format!("{indent}Literal::\n\n{code}")
        }
        10 => block(r, &format!("{indent}    "), depth + 1),
        11 => {
            let name = r.pick(&[
                "note",
                "warning",
                "admonition",
                "topic",
                "sidebar",
                "container",
                "rubric",
                "code-block",
                "code",
                "image",
                "figure",
                "raw",
                "unknown-directive",
                "contents",
                "table",
                "csv-table",
                "list-table",
                "math",
                "compound",
                "epigraph",
                "line-block",
                "parsed-literal",
                "include",
                "replace",
                "class",
                "role",
                "default-role",
                "title",
                "meta",
                "toctree",
            ]);
            let arg = r.pick(&["", " arg", " python", " images/x.png", " Title *x*", " a,b"]);
            let mut s = format!("{indent}.. {name}::{arg}\n");
            if r.chance(50) {
                s.push_str(&format!(
                    "{deeper}:{}: {}\n",
                    r.pick(&["class", "name", "width", "header-rows", "bogus", "alt"]),
                    r.pick(&["1", "x", "", "50%"])
                ));
            }
            if name == "csv-table" {
                s.push_str(&format!("\n{deeper}\"a\", b\n{deeper}1, \"2\"\n"));
            } else if name == "list-table" {
                s.push_str(&format!(
                    "\n{deeper}* - a\n{deeper}  - b\n{deeper}* - c\n{deeper}  - d\n"
                ));
            } else if r.chance(80) {
                s.push('\n');
                s.push_str(&block(r, &deeper, depth + 1));
            }
            s
        }
        12 => {
            let t = r.pick(&[
                ".. _target: https://example.org\n",
                ".. _ref: `embedded`_\n",
                ".. __: https://anon.example\n",
                ".. [1] A footnote.\n",
                ".. [#] Auto footnote.\n",
                ".. [#label] Labelled.\n",
                ".. [*] Symbol.\n",
                ".. [CIT] A citation.\n",
                ".. |sub| replace:: *replaced*\n",
                ".. |sub| image:: x.png\n",
                ".. |bad| unknown:: x\n",
                ".. a comment\n   over lines\n",
                "..\n",
                ".. _dup:\n.. _dup:\n",
            ]);
            t.lines().map(|l| format!("{indent}{l}\n")).collect()
        }
        13 => grid_table(r, indent),
        14 => simple_table(r, indent),
        15 => format!("{indent}| line *one*\n{indent}|    line two\n{indent}| \n"),
        16 => format!("{indent}>>> print('doctest')\n{indent}doctest\n"),
        17 => {
            if indent.is_empty() {
                "----------\n".to_string()
            } else {
                paragraph(r, indent)
            }
        }
        18 => {
            let odd = r.pick(&[
                "\t\tindented by tabs\n",
                "text\x0bwith vt\n",
                "a\u{2028}b\n",
                "line\r\nwith crlf\r\n",
                "cr\ronly\r",
                "\u{feff}bom inside\n",
                "zero\u{200b}width\n",
                "combining e\u{301}\n",
                "wide 日本語 text\n",
                "\u{85}next line\n",
                "trailing spaces   \n",
                "nul \0 char\n",
            ]);
            format!("{indent}{odd}")
        }
        _ => {
            // An attribution-carrying block quote.
            format!(
                "{indent}    quoted {}\n\n{indent}    -- Author\n",
                inline_text(r, 3)
            )
        }
    }
}

fn document(seed: u64) -> String {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut s = String::new();
    if r.chance(20) {
        s.push_str(":Author: someone\n:Version: 1\n\n");
    }
    for _ in 0..1 + r.below(8) {
        if r.chance(25) {
            s.push_str(&title(&mut r));
            s.push('\n');
        }
        s.push_str(&block(&mut r, "", 0));
        if r.chance(85) {
            s.push('\n');
        }
    }
    s
}

#[test]
fn generated_documents_keep_span_invariants() {
    let n = if cfg!(debug_assertions) {
        3_000
    } else {
        20_000
    };
    let settings = Settings::default();
    let mut failures = Vec::new();
    for seed in 0..n {
        let text = document(seed);
        let doc = parse(&text, &settings, "gen");
        let v = violations(&doc);
        if !v.is_empty() {
            failures.push((seed, text, v));
        }
    }
    if let Some((seed, text, v)) = failures.first() {
        panic!(
            "{} of {n} generated documents break span invariants; seed {seed}:\n{}\n--- input\n{text}",
            failures.len(),
            v.iter().take(8).cloned().collect::<Vec<_>>().join("\n"),
        );
    }
}

#[test]
fn corpus_files_keep_span_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    files.extend(stepdoc::sources::rst_files(&root));
    assert!(
        files.len() > 1000,
        "the shared corpus is beside the repository"
    );
    let settings = Settings::default();
    let mut bad = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = path.display().to_string();
        let Ok(doc) = parse_bytes(&bytes, &settings, &name) else {
            continue;
        };
        let v = violations(&doc);
        if !v.is_empty() {
            bad.push((name, v));
        }
    }
    if !bad.is_empty() {
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        for (_, v) in &bad {
            for line in v {
                let key: String = line.split(['{', '"']).next().unwrap_or("").to_string();
                let rest: String = line
                    .split(" in ")
                    .nth(1)
                    .map(|x| x.split(' ').next().unwrap_or("").to_string())
                    .unwrap_or_default();
                *kinds.entry(format!("{key} / {rest}")).or_default() += 1;
            }
        }
        let mut msg = format!(
            "{} of {} corpus files break span invariants\n",
            bad.len(),
            files.len()
        );
        for (k, c) in &kinds {
            msg.push_str(&format!("{c:6} {k}\n"));
        }
        for (name, v) in bad.iter().take(10) {
            msg.push_str(&format!(
                "{name}: {} violations\n  {}\n",
                v.len(),
                v[..v.len().min(3)].join("\n  ")
            ));
        }
        panic!("{msg}");
    }
}

/// A few shapes written out, so a failure names the construct.
#[test]
fn known_shapes_keep_span_invariants() {
    for text in [
        "Title\n=====\n\nPara *emph* and ``lit``.\n",
        "- a\n- b\n\n  c\n",
        "+---+---+\n| a | b |\n+===+===+\n| c | d |\n+---+---+\n",
        "===  ===\na    b\n===  ===\n",
        ".. note:: body\n\n   more\n",
        "term\n   def\n",
        ":field: body\n",
        "para\n\n    quote\n\n    -- attribution\n",
        "| line\n|  line\n",
        "a\tb *c*\td\n",
        "日本語 *強調* 語\n",
        ".. |s| replace:: x\n\n|s| and |s|\n",
        "`unclosed\n",
        "Title\n===\n",
    ] {
        let doc = parse(text, &Settings::default(), "t");
        assert_spans(&doc, "shape", text);
    }
}

/// Two borders in a row make a zero-height row (generated seed 14166); its
/// empty cells are placed after the rows above, not over them.
#[test]
fn zero_height_table_row_is_in_order() {
    let text = "+---+---+\n| a | b |\n+---+---+\n+---+---+\n";
    let doc = parse(text, &Settings::default(), "t");
    assert_eq!(violations(&doc), Vec::<String>::new());
    let rows: Vec<_> = doc
        .tree
        .descendants(doc.root)
        .into_iter()
        .filter(|&n| doc.tree.tag(n) == Tag::Row)
        .map(|n| doc.tree.get(n).span.line)
        .collect();
    assert_eq!(rows, vec![2, 4]);
}
