//! A table of labels and what to put in them.
//!
//! ```rst
//! ======================  ==============================
//!  **Name**                Enter the flavor name.
//!  **RAM (MB)**            Enter the amount of RAM to use.
//! ======================  ==============================
//! ```
//!
//! Rows whose first cell is all strong text or a `:guilabel:` are fields:
//! the label is that cell, the help the next one. A second cell of one
//! token (`quota:cpu_shares`) makes the table a list of keys or values.

use crate::model::Field;
use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::view::View;
use super::{kind, new_field};

pub fn collect(v: &View, table: NodeId, out: &mut Vec<Field>) {
    for row in v.descendants(table) {
        if v.tag(row) != Tag::Row || v.parent(row).is_some_and(|p| v.tag(p) == Tag::Thead) {
            continue;
        }
        let cells: Vec<NodeId> = v.children(row).to_vec();
        let Some(&first) = cells.first() else {
            continue;
        };
        let Some(p) = v.first_paragraph(first) else {
            continue;
        };
        let marked = v.fully_marked(p, &[Tag::Strong])
            || (v.children(p).len() == 1 && v.role(v.children(p)[0]) == Some("guilabel"));
        if !marked || cells.len() < 2 {
            continue;
        }
        let label = v.text(p);
        if label.is_empty() {
            continue;
        }
        let mut f = new_field(&label, v.loc(p));
        // A second cell of one token is a value or a key, not help.
        let help = v.text(cells[1]);
        if help.split_whitespace().count() < 2 {
            continue;
        }
        f.help = Some(help);
        kind::classify(v, &mut f);
        out.push(f);
    }
}
