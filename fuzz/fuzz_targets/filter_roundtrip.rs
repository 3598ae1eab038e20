//! Two checks on each input:
//!
//! - read as text: whatever reads as a filter prints canonically to text
//!   that reads back equal, and printing that again gives the same text;
//! - read as a recipe for a filter tree (built in code, bounded depth): the
//!   tree prints to text that reads back equal.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use scim_core::filter::{AttrPath, CompValue, CompareOp, Filter};

fn check_text(text: &str) {
    let Ok(filter) = Filter::parse(text) else {
        return;
    };
    let printed = filter.to_string();
    let again = Filter::parse(&printed)
        .unwrap_or_else(|e| panic!("canonical text {printed:?} does not parse: {e:#}"));
    assert_eq!(again, filter, "{printed}");
    assert_eq!(again.to_string(), printed);
}

const NAMES: &[&str] = &["userName", "not", "pr", "AND", "or", "eq", "$ref", "value", "x-y_1"];
const URIS: &[&str] = &[
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "a:b",
    "u.1:b-2",
];

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 2)? {
        return Ok((*u.choose(NAMES)?).to_owned());
    }
    let len = u.int_in_range(0..=6)?;
    let mut s = String::from(*u.choose(&["a", "Z", "q"])?);
    for _ in 0..len {
        s.push(*u.choose(&['a', 'B', '7', '-', '_'])?);
    }
    Ok(s)
}

fn path(u: &mut Unstructured<'_>, relative: bool) -> Result<AttrPath> {
    let uri = if !relative && u.ratio(1, 4)? {
        Some(*u.choose(URIS)?)
    } else {
        None
    };
    let n = name(u)?;
    let sub = if u.ratio(1, 3)? { Some(name(u)?) } else { None };
    Ok(AttrPath::from_parts(uri, &n, sub.as_deref()).expect("valid parts"))
}

fn value(u: &mut Unstructured<'_>) -> Result<CompValue> {
    Ok(match u.int_in_range(0..=5)? {
        0 => CompValue::Null,
        1 => CompValue::Bool(u.arbitrary()?),
        2 => CompValue::from(u.arbitrary::<i64>()?),
        3 => CompValue::from(u.arbitrary::<u64>()?),
        4 => match serde_json::Number::from_f64(u.arbitrary()?) {
            Some(n) => CompValue::Number(n),
            None => CompValue::Null,
        },
        _ => CompValue::from(u.arbitrary::<String>()?),
    })
}

fn filter(u: &mut Unstructured<'_>, depth: u32, relative: bool) -> Result<Filter> {
    let max = if depth == 0 { 1 } else { 5 };
    Ok(match u.int_in_range(0..=max)? {
        0 => {
            let op = *u.choose(&CompareOp::ALL)?;
            Filter::compare(path(u, relative)?, op, value(u)?)
        }
        1 => Filter::Present(path(u, relative)?),
        2 => Filter::not(filter(u, depth - 1, relative)?),
        3 | 4 => {
            let n = u.int_in_range(2..=4)?;
            let mut operands = Vec::with_capacity(n);
            for _ in 0..n {
                operands.push(filter(u, depth - 1, relative)?);
            }
            if u.ratio(1, 2)? {
                Filter::And(operands)
            } else {
                Filter::Or(operands)
            }
        }
        _ if relative => Filter::Present(path(u, true)?),
        _ => Filter::value_path(path(u, false)?, filter(u, depth - 1, true)?),
    })
}

fn check_tree(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(tree) = filter(&mut u, 6, false) else {
        return;
    };
    let printed = tree.to_string();
    let again = Filter::parse(&printed)
        .unwrap_or_else(|e| panic!("printed tree {printed:?} does not parse: {e:#}"));
    assert_eq!(again, tree, "{printed}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
    check_tree(data);
});
