//! Any bytes decoded as each resource type: never a panic, and whatever
//! decodes re-encodes and decodes again to an equal value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::{Group, Resource, User};

fn check<T>(data: &[u8])
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = scim_core::from_slice::<T>(data) {
        let bytes = serde_json::to_vec(&v).expect("a decoded value encodes");
        let again: T = scim_core::from_slice(&bytes).expect("an encoded value decodes");
        let bytes2 = serde_json::to_vec(&again).expect("encodes");
        assert_eq!(bytes, bytes2);
    }
}

fuzz_target!(|data: &[u8]| {
    check::<User>(data);
    check::<Group>(data);
    check::<Resource>(data);
});
