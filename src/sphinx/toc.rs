//! The tables of contents Sphinx prints where a `toctree` stands: each
//! entry's document title, its sections and the documents its own
//! toctrees name, nested down to `:maxdepth:`.

use std::collections::HashMap;

use super::toctree::{self, Target};
use crate::rst::{Document, NodeId};

/// What a document's outline holds, under its title.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A section of the document, its anchor and what it holds.
    Section {
        title: String,
        anchor: Option<String>,
        children: Vec<Item>,
    },
    /// A document named by one of its toctrees.
    Doc {
        name: String,
        title: Option<String>,
        /// From a `:hidden:` toctree: in the book's order, not printed.
        hidden: bool,
    },
    /// An address named by one of its toctrees.
    Url { title: String, url: String },
}

/// A document's title, where the book puts it and its outline.
#[derive(Debug, Clone, PartialEq)]
pub struct DocToc {
    pub title: String,
    pub md: String,
    pub items: Vec<Item>,
}

/// Every document's outline, by document name.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub docs: HashMap<String, DocToc>,
    /// Every document name, sorted (what `:glob:` patterns match).
    pub names: Vec<String>,
}

/// The anchor the guide gives a section: its first id, else the id of its
/// first name.
pub fn section_anchor(doc: &Document, n: NodeId) -> Option<String> {
    let t = &doc.tree;
    t.list_attr(n, "ids").first().cloned().or_else(|| {
        t.list_attr(n, "names")
            .first()
            .map(|name| crate::rst::document::make_id(name))
            .filter(|s| !s.is_empty())
    })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The current module and the classes described around a node, as the
/// outline walks the page in order.
#[derive(Default)]
struct Scope {
    module: Option<String>,
    classes: Vec<String>,
}

fn outline(
    doc: &Document,
    n: NodeId,
    trees: &HashMap<NodeId, toctree::Toctree>,
    scope: &mut Scope,
) -> Vec<Item> {
    let t = &doc.tree;
    let mut out = Vec::new();
    for &c in t.children(n) {
        if t.tag(c) == "directive" {
            let name = t.attr_str(c, "name").unwrap_or("");
            let args = t.attr_str(c, "arguments").unwrap_or("");
            if let Some(m) = super::objects::module_of(name, args) {
                scope.module = Some(m);
                continue;
            }
            if super::objects::is_object(name) {
                // Object descriptions are entries of the tables of contents.
                let option = |k: &str| t.attr_str(c, &format!("option-{k}")).map(str::to_string);
                let sigs = super::objects::signatures(
                    name,
                    args,
                    &option,
                    scope.module.as_deref(),
                    scope.classes.last().map(String::as_str),
                );
                let Some(first) = sigs.first() else { continue };
                let class = first
                    .scope
                    .then(|| first.name.trim_start_matches('@').to_string());
                if let Some(cl) = &class {
                    scope.classes.push(cl.clone());
                }
                let children = outline(doc, c, trees, scope);
                if class.is_some() {
                    scope.classes.pop();
                }
                out.push(Item::Section {
                    title: first.toc.clone(),
                    anchor: Some(first.id.clone()),
                    children,
                });
                continue;
            }
        }
        match t.tag(c) {
            "section" => {
                let title = t
                    .children(c)
                    .iter()
                    .find(|&&x| t.tag(x) == "title")
                    .map(|&x| squash(&t.astext(x)))
                    .unwrap_or_default();
                out.push(Item::Section {
                    title,
                    anchor: section_anchor(doc, c),
                    children: outline(doc, c, trees, scope),
                });
            }
            _ => {
                if let Some(tree) = trees.get(&c) {
                    for e in &tree.entries {
                        match &e.target {
                            Target::Doc(d) => out.push(Item::Doc {
                                name: d.clone(),
                                title: e.title.clone(),
                                hidden: tree.hidden,
                            }),
                            Target::Url(u) if !tree.hidden => out.push(Item::Url {
                                title: e.title.clone().unwrap_or_else(|| u.clone()),
                                url: u.clone(),
                            }),
                            _ => {}
                        }
                    }
                } else if !matches!(t.tag(c), "title") && !t.is_text(c) {
                    // Toctrees nested in other blocks (an `only`, a container).
                    out.extend(outline(doc, c, trees, scope));
                }
            }
        }
    }
    out
}

impl Index {
    /// The outlines of the given pages: (document name, Markdown path,
    /// title, parsed page).
    pub fn build(pages: &[(String, String, String, &Document)]) -> Index {
        let mut names: Vec<String> = pages.iter().map(|(n, _, _, _)| n.clone()).collect();
        names.sort();
        let mut docs = HashMap::new();
        for (name, md, title, doc) in pages {
            let trees: HashMap<NodeId, toctree::Toctree> = toctree::read(doc, name, &names)
                .into_iter()
                .map(|t| (t.node, t))
                .collect();
            let t = &doc.tree;
            // Under the page title: the first top-level section's content,
            // then the other top-level sections and blocks.
            let top: Vec<NodeId> = t
                .children(doc.root)
                .iter()
                .copied()
                .filter(|&c| t.tag(c) == "section")
                .collect();
            let mut items = Vec::new();
            let mut scope = Scope::default();
            if let Some(&first) = top.first() {
                items.extend(outline(doc, first, &trees, &mut scope));
            }
            // Blocks of the root outside the title section, and the other
            // top-level sections, as Sphinx reads them.
            for &c in t.children(doc.root) {
                if Some(&c) == top.first() {
                    continue;
                }
                if t.tag(c) == "section" {
                    let title = t
                        .children(c)
                        .iter()
                        .find(|&&x| t.tag(x) == "title")
                        .map(|&x| squash(&t.astext(x)))
                        .unwrap_or_default();
                    items.push(Item::Section {
                        title,
                        anchor: section_anchor(doc, c),
                        children: outline(doc, c, &trees, &mut scope),
                    });
                } else if let Some(tree) = trees.get(&c) {
                    for e in &tree.entries {
                        if let Target::Doc(d) = &e.target {
                            items.push(Item::Doc {
                                name: d.clone(),
                                title: e.title.clone(),
                                hidden: tree.hidden,
                            });
                        }
                    }
                }
            }
            docs.insert(
                name.clone(),
                DocToc {
                    title: title.clone(),
                    md: md.clone(),
                    items,
                },
            );
        }
        Index { docs, names }
    }
}

/// One line of a printed table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub depth: usize,
    pub title: String,
    /// Markdown path of the document, and the anchor in it.
    pub md: Option<String>,
    pub anchor: Option<String>,
    pub url: Option<String>,
}

