//! The planners, all under one contract.
//!
//! Each planner is a module with a **request** (everything it needs, borrowed: the network or its
//! units, travel times, its policy, solver options), one function
//! `plan(&Request, &dyn Progress) -> Result<Plan, Error>`, and a **plan** value that carries
//!
//! - what was decided (shifts, zones, visit calendars, routes),
//! - the gaps that remain with their reasons (uncovered unit-days and the hires that close them,
//!   units visited after the deadline and the brigades that would make it, localities no mobile
//!   unit reaches and the extra units that would),
//! - its solver evidence through the [`Plan`] trait ([`Evidence`]: status, objective, bound,
//!   gap, seconds).
//!
//! | planner | request | plan |
//! |---|---|---|
//! | [`roster`] | [`roster::RosterRequest`] | [`roster::RosterPlan`] |
//! | [`zones`] | [`zones::ZonesRequest`] | [`zones::ZonesPlan`] |
//! | [`waves`] | [`waves::WavesRequest`] | [`waves::WavesPlan`] |
//! | [`umm`] | [`umm::UmmRequest`] | [`umm::UmmPlan`] |
//! | [`supervision`] | [`supervision::SupervisionRequest`] | [`supervision::SupervisionPlan`] |
//!
//! Planners never read files or print: they report progress through
//! [`crate::progress::Progress`] and fail with a typed [`crate::error::Error`].

pub mod roster;
pub mod supervision;
pub mod umm;
pub mod waves;
pub mod zones;

use serde::Serialize;

use crate::lp::{SolveReport, SolveStatus};

/// The evidence behind a plan, summed over the models it solved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Worst status over the models (`None` when the plan solved no MIP: a heuristic search, or
    /// zones given by the user).
    pub status: Option<SolveStatus>,
    /// Sum of the models' objectives (for a heuristic: the quantity it minimised).
    pub objective: f64,
    /// Sum of the models' proven bounds (`None` when no bound is proven).
    pub bound: Option<f64>,
    /// Largest relative gap of any model, as a fraction (`None` without a bound).
    pub gap: Option<f64>,
    /// Models solved.
    pub models: usize,
}

impl Evidence {
    /// The evidence of a set of solver reports: worst status, summed objective and bound, largest
    /// gap.
    pub fn from_reports<'a>(reports: impl IntoIterator<Item = &'a SolveReport>) -> Evidence {
        let mut e = Evidence { status: None, objective: 0.0, bound: None, gap: None, models: 0 };
        for r in reports {
            e.models += 1;
            e.status = Some(e.status.map_or(r.status, |s| s.max(r.status)));
            e.objective += r.objective;
            e.bound = Some(e.bound.unwrap_or(0.0) + r.bound);
            e.gap = Some(e.gap.unwrap_or(0.0).max(r.gap));
        }
        e
    }

    /// Evidence of a heuristic: its objective, no status, no bound.
    pub fn heuristic(objective: f64) -> Evidence {
        Evidence { status: None, objective, bound: None, gap: None, models: 0 }
    }
}

/// What every plan answers, whichever planner made it.
pub trait Plan {
    /// The planner's name as progress events and run outputs give it: `roster`, `zones`, `waves`
    /// or `routes`.
    const PLANNER: &'static str;

    /// The solver evidence behind the plan.
    fn evidence(&self) -> Evidence;

    /// How many elements the plan leaves open: uncovered unit-days (roster), units whose brigade
    /// visit starts after the deadline (waves: [`waves::WavesPlan::units_after_deadline`]),
    /// localities without a visit (routes); 0 for zones.
    fn open_gaps(&self) -> usize;
}
