//! Any bytes read as a filter, a PATCH path and an attribute path: never a
//! panic, and an error always points inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::{AttrPath, Filter, PatchPath};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Filter::parse(text) {
        let span = e.span();
        assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        let _ = format!("{e} {e:#}");
    }
    let _ = PatchPath::parse(text);
    let _ = AttrPath::parse(text);
});
