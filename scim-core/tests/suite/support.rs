//! Helpers shared by the test modules.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The text of a fixture under `tests/data/`.
pub(crate) fn fixture_text(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", name]
        .iter()
        .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture as JSON.
pub(crate) fn fixture(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

/// Decodes a value as `T` and encodes it back.
pub(crate) fn round_trip<T>(input: &Value) -> Value
where
    T: DeserializeOwned + Serialize,
{
    let typed: T = scim_core::from_value(input.clone()).expect("decodes");
    serde_json::to_value(&typed).expect("encodes")
}

/// Decodes a fixture from its text as `T`, checks that writing it back gives
/// the same JSON, and returns the typed value.
pub(crate) fn typed_fixture<T>(name: &str) -> T
where
    T: DeserializeOwned + Serialize,
{
    let text = fixture_text(name);
    let typed: T = scim_core::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let input: Value = serde_json::from_str(&text).unwrap();
    pretty_assertions::assert_eq!(serde_json::to_value(&typed).unwrap(), input, "{name}");
    typed
}
