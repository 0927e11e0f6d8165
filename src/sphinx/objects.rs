//! Object descriptions (`.. function::`, `.. class::`, `.. confval::`,
//! `.. option::` ...): the signature lines Sphinx prints for them, their
//! anchors and the entries they give the tables of contents.

/// Directives of the Python domain that describe an object.
const PY: &[&str] = &[
    "function",
    "class",
    "method",
    "attribute",
    "data",
    "exception",
    "decorator",
    "decoratormethod",
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "property",
    "coroutinefunction",
    "coroutinemethod",
    "awaitablefunction",
    "awaitablemethod",
    "type",
];

/// Directives of the standard, C, C++, JavaScript and reST domains.
const OTHER: &[&str] = &[
    "option",
    "cmdoption",
    "envvar",
    "describe",
    "object",
    "confval",
    "c:function",
    "c:macro",
    "c:type",
    "c:member",
    "c:var",
    "c:struct",
    "c:union",
    "c:enum",
    "c:enumerator",
    "cpp:class",
    "cpp:function",
    "cpp:member",
    "cpp:type",
    "cpp:var",
    "cpp:struct",
    "js:function",
    "js:class",
    "js:data",
    "js:attribute",
    "js:method",
    "rst:directive",
    "rst:role",
    "rst:directive:option",
    "std:option",
    "std:envvar",
    "opcode",
    "pdbcommand",
    "2to3fixer",
];

/// The name without the `py:` domain.
fn py_name(name: &str) -> Option<&str> {
    let n = name.strip_prefix("py:").unwrap_or(name);
    PY.contains(&n).then_some(n)
}

/// Whether a directive describes an object.
pub fn is_object(name: &str) -> bool {
    py_name(name).is_some() || OTHER.contains(&name)
}

/// Whether a directive sets the current module (`module`,
/// `currentmodule`), returning it.
pub fn module_of(name: &str, args: &str) -> Option<String> {
    let n = name.strip_prefix("py:").unwrap_or(name);
    matches!(n, "module" | "currentmodule")
        .then(|| args.trim().to_string())
        .filter(|m| !m.is_empty() && m != "None")
}

/// One signature line of an object description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// What kind of object Sphinx prints before it (`class`, `exception`,
    /// `classmethod`...).
    pub keyword: Option<String>,
    /// The module or class path before the name (`email.mime.base.`).
    pub prename: String,
    pub name: String,
    /// Parameters, return annotation, type or value after the name.
    pub rest: String,
    /// The anchor Sphinx gives it (`email.mime.base.MIMEBase`).
    pub id: String,
    /// Its entry in tables of contents (`MIMEBase`, `Message.get()`).
    pub toc: String,
    /// Whether it opens a class-like scope for what its content describes.
    pub scope: bool,
}

/// The signatures of an object description: one per line of its argument
/// (a line ending in `\` goes on), read in the current module and class.
pub fn signatures(
    name: &str,
    args: &str,
    option: &dyn Fn(&str) -> Option<String>,
    module: Option<&str>,
    class: Option<&str>,
) -> Vec<Signature> {
    let joined = args.replace("\\\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let sig = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if sig.is_empty() {
            continue;
        }
        out.push(match py_name(name) {
            Some(kind) => python(kind, &sig, option, module, class),
            None => other(name, &sig, option),
        });
    }
    out
}

