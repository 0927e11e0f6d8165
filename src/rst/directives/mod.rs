//! Directives: generic parsing of arguments, options and content
//! (docutils' `Body.run_directive`), and the directives themselves.

use super::block::{Machine, Parser};
use super::node::NodeId;

/// Run the directive `type_name` whose marker ends at char `end` of the
/// current line. Returns (nodes, blank_finish).
pub fn run(
    p: &mut Parser,
    sm: &mut Machine,
    type_name: &str,
    _end: usize,
    _alt: Option<String>,
) -> (Vec<NodeId>, bool) {
    unknown_directive(p, sm, type_name)
}

/// `Body.unknown_directive`.
pub fn unknown_directive(p: &mut Parser, sm: &mut Machine, type_name: &str) -> (Vec<NodeId>, bool) {
    let lineno = sm.abs_line_number();
    let (indented, _, _, blank_finish) = p.get_first_known_indented(sm, 0, false, false, true);
    let text = indented
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lb = p.doc.literal_block(&text);
    let err = p.doc.error(
        &format!("Unknown directive type \"{type_name}\"."),
        vec![lb],
        Some(lineno),
    );
    (vec![err], blank_finish)
}
