//! Any bytes decoded as each resource and message type: never a panic, and
//! whatever decodes re-encodes to JSON that decodes again; after that first
//! round (which may normalise, e.g. list an extension in `schemas`), a
//! second round gives an equal value, where the type compares, and the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_core::{
    BulkRequest, BulkResponse, Group, ListResponse, PatchOp, Resource, ScimError, SearchRequest,
    ServiceProviderConfig, User,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// decode → encode → decode → encode → decode → encode: the last two
/// encodings are the same bytes. (The first encoding may normalise: an
/// extension object missing from `schemas` is added there.) Returns the
/// values of the last two decodings.
fn check_bytes<T>(data: &[u8]) -> Option<(T, T)>
where
    T: DeserializeOwned + Serialize,
{
    let first = scim_core::from_slice::<T>(data).ok()?;
    let once = round(&first);
    let bytes = serde_json::to_vec(&once).expect("encodes");
    let twice = round(&once);
    let bytes2 = serde_json::to_vec(&twice).expect("encodes");
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&bytes2),
        "encoding is not a fixpoint"
    );
    Some((once, twice))
}

/// Encodes `value` and decodes the result, which must succeed.
fn round<T: DeserializeOwned + Serialize>(value: &T) -> T {
    let bytes = serde_json::to_vec(value).expect("a decoded value encodes");
    scim_core::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the encoding of a decoded value does not decode: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        )
    })
}

/// As [`check_bytes`], and the last two values are equal.
fn check<T>(data: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    if let Some((once, twice)) = check_bytes::<T>(data) {
        assert_eq!(once, twice);
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
