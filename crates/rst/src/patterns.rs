//! Hand-written matchers for docutils' line patterns (`Body.patterns` and the
//! explicit-markup patterns). Each returns where the match ends, as a
//! character index, or `None`. They follow the regular expressions' own
//! backtracking order where it decides the result.

/// Byte index of character `n` of `s` (or `s.len()`).
pub fn char_to_byte(s: &str, n: usize) -> usize {
    if s.is_ascii() {
        return n.min(s.len());
    }
    s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len())
}

/// `s[n:]` in characters.
pub fn skip_chars(s: &str, n: usize) -> &str {
    &s[char_to_byte(s, n)..]
}

/// `s[:n]` in characters.
pub fn take_chars(s: &str, n: usize) -> &str {
    &s[..char_to_byte(s, n)]
}

pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Python's `\w` minus the underscore: what `(?!_)\w` matches.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Python's `\s` on str.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `( +|$)` at char position `pos` of `chars`: the end of the spaces.
fn spaces_or_end(chars: &[char], pos: usize) -> Option<usize> {
    if pos >= chars.len() {
        return Some(pos);
    }
    if chars[pos] != ' ' {
        return None;
    }
    let mut p = pos;
    while p < chars.len() && chars[p] == ' ' {
        p += 1;
    }
    Some(p)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

pub fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ')
}

pub fn bullet(s: &str) -> Option<usize> {
    let c = s.chars().next()?;
    if !matches!(c, '-' | '+' | '*' | '\u{2022}' | '\u{2023}' | '\u{2043}') {
        return None;
    }
    let rest = &s[c.len_utf8()..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces > 0 || rest.is_empty()).then_some(1 + spaces)
}

/// Enumerator formats, in docutils' order of trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumFormat {
    Parens,
    Rparen,
    Period,
}

impl EnumFormat {
    pub fn prefix(self) -> &'static str {
        match self {
            EnumFormat::Parens => "(",
            _ => "",
        }
    }
    pub fn suffix(self) -> &'static str {
        match self {
            EnumFormat::Period => ".",
            _ => ")",
        }
    }
}

fn enum_text_ok(t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    t == "#"
        || t.bytes().all(|b| b.is_ascii_digit())
        || (t.len() == 1 && t.bytes().all(|b| b.is_ascii_alphabetic()))
        || t.bytes().all(|b| b"ivxlcdm".contains(&b))
        || t.bytes().all(|b| b"IVXLCDM".contains(&b))
}

/// The enumerator pattern: (format, enumerator text, match end).
pub fn enumerator(s: &str) -> Option<(EnumFormat, String, usize)> {
    // An enumerator starts with `(`, `#` or an ASCII letter or digit.
    if !s
        .as_bytes()
        .first()
        .is_some_and(|&b| b == b'(' || b == b'#' || b.is_ascii_alphanumeric())
    {
        return None;
    }
    // Only the start of the line can be an enumerator: its characters, and
    // the first character that cannot be one.
    let cut = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '#' | '(' | ')' | '.')))
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    // Every enumerator ends with `.` or `)`: most lines (words) have neither.
    if !s.as_bytes()[..cut].iter().any(|&b| b == b'.' || b == b')') {
        return None;
    }
    let cs = chars(&s[..cut]);
    // The spaces after the enumerator, past the part read.
    let more_spaces = |end: usize| {
        if end == cs.len() && cut < s.len() {
            end + s[cut..].bytes().take_while(|&b| b == b' ').count()
        } else {
            end
        }
    };
    let scan = |start: usize, close: char| -> Option<usize> {
        let mut i = start;
        while i < cs.len() && cs[i].is_ascii_alphanumeric() || (i < cs.len() && cs[i] == '#') {
            i += 1;
        }
        if i < cs.len() && cs[i] == close {
            let t: String = cs[start..i].iter().collect();
            if enum_text_ok(&t) {
                return Some(i);
            }
        }
        None
    };
    let try_fmt = |fmt: EnumFormat| -> Option<(EnumFormat, String, usize)> {
        let start = if fmt == EnumFormat::Parens {
            if cs.first() != Some(&'(') {
                return None;
            }
            1
        } else {
            0
        };
        let close = if fmt == EnumFormat::Period { '.' } else { ')' };
        let i = scan(start, close)?;
        let end = more_spaces(spaces_or_end(&cs, i + 1)?);
        Some((fmt, cs[start..i].iter().collect(), end))
    };
    try_fmt(EnumFormat::Parens)
        .or_else(|| try_fmt(EnumFormat::Rparen))
        .or_else(|| try_fmt(EnumFormat::Period))
}

