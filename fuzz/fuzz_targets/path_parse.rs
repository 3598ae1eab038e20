//! Any bytes read as a PATCH path: never a panic, and whatever parses
//! prints to text that reads back equal and is a fixpoint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::PatchPath;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match PatchPath::parse(text) {
        Ok(path) => {
            let printed = path.to_string();
            let again = PatchPath::parse(&printed)
                .unwrap_or_else(|e| panic!("canonical text {printed:?} does not parse: {e:#}"));
            assert_eq!(again, path, "{printed}");
            assert_eq!(again.to_string(), printed);
        }
        Err(e) => {
            let span = e.span();
            assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
        }
    }
});
