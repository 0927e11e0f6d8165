//! The directives and roles of common Sphinx extensions, so that a page
//! using them is read as Sphinx reads it once `conf.py` loads them.
//!
//! Sphinx itself (with its domains) is known to the parser. An extension's
//! names are known when `conf.py`'s `extensions` lists it, or when the
//! project has no `conf.py` (nothing says what is loaded). A name of an
//! extension that `conf.py` does not load is unknown, as in Sphinx: the
//! check says which extension defines it. Extensions not in this table
//! declare their names in `book.toml` (`directives`, `roles`).

use std::path::{Path, PathBuf};

use super::Sphinx;

/// One extension: its module and what it registers.
pub struct Extension {
    /// The module `extensions` names (`sphinx.ext.todo`).
    pub module: &'static str,
    pub directives: &'static [&'static str],
    pub roles: &'static [&'static str],
    /// Roles of a family, given by a prefix (`bdg-`).
    pub role_prefixes: &'static [&'static str],
}

const fn ext(
    module: &'static str,
    directives: &'static [&'static str],
    roles: &'static [&'static str],
) -> Extension {
    Extension {
        module,
        directives,
        roles,
        role_prefixes: &[],
    }
}

/// Extensions stepdoc knows, by module.
pub static KNOWN: &[Extension] = &[
    ext(
        "sphinx.ext.autodoc",
        &[
            "automodule",
            "autoclass",
            "autoexception",
            "autofunction",
            "automethod",
            "autoattribute",
            "autodata",
            "autoproperty",
            "autodecorator",
            "autonewtypedata",
        ],
        &[],
    ),
    ext("sphinx.ext.autosummary", &["autosummary"], &[]),
    ext("sphinx.ext.todo", &["todo", "todolist"], &[]),
    ext("sphinx.ext.ifconfig", &["ifconfig"], &[]),
    ext(
        "sphinx.ext.graphviz",
        &["graphviz", "graph", "digraph"],
        &[],
    ),
    ext(
        "sphinx.ext.inheritance_diagram",
        &["inheritance-diagram"],
        &[],
    ),
    ext(
        "sphinx.ext.doctest",
        &[
            "doctest",
            "testcode",
            "testoutput",
            "testsetup",
            "testcleanup",
        ],
        &[],
    ),
    // `:external:ref:`, `:external+inventory:ref:`: any role of another
    // project, by its inventory.
    Extension {
        role_prefixes: &["external:", "external+"],
        ..ext("sphinx.ext.intersphinx", &[], &["external"])
    },
    ext("sphinx.ext.napoleon", &[], &[]),
    ext("sphinx.ext.viewcode", &[], &[]),
    ext("sphinx.ext.mathjax", &[], &[]),
    ext("sphinx.ext.imgmath", &[], &[]),
    ext("sphinx.ext.extlinks", &[], &[]),
    ext("sphinx.ext.githubpages", &[], &[]),
    ext("sphinx.ext.coverage", &[], &[]),
    ext("sphinx.ext.duration", &[], &[]),
    ext("sphinx.ext.autosectionlabel", &[], &[]),
    ext("sphinx.ext.imgconverter", &[], &[]),
    ext(
        "sphinx_tabs.tabs",
        &["tabs", "tab", "group-tab", "code-tab"],
        &[],
    ),
    ext("sphinx_inline_tabs", &["tab"], &[]),
    ext("sphinx_copybutton", &[], &[]),
    ext("sphinx_togglebutton", &["toggle"], &[]),
    Extension {
        module: "sphinx_design",
        directives: &[
            "grid",
            "grid-item",
            "grid-item-card",
            "card",
            "card-carousel",
            "tab-set",
            "tab-item",
            "tab-set-code",
            "dropdown",
            "button-link",
            "button-ref",
            "article-info",
            "div",
        ],
        roles: &["octicon", "fab", "fas", "far", "material-regular"],
        role_prefixes: &["bdg", "material-"],
    },
    Extension {
        module: "sphinx_panels",
        directives: &["panels", "tabbed", "dropdown", "link-button"],
        roles: &["opticon", "fa"],
        role_prefixes: &["badge", "link-badge"],
    },
    // What MyST adds to Markdown pages' own syntax: figures of Markdown
    // content and references to substitutions.
    ext("myst_parser", &["figure-md"], &["sub-ref"]),
    ext(
        "myst_nb",
        &["code-cell", "glue:figure", "glue:math"],
        &["glue"],
    ),
    ext("sphinxcontrib.mermaid", &["mermaid"], &[]),
    ext("sphinxcontrib.plantuml", &["uml"], &[]),
    Extension {
        module: "sphinxcontrib.bibtex",
        directives: &["bibliography", "footbibliography"],
        roles: &["cite", "footcite"],
        role_prefixes: &["cite:", "footcite:"],
    },
    Extension {
        module: "sphinxcontrib.httpdomain",
        directives: &[
            "http:get",
            "http:post",
            "http:put",
            "http:patch",
            "http:delete",
            "http:head",
            "http:options",
            "http:any",
        ],
        roles: &[],
        role_prefixes: &["http:"],
    },
    ext(
        "sphinxcontrib.programoutput",
        &["program-output", "command-output"],
        &[],
    ),
    ext("sphinxcontrib.youtube", &["youtube", "vimeo"], &[]),
    ext("sphinxcontrib.video", &["video"], &[]),
    ext(
        "sphinxcontrib.spelling",
        &["spelling:word-list"],
        &["spelling:word"],
    ),
    ext("sphinxcontrib.jquery", &[], &[]),
    ext("sphinxcontrib.openapi", &["openapi"], &[]),
    ext("sphinxcontrib.redoc", &[], &[]),
    ext("sphinxcontrib.images", &["thumbnail"], &[]),
    ext("sphinxcontrib.email", &[], &["email"]),
    ext("sphinx_click", &["click"], &[]),
    ext("sphinxarg.ext", &["argparse"], &[]),
    ext(
        "sphinx_issues",
        &[],
        &["issue", "pr", "user", "commit", "cve", "cwe"],
    ),
    ext("matplotlib.sphinxext.plot_directive", &["plot"], &[]),
    ext("IPython.sphinxext.ipython_directive", &["ipython"], &[]),
    ext("sphinx_gallery.gen_gallery", &["minigallery"], &[]),
    ext(
        "nbsphinx",
        &["nbinput", "nboutput", "nbgallery", "nbinfo", "nbwarning"],
        &[],
    ),
    ext("sphinx_rtd_theme", &[], &[]),
    ext("sphinxext.opengraph", &[], &[]),
    ext("notfound.extension", &[], &[]),
    ext("sphinx_sitemap", &[], &[]),
];