/// `:(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)`
pub fn field_marker(s: &str) -> Option<usize> {
    if !s.starts_with(':') {
        return None;
    }
    let cs = chars(s);
    if cs.first() != Some(&':') {
        return None;
    }
    if matches!(cs.get(1), None | Some(':') | Some(' ')) {
        return None;
    }
    let mut i = 1;
    while i < cs.len() {
        match cs[i] {
            '\\' => {
                if i + 1 < cs.len() {
                    i += 2;
                } else {
                    return None;
                }
            }
            ':' => {
                let next = cs.get(i + 1);
                match next {
                    None | Some(' ') => {
                        if cs[i - 1] == ' ' {
                            return None;
                        }
                        return spaces_or_end(&cs, i + 1);
                    }
                    Some('`') => return None,
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn optarg_ends(cs: &[char], p: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if p >= cs.len() {
        return out;
    }
    if cs[p].is_ascii_alphabetic() {
        let mut e = p + 1;
        while e < cs.len() && (cs[e].is_ascii_alphanumeric() || cs[e] == '_' || cs[e] == '-') {
            e += 1;
        }
        out.extend((p + 1..=e).rev());
    } else if cs[p] == '<' {
        let mut e = p + 1;
        while e < cs.len() && cs[e] != '<' && cs[e] != '>' {
            e += 1;
        }
        if e < cs.len() && cs[e] == '>' && e > p + 1 {
            out.push(e + 1);
        }
    }
    out
}

fn option_ends(cs: &[char], p: usize) -> Vec<usize> {
    let mut out = Vec::new();
    // shortopt: (-|\+)[a-zA-Z0-9]( ?optarg)?
    if p + 1 < cs.len() && (cs[p] == '-' || cs[p] == '+') && cs[p + 1].is_ascii_alphanumeric() {
        let base = p + 2;
        if base < cs.len() && cs[base] == ' ' {
            out.extend(optarg_ends(cs, base + 1));
        }
        out.extend(optarg_ends(cs, base));
        out.push(base);
    }
    // longopt: (--|/)optname([ =]optarg)?
    let start = if cs.get(p) == Some(&'-') && cs.get(p + 1) == Some(&'-') {
        Some(p + 2)
    } else if cs.get(p) == Some(&'/') {
        Some(p + 1)
    } else {
        None
    };
    if let Some(st) = start
        && st < cs.len()
        && cs[st].is_ascii_alphanumeric()
    {
        let mut e = st + 1;
        while e < cs.len() && (cs[e].is_ascii_alphanumeric() || cs[e] == '_' || cs[e] == '-') {
            e += 1;
        }
        for ne in (st + 1..=e).rev() {
            if ne < cs.len() && (cs[ne] == ' ' || cs[ne] == '=') {
                out.extend(optarg_ends(cs, ne + 1));
            }
            out.push(ne);
        }
    }
    out
}

fn option_list_rest(cs: &[char], p: usize, depth: usize) -> Option<usize> {
    // (, option)* greedy, then (  +| ?$)
    if depth < 64 && p + 1 < cs.len() && cs[p] == ',' && cs[p + 1] == ' ' {
        for e in option_ends(cs, p + 2) {
            if let Some(end) = option_list_rest(cs, e, depth + 1) {
                return Some(end);
            }
        }
    }
    if p + 1 < cs.len() && cs[p] == ' ' && cs[p + 1] == ' ' {
        let mut e = p;
        while e < cs.len() && cs[e] == ' ' {
            e += 1;
        }
        return Some(e);
    }
    if p == cs.len() || (p + 1 == cs.len() && cs[p] == ' ') {
        return Some(cs.len());
    }
    None
}

pub fn option_marker(s: &str) -> Option<usize> {
    // Every option starts with `-`, `+` or `/`.
    if !matches!(s.as_bytes().first(), Some(b'-' | b'+' | b'/')) {
        return None;
    }
    let cs = chars(s);
    for e in option_ends(&cs, 0) {
        if let Some(end) = option_list_rest(&cs, e, 0) {
            return Some(end);
        }
    }
    None
}

fn literal_prefix(s: &str, prefix: &str) -> Option<usize> {
    let rest = s.strip_prefix(prefix)?;
    let n = char_len(prefix);
    if rest.is_empty() {
        return Some(n);
    }
    if !rest.starts_with(' ') {
        return None;
    }
    Some(n + rest.len() - rest.trim_start_matches(' ').len())
}

pub fn doctest(s: &str) -> Option<usize> {
    literal_prefix(s, ">>>")
}
pub fn line_block(s: &str) -> Option<usize> {
    literal_prefix(s, "|")
}
pub fn explicit_markup(s: &str) -> Option<usize> {
    literal_prefix(s, "..")
}
pub fn anonymous(s: &str) -> Option<usize> {
    literal_prefix(s, "__")
}

/// `\+-[-+]+-\+ *$`
pub fn grid_table_top(s: &str) -> bool {
    let t = s.trim_end_matches(' ');
    let b = t.as_bytes();
    b.len() >= 5
        && b[0] == b'+'
        && b[1] == b'-'
        && b[b.len() - 2] == b'-'
        && b[b.len() - 1] == b'+'
        && b.iter().all(|&c| c == b'-' || c == b'+')
}

/// `=+( +=+)+ *$`
pub fn simple_table_top(s: &str) -> bool {
    let t = s.trim_end_matches(' ');
    !t.is_empty()
        && t.starts_with('=')
        && t.ends_with('=')
        && t.contains(' ')
        && t.bytes().all(|c| c == b'=' || c == b' ')
}

/// `=+[ =]*$`
pub fn simple_table_border(s: &str) -> bool {
    s.starts_with('=') && s.bytes().all(|c| c == b'=' || c == b' ')
}

/// A 7-bit punctuation character (`[!-/:-@[-`{-~]`).
pub fn is_nonalphanum7bit(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// `(%(nonalphanum7bit)s)\1* *$`: a line of one repeated punctuation char.
pub fn line(s: &str) -> bool {
    let mut it = s.chars();
    let Some(c) = it.next() else { return false };
    if !is_nonalphanum7bit(c) {
        return false;
    }
    let rest = s[1..].trim_end_matches(' ');
    rest.chars().all(|x| x == c)
}

/// Candidate ends (char index, longest first) of `simplename` at `p`.
pub fn simplename_ends(cs: &[char], p: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = p;
    while i < cs.len() && is_word(cs[i]) {
        i += 1;
    }
    if i == p {
        return out;
    }
    out.push(i);
    loop {
        if i + 1 < cs.len() && matches!(cs[i], '-' | '.' | '_' | '+' | ':') && is_word(cs[i + 1]) {
            let mut j = i + 1;
            while j < cs.len() && is_word(cs[j]) {
                j += 1;
            }
            out.push(j);
            i = j;
        } else {
            break;
        }
    }
    out.reverse();
    out
}

/// Whether all of `s` is a `simplename`.
pub fn is_simplename(s: &str) -> bool {
    let cs = chars(s);
    simplename_ends(&cs, 0).first() == Some(&cs.len()) && !cs.is_empty()
}

/// `\.\.[ ]+` at the start: the position after the spaces.
/// The byte after `.. ` and the spaces that follow, when `s` starts an
/// explicit markup construct: a cheap test made before a line is split
/// into characters (the markers are ASCII, so bytes and characters agree
/// up to there).
fn explicit_start_byte(s: &str) -> Option<u8> {
    let b = s.as_bytes();
    if !b.starts_with(b".. ") {
        return None;
    }
    b[2..].iter().copied().find(|&c| c != b' ')
}

fn explicit_start(cs: &[char]) -> Option<usize> {
    if cs.len() < 3 || cs[0] != '.' || cs[1] != '.' || cs[2] != ' ' {
        return None;
    }
    let mut p = 2;
    while p < cs.len() && cs[p] == ' ' {
        p += 1;
    }
    Some(p)
}

/// Footnote: (label, match end).
pub fn footnote(s: &str) -> Option<(String, usize)> {
    if explicit_start_byte(s)? != b'[' {
        return None;
    }
    let cs = chars(s);
    let p = explicit_start(&cs)?;
    if cs.get(p) != Some(&'[') {
        return None;
    }
    let close = cs[p..].iter().position(|&c| c == ']')? + p;
    let label: String = cs[p + 1..close].iter().collect();
    let ok = (!label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()))
        || label == "#"
        || label == "*"
        || (label.starts_with('#') && is_simplename(&label[1..]));
    if !ok {
        return None;
    }
    let end = spaces_or_end(&cs, close + 1)?;
    Some((label, end))
}

pub fn citation(s: &str) -> Option<(String, usize)> {
    if explicit_start_byte(s)? != b'[' {
        return None;
    }
    let cs = chars(s);
    let p = explicit_start(&cs)?;
    if cs.get(p) != Some(&'[') {
        return None;
    }
    let close = cs[p..].iter().position(|&c| c == ']')? + p;
    let label: String = cs[p + 1..close].iter().collect();
    if !is_simplename(&label) {
        return None;
    }
    let end = spaces_or_end(&cs, close + 1)?;
    Some((label, end))
}

/// `\.\.[ ]+_(?![ ]|$)`
pub fn hyperlink_target_start(s: &str) -> Option<usize> {
    if explicit_start_byte(s)? != b'_' {
        return None;
    }
    let cs = chars(s);
    let p = explicit_start(&cs)?;
    if cs.get(p) == Some(&'_') && !matches!(cs.get(p + 1), None | Some(' ')) {
        return Some(p + 1);
    }
    None
}

/// `\.\.[ ]+\|(?![ ]|$)`
pub fn substitution_def_start(s: &str) -> Option<usize> {
    if explicit_start_byte(s)? != b'|' {
        return None;
    }
    let cs = chars(s);
    let p = explicit_start(&cs)?;
    if cs.get(p) == Some(&'|') && !matches!(cs.get(p + 1), None | Some(' ')) {
        return Some(p + 1);
    }
    None
}

/// `\.\.[ ]+(simplename)[ ]?::([ ]+|$)`: (name, match end).
pub fn directive(s: &str) -> Option<(String, usize)> {
    explicit_start_byte(s)?;
    // A simplename never holds "::", so a match ends at the first "::" and
    // the spaces after it: only that prefix (and one more character, for
    // the end-of-line test) is looked at, however long the line.
    let colons = s.find("::")?;
    let mut end = colons + 2;
    let b = s.as_bytes();
    while b.get(end) == Some(&b' ') {
        end += 1;
    }
    end += s[end..].chars().next().map_or(0, char::len_utf8);
    let cs = chars(&s[..end]);
    let p = explicit_start(&cs)?;
    directive_at(&cs, p)
}

fn directive_at(cs: &[char], p: usize) -> Option<(String, usize)> {
    for e in simplename_ends(cs, p) {
        let mut q = e;
        for opt_space in [true, false] {
            q = e;
            if opt_space {
                if cs.get(q) == Some(&' ') {
                    q += 1;
                } else {
                    continue;
                }
            }
            if cs.get(q) == Some(&':')
                && cs.get(q + 1) == Some(&':')
                && let Some(end) = spaces_or_end(cs, q + 2)
            {
                return Some((cs[p..e].iter().collect(), end));
            }
        }
        let _ = q;
    }
    None
}

/// `(simplename)::( +|$)` at the start of `s` (embedded directive).
pub fn embedded_directive(s: &str) -> Option<(String, usize)> {
    let cs = chars(s);
    for e in simplename_ends(&cs, 0) {
        if cs.get(e) == Some(&':')
            && cs.get(e + 1) == Some(&':')
            && let Some(end) = spaces_or_end(&cs, e + 2)
        {
            return Some((cs[..e].iter().collect(), end));
        }
    }
    None
}

fn ws_or_nul(c: char) -> bool {
    c == '\0' || is_space(c)
}

/// The hyperlink target name pattern (`Body.explicit.patterns.target`) on
/// escaped text: (name or None for anonymous, match end in chars).
pub fn target_name(s: &str) -> Option<(Option<String>, usize)> {
    let cs = chars(s);
    let tail = |p: usize| -> Option<usize> {
        // (?<!(?<!\x00):)(?<![\s\x00])[ ]?:([ ]+|$)
        if p == 0 {
            return None;
        }
        let prev = cs[p - 1];
        if prev == ':' && !(p >= 2 && cs[p - 2] == '\0') {
            return None;
        }
        if ws_or_nul(prev) {
            return None;
        }
        let mut q = p;
        for opt in [true, false] {
            q = p;
            if opt {
                if cs.get(q) == Some(&' ') {
                    q += 1;
                } else {
                    continue;
                }
            }
            if cs.get(q) == Some(&':')
                && let Some(end) = spaces_or_end(&cs, q + 1)
            {
                return Some(end);
            }
        }
        let _ = q;
        None
    };
    if cs.first() == Some(&'_') {
        return tail(1).map(|e| (None, e));
    }
    for quoted in [true, false] {
        let start = if quoted {
            if cs.first() != Some(&'`') {
                continue;
            }
            1
        } else {
            0
        };
        if matches!(cs.get(start), None | Some(' ') | Some('`')) {
            continue;
        }
        for k in start + 1..=cs.len() {
            if ws_or_nul(cs[k - 1]) {
                continue;
            }
            let mut p = k;
            if quoted {
                if cs.get(p) != Some(&'`') {
                    continue;
                }
                p += 1;
            }
            if let Some(end) = tail(p) {
                return Some((Some(cs[start..k].iter().collect()), end));
            }
        }
    }
    None
}

/// `Body.explicit.patterns.reference` on a whole string: the reference name.
pub fn reference_name(s: &str) -> Option<String> {
    let cs = chars(s);
    // (?P<simple>simplename)_$
    if let Some(stripped) = s.strip_suffix('_')
        && is_simplename(stripped)
    {
        return Some(stripped.to_string());
    }
    // `(?![ ])(?P<phrase>.+?)(?<![\s\x00])`_$
    if cs.len() >= 4 && cs[0] == '`' && cs[1] != ' ' && s.ends_with("`_") {
        let inner = &cs[1..cs.len() - 2];
        if let Some(&last) = inner.last()
            && !ws_or_nul(last)
        {
            return Some(inner.iter().collect());
        }
    }
    None
}

/// The substitution definition name pattern on escaped text: (name, end).
pub fn substitution_name(s: &str) -> Option<(String, usize)> {
    let cs = chars(s);
    if matches!(cs.first(), None | Some(' ')) {
        return None;
    }
    for k in 1..cs.len() {
        if cs[k] != '|' || ws_or_nul(cs[k - 1]) {
            continue;
        }
        if let Some(end) = spaces_or_end(&cs, k + 1) {
            return Some((cs[..k].iter().collect(), end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_markers() {
        assert_eq!(field_marker(":Field: body"), Some(8));
        assert_eq!(field_marker(":a\\: b: c"), Some(8));
        assert_eq!(field_marker(":: x"), None);
        assert_eq!(field_marker(":a :"), None);
        assert_eq!(field_marker(":http://x:"), Some(10));
    }

    #[test]
    fn option_markers() {
        assert_eq!(option_marker("-a  desc"), Some(4));
        assert_eq!(option_marker("-a arg  desc"), Some(8));
        assert_eq!(option_marker("--long=ARG, -b  d"), Some(16));
        assert_eq!(option_marker("-a arg desc"), None);
        assert_eq!(option_marker("/V"), Some(2));
    }

    #[test]
    fn enumerators() {
        assert_eq!(enumerator("1. x").map(|e| e.2), Some(3));
        assert_eq!(enumerator("(iv) x").map(|e| e.1), Some("iv".into()));
        assert_eq!(enumerator("#) x").map(|e| e.0), Some(EnumFormat::Rparen));
        assert!(enumerator("ab. x").is_none());
    }

    #[test]
    fn targets() {
        assert_eq!(target_name("name: uri"), Some((Some("name".into()), 6)));
        assert_eq!(target_name("`a: b`: uri"), Some((Some("a: b".into()), 8)));
        assert_eq!(target_name("_: uri"), Some((None, 3)));
        assert_eq!(directive(".. Note:: x").map(|d| d.0), Some("Note".into()));
    }
}
