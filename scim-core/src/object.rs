//! The machinery behind every typed SCIM object in this crate.
//!
//! RFC 7643 §2.1 makes attribute names case-insensitive, and a client must
//! not lose what it does not understand. The [`scim_object!`] macro declares
//! a struct and writes its `Deserialize` and `Serialize` impls by hand so
//! that:
//!
//! * attribute names match case-insensitively (an exact match is tried
//!   first, so canonical input costs no more than a derived impl; from
//!   `serde_json::from_slice`, names are compared as bytes, which saves the
//!   UTF-8 check a derived impl pays for each name, see [`raw_json_key`]);
//! * two spellings of the same attribute in one object are an error, as
//!   serde's derive does for exact duplicates;
//! * every attribute the struct does not know is kept, with its value and
//!   its spelling, in a `serde_json::Map`, and written back after the known
//!   ones (an extra attribute under the name of a modelled one that has a
//!   value is not written, so no name is written twice); two unknown
//!   names that differ only in case (`x-Tag`, `X-TAG`)
//!   name one attribute by RFC 7643 §2.1, but which value is meant cannot
//!   be told, so both are kept as read;
//! * output always uses the canonical attribute names;
//! * `null` reads as "unassigned" (RFC 7643 §2.5): `None` for optional
//!   attributes and an empty list for multi-valued ones. Unassigned
//!   attributes and empty lists are not written.
//!
//! A type declared with `; bare value` after its extra-attributes field
//! also reads a bare JSON string, as the object with only that attribute
//! set: the values of multi-valued attributes, which some servers write as
//! `"emails": ["bjensen@example.com"]` (RFC 7643 §2.4 has sub-attribute
//! objects for the complex ones). The object form is written back.
//!
//! Each field is declared with one of these kinds:
//!
//! * `req`: required; missing is an error, `null` is a type error;
//! * `opt`: an `Option<T>`; `null` and absence are `None`;
//! * `flag`: an `Option<bool>` read like `opt`, that also takes the strings
//!   `"true"` and `"false"` in any case (`"True"` is what Microsoft Entra ID
//!   sends for `primary`), see [`Flag`]; it is written as a JSON boolean;
//! * `ident`: an `Option<String>` of an identifier (`id`, `externalId`,
//!   `value`, `employeeNumber`), read like `opt`, that also takes a JSON
//!   integer as its decimal text (servers backed by integer keys write
//!   `"id": 1`; RFC 7643 §2.2 makes these strings), see [`IdText`]; it is
//!   written as a JSON string;
//! * `opt_id`: an `Option<T>` of a complex attribute whose `value` is an
//!   identifier, that also takes a bare string as that `value` (Microsoft
//!   Entra ID sends the enterprise `manager` as `"manager": "123"`), see
//!   [`ObjectOrValue`]; it is written as the object (`{"value": "123"}`);
//! * `vec`: a `Vec<T>`; `null`, `[]` and absence are an empty list.
//! * `schemas`: a `Vec<String>` read like `vec`, written with the URN of
//!   every extension present appended when missing (the type has an
//!   `extension_urns()` method); when empty, written only if the type knows
//!   its base schema (its `base_schema()` method) and has extensions: the
//!   base schema, then the extensions.
//! * `stamp`: an `Option<DateTime>` of read-only metadata (`meta.created`,
//!   `meta.lastModified`): a value that is not a dateTime (a server's own
//!   format, a number) reads as `None` and is kept, as read, in the extra
//!   attributes under the canonical name, so it is written back unchanged;
//!   see [`Stamp`];
//! * `raw`: an `Option<serde_json::Value>` that keeps an explicit `null`
//!   (`Some(Value::Null)`) apart from absence (`None`), for attributes whose
//!   value is arbitrary JSON, such as a PATCH operation's `value`.

/// Finds `key` among `names`: exactly first, then ignoring ASCII case.
#[inline]
pub(crate) fn match_name(names: &[&str], key: &str) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| *n == key) {
        return Some(i);
    }
    match_name_ignore_case(names, key.as_bytes())
}

/// Finds `key` among `names`, ignoring ASCII case.
///
/// The names are ASCII, so a key with other bytes matches none of them;
/// it need not be valid UTF-8.
#[inline]
pub(crate) fn match_name_ignore_case(names: &[&str], key: &[u8]) -> Option<usize> {
    names
        .iter()
        .position(|n| n.len() == key.len() && n.as_bytes().eq_ignore_ascii_case(key))
}