/// The known extension of a module, also when `conf.py` names a module
/// inside it (`sphinxcontrib.bibtex.foo`).
pub fn known(module: &str) -> Option<&'static Extension> {
    KNOWN.iter().find(|e| {
        module == e.module
            || module
                .strip_prefix(e.module)
                .is_some_and(|r| r.starts_with('.'))
    })
}

/// The extensions whose names a project's pages may use: those `conf.py`
/// loads, or all of them when there is no `conf.py`.
fn loaded(sphinx: &Sphinx) -> Vec<&'static Extension> {
    if !sphinx.has_conf {
        return KNOWN.iter().collect();
    }
    sphinx.extensions.iter().filter_map(|m| known(m)).collect()
}

/// Directive names the loaded extensions define, and those the project
/// registers itself.
pub fn directives(sphinx: &Sphinx) -> Vec<String> {
    let mut out: Vec<String> = loaded(sphinx)
        .iter()
        .flat_map(|e| e.directives.iter().map(|d| d.to_string()))
        .chain(sphinx.registered.directives.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Role names the loaded extensions define; a family (`bdg-...`) is given
/// by its prefix followed by `*`.
pub fn roles(sphinx: &Sphinx) -> Vec<String> {
    let mut out: Vec<String> = loaded(sphinx)
        .iter()
        .flat_map(|e| {
            e.roles
                .iter()
                .map(|r| r.to_string())
                .chain(e.role_prefixes.iter().map(|p| format!("{p}*")))
        })
        .chain(sphinx.registered.roles.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The `conf.py` extensions stepdoc does not know and could not read
/// (no module of the project's): their directives and roles may be
/// anything.
pub fn unknown(sphinx: &Sphinx) -> Vec<&str> {
    sphinx
        .extensions
        .iter()
        .map(String::as_str)
        .filter(|m| known(m).is_none() && !sphinx.registered.modules.iter().any(|x| x == m))
        .collect()
}

/// What `conf.py` and the project's own extension modules register
/// (`app.add_directive("name", ...)`, `add_role`, `add_object_type`,
/// `add_crossref_type`, `add_directive_to_domain`, docutils'
/// `register_directive` ...), read from their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registered {
    pub directives: Vec<String>,
    pub roles: Vec<String>,
    /// The extensions of `conf.py` found as modules of the project.
    pub modules: Vec<String>,
}

/// Read the registrations of `conf.py` (its text) and of the modules of
/// `extensions` that the project holds: beside `conf.py` or in a folder
/// `conf.py` adds to `sys.path`, inside the source folder.
pub fn registered(conf: &str, source: &Path, extensions: &[String]) -> Registered {
    let mut out = Registered::default();
    scan(conf, &mut out);
    let mut dirs = vec![source.to_path_buf()];
    // `sys.path.insert(0, os.path.abspath('tools/extensions'))` and the like.
    let literal = regex::Regex::new(r#"['"]([^'"\n]+)['"]"#).ok();
    for line in conf.lines().filter(|l| l.contains("sys.path")) {
        for c in literal.iter().flat_map(|re| re.captures_iter(line)) {
            let rel = c.get(1).map_or("", |m| m.as_str());
            dirs.push(source.join(rel));
        }
    }
    let inside = |p: &Path| -> Option<PathBuf> {
        let real = std::fs::canonicalize(p).ok()?;
        let root = std::fs::canonicalize(source).ok()?;
        real.starts_with(&root).then_some(real)
    };
    for module in extensions.iter().filter(|m| known(m).is_none()) {
        let rel = module.replace('.', "/");
        let found = dirs.iter().find_map(|d| {
            [
                d.join(format!("{rel}.py")),
                d.join(&rel).join("__init__.py"),
            ]
            .into_iter()
            .find_map(|f| inside(&f))
        });
        if let Some(file) = found
            && let Ok(text) = std::fs::read_to_string(&file)
        {
            scan(&text, &mut out);
            out.modules.push(module.clone());
        }
    }
    out.directives.sort();
    out.directives.dedup();
    out.roles.sort();
    out.roles.dedup();
    out
}

/// The names a Python file registers.
fn scan(text: &str, out: &mut Registered) {
    const NAME: &str = r#"\s*['"]([\w:.+-]+)['"]"#;
    let patterns: [(&str, bool, bool); 8] = [
        ("add_directive", true, false),
        ("register_directive", true, false),
        ("add_role", false, true),
        ("add_generic_role", false, true),
        ("register_local_role", false, true),
        ("register_canonical_role", false, true),
        ("add_object_type", true, true),
        ("add_crossref_type", true, true),
    ];
    for (call, directive, role) in patterns {
        // `add_object_type('confval', 'confval', ...)`: directive, then role.
        let re = if directive && role {
            format!(r"\b{call}\({NAME}\s*,{NAME}")
        } else {
            format!(r"\b{call}\({NAME}")
        };
        let Ok(re) = regex::Regex::new(&re) else {
            continue;
        };
        for c in re.captures_iter(text) {
            let first = c.get(1).map_or("", |m| m.as_str()).to_string();
            match (directive, role) {
                (true, true) => {
                    out.directives.push(first);
                    if let Some(r) = c.get(2) {
                        out.roles.push(r.as_str().to_string());
                    }
                }
                (true, false) => out.directives.push(first),
                _ => out.roles.push(first),
            }
        }
    }
    // `add_directive_to_domain('py', 'awaitablemethod', ...)`: both names.
    for (call, directive) in [
        ("add_directive_to_domain", true),
        ("add_role_to_domain", false),
    ] {
        let Ok(re) = regex::Regex::new(&format!(r"\b{call}\({NAME}\s*,{NAME}")) else {
            continue;
        };
        for c in re.captures_iter(text) {
            let (Some(domain), Some(name)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let list = if directive {
                &mut out.directives
            } else {
                &mut out.roles
            };
            list.push(format!("{}:{}", domain.as_str(), name.as_str()));
            list.push(name.as_str().to_string());
        }
    }
}

/// The known extension that defines a directive (`role == false`) or a
/// role, for the hint of an unknown name.
pub fn defining(name: &str, role: bool) -> Option<&'static Extension> {
    let name = name.to_lowercase();
    KNOWN.iter().find(|e| {
        if role {
            e.roles.contains(&name.as_str()) || e.role_prefixes.iter().any(|p| name.starts_with(p))
        } else {
            e.directives.contains(&name.as_str())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_submodules_are_known() {
        assert!(known("sphinx.ext.todo").is_some());
        assert!(known("sphinxcontrib.bibtex.plugin").is_some());
        assert!(known("sphinx.ext.tod").is_none());
        assert!(known("sphinx_designer").is_none());
    }

    #[test]
    fn registrations_are_read_from_the_text() {
        let mut r = Registered::default();
        scan(
            "def setup(app):\n    app.add_directive('impl-detail', ImplDetail)\n    app.add_role(\"source\", source_role)\n    app.add_object_type('opcode', 'opcode', '%s (opcode)')\n    app.add_directive_to_domain('py', 'awaitablemethod', M)\n",
            &mut r,
        );
        assert_eq!(
            r.directives,
            vec![
                "impl-detail",
                "opcode",
                "py:awaitablemethod",
                "awaitablemethod"
            ]
        );
        assert_eq!(r.roles, vec!["source", "opcode"]);
    }

    #[test]
    fn the_defining_extension_is_named() {
        assert_eq!(
            defining("grid-item-card", false).map(|e| e.module),
            Some("sphinx_design")
        );
        assert_eq!(
            defining("bdg-primary", true).map(|e| e.module),
            Some("sphinx_design")
        );
        assert_eq!(
            defining("todo", false).map(|e| e.module),
            Some("sphinx.ext.todo")
        );
        assert!(defining("note", false).is_none());
    }
}
