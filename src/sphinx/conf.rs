//! A Sphinx project's `conf.py`, read without running it.
//!
//! `conf.py` is Python; stepdoc never executes it. A small, safe reader
//! evaluates the top-level assignments whose right-hand side is made of
//! literals: strings (every prefix but `f`, triple quotes, adjacent
//! strings), numbers, `True`/`False`/`None`, lists, tuples, dicts, `+`
//! (concatenation), `%` formatting (`%s`, `%d`, `%r`, `%(name)s`), and names
//! assigned earlier. Anything else (a call, an attribute, an f-string, a
//! comprehension) is not evaluated; when it is one of the settings stepdoc
//! reads, that is reported once with its line, and `book.toml` can set the
//! value (`[preprocessor.stepdoc.sphinx]`).

use std::collections::BTreeMap;

/// A Python value the reader evaluates.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list or a tuple.
    pub fn items(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Tuple(v) => Some(v),
            _ => None,
        }
    }

    /// Python's `str()`.
    fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            other => other.repr(),
        }
    }

    /// Python's `repr()`.
    fn repr(&self) -> String {
        match self {
            Value::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            Value::None => "None".to_string(),
            Value::List(v) => format!(
                "[{}]",
                v.iter().map(Value::repr).collect::<Vec<_>>().join(", ")
            ),
            Value::Tuple(v) if v.len() == 1 => format!("({},)", v[0].repr()),
            Value::Tuple(v) => format!(
                "({})",
                v.iter().map(Value::repr).collect::<Vec<_>>().join(", ")
            ),
            Value::Dict(v) => format!(
                "{{{}}}",
                v.iter()
                    .map(|(k, x)| format!("{}: {}", k.repr(), x.repr()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    FStr,
    Int(i64),
    Float(f64),
    Op(String),
    Newline,
}

/// Tokens with their 1-based line, and the indentation of each logical
/// line's first token.
fn tokenize(src: &str) -> Vec<(Tok, u32, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    let mut depth = 0i32; // bracket nesting: newlines inside are joined
    let mut at_line_start = true;
    let mut indent = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if at_line_start {
            indent = 0;
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
                indent += 1;
                i += 1;
            }
            at_line_start = false;
            continue;
        }
        match c {
            '\n' => {
                line += 1;
                i += 1;
                if depth <= 0 {
                    if !matches!(out.last(), Some((Tok::Newline, _, _)) | None) {
                        out.push((Tok::Newline, line - 1, indent));
                    }
                    at_line_start = true;
                }
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                i += 2;
                line += 1;
            }
            ' ' | '\t' | '\r' | '\x0c' => i += 1,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // String prefixes: r, u, b, f and their combinations.
                let lower = word.to_ascii_lowercase();
                if i < chars.len()
                    && (chars[i] == '\'' || chars[i] == '"')
                    && lower.len() <= 2
                    && lower.chars().all(|p| "rubf".contains(p))
                {
                    let raw = lower.contains('r');
                    let (s, ni, nl) = read_string(&chars, i, raw);
                    line += nl;
                    i = ni;
                    out.push((
                        if lower.contains('f') {
                            Tok::FStr
                        } else {
                            Tok::Str(s)
                        },
                        line,
                        indent,
                    ));
                } else {
                    out.push((Tok::Name(word), line, indent));
                }
            }
            '\'' | '"' => {
                let (s, ni, nl) = read_string(&chars, i, false);
                let l = line;
                line += nl;
                i = ni;
                out.push((Tok::Str(s), l, indent));
            }
            c if c.is_ascii_digit()
                || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
                {
                    i += 1;
                }
                let n: String = chars[start..i].iter().filter(|&&c| c != '_').collect();
                let tok = if let Ok(v) = n.parse::<i64>() {
                    Tok::Int(v)
                } else if let Ok(v) = n.parse::<f64>() {
                    Tok::Float(v)
                } else {
                    Tok::Op(n)
                };
                out.push((tok, line, indent));
            }
            _ => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = if ["+=", "==", "!=", "<=", ">=", "**", "//", "->"].contains(&two.as_str())
                {
                    two
                } else {
                    c.to_string()
                };
                match op.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
                i += op.chars().count();
                out.push((Tok::Op(op), line, indent));
            }
        }
    }
    out.push((Tok::Newline, line, 0));
    out
}

