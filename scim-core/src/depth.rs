//! How deeply a JSON value nests, measured without recursion.

use serde_json::Value;

/// Whether `value` nests arrays and objects more than `limit` levels deep
/// (a scalar is 0 levels, `[1]` and `{"a": 1}` are 1). Walks the value with
/// an explicit stack, stopping at the first branch past the limit, so any
/// value can be measured on any thread.
pub(crate) fn exceeds(value: &Value, limit: usize) -> bool {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, depth)) = stack.pop() {
        let depth = depth + 1;
        match v {
            Value::Array(_) | Value::Object(_) if depth > limit => return true,
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth))),
            Value::Object(map) => stack.extend(map.values().map(|c| (c, depth))),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::exceeds;
    use serde_json::{Value, json};

    #[test]
    fn levels() {
        let cases = [
            (json!(1), 0),
            (json!([]), 1),
            (json!({}), 1),
            (json!([1, 2]), 1),
            (json!({"a": [1]}), 2),
            (json!([[], [[{"a": null}]]]), 4),
        ];
        for (v, depth) in cases {
            assert!(!exceeds(&v, depth), "{v}");
            if depth > 0 {
                assert!(exceeds(&v, depth - 1), "{v}");
            }
        }
    }

    #[test]
    fn deep_values_are_measured_without_recursion() {
        let mut v = Value::Null;
        for _ in 0..200_000 {
            v = Value::Array(vec![v]);
        }
        assert!(exceeds(&v, 128));
        assert!(!exceeds(&v, 200_000));
        // Take the value apart with a loop: dropping it would recurse.
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            if let Value::Array(items) = v {
                stack.extend(items);
            }
        }
    }
}
