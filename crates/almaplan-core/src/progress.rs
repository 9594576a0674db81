//! Progress of a planner's work, reported through a callback: planners never print.
//!
//! A planner calls [`Progress::report`] as it finishes steps (a state's model solved, a search
//! round done). The caller decides what to do with it: the CLI draws progress bars on a terminal
//! and writes timestamped lines otherwise (and to a log file); tests and benchmarks pass
//! [`Silent`]. Reports may come from several threads at once (states are solved in parallel), so
//! a [`Progress`] is `Sync`.
//!
//! ```
//! use almaplan_core::progress::{Progress, ProgressEvent};
//! use std::sync::Mutex;
//!
//! let seen = Mutex::new(Vec::new());
//! let sink = |e: &ProgressEvent<'_>| seen.lock().unwrap().push(format!("{} {}/{}", e.step, e.done, e.total));
//! sink.report(&ProgressEvent { planner: "roster", state: Some(13), step: "rol resuelto", done: 1, total: 2 });
//! assert_eq!(seen.lock().unwrap().as_slice(), ["rol resuelto 1/2"]);
//! ```

/// One step of a planner's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressEvent<'a> {
    /// The planner: `roster`, `zones`, `waves` or `routes`.
    pub planner: &'static str,
    /// The state (INEGI code) the step belongs to, when it belongs to one.
    pub state: Option<u8>,
    /// What was just done, in Spanish for the user ("rol resuelto", "zonas resueltas").
    pub step: &'a str,
    /// Steps done so far of this planner (after this one).
    pub done: usize,
    /// Steps this planner will take in all (0 when unknown).
    pub total: usize,
}

/// Where progress goes. Any `Fn(&ProgressEvent) + Sync` closure is one.
pub trait Progress: Sync {
    /// Called once per finished step, possibly from several threads at once.
    fn report(&self, event: &ProgressEvent<'_>);
}

impl<F: Fn(&ProgressEvent<'_>) + Sync> Progress for F {
    fn report(&self, event: &ProgressEvent<'_>) {
        self(event)
    }
}

/// Progress that goes nowhere (tests, benchmarks, library use).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _event: &ProgressEvent<'_>) {}
}

/// Counts the steps of one planner and reports each with its running count: the planners' helper
/// for work done in parallel.
#[derive(Debug)]
pub struct StepCounter<'p, P: Progress + ?Sized> {
    progress: &'p P,
    planner: &'static str,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl<'p, P: Progress + ?Sized> StepCounter<'p, P> {
    /// A counter of `total` steps of `planner`.
    pub fn new(progress: &'p P, planner: &'static str, total: usize) -> Self {
        StepCounter { progress, planner, total, done: std::sync::atomic::AtomicUsize::new(0) }
    }

    /// Reports one more step done.
    pub fn step(&self, state: Option<u8>, step: &str) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        self.progress.report(&ProgressEvent { planner: self.planner, state, step, done, total: self.total });
    }
}
