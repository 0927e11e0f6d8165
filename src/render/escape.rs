//! Escaping doc text for CommonMark (as mdBook's pulldown-cmark reads it),
//! so that no text of a page can become Markdown or HTML markup.

/// Escape inline text. `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `&`,
/// `|`, `~`, `!`, `$` and `^` are always escaped. What would open a block
/// at the start of a line is handled by [`line_starts`] on the assembled
/// block, since a text node may begin in the middle of a line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Make every line of an assembled block safe where a line starts:
/// indentation (a code block) is dropped; `#`, `+`, `-`, `=`, `>` and a
/// number followed by `.` or `)` are escaped. Markup that stepdoc itself
/// emits inline never begins with these.
pub fn line_starts(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 4);
    for (i, line) in md.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t']);
        let mut chars = line.char_indices().peekable();
        match chars.peek().map(|&(_, c)| c) {
            Some('#' | '+' | '-' | '=' | '>') => {
                out.push('\\');
                out.push_str(line);
            }
            Some(c) if c.is_ascii_digit() => {
                let digits = line.bytes().take_while(u8::is_ascii_digit).count();
                match line.as_bytes().get(digits) {
                    Some(b'.' | b')') => {
                        out.push_str(&line[..digits]);
                        out.push('\\');
                        out.push_str(&line[digits..]);
                    }
                    _ => out.push_str(line),
                }
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Text on one line (table cells, headings): line breaks become spaces.
pub fn line(s: &str) -> String {
    line_starts(&text(&s.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// A code span holding `s` exactly: enough backticks to fence it.
pub fn code_span(s: &str) -> String {
    let s = s.replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty());
    if pad {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A fenced code block: a fence longer than any backtick run inside.
pub fn code_block(code: &str, lang: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    let lang: String = lang
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        .collect();
    format!("{fence}{lang}\n{}\n{fence}\n", code.trim_end_matches('\n'))
}

/// A link destination: spaces and parentheses percent-encoded, wrapped in
/// angle brackets when needed.
pub fn url(u: &str) -> String {
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// HTML text (for the few places that emit HTML).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(text("a *b* <script>"), "a \\*b\\* \\<script\\>");
        assert_eq!(
            line_starts(&text("# not a title\n  1. not a list\nmid - dash")),
            "\\# not a title\n1\\. not a list\nmid - dash"
        );
        assert_eq!(text(" keeps its space"), " keeps its space");
        assert_eq!(text("[x] | y"), "\\[x\\] \\| y");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(url("a b(c)"), "a%20b%28c%29");
    }
}