impl Index {
    /// The lines Sphinx prints for a toctree of page `from`.
    pub fn lines(&self, from: &str, tree: &toctree::Toctree) -> Vec<Line> {
        let mut out = Vec::new();
        let max = tree.maxdepth.unwrap_or(usize::MAX);
        for e in &tree.entries {
            match &e.target {
                Target::Doc(d) => {
                    let mut seen = vec![from.to_string()];
                    self.doc_lines(
                        d,
                        e.title.clone(),
                        0,
                        max,
                        tree.titlesonly,
                        &mut seen,
                        &mut out,
                    )
                }
                Target::Url(u) => out.push(Line {
                    depth: 0,
                    title: e.title.clone().unwrap_or_else(|| u.clone()),
                    md: None,
                    anchor: None,
                    url: Some(u.clone()),
                }),
                Target::SelfRef => {
                    if let Some(d) = self.docs.get(from) {
                        out.push(Line {
                            depth: 0,
                            title: e.title.clone().unwrap_or_else(|| d.title.clone()),
                            md: Some(d.md.clone()),
                            anchor: None,
                            url: None,
                        });
                    }
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn doc_lines(
        &self,
        name: &str,
        title: Option<String>,
        depth: usize,
        max: usize,
        titlesonly: bool,
        seen: &mut Vec<String>,
        out: &mut Vec<Line>,
    ) {
        let Some(doc) = self.docs.get(name) else {
            return;
        };
        if seen.iter().any(|s| s == name) || depth >= max {
            return;
        }
        out.push(Line {
            depth,
            title: title.unwrap_or_else(|| doc.title.clone()),
            md: Some(doc.md.clone()),
            anchor: None,
            url: None,
        });
        seen.push(name.to_string());
        self.item_lines(&doc.items, &doc.md, depth + 1, max, titlesonly, seen, out);
        seen.pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn item_lines(
        &self,
        items: &[Item],
        md: &str,
        depth: usize,
        max: usize,
        titlesonly: bool,
        seen: &mut Vec<String>,
        out: &mut Vec<Line>,
    ) {
        if depth >= max {
            return;
        }
        for item in items {
            match item {
                Item::Section {
                    title,
                    anchor,
                    children,
                } => {
                    if titlesonly {
                        self.item_lines(children, md, depth, max, titlesonly, seen, out);
                        continue;
                    }
                    out.push(Line {
                        depth,
                        title: title.clone(),
                        md: Some(md.to_string()),
                        anchor: anchor.clone(),
                        url: None,
                    });
                    self.item_lines(children, md, depth + 1, max, titlesonly, seen, out);
                }
                Item::Doc {
                    name,
                    title,
                    hidden,
                } => {
                    if !hidden {
                        self.doc_lines(name, title.clone(), depth, max, titlesonly, seen, out);
                    }
                }
                Item::Url { title, url } => out.push(Line {
                    depth,
                    title: title.clone(),
                    md: None,
                    anchor: None,
                    url: Some(url.clone()),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rst::{Settings, parse};

    #[test]
    fn nested_tables_of_contents_to_maxdepth() {
        let index_rst =
            "Book\n====\n\n.. toctree::\n   :maxdepth: 2\n\n   guide\n   Other title <faq>\n";
        let guide = "Guide\n=====\n\nInstall\n-------\n\nDeep\n~~~~\n\n.. toctree::\n   :hidden:\n\n   faq\n";
        let faq = "FAQ\n===\n\nWhy\n---\n";
        let s = Settings::default();
        let docs = [
            (
                "index".to_string(),
                "index.md".to_string(),
                parse(index_rst, &s, "index.rst"),
            ),
            (
                "guide".to_string(),
                "guide.md".to_string(),
                parse(guide, &s, "guide.rst"),
            ),
            (
                "faq".to_string(),
                "faq.md".to_string(),
                parse(faq, &s, "faq.rst"),
            ),
        ];
        let pages: Vec<(String, String, String, &Document)> = docs
            .iter()
            .map(|(n, m, d)| {
                let title = d
                    .tree
                    .astext(d.tree.children(d.tree.children(d.root)[0])[0]);
                (n.clone(), m.clone(), title, d)
            })
            .collect();
        let index = Index::build(&pages);
        let tree = &toctree::read(&docs[0].2, "index", &index.names)[0];
        let lines: Vec<(usize, String)> = index
            .lines("index", tree)
            .into_iter()
            .map(|l| (l.depth, l.title))
            .collect();
        assert_eq!(
            lines,
            [
                (0, "Guide".to_string()),
                (1, "Install".to_string()),
                (0, "Other title".to_string()),
                (1, "Why".to_string()),
            ]
        );
    }
}
