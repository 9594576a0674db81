//! A planner's time limit shared by its pieces: the scenario's `[solver] time_limit_s` bounds the
//! whole planner call (model building, presolve, solve, repair), not each model. Pieces solved in
//! parallel (states, with rayon) each claim a share of the time left, in proportion to their
//! size; a piece that starts after the deadline gets a token [`MIN_SHARE_S`] and answers with its
//! fallback (a greedy start, a heuristic, an unbalanced zoning), said so in its status.
//!
//! ```
//! use almaplan_core::budget::Budget;
//! // Ten seconds for two pieces of work 1 and 3, one thread: a quarter and the rest.
//! let b = Budget::new(10.0, 4.0, 1);
//! let first = b.claim(1.0);
//! assert!((first - 2.25).abs() < 0.1, "{first}"); // 90% of 10 s (margin) × 1/4
//! let second = b.claim(3.0);
//! assert!(second > 6.0 && second <= 9.0, "{second}");
//! ```

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The least time a piece is given, even after the deadline (unless the limit itself is shorter):
/// enough for a solver to return its start solution.
pub const MIN_SHARE_S: f64 = 0.05;

/// Share of the limit handed out to pieces; the rest is the margin for the work around them
/// (explaining gaps, merging states), so that wall ÷ limit stays ≤ 1.1.
pub const USABLE_SHARE: f64 = 0.9;

/// A deadline and the work not yet started.
#[derive(Debug)]
pub struct Budget {
    start: Instant,
    limit_s: f64,
    threads: f64,
    remaining_work: Mutex<f64>,
}

impl Budget {
    /// `limit_s` for pieces whose sizes add up to `total_work`, `threads` of them at a time.
    pub fn new(limit_s: f64, total_work: f64, threads: usize) -> Self {
        Budget { start: Instant::now(), limit_s: limit_s.max(0.0), threads: threads.max(1) as f64, remaining_work: Mutex::new(total_work) }
    }

    /// Like [`Budget::new`], for a limit that started at `start` (the planner's first step, before
    /// the work could be measured): model building counts against the limit too.
    pub fn started_at(start: Instant, limit_s: f64, total_work: f64, threads: usize) -> Self {
        Budget { start, ..Budget::new(limit_s, total_work, threads) }
    }

    /// Seconds left before the usable part of the limit runs out.
    pub fn left_s(&self) -> f64 {
        (self.limit_s * USABLE_SHARE - self.start.elapsed().as_secs_f64()).max(0.0)
    }

    /// The seconds a piece of size `work` may take, claimed as it starts: its share of the time
    /// left among the work not yet started, times the pieces running at once, never more than the
    /// time left and never less than [`MIN_SHARE_S`].
    pub fn claim(&self, work: f64) -> f64 {
        let left = self.left_s();
        let mut remaining = self.remaining_work.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let share = if *remaining > 0.0 { left * self.threads * (work / *remaining) } else { left };
        *remaining = (*remaining - work).max(0.0);
        // The token share never exceeds the limit itself: a limit shorter than it is obeyed.
        share.min(left).max(MIN_SHARE_S.min(self.limit_s))
    }

    /// The deadline of a piece that claimed `share_s` now.
    pub fn deadline(share_s: f64) -> Instant {
        Instant::now() + Duration::from_secs_f64(share_s.max(0.0))
    }

    /// Seconds until `deadline`, at least [`MIN_SHARE_S`].
    pub fn until(deadline: Instant) -> f64 {
        deadline.saturating_duration_since(Instant::now()).as_secs_f64().max(MIN_SHARE_S)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_double_the_share_but_never_beyond_the_time_left() {
        let b = Budget::new(10.0, 10.0, 2);
        let big = b.claim(8.0);
        assert!(big <= 9.0 + 1e-9, "{big}");
        let small = b.claim(2.0);
        assert!(small <= 9.0 + 1e-9 && small > 8.0, "{small}");
    }

    #[test]
    fn after_the_deadline_a_piece_gets_the_token_share() {
        let b = Budget::new(0.1, 1.0, 1);
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(b.claim(1.0), MIN_SHARE_S);
    }

    #[test]
    fn a_limit_shorter_than_the_token_share_is_obeyed() {
        let b = Budget::new(1e-9, 1.0, 1);
        assert!(b.claim(1.0) <= 1e-9);
    }
}