/// Whether `D` is `serde_json`'s deserializer of an object key read from a
/// byte slice (`serde_json::from_slice`), the usual way HTTP bodies are
/// decoded.
///
/// Asked for bytes, that deserializer hands over the key as written
/// (escapes decoded) without checking that it is UTF-8, which it otherwise
/// does for every string. The attribute names of this crate are ASCII, so a
/// key that equals one needs no check; the others are checked by
/// [`key_from_bytes`]. This skips about a third of the cost of reading each
/// key.
///
/// Any other deserializer (`from_str`, `from_reader`, `serde_json::Value`,
/// other formats, wrappers such as `serde_path_to_error`) is asked for an
/// identifier as usual. The test compares type names, which Rust does not
/// promise to keep stable: if they change, decoding stays correct and only
/// loses this shortcut.
#[inline]
pub(crate) fn raw_json_key<D>() -> bool {
    let name = std::any::type_name::<D>();
    name == "serde_json::de::MapKey<'_, serde_json::read::SliceRead<'_>>"
        || name == "serde_json::de::MapKey<serde_json::read::SliceRead>"
}

/// An attribute name this crate does not model, read as bytes by
/// [`raw_json_key`]'s shortcut, checked as `serde_json` checks strings: it
/// must be UTF-8, and when it held no escape (`unescaped`) it must not
/// contain a raw control character.
///
/// A key that holds both an escape and a raw control character cannot be
/// told from one whose escapes decoded to control characters, and is
/// accepted.
pub(crate) fn key_from_bytes<E: serde::de::Error>(v: &[u8], unescaped: bool) -> Result<String, E> {
    if unescaped && v.iter().any(|b| *b < 0x20) {
        return Err(E::custom(
            "control character (\\u0000-\\u001F) found while parsing a string",
        ));
    }
    match std::str::from_utf8(v) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => Err(E::custom("invalid unicode code point")),
    }
}

