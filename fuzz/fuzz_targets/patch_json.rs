//! Any resource and PATCH request, as JSON: applying never panics; a failed PATCH
//! leaves the resource exactly as it was; a successful one is reported as
//! a change exactly when the resource changed; and the diff from the old
//! to the new resource (both valid), applied to the old one, succeeds.
//!
//! Input: one byte of options (bit 0: every tolerance, bit 1: reject
//! unknown attributes), then a JSON array `[resource, patch]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::validate::Validator;
use scim_core::{PatchOp, SchemaRegistry};
use scim_core::patch::{DiffOptions, Patcher, Tolerance, diff};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&options, json)) = data.split_first() else {
        return;
    };
    let Ok(Value::Array(mut pair)) = serde_json::from_slice::<Value>(json) else {
        return;
    };
    if pair.len() != 2 {
        return;
    }
    let Some(patch) = pair.pop() else { return };
    let Some(mut resource) = pair.pop() else { return };
    let Ok(patch) = scim_core::from_value::<PatchOp>(patch) else {
        return;
    };
    let tolerance = if options & 1 == 1 {
        Tolerance::ALL
    } else {
        Tolerance::STRICT
    };
    let patcher = Patcher::core()
        .with_tolerance(tolerance)
        .reject_unknown_attributes(options & 2 == 2);
    let before = resource.clone();
    match patcher.apply(&mut resource, &patch) {
        Err(e) => {
            assert_eq!(resource, before, "a failed PATCH changed the resource: {e}");
            let _ = (e.index(), e.scim_type(), format!("{e} {e:?}"));
        }
        Ok(report) => {
            // A successful PATCH may rewrite values to equal ones (e.g. the
            // spelling of a name), so only "no change reported" is checked.
            if !report.changed() {
                assert_eq!(resource, before, "a PATCH reported as no change changed the resource");
            }
            assert!(diff(&resource, &resource, &DiffOptions::new()).operations.is_empty());
            // Between two valid versions, the diff applies cleanly to the
            // old one. (An invalid old version can make a whole-attribute
            // replace fail on values the PATCH did not touch.)
            let validator = Validator::new(SchemaRegistry::core_ref());
            if validator.validate(&before).is_err() || validator.validate(&resource).is_err() {
                return;
            }
            let back = diff(&before, &resource, &DiffOptions::new());
            if back.operations.is_empty() {
                // Nothing to send: a PATCH needs at least one operation.
                return;
            }
            let mut again = before.clone();
            if let Err(e) = Patcher::core().apply(&mut again, &back) {
                panic!(
                    "the diff does not apply: {e}\nold: {before}\nnew: {resource}\ndiff: {}",
                    serde_json::to_string(&back).unwrap_or_default()
                );
            }
        }
    }
});
