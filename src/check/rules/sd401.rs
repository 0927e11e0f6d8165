//! SD401 `breaking-form-change`: a form no longer accepts the answers its
//! baseline did.

use crate::check::baseline::{self, Kind};
use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD401",
    name: "breaking-form-change",
    description: "With `--schema-baseline DIR`: a procedure's form schema changed in a way that makes answer files written for the committed schema (`DIR/<procedure-id>.form.schema.json`) invalid: a field removed or renamed, its type, fixed value (`const`/`enum`) or format changed, a field newly required, a procedure removed. Scripts and saved answers that fill the form break. Undo the change, or accept it by regenerating the baseline (`stepdoc schema form --all --out DIR`) and committing it.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    baseline::findings(cx, &RULE, Kind::Breaking, out);
}
