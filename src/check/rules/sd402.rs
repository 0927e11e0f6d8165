//! SD402 `form-addition`: a form accepts more than its baseline did.

use crate::check::baseline::{self, Kind};
use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD402",
    name: "form-addition",
    description: "With `--schema-baseline DIR`: a procedure's form schema grew without breaking answer files written for the committed schema: a new optional field, a new procedure, a constraint relaxed (a field no longer required or fixed, more values allowed). Reported as information, shown whenever a baseline is given; regenerate the baseline (`stepdoc schema form --all --out DIR`) to record it.",
    default: Severity::Hidden,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    baseline::findings(cx, &RULE, Kind::Addition, out);
}