/// A string literal at `i` (on its opening quote): (value, index after it,
/// newlines crossed).
fn read_string(chars: &[char], mut i: usize, raw: bool) -> (String, usize, u32) {
    let q = chars[i];
    let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
    i += if triple { 3 } else { 1 };
    let mut s = String::new();
    let mut nl = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            nl += 1;
            if !triple {
                break;
            }
        }
        if c == q && (!triple || (chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q))) {
            i += if triple { 3 } else { 1 };
            return (s, i, nl);
        }
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            if raw {
                s.push('\\');
                s.push(n);
            } else {
                match n {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    '\\' => s.push('\\'),
                    '\'' => s.push('\''),
                    '"' => s.push('"'),
                    '\n' => nl += 1,
                    other => {
                        s.push('\\');
                        s.push(other);
                    }
                }
            }
            if n == '\n' && raw {
                nl += 1;
            }
            i += 2;
            continue;
        }
        s.push(c);
        i += 1;
    }
    (s, i, nl)
}

/// Why an expression was not evaluated.
type Unevaluated = String;

struct Parser<'a> {
    toks: &'a [(Tok, u32, usize)],
    at: usize,
    names: &'a BTreeMap<String, Value>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn op(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if o == s)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).map(|t| t.0.clone());
        self.at += 1;
        t
    }

    fn expr(&mut self) -> Result<Value, Unevaluated> {
        let mut v = self.term()?;
        while self.op("+") {
            self.at += 1;
            let r = self.term()?;
            v = match (v, r) {
                (Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
                (Value::List(mut a), Value::List(b)) => {
                    a.extend(b);
                    Value::List(a)
                }
                (Value::Tuple(mut a), Value::Tuple(b)) => {
                    a.extend(b);
                    Value::Tuple(a)
                }
                (Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_add(b)),
                _ => return Err("an addition of values of different types".into()),
            };
        }
        Ok(v)
    }

    fn term(&mut self) -> Result<Value, Unevaluated> {
        let mut v = self.atom()?;
        while self.op("%") {
            self.at += 1;
            let r = self.atom()?;
            let Value::Str(fmt) = v else {
                return Err("a `%` on something else than a string".into());
            };
            v = Value::Str(percent(&fmt, &r)?);
        }
        Ok(v)
    }

    fn atom(&mut self) -> Result<Value, Unevaluated> {
        let v = match self.next() {
            Some(Tok::Str(s)) => {
                let mut s = s;
                while let Some(Tok::Str(more)) = self.peek() {
                    s.push_str(more);
                    self.at += 1;
                }
                if matches!(self.peek(), Some(Tok::FStr)) {
                    return Err("an f-string".into());
                }
                Value::Str(s)
            }
            Some(Tok::FStr) => return Err("an f-string".into()),
            Some(Tok::Int(i)) => Value::Int(i),
            Some(Tok::Float(f)) => Value::Float(f),
            Some(Tok::Op(o)) if o == "-" => match self.atom()? {
                Value::Int(i) => Value::Int(-i),
                Value::Float(f) => Value::Float(-f),
                _ => return Err("a negation".into()),
            },
            Some(Tok::Name(n)) => match n.as_str() {
                "True" => Value::Bool(true),
                "False" => Value::Bool(false),
                "None" => Value::None,
                _ => match self.names.get(&n) {
                    Some(v) => v.clone(),
                    None => return Err(format!("the name `{n}`, not assigned a literal before")),
                },
            },
            Some(Tok::Op(o)) if o == "(" => {
                if self.op(")") {
                    self.at += 1;
                    Value::Tuple(Vec::new())
                } else {
                    let first = self.expr()?;
                    if self.op(")") {
                        self.at += 1;
                        first
                    } else {
                        let mut items = vec![first];
                        while self.op(",") {
                            self.at += 1;
                            if self.op(")") {
                                break;
                            }
                            items.push(self.expr()?);
                        }
                        self.expect(")")?;
                        Value::Tuple(items)
                    }
                }
            }
            Some(Tok::Op(o)) if o == "[" => {
                let mut items = Vec::new();
                while !self.op("]") {
                    items.push(self.expr()?);
                    if self.op(",") {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                self.expect("]")?;
                Value::List(items)
            }
            Some(Tok::Op(o)) if o == "{" => {
                let mut items = Vec::new();
                while !self.op("}") {
                    let k = self.expr()?;
                    self.expect(":")?;
                    let v = self.expr()?;
                    items.push((k, v));
                    if self.op(",") {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                self.expect("}")?;
                Value::Dict(items)
            }
            _ => return Err("an expression that is not a literal".into()),
        };
        if self.op("(") {
            return Err("a call".into());
        }
        if self.op(".") || self.op("[") {
            return Err("an attribute or a subscript".into());
        }
        if matches!(self.peek(), Some(Tok::Name(n)) if n == "for" || n == "if") {
            return Err("a comprehension or a conditional".into());
        }
        Ok(v)
    }

    fn expect(&mut self, s: &str) -> Result<(), Unevaluated> {
        if self.op(s) {
            self.at += 1;
            Ok(())
        } else {
            Err("an expression that is not a literal".into())
        }
    }
}

/// Python's `fmt % value` for the common conversions.
fn percent(fmt: &str, v: &Value) -> Result<String, Unevaluated> {
    let args: Vec<Value> = match v {
        Value::Tuple(items) => items.clone(),
        other => vec![other.clone()],
    };
    let mut out = String::new();
    let mut next = 0;
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        // %(name)s
        let mut named = None;
        if chars.get(i) == Some(&'(') {
            let end = chars[i..]
                .iter()
                .position(|&c| c == ')')
                .ok_or("a malformed `%` format")?;
            named = Some(chars[i + 1..i + end].iter().collect::<String>());
            i += end + 1;
        }
        while i < chars.len() && "-+ #0123456789.".contains(chars[i]) {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            return Err("a malformed `%` format".into());
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = match &named {
            Some(name) => match v {
                Value::Dict(items) => items
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(name))
                    .map(|(_, x)| x.clone())
                    .ok_or("a `%(name)s` with no such key")?,
                _ => return Err("a `%(name)s` without a dict".into()),
            },
            None => {
                let a = args.get(next).cloned().ok_or("too few `%` arguments")?;
                next += 1;
                a
            }
        };
        match conv {
            's' => out.push_str(&arg.display()),
            'r' => out.push_str(&arg.repr()),
            'd' | 'i' => match arg {
                Value::Int(n) => out.push_str(&n.to_string()),
                Value::Float(f) => out.push_str(&(f as i64).to_string()),
                _ => return Err("a `%d` of something else than a number".into()),
            },
            _ => return Err(format!("the `%{conv}` conversion")),
        }
    }
    Ok(out)
}

/// The settings of `conf.py` stepdoc reads.
pub const KEYS: &[&str] = &[
    "project",
    "version",
    "release",
    "language",
    "root_doc",
    "master_doc",
    "source_suffix",
    "exclude_patterns",
    "rst_prolog",
    "rst_epilog",
    "extlinks",
    "today_fmt",
    "today",
    "extensions",
    "myst_enable_extensions",
    "myst_substitutions",
];

/// A setting of interest that could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub key: String,
    pub line: u32,
    pub reason: String,
}

/// What `conf.py` says, as far as literals go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conf {
    /// Every top-level name assigned a literal, with its value.
    pub values: BTreeMap<String, Value>,
    /// The settings stepdoc reads that were not evaluated.
    pub skipped: Vec<Skipped>,
}

/// Read a `conf.py`.
pub fn read(src: &str) -> Conf {
    let toks = tokenize(src);
    let mut conf = Conf::default();
    let mut i = 0;
    while i < toks.len() {
        // One logical line: toks[i..end].
        let end = toks[i..]
            .iter()
            .position(|t| t.0 == Tok::Newline)
            .map_or(toks.len(), |k| i + k);
        let line = &toks[i..end];
        if let Some((Tok::Name(name), l, indent)) = line.first()
            && let Some((Tok::Op(op), _, _)) = line.get(1)
            && (op == "=" || op == "+=")
        {
            let interesting = KEYS.contains(&name.as_str());
            if *indent > 0 {
                // Inside an `if`, a `def`, a `with`: not evaluated.
                if interesting && !conf.values.contains_key(name) {
                    conf.skipped.push(Skipped {
                        key: name.clone(),
                        line: *l,
                        reason: "an assignment inside a block".into(),
                    });
                }
            } else {
                let mut p = Parser {
                    toks: &line[2..],
                    at: 0,
                    names: &conf.values,
                };
                let result = p.expr().and_then(|v| {
                    if p.at < line.len() - 2 {
                        Err("an expression that is not a literal".into())
                    } else {
                        Ok(v)
                    }
                });
                match result {
                    Ok(v) => {
                        let v = if op == "+=" {
                            match (conf.values.get(name).cloned(), v) {
                                (Some(Value::List(mut a)), Value::List(b)) => {
                                    a.extend(b);
                                    Value::List(a)
                                }
                                (Some(Value::Str(a)), Value::Str(b)) => Value::Str(a + &b),
                                (_, v) => v,
                            }
                        } else {
                            v
                        };
                        conf.skipped.retain(|s| s.key != *name);
                        conf.values.insert(name.clone(), v);
                    }
                    Err(reason) => {
                        conf.values.remove(name);
                        if interesting {
                            conf.skipped.retain(|s| s.key != *name);
                            conf.skipped.push(Skipped {
                                key: name.clone(),
                                line: *l,
                                reason,
                            });
                        }
                    }
                }
            }
        }
        i = end + 1;
    }
    conf
}

impl Conf {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    /// A dict's entries whose key and value are strings.
    pub fn string_pairs(&self, key: &str) -> Option<Vec<(String, String)>> {
        match self.values.get(key)? {
            Value::Dict(entries) => Some(
                entries
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// A list of strings (a lone string counts as a list of one).
    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        match self.values.get(key)? {
            Value::Str(s) => Some(vec![s.clone()]),
            v => Some(
                v.items()?
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            ),
        }
    }

    /// `source_suffix`: the suffixes and the parser each names
    /// (`restructuredtext`, `markdown`...); Sphinx's default is `.rst`.
    pub fn source_suffixes(&self) -> Vec<(String, String)> {
        match self.values.get("source_suffix") {
            Some(Value::Dict(items)) => items
                .iter()
                .filter_map(|(k, v)| {
                    Some((
                        k.as_str()?.to_string(),
                        v.as_str().unwrap_or("restructuredtext").to_string(),
                    ))
                })
                .collect(),
            Some(_) => self
                .strings("source_suffix")
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let kind = if s.ends_with(".md") {
                        "markdown"
                    } else {
                        "restructuredtext"
                    };
                    (s, kind.to_string())
                })
                .collect(),
            None => vec![(".rst".into(), "restructuredtext".into())],
        }
    }

    /// `extlinks`: role name → (URL pattern with `%s`, caption pattern).
    pub fn extlinks(&self) -> Vec<(String, String, Option<String>)> {
        let Some(Value::Dict(items)) = self.values.get("extlinks") else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|(k, v)| {
                let name = k.as_str()?.to_string();
                let (url, caption) = match v {
                    Value::Str(u) => (u.clone(), None),
                    v => {
                        let it = v.items()?;
                        (
                            it.first()?.as_str()?.to_string(),
                            it.get(1).and_then(Value::as_str).map(str::to_string),
                        )
                    }
                };
                Some((name, url, caption))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_names_concatenation_and_formatting() {
        let c = read(
            "# -*- coding: utf-8 -*-\nimport os\nproject = u'DataSud'\nversion = '2.1'\nrelease = version + '.3'\ncopyright = '%s, %s' % ('2022', project)\nlanguage = \"fr\"\nexclude_patterns = ['_build', 'Thumbs.db',\n    '.DS_Store']\nexclude_patterns += ['drafts/*']\nrst_epilog = \"\"\"\n.. |br| raw:: html\n\n   <br>\n\"\"\"\nextlinks = {'issue': ('https://x.org/%s', '#%s')}\nsource_suffix = {'.rst': 'restructuredtext', '.txt': 'restructuredtext'}\nhtml_theme_path = [os.path.abspath('.')]\nif on_rtd:\n    release = 'x'\n",
        );
        assert_eq!(c.str("project"), Some("DataSud"));
        assert_eq!(c.str("release"), Some("2.1.3"));
        assert_eq!(c.str("copyright"), Some("2022, DataSud"));
        assert_eq!(c.str("language"), Some("fr"));
        assert_eq!(
            c.strings("exclude_patterns").unwrap(),
            ["_build", "Thumbs.db", ".DS_Store", "drafts/*"]
        );
        assert!(c.str("rst_epilog").unwrap().contains("raw:: html"));
        assert_eq!(
            c.extlinks(),
            [(
                "issue".to_string(),
                "https://x.org/%s".to_string(),
                Some("#%s".to_string())
            )]
        );
        assert_eq!(c.source_suffixes().len(), 2);
        // An assignment in a block is not evaluated, but the earlier value stays.
        assert_eq!(c.str("release"), Some("2.1.3"));
        assert!(c.skipped.is_empty(), "{:?}", c.skipped);
    }

    #[test]
    fn what_is_not_a_literal_is_reported() {
        let c = read(
            "import x\nversion = x.__version__\nproject = f'{a}'\nrst_prolog = open('p').read()\nlanguage = 'en'\n",
        );
        let keys: Vec<(&str, u32)> = c.skipped.iter().map(|s| (s.key.as_str(), s.line)).collect();
        assert_eq!(keys, [("version", 2), ("project", 3), ("rst_prolog", 4)]);
        assert_eq!(c.str("language"), Some("en"));
        assert_eq!(
            read("release = '%d.%d' % (3, 10)\n").str("release"),
            Some("3.10")
        );
        assert_eq!(read("a = '100%%'\nb = a % ()\n").str("b"), Some("100%"));
    }
}
