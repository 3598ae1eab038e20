//! Making the in-memory service provider behave as a profile's target
//! documents (feature `emulation`).

use scim_client::memory::{MemoryProvider, MemoryProviderBuilder, Quirks};

use crate::mapping::ResourceKind;
use crate::profile::{Deprovision, FilterSupport, Profile};

impl Profile {
    /// The [`Quirks`] under which [`MemoryProvider`] behaves as this
    /// profile's target documents:
    ///
    /// * no `/Groups` when the target has no groups (SparkPost);
    /// * no PATCH when the target takes none;
    /// * a PUT or PATCH leaving a user inactive deletes it when
    ///   deactivation deletes (Smartsheet, SparkPost);
    /// * a PUT carrying an attribute the target changes only by PATCH is
    ///   refused with 400 (monday.com `active`, `userType`);
    /// * lists hide users and groups not created through SCIM unless the
    ///   profile's list parameter is sent (monday.com
    ///   `scim_provisioned_only=false`);
    /// * only `attr eq "value"` on the lookup attributes is answered when
    ///   the target answers only lookups (the vendors);
    /// * pages hold at most the profile's page size, when it has one.
    ///
    /// What the provider cannot show is left as RFC 7644 says: it does
    /// not lowercase `userName` or check `userType` values, and a deleted
    /// Smartsheet user is 404, not "User account is inactive".
    ///
    /// ```
    /// use scim_profiles::sparkpost;
    ///
    /// let provider = sparkpost::PROFILE.emulator().build();
    /// assert!(provider.quirks() != scim_client::memory::Quirks::rfc());
    /// ```
    pub fn emulation_quirks(&self) -> Quirks {
        let caps = &self.capabilities;
        let rules = &self.rules;
        let mut q = Quirks::rfc();
        if !caps.groups {
            q = q.no_groups(true);
        }
        if !caps.patch {
            q = q.no_patch(true);
        }
        if rules.deprovision == Deprovision::DeactivationDeletes {
            q = q.deactivate_deletes(true);
        }
        if !rules.put_forbidden.is_empty() {
            q = q.put_rejects(rules.put_forbidden.iter().map(|p| p.as_str().to_owned()));
        }
        if let Some(param) = caps.list_params.first() {
            q = q.hide_unprovisioned_unless(param.name.to_string(), param.value.to_string());
        }
        if caps.filters == FilterSupport::LookupsOnly {
            let attributes = caps
                .user_lookup
                .iter()
                .chain(caps.group_lookup.iter())
                .map(|p| p.as_str().to_owned())
                .collect::<Vec<_>>();
            q = q
                .filter_operators(["eq"])
                .compound_filters(false)
                .filter_attributes(attributes);
        }
        if let Some(size) = caps.page_size {
            q = q.page_size_cap(usize::try_from(size).unwrap_or(usize::MAX));
        }
        if rules.start_index == 0 {
            q = q.zero_based_index(true);
        }
        q
    }

    /// A [`MemoryProvider`] builder set up as this profile's target: its
    /// [quirks](Self::emulation_quirks), and the enterprise User extension
    /// only when the profile maps an enterprise attribute. Add a base URL
    /// and a token as needed.
    ///
    /// ```
    /// use scim_profiles::monday;
    ///
    /// let provider = monday::PROFILE
    ///     .emulator()
    ///     .base_url(monday::Subdomain::new("acme")?.base_url())
    ///     .build();
    /// assert_eq!(provider.base_url().as_str(), "https://acme.monday.com/scim/v2/");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn emulator(&self) -> MemoryProviderBuilder {
        let enterprise = self.mappings_of(ResourceKind::User).any(|m| {
            m.path
                .attr()
                .ok()
                .and_then(|a| {
                    a.uri()
                        .map(|u| u.eq_ignore_ascii_case(scim_core::schema::urn::ENTERPRISE_USER))
                })
                .unwrap_or(false)
        });
        MemoryProvider::builder()
            .quirks(self.emulation_quirks())
            .enterprise_user(enterprise)
    }
}