fn python(
    kind: &str,
    sig: &str,
    option: &dyn Fn(&str) -> Option<String>,
    module: Option<&str>,
    class: Option<&str>,
) -> Signature {
    let module = option("module").or_else(|| module.map(str::to_string));
    let (head, rest) = match sig.find(['(', ':', '=', ' ']) {
        Some(i) => (sig[..i].trim(), sig[i..].trim_start().to_string()),
        None => (sig.trim(), String::new()),
    };
    let rest = if rest.starts_with(':') || rest.starts_with('=') || rest.starts_with('(') {
        rest
    } else if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    let (path, short) = match head.rsplit_once('.') {
        Some((p, n)) => (Some(p.to_string()), n.to_string()),
        None => (None, head.to_string()),
    };
    let flag = |k: &str| option(k).is_some();
    let keyword = match kind {
        "class" => Some("class"),
        "exception" => Some("exception"),
        "classmethod" => Some("classmethod"),
        "staticmethod" => Some("static"),
        "abstractmethod" => Some("abstractmethod"),
        "property" => Some("property"),
        "coroutinefunction" | "coroutinemethod" => Some("coroutine"),
        "awaitablefunction" | "awaitablemethod" => Some("awaitable"),
        "type" => Some("type"),
        "method" if flag("classmethod") => Some("classmethod"),
        "method" if flag("staticmethod") => Some("static"),
        "method" | "function" if flag("async") => Some("async"),
        _ => None,
    }
    .map(str::to_string);
    // Module-level objects show their module; members of a class written
    // inside it show nothing before their name.
    let member = matches!(
        kind,
        "method"
            | "attribute"
            | "classmethod"
            | "staticmethod"
            | "abstractmethod"
            | "property"
            | "coroutinemethod"
            | "awaitablemethod"
            | "decoratormethod"
    );
    let mut prename = String::new();
    if !(member && class.is_some())
        && let Some(m) = &module
    {
        prename.push_str(m);
        prename.push('.');
    }
    if let Some(p) = &path {
        prename.push_str(p);
        prename.push('.');
    }
    let name = if kind.starts_with("decorator") {
        format!("@{short}")
    } else {
        short.clone()
    };
    let mut id_parts: Vec<String> = Vec::new();
    if let Some(m) = &module {
        id_parts.push(m.clone());
    }
    if let (true, Some(c)) = (member, class) {
        id_parts.push(c.to_string());
    }
    if let Some(p) = &path {
        id_parts.push(p.clone());
    }
    id_parts.push(short.clone());
    let callable = !matches!(
        kind,
        "class" | "exception" | "attribute" | "data" | "property" | "type"
    );
    let mut toc = match (member, class, &path) {
        (true, Some(c), None) => format!("{c}.{short}"),
        (_, _, Some(p)) => format!("{}.{short}", p.rsplit('.').next().unwrap_or(p)),
        _ => short.clone(),
    };
    if callable {
        toc.push_str("()");
    }
    Signature {
        keyword,
        prename,
        name,
        rest,
        id: id_parts.join("."),
        toc,
        scope: matches!(kind, "class" | "exception"),
    }
}

fn other(name: &str, sig: &str, option: &dyn Fn(&str) -> Option<String>) -> Signature {
    let kind = name.rsplit(':').next().unwrap_or(name);
    let (head, rest) = match kind {
        "confval" => {
            let mut rest = String::new();
            if let Some(t) = option("type") {
                rest.push_str(&format!(" (type: {t})"));
            }
            if let Some(d) = option("default") {
                rest.push_str(&format!(" (default: {d})"));
            }
            (sig.to_string(), rest)
        }
        "function" | "macro" | "method" => match sig.find('(') {
            Some(i) => (sig[..i].to_string(), sig[i..].to_string()),
            None => (sig.to_string(), String::new()),
        },
        _ => (sig.to_string(), String::new()),
    };
    let id_word = head
        .split(|c: char| c.is_whitespace() || c == '(' || c == '<' || c == '=')
        .find(|w| !w.is_empty())
        .unwrap_or(&head)
        .to_string();
    let id = match kind {
        "option" | "cmdoption" => format!("cmdoption-{}", id_word.trim_start_matches('-')),
        "envvar" => format!("envvar-{id_word}"),
        "confval" => format!("confval-{id_word}"),
        _ => id_word.clone(),
    };
    Signature {
        keyword: None,
        prename: String::new(),
        name: head.clone(),
        rest,
        id,
        toc: head,
        scope: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn python_signatures_as_sphinx_prints_them() {
        let s = &signatures(
            "class",
            "MIMEBase(_maintype, _subtype, \\\n *, policy=compat32)",
            &none,
            Some("email.mime.base"),
            None,
        )[0];
        assert_eq!(s.keyword.as_deref(), Some("class"));
        assert_eq!(s.prename, "email.mime.base.");
        assert_eq!(s.name, "MIMEBase");
        assert_eq!(s.rest, "(_maintype, _subtype, *, policy=compat32)");
        assert_eq!(s.id, "email.mime.base.MIMEBase");
        assert_eq!(s.toc, "MIMEBase");
        let m = &signatures(
            "method",
            "get(key)",
            &none,
            Some("email.message"),
            Some("Message"),
        )[0];
        assert_eq!((m.prename.as_str(), m.toc.as_str()), ("", "Message.get()"));
        assert_eq!(m.id, "email.message.Message.get");
        let f = &signatures("py:function", "os.path.join(a, *p)", &none, None, None)[0];
        assert_eq!((f.prename.as_str(), f.name.as_str()), ("os.path.", "join"));
        assert_eq!(
            signatures("function", "a()\nb()", &none, None, None).len(),
            2
        );
    }

    #[test]
    fn standard_objects() {
        let o = &signatures("option", "-m <module>", &none, None, None)[0];
        assert_eq!(
            (o.name.as_str(), o.id.as_str()),
            ("-m <module>", "cmdoption-m")
        );
        let opt = |k: &str| (k == "type").then(|| "int".to_string());
        let c = &signatures("confval", "ckan.site_url", &opt, None, None)[0];
        assert_eq!(c.rest, " (type: int)");
        assert!(is_object("envvar") && is_object("py:class") && !is_object("note"));
        assert_eq!(module_of("currentmodule", " email "), Some("email".into()));
    }
}
