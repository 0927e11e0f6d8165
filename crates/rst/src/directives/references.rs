//! Directives for references and targets (docutils'
//! `parsers/rst/directives/references.py`): `target-notes`.

use super::{Converter, Directive, DirectiveError, Spec, class_option};
use crate::block::{Machine, Parser};
use crate::node::NodeId;

const TARGET_NOTES_OPTIONS: &[(&str, Converter)] = &[("class", class_option)];

pub const TARGET_NOTES_SPEC: Spec = Spec {
    options: Some(TARGET_NOTES_OPTIONS),
    ..Spec::NONE
};

/// `TargetNotes.run`: a pending generation of footnotes for the targets.
pub fn run_target_notes(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let details = d
        .options
        .iter()
        .map(|(k, v)| (k.clone(), v.py_repr()))
        .collect();
    let pending = p
        .doc
        .tree
        .pending("docutils.transforms.references.TargetNotes", details);
    p.doc.tree.get_mut(pending).span = super::images::directive_span(p, sm, d);
    d.add_name(p, pending);
    Ok(vec![pending])
}
