//! The report of a run.

use std::collections::BTreeMap;
use std::fmt;

use super::event::{Event, EventName, Outcome, Progress};
use super::guard::GuardTripped;

/// Successes, failures and skips of one kind of step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Steps that did what they planned.
    pub succeeded: usize,
    /// Steps that failed.
    pub failed: usize,
    /// Steps not attempted.
    pub skipped: usize,
}

/// What a run did: counts per kind of event, every failure and skip with
/// its reason, and whether the run was stopped before writing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    counts: BTreeMap<EventName, Counts>,
    problems: Vec<Event>,
    stopped: Option<GuardTripped>,
    progress: Progress,
    requests: usize,
}

impl Report {
    pub(crate) fn stopped(tripped: GuardTripped, total: usize) -> Report {
        Report {
            stopped: Some(tripped),
            progress: Progress { done: 0, total },
            ..Report::default()
        }
    }

    pub(crate) fn record(&mut self, event: &Event) {
        let counts = self.counts.entry(event.name).or_default();
        match event.outcome {
            Outcome::Success => counts.succeeded += 1,
            Outcome::Failure => counts.failed += 1,
            Outcome::Skipped => counts.skipped += 1,
        }
        if event.outcome != Outcome::Success {
            self.problems.push(event.clone());
        }
    }

    pub(crate) fn set_progress(&mut self, progress: Progress) {
        self.progress = progress;
    }

    pub(crate) fn add_requests(&mut self, n: usize) {
        self.requests += n;
    }

    /// The counts of one kind of event.
    pub fn counts(&self, name: EventName) -> Counts {
        self.counts.get(&name).copied().unwrap_or_default()
    }

    /// The counts of every kind of event that occurred.
    pub fn all_counts(&self) -> impl Iterator<Item = (EventName, Counts)> + '_ {
        self.counts.iter().map(|(name, counts)| (*name, *counts))
    }

    /// Successful steps in all.
    pub fn succeeded(&self) -> usize {
        self.counts.values().map(|c| c.succeeded).sum()
    }

    /// Failed steps in all.
    pub fn failed(&self) -> usize {
        self.counts.values().map(|c| c.failed).sum()
    }

    /// Skipped steps in all.
    pub fn skipped(&self) -> usize {
        self.counts.values().map(|c| c.skipped).sum()
    }

    /// The failed and skipped steps, with their reasons.
    pub fn problems(&self) -> &[Event] {
        &self.problems
    }

    /// Why the run was stopped before any write, if it was.
    pub fn stopped_by(&self) -> Option<&GuardTripped> {
        self.stopped.as_ref()
    }

    /// Whether every planned step succeeded and the run was not stopped.
    pub fn is_success(&self) -> bool {
        self.stopped.is_none() && self.failed() == 0 && self.skipped() == 0
    }

    /// Operations finished of the total.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Write requests the run sent to apply its plan (retries by the
    /// client not counted; listings not counted).
    pub fn requests(&self) -> usize {
        self.requests
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(stop) = &self.stopped {
            return writeln!(f, "stopped: {stop}");
        }
        writeln!(
            f,
            "{} operation(s) of {}: {} succeeded, {} failed, {} skipped; {} write request(s)",
            self.progress.done,
            self.progress.total,
            self.succeeded(),
            self.failed(),
            self.skipped(),
            self.requests
        )?;
        for (name, c) in &self.counts {
            writeln!(
                f,
                "  {name:<24} {:>6} ok {:>6} failed {:>6} skipped",
                c.succeeded, c.failed, c.skipped
            )?;
        }
        for problem in &self.problems {
            writeln!(f, "  ! {problem}")?;
        }
        Ok(())
    }
}
