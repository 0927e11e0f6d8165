//! The tables of contents Sphinx prints where a `toctree` stands: each
//! entry's document title, its sections and the documents its own
//! toctrees name, nested down to `:maxdepth:`.

use crate::rst::Tag;
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
        /// From a `:numbered:` toctree: how many levels are numbered.
        numbered: Option<usize>,
    },
    /// An object description (`.. function::`), an entry without a number.
    Object {
        title: String,
        anchor: Option<String>,
        children: Vec<Item>,
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
    /// Its section number, when a numbered toctree names it (`2`, `2.1`).
    pub number: Option<String>,
    /// Section numbers of its sections, by anchor.
    pub section_numbers: HashMap<String, String>,
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
            .map(|name| crate::rst::make_id(name))
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
        if t.tag(c) == Tag::Directive {
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
                // Every signature is an entry; the content hangs under the last.
                let last = sigs.len() - 1;
                let mut children = Some(children);
                for (k, sig) in sigs.iter().enumerate() {
                    out.push(Item::Object {
                        title: sig.toc.clone(),
                        anchor: Some(sig.id.clone()),
                        children: if k == last {
                            children.take().unwrap_or_default()
                        } else {
                            Vec::new()
                        },
                    });
                }
                continue;
            }
        }
        match t.tag(c) {
            Tag::Section => {
                let title = t
                    .children(c)
                    .iter()
                    .find(|&&x| t.tag(x) == Tag::Title)
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
                                numbered: tree.numbered,
                            }),
                            Target::Url(u) if !tree.hidden => out.push(Item::Url {
                                title: e.title.clone().unwrap_or_else(|| u.clone()),
                                url: u.clone(),
                            }),
                            _ => {}
                        }
                    }
                } else if !matches!(t.tag(c), Tag::Title) && !t.is_text(c) {
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
                .filter(|&c| t.tag(c) == Tag::Section)
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
                if t.tag(c) == Tag::Section {
                    let title = t
                        .children(c)
                        .iter()
                        .find(|&&x| t.tag(x) == Tag::Title)
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
                                numbered: tree.numbered,
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
                    number: None,
                    section_numbers: HashMap::new(),
                },
            );
        }
        let mut index = Index { docs, names };
        index.number();
        index
    }

    /// Section numbers from `:numbered:` toctrees: each entry document is
    /// numbered in order, its sections and the documents its own toctrees
    /// name below it, down to the toctree's depth.
    fn number(&mut self) {
        let mut starts: Vec<(String, usize, Vec<u32>)> = Vec::new();
        for doc in self.docs.values() {
            collect_numbered(&doc.items, &mut Vec::new(), &mut starts);
        }
        let mut seen = std::collections::HashSet::new();
        for (name, depth, prefix) in starts {
            self.number_doc(&name, &prefix, depth, &mut seen);
        }
    }

    fn number_doc(
        &mut self,
        name: &str,
        prefix: &[u32],
        depth: usize,
        seen: &mut std::collections::HashSet<String>,
    ) {
        if depth == 0 || !seen.insert(name.to_string()) {
            return;
        }
        let Some(doc) = self.docs.get_mut(name) else {
            return;
        };
        doc.number = Some(dotted(prefix));
        let items = doc.items.clone();
        let mut numbers = HashMap::new();
        let mut docs = Vec::new();
        number_items(&items, prefix, depth - 1, &mut numbers, &mut docs);
        if let Some(doc) = self.docs.get_mut(name) {
            doc.section_numbers = numbers;
        }
        for (child, p, d) in docs {
            self.number_doc(&child, &p, d, seen);
        }
    }
}

fn dotted(n: &[u32]) -> String {
    n.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
}

/// The numbered toctrees' entries of an outline: (document, depth, number).
fn collect_numbered(items: &[Item], at: &mut Vec<u32>, out: &mut Vec<(String, usize, Vec<u32>)>) {
    let mut k = 0;
    for item in items {
        match item {
            Item::Doc {
                name,
                numbered: Some(depth),
                ..
            } => {
                k += 1;
                let mut n = at.clone();
                n.push(k);
                out.push((name.clone(), *depth, n));
            }
            Item::Section { children, .. } | Item::Object { children, .. } => {
                collect_numbered(children, at, out)
            }
            _ => {}
        }
    }
}

/// Numbers of the sections of an outline under `prefix`; the documents met
/// are returned with their numbers to be numbered in turn.
fn number_items(
    items: &[Item],
    prefix: &[u32],
    depth: usize,
    numbers: &mut HashMap<String, String>,
    docs: &mut Vec<(String, Vec<u32>, usize)>,
) {
    if depth == 0 {
        return;
    }
    let mut k = 0;
    for item in items {
        match item {
            Item::Section {
                anchor, children, ..
            } => {
                k += 1;
                let mut n = prefix.to_vec();
                n.push(k);
                if let Some(a) = anchor {
                    numbers.insert(a.clone(), dotted(&n));
                }
                number_items(children, &n, depth - 1, numbers, docs);
            }
            Item::Doc { name, .. } => {
                k += 1;
                let mut n = prefix.to_vec();
                n.push(k);
                docs.push((name.clone(), n, depth));
            }
            _ => {}
        }
    }
}

/// One line of a printed table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub depth: usize,
    pub title: String,
    /// Its section number (`1.2`), in numbered tables of contents.
    pub number: Option<String>,
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
                    number: None,
                    title: e.title.clone().unwrap_or_else(|| u.clone()),
                    md: None,
                    anchor: None,
                    url: Some(u.clone()),
                }),
                Target::SelfRef => {
                    if let Some(d) = self.docs.get(from) {
                        out.push(Line {
                            depth: 0,
                            number: None,
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
            number: doc.number.clone(),
            title: title.unwrap_or_else(|| doc.title.clone()),
            md: Some(doc.md.clone()),
            anchor: None,
            url: None,
        });
        seen.push(name.to_string());
        let numbers = &doc.section_numbers;
        self.item_lines(
            &doc.items,
            &doc.md,
            numbers,
            depth + 1,
            max,
            titlesonly,
            seen,
            out,
        );
        seen.pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn item_lines(
        &self,
        items: &[Item],
        md: &str,
        numbers: &HashMap<String, String>,
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
                }
                | Item::Object {
                    title,
                    anchor,
                    children,
                } => {
                    if titlesonly {
                        self.item_lines(children, md, numbers, depth, max, titlesonly, seen, out);
                        continue;
                    }
                    out.push(Line {
                        depth,
                        number: anchor.as_ref().and_then(|a| numbers.get(a)).cloned(),
                        title: title.clone(),
                        md: Some(md.to_string()),
                        anchor: anchor.clone(),
                        url: None,
                    });
                    self.item_lines(children, md, numbers, depth + 1, max, titlesonly, seen, out);
                }
                Item::Doc {
                    name,
                    title,
                    hidden,
                    ..
                } => {
                    if !hidden {
                        self.doc_lines(name, title.clone(), depth, max, titlesonly, seen, out);
                    }
                }
                Item::Url { title, url } => out.push(Line {
                    depth,
                    number: None,
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