/// A SCIM boolean read liberally: a JSON boolean, `null` (unassigned), or
/// the string `"true"` or `"false"` in any ASCII case.
///
/// Identity providers send booleans as strings (Microsoft Entra ID writes
/// `"primary": "True"` for roles); the string says the same thing as the
/// boolean, so reading it loses nothing. Any other value is an error.
pub(crate) struct Flag(pub(crate) Option<bool>);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(Some(v)))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Flag, D::Error> {
                d.deserialize_any(V)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Flag, E> {
                if v.eq_ignore_ascii_case("true") {
                    Ok(Flag(Some(true)))
                } else if v.eq_ignore_ascii_case("false") {
                    Ok(Flag(Some(false)))
                } else {
                    Err(E::invalid_type(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// An identifier read liberally: a JSON string, `null` (unassigned), or a
/// JSON integer taken as its decimal text.
///
/// RFC 7643 §2.2 makes `id`, `externalId` and `value` strings, but servers
/// backed by integer keys write `"id": 1` or `"members": [{"value": 53}]`;
/// `"1"` names the same resource. Other values are errors.
pub(crate) struct IdText(pub(crate) Option<String>);

impl<'de> serde::Deserialize<'de> for IdText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IdText, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = IdText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(Some(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<IdText, E> {
                Ok(IdText(Some(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<IdText, E> {
                Ok(IdText(Some(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IdText, E> {
                Ok(IdText(Some(v.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<IdText, E> {
                Ok(IdText(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<IdText, E> {
                Ok(IdText(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<IdText, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

/// A complex attribute whose `value` sub-attribute is an identifier, read
/// from its object or from a bare string taken as that `value`.
///
/// Microsoft Entra ID sends the enterprise `manager` as the manager's id
/// (`"manager": "26118915"`) where RFC 7643 §4.3 has an object
/// (`{"value": "26118915"}`); both mean the same manager.
pub(crate) struct ObjectOrValue<T>(pub(crate) Option<T>);

impl<'de, T> serde::Deserialize<'de> for ObjectOrValue<T>
where
    T: serde::Deserialize<'de> + From<String>,
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T> serde::de::Visitor<'de> for V<T>
        where
            T: serde::Deserialize<'de> + From<String>,
        {
            type Value = ObjectOrValue<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object, or the string of its `value`")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectOrValue(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectOrValue(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ObjectOrValue(Some(T::from(v.to_owned()))))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(ObjectOrValue(Some(T::from(v))))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|t| ObjectOrValue(Some(t)))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A dateTime of read-only metadata as read: a valid one, or any other
/// value, kept as it came.
///
/// RFC 7644 §3.5.1 has a service provider ignore read-only attributes a
/// client sends, so a `meta.created` in a server's own format (or a client
/// echoing one) must not make the whole resource unreadable.
pub(crate) enum Stamp {
    /// A valid dateTime.
    Valid(crate::DateTime),
    /// Anything else.
    Other(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Stamp;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a dateTime")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Stamp, E> {
                Ok(match v.parse() {
                    Ok(d) => Stamp::Valid(d),
                    Err(_) => Stamp::Other(serde_json::Value::from(v)),
                })
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Stamp, E> {
                Ok(Stamp::Other(serde_json::Value::from(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Stamp, E> {
                Ok(Stamp::Other(serde_json::Value::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Stamp, E> {
                Ok(Stamp::Other(serde_json::Value::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Stamp, E> {
                Ok(Stamp::Other(serde_json::Value::from(v)))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Stamp, E> {
                Ok(Stamp::Other(serde_json::Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Stamp, A::Error> {
                serde::Deserialize::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Stamp::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Stamp, A::Error> {
                serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Stamp::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// Declares a SCIM object struct with case-insensitive, lossless serde.
///
/// ```ignore
/// scim_object! {
///     /// Docs.
///     #[derive(Clone, Debug, Default, PartialEq)]
///     pub struct Name {
///         /// Docs.
///         given_name: Option<String> => "givenName" (opt),
///         ;
///         /// Attributes this type does not model.
///         extra
///     }
/// }
/// ```
macro_rules! scim_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty => $json:literal ($kind:ident),
            )*
            ;
            $(#[$xmeta:meta])*
            $extra:ident
            $(; bare $bare:ident)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            $(#[$xmeta])*
            pub $extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }

        impl $name {
            /// The canonical names of the attributes this type models.
            pub const ATTRIBUTE_NAMES: &'static [&'static str] = &[$($json),*];
        }

        const _: () = {
            use ::serde::de::{self, DeserializeSeed, MapAccess, Visitor};
            use ::serde::ser::SerializeMap;
            use ::std::fmt;

            #[allow(non_camel_case_types)]
            enum Field {
                $($field,)*
                /// An attribute this type does not model; its name is in
                /// the seed's slot.
                Other,
            }

            #[allow(non_camel_case_types, dead_code)]
            #[repr(usize)]
            enum Index {
                $($field,)*
            }

            impl Field {
                /// The attribute `key` names, if this type models it.
                #[inline(always)]
                fn from_key(key: &[u8]) -> Option<Field> {
                    // Canonical spelling first, then any other case.
                    $(
                        if key == $json.as_bytes() {
                            return Some(Field::$field);
                        }
                    )*
                    Field::from_key_ignore_case(key)
                }

                #[cold]
                fn from_key_ignore_case(key: &[u8]) -> Option<Field> {
                    let idx = $crate::object::match_name_ignore_case($name::ATTRIBUTE_NAMES, key)?;
                    $(
                        if idx == Index::$field as usize {
                            return Some(Field::$field);
                        }
                    )*
                    None
                }
            }

            /// Reads an attribute name; the name of an unknown one goes to
            /// the slot, so that the result stays one byte.
            struct FieldSeed<'a>(&'a mut ::std::string::String);

            impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
                type Value = Field;
                #[inline]
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    self,
                    d: D,
                ) -> ::std::result::Result<Field, D::Error> {
                    if $crate::object::raw_json_key::<D>() {
                        d.deserialize_bytes(FieldVisitor(self.0))
                    } else {
                        d.deserialize_identifier(FieldVisitor(self.0))
                    }
                }
            }

            struct FieldVisitor<'a>(&'a mut ::std::string::String);

            impl<'de> Visitor<'de> for FieldVisitor<'_> {
                type Value = Field;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an attribute name")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> ::std::result::Result<Field, E> {
                    match Field::from_key(v.as_bytes()) {
                        Some(f) => Ok(f),
                        None => {
                            v.clone_into(self.0);
                            Ok(Field::Other)
                        }
                    }
                }
                fn visit_string<E: de::Error>(
                    self,
                    v: ::std::string::String,
                ) -> ::std::result::Result<Field, E> {
                    match Field::from_key(v.as_bytes()) {
                        Some(f) => Ok(f),
                        None => {
                            *self.0 = v;
                            Ok(Field::Other)
                        }
                    }
                }
                #[inline]
                fn visit_borrowed_bytes<E: de::Error>(
                    self,
                    v: &'de [u8],
                ) -> ::std::result::Result<Field, E> {
                    match Field::from_key(v) {
                        Some(f) => Ok(f),
                        None => {
                            *self.0 = $crate::object::key_from_bytes(v, true)?;
                            Ok(Field::Other)
                        }
                    }
                }
                fn visit_bytes<E: de::Error>(self, v: &[u8]) -> ::std::result::Result<Field, E> {
                    match Field::from_key(v) {
                        Some(f) => Ok(f),
                        None => {
                            *self.0 = $crate::object::key_from_bytes(v, false)?;
                            Ok(Field::Other)
                        }
                    }
                }
            }

            struct ObjectVisitor;

            impl<'de> Visitor<'de> for ObjectVisitor {
                type Value = $name;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(concat!("a SCIM ", stringify!($name), " object"))
                }
                $(
                    /// A bare string is the value of its `bare` attribute.
                    fn visit_str<E: de::Error>(
                        self,
                        v: &str,
                    ) -> ::std::result::Result<$name, E> {
                        Ok($name {
                            $bare: Some(v.to_owned()),
                            ..$name::default()
                        })
                    }
                )?
                #[inline]
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> ::std::result::Result<$name, A::Error> {
                    $(
                        let mut $field: Option<$ty> = None;
                    )*
                    let mut $extra = ::serde_json::Map::new();
                    let mut other = ::std::string::String::new();
                    while let Some(key) = map.next_key_seed(FieldSeed(&mut other))? {
                        match key {
                            $(
                                Field::$field => {
                                    if $field.is_some() {
                                        return Err(de::Error::duplicate_field($json));
                                    }
                                    $field = Some(scim_object!(@read $kind map $ty, $extra, $json));
                                }
                            )*
                            Field::Other => {
                                let k = ::std::mem::take(&mut other);
                                if $extra.contains_key(&k) {
                                    return Err(de::Error::custom(format_args!(
                                        "duplicate attribute `{}`",
                                        k
                                    )));
                                }
                                let v: ::serde_json::Value = map.next_value()?;
                                $extra.insert(k, v);
                            }
                        }
                    }
                    Ok($name {
                        $(
                            $field: scim_object!(@finish $kind $field $json),
                        )*
                        $extra,
                    })
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                #[inline]
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    d: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    scim_object!(@deserialize d $($bare)?)
                }
            }

            impl $name {
                /// Whether the modelled attribute at `idx` of
                /// `ATTRIBUTE_NAMES` has a value to write.
                fn is_present_at(&self, idx: usize) -> bool {
                    $(
                        if idx == Index::$field as usize {
                            return scim_object!(@present $kind self, self.$field);
                        }
                    )*
                    false
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    s: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    // An extra attribute under the name of a modelled one
                    // that has a value is not written: the modelled value
                    // wins, and no name is written twice. (`meta.created`
                    // kept as read when it was no dateTime, then set.)
                    let shadowed = |k: &str| {
                        $crate::object::match_name_ignore_case($name::ATTRIBUTE_NAMES, k.as_bytes())
                            .is_some_and(|i| self.is_present_at(i))
                    };
                    let extra_len = if self.$extra.is_empty() {
                        0
                    } else {
                        self.$extra.keys().filter(|k| !shadowed(k)).count()
                    };
                    let len = 0usize
                        $(+ usize::from(scim_object!(@present $kind self, self.$field)))*
                        + extra_len;
                    let mut m = s.serialize_map(Some(len))?;
                    $(
                        scim_object!(@write $kind m self, self.$field, $json);
                    )*
                    if extra_len > 0 {
                        for (k, v) in &self.$extra {
                            if !shadowed(k) {
                                m.serialize_entry(k, v)?;
                            }
                        }
                    }
                    m.end()
                }
            }
        };
    };

    (@deserialize $d:ident) => { $d.deserialize_map(ObjectVisitor) };
    (@deserialize $d:ident $bare:ident) => { $d.deserialize_any(ObjectVisitor) };

    (@read req $map:ident $ty:ty, $extra:ident, $json:literal) => { $map.next_value::<$ty>()? };
    (@read opt $map:ident $ty:ty, $extra:ident, $json:literal) => { $map.next_value::<$ty>()? };
    (@read ident $map:ident $ty:ty, $extra:ident, $json:literal) => {
        $map.next_value::<$crate::object::IdText>()?.0
    };
    (@read flag $map:ident $ty:ty, $extra:ident, $json:literal) => { $map.next_value::<$crate::object::Flag>()?.0 };
    (@read opt_id $map:ident $ty:ty, $extra:ident, $json:literal) => {
        $map.next_value::<$crate::object::ObjectOrValue<_>>()?.0
    };
    (@read vec $map:ident $ty:ty, $extra:ident, $json:literal) => { $map.next_value::<Option<$ty>>()?.unwrap_or_default() };
    (@read schemas $map:ident $ty:ty, $extra:ident, $json:literal) => { $map.next_value::<Option<$ty>>()?.unwrap_or_default() };
    (@read stamp $map:ident $ty:ty, $extra:ident, $json:literal) => {
        match $map.next_value::<Option<$crate::object::Stamp>>()? {
            Some($crate::object::Stamp::Valid(d)) => Some(d),
            Some($crate::object::Stamp::Other(v)) => {
                $extra.insert($json.to_owned(), v);
                None
            }
            None => None,
        }
    };
    (@read raw $map:ident $ty:ty, $extra:ident, $json:literal) => { Some($map.next_value::<::serde_json::Value>()?) };

    (@finish req $field:ident $json:literal) => {
        match $field {
            Some(v) => v,
            None => return Err(de::Error::missing_field($json)),
        }
    };
    (@finish vec $field:ident $json:literal) => { $field.unwrap_or_default() };
    (@finish schemas $field:ident $json:literal) => { $field.unwrap_or_default() };
    // Every other kind (opt, flag, ident, stamp, opt_id, raw) is an `Option`.
    (@finish $kind:ident $field:ident $json:literal) => { $field.flatten() };

    (@present req $this:ident, $e:expr) => { true };
    (@present vec $this:ident, $e:expr) => { !$e.is_empty() };
    (@present schemas $this:ident, $e:expr) => {
        $crate::resource::SchemasOut {
            declared: &$e,
            base: $this.base_schema(),
            present: $this.extension_urns(),
        }
        .is_written()
    };
    // The `Option` kinds; `@read` has an arm for each kind, so an unknown
    // kind still fails to expand there.
    (@present $kind:ident $this:ident, $e:expr) => { $e.is_some() };

    (@write req $m:ident $this:ident, $e:expr, $json:literal) => {
        $m.serialize_entry($json, &$e)?;
    };
    (@write vec $m:ident $this:ident, $e:expr, $json:literal) => {
        if !$e.is_empty() {
            $m.serialize_entry($json, &$e)?;
        }
    };
    (@write schemas $m:ident $this:ident, $e:expr, $json:literal) => {
        if scim_object!(@present schemas $this, $e) {
            $m.serialize_entry(
                $json,
                &$crate::resource::SchemasOut {
                    declared: &$e,
                    base: $this.base_schema(),
                    present: $this.extension_urns(),
                },
            )?;
        }
    };
    // The `Option` kinds.
    (@write $kind:ident $m:ident $this:ident, $e:expr, $json:literal) => {
        if let Some(v) = &$e {
            $m.serialize_entry($json, v)?;
        }
    };
}

pub(crate) use scim_object;

/// Declares an enum of SCIM keywords with an `Other(String)` variant that
/// keeps unknown keywords, plus `as_str`, `Display`, `FromStr` (ignoring
/// ASCII case), `Serialize` and `Deserialize`.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A keyword RFC 7643 does not define, kept as spelled.
            Other(::std::string::String),
        }

        impl $name {
            /// The keyword as RFC 7643 spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other(s) => s,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                $(
                    if s.eq_ignore_ascii_case($text) {
                        return Ok($name::$variant);
                    }
                )*
                Ok($name::Other(s.to_owned()))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " keyword"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<$name, E> {
                        let Ok(k) = v.parse();
                        Ok(k)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

pub(crate) use keyword_enum;

#[cfg(test)]
mod tests {
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

    /// Reads one object and reports whether its first key would take the
    /// shortcut of [`super::raw_json_key`].
    struct Probe;

    struct KeyProbe;

    impl<'de> DeserializeSeed<'de> for KeyProbe {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            let raw = super::raw_json_key::<D>();
            d.deserialize_ignored_any(IgnoredAny)?;
            Ok(raw)
        }
    }

    impl<'de> Visitor<'de> for Probe {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let raw = map.next_key_seed(KeyProbe)?.unwrap_or(false);
            map.next_value::<IgnoredAny>()?;
            Ok(raw)
        }
    }

    fn probe<'de, D: Deserializer<'de>>(d: D) -> bool {
        d.deserialize_map(Probe).unwrap()
    }

    #[test]
    fn keys_read_as_bytes_only_from_json_slices() {
        let text = r#"{"userName": "bjensen"}"#;
        let slice = &mut serde_json::Deserializer::from_slice(text.as_bytes());
        assert!(probe(slice));
        assert!(!probe(&mut serde_json::Deserializer::from_str(text)));
        let reader = &mut serde_json::Deserializer::from_reader(text.as_bytes());
        assert!(!probe(reader));
        assert!(!probe(serde_json::json!({"userName": "bjensen"})));
    }
}
