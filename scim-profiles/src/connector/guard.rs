//! The mass-deprovision guard.

use super::plan::Plan;

/// Stops a run before any write when its plan would deprovision too many
/// users: more than a count, or more than a percentage of the users the
/// connector manages.
///
/// A directory outage, a mistaken unbinding or a filter typo can make every
/// user look gone; the guard turns that into a report instead of thousands
/// of deactivations or deletions. Both thresholds are configurable and can
/// be switched off one by one.
///
/// ```
/// use scim_profiles::connector::DeprovisionGuard;
///
/// let guard = DeprovisionGuard::default().max_count(Some(10)).max_percent(Some(5));
/// assert_eq!(guard.check(3, 100), Ok(()));
/// assert!(guard.check(6, 100).is_err()); // 6% of managed users
/// assert!(guard.check(11, 1000).is_err()); // more than 10
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeprovisionGuard {
    max_count: Option<usize>,
    max_percent: Option<u8>,
    percent_floor: usize,
}

impl Default for DeprovisionGuard {
    /// At most 100 deprovisions and at most 20 % of the managed users; the
    /// percentage applies once more than 5 users would be deprovisioned, so
    /// that small directories can still lose a few users.
    fn default() -> DeprovisionGuard {
        DeprovisionGuard {
            max_count: Some(100),
            max_percent: Some(20),
            percent_floor: 5,
        }
    }
}

impl DeprovisionGuard {
    /// A guard that never stops a run.
    pub fn disabled() -> DeprovisionGuard {
        DeprovisionGuard {
            max_count: None,
            max_percent: None,
            percent_floor: 0,
        }
    }

    /// The most deprovisions a run may do; `None` for no limit. Default 100.
    pub fn max_count(mut self, max: Option<usize>) -> DeprovisionGuard {
        self.max_count = max;
        self
    }

    /// The largest share of the managed users, in percent, a run may
    /// deprovision; `None` for no limit. Default 20.
    pub fn max_percent(mut self, max: Option<u8>) -> DeprovisionGuard {
        self.max_percent = max;
        self
    }

    /// The number of deprovisions up to which the percentage does not
    /// apply. Default 5; `0` applies the percentage to any run.
    pub fn percent_floor(mut self, floor: usize) -> DeprovisionGuard {
        self.percent_floor = floor;
        self
    }

    /// Checks `deprovisions` against the thresholds, `managed` being the
    /// number of users the connector manages in the target.
    pub fn check(&self, deprovisions: usize, managed: usize) -> Result<(), GuardTripped> {
        if let Some(max) = self.max_count {
            if deprovisions > max {
                return Err(GuardTripped {
                    deprovisions,
                    managed,
                    limit: Limit::Count(max),
                });
            }
        }
        if let Some(max) = self.max_percent {
            let over = deprovisions.saturating_mul(100) > usize::from(max).saturating_mul(managed);
            if deprovisions > self.percent_floor && over {
                return Err(GuardTripped {
                    deprovisions,
                    managed,
                    limit: Limit::Percent(max),
                });
            }
        }
        Ok(())
    }

    /// Checks a plan.
    pub fn check_plan(&self, plan: &Plan) -> Result<(), GuardTripped> {
        self.check(plan.deprovisions(), plan.managed_users())
    }
}

/// Which threshold a run crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The count threshold.
    Count(usize),
    /// The percentage threshold.
    Percent(u8),
}

/// The mass-deprovision guard stopped a run; nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "mass-deprovision guard: the plan deprovisions {deprovisions} of {managed} managed user(s), over the limit of {}; nothing was written",
    match .limit { Limit::Count(n) => format!("{n} users"), Limit::Percent(p) => format!("{p}%") }
)]
pub struct GuardTripped {
    /// The deprovisions the plan holds.
    pub deprovisions: usize,
    /// The users the connector manages in the target.
    pub managed: usize,
    /// The threshold crossed.
    pub limit: Limit,
}
