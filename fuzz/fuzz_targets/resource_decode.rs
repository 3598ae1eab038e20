//! Any bytes decoded as each resource and message type: never a panic, and
//! whatever decodes re-encodes to JSON that decodes again, equal where the
//! type compares, and whose encoding is a fixpoint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::{
    BulkRequest, BulkResponse, Group, ListResponse, PatchOp, Resource, ScimError, SearchRequest,
    ServiceProviderConfig, User,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// decode → encode → decode → encode: the two encodings are the same bytes.
fn check_bytes<T>(data: &[u8]) -> Option<(T, T)>
where
    T: DeserializeOwned + Serialize,
{
    let first = scim_core::from_slice::<T>(data).ok()?;
    let bytes = serde_json::to_vec(&first).expect("a decoded value encodes");
    let again: T = scim_core::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the encoding of a decoded value does not decode: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    let bytes2 = serde_json::to_vec(&again).expect("encodes");
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&bytes2),
        "encoding is not a fixpoint"
    );
    Some((first, again))
}

/// As [`check_bytes`], and the value read back equals the first one.
fn check<T>(data: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    if let Some((first, again)) = check_bytes::<T>(data) {
        assert_eq!(first, again);
    }
}

fuzz_target!(|data: &[u8]| {
    check::<User>(data);
    check::<Group>(data);
    check::<Resource>(data);
    check::<SearchRequest>(data);
    check::<PatchOp>(data);
    check::<BulkRequest>(data);
    check::<BulkResponse>(data);
    check::<ServiceProviderConfig>(data);
    check::<ScimError>(data);
    // No `PartialEq` on these: the bytes are compared.
    check_bytes::<ListResponse<User>>(data);
    check_bytes::<ListResponse<Resource>>(data);
});
