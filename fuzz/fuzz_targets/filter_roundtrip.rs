//! Whatever reads as a filter prints canonically to text that reads back
//! equal, and printing that again gives the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::Filter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(filter) = Filter::parse(text) else {
        return;
    };
    let printed = filter.to_string();
    let again = Filter::parse(&printed)
        .unwrap_or_else(|e| panic!("canonical text {printed:?} does not parse: {e:#}"));
    assert_eq!(again, filter, "{printed}");
    assert_eq!(again.to_string(), printed);
});
