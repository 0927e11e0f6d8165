//! Escaping doc text for CommonMark (as mdBook's pulldown-cmark reads it),
//! so that no text of a page can become Markdown or HTML markup.

/// Escape inline text. `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `&`,
/// `|`, `~`, `!`, `$` and `^` are always escaped; `#`, `+`, `-`, `=`, and a
/// number followed by `.` or `)` only where a line starts (where they would
/// open a block).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_line_start = true;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            out.push('\n');
            at_line_start = true;
            i += 1;
            continue;
        }
        if at_line_start {
            // Indentation would make a code block: drop it.
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            if matches!(c, '#' | '+' | '-' | '=' | '>') {
                out.push('\\');
                out.push(c);
                at_line_start = false;
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    out.push(chars[j]);
                    j += 1;
                }
                if j < chars.len() && matches!(chars[j], '.' | ')') {
                    out.push('\\');
                    out.push(chars[j]);
                    j += 1;
                }
                i = j;
                at_line_start = false;
                continue;
            }
        }
        at_line_start = false;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Text on one line (table cells, headings): line breaks become spaces.
pub fn line(s: &str) -> String {
    text(&s.split_whitespace().collect::<Vec<_>>().join(" "))
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
            text("# not a title\n1. not a list"),
            "\\# not a title\n1\\. not a list"
        );
        assert_eq!(text("[x] | y"), "\\[x\\] \\| y");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(url("a b(c)"), "a%20b%28c%29");
    }
}
