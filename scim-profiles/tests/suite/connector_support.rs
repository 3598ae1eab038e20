//! Helpers for the connector tests: emulated targets, directories, and
//! reading the target's store.

use std::sync::Arc;

use scim_client::memory::{MemoryProvider, MemoryProviderBuilder};
use scim_client::transport::Transport;
use scim_client::{Auth, Client, RetryPolicy};
use scim_profiles::connector::{
    Connector, ConnectorOptions, DeprovisionGuard, Directory, DirectoryGroup, EventLog,
};
use scim_profiles::{BUILT_IN, DirectoryProperty as P, DirectoryUser, Profile, ResourceKind};
use serde_json::Value;

pub(crate) const TOKEN: &str = "connector-test-token";

/// The in-memory provider set up as the profile's target.
pub(crate) fn emulator(profile: &Profile) -> MemoryProviderBuilder {
    profile.emulator().bearer_token(TOKEN)
}

pub(crate) fn profiles() -> impl Iterator<Item = &'static Profile> {
    BUILT_IN.iter().copied()
}

pub(crate) fn profile(name: &str) -> &'static Profile {
    profiles().find(|p| p.name == name).unwrap()
}

/// A target, a connector over it (options allowing destructive effects and
/// without guard unless changed), and the connector's events.
pub(crate) struct Setup {
    pub(crate) profile: &'static Profile,
    pub(crate) target: MemoryProvider,
    pub(crate) connector: Connector,
    pub(crate) log: Arc<EventLog>,
}

/// A client whose retries do not wait (the waits are not what is tested).
pub(crate) fn client<T: Transport>(base: &url::Url, transport: T) -> Client<T> {
    Client::builder(base.clone())
        .auth(Auth::bearer(TOKEN).unwrap())
        .retry(RetryPolicy::new().max_attempts(10))
        .sleep(|_: std::time::Duration| async {})
        .build(transport)
        .unwrap()
}

impl Setup {
    pub(crate) fn new(profile: &'static Profile) -> Setup {
        Setup::with_target(profile, emulator(profile).build())
    }

    pub(crate) fn with_target(profile: &'static Profile, target: MemoryProvider) -> Setup {
        let log = Arc::new(EventLog::new());
        let connector = Connector::new(client(target.base_url(), target.clone()), profile)
            .with_sink(log.clone())
            .with_options(
                ConnectorOptions::default()
                    .allow_destructive(true)
                    .guard(DeprovisionGuard::disabled()),
            );
        Setup {
            profile,
            target,
            connector,
            log,
        }
    }

    pub(crate) fn sync(&mut self, dir: &Directory) -> scim_profiles::connector::Report {
        pollster::block_on(self.connector.sync(dir)).unwrap()
    }

    pub(crate) fn plan(&self, dir: &Directory) -> scim_profiles::connector::Plan {
        pollster::block_on(self.connector.plan(dir)).unwrap()
    }

    pub(crate) fn users(&self) -> Vec<Value> {
        self.target.snapshot().resources("User").to_vec()
    }

    pub(crate) fn groups(&self) -> Vec<Value> {
        self.target.snapshot().resources("Group").to_vec()
    }

    pub(crate) fn user(&self, user_name: &str) -> Option<Value> {
        self.users().into_iter().find(|u| {
            u["userName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(user_name))
        })
    }

    pub(crate) fn group(&self, name: &str) -> Option<Value> {
        self.groups().into_iter().find(|g| g["displayName"] == name)
    }

    /// The userNames of a group's members.
    pub(crate) fn members(&self, name: &str) -> Vec<String> {
        let group = self.group(name).unwrap();
        let users = self.users();
        let mut names: Vec<String> = group["members"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter_map(|m| {
                        users
                            .iter()
                            .find(|u| u["id"] == m["value"])
                            .and_then(|u| u["userName"].as_str())
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub(crate) fn writes(&self) -> u64 {
        self.target.counters().writes
    }
}

pub(crate) fn person(name: &str) -> DirectoryUser {
    let email = format!("{name}@example.com");
    DirectoryUser::new()
        .with(P::Username, email.as_str())
        .unwrap()
        .with(P::Email, email.as_str())
        .unwrap()
        .with(P::FirstName, name)
        .unwrap()
        .with(P::LastName, "Tester")
        .unwrap()
        .with(P::Title, "Tester")
        .unwrap()
}

pub(crate) fn login(name: &str) -> String {
    format!("{name}@example.com")
}

/// ann and bob in Sales, bob and cat in Support, dan in no bound group
/// (Alumni is not bound), an empty bound group.
pub(crate) fn directory() -> Directory {
    let mut dir = Directory::new();
    for (id, name) in [("u1", "ann"), ("u2", "bob"), ("u3", "cat"), ("u4", "dan")] {
        dir.insert_user(id, person(name));
    }
    dir.insert_group(DirectoryGroup::new("g1", "Sales").with_members(["u1", "u2"]));
    dir.insert_group(DirectoryGroup::new("g2", "Support").with_members(["u2", "u3"]));
    dir.insert_group(DirectoryGroup::new("g3", "Empty"));
    dir.insert_group(
        DirectoryGroup::new("g4", "Alumni")
            .with_members(["u4"])
            .bound(false),
    );
    dir
}

/// A directory property the profile maps and a test can change, with its
/// SCIM path.
pub(crate) fn changeable(profile: &Profile) -> (P, &'static str) {
    [(P::Title, "title"), (P::FirstName, "name")]
        .into_iter()
        .find(|(p, _)| {
            profile
                .mappings_of(ResourceKind::User)
                .any(|m| &m.property == p)
        })
        .unwrap()
}

/// A directory of `n` users, all in one bound group.
pub(crate) fn big_directory(n: usize) -> Directory {
    let mut dir = Directory::new();
    let mut all = DirectoryGroup::new("all", "Everyone");
    for i in 0..n {
        let id = format!("u{i}");
        dir.insert_user(id.clone(), person(&format!("user{i}")));
        all.members.insert(id);
    }
    dir.insert_group(all);
    dir
}
