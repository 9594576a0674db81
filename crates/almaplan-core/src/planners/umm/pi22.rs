//! PI 2.2 as the Programa Institucional publishes it (Indicador 2.2): people attended by the
//! mobile units ÷ the population without social security that is the units' responsibility, per
//! state and nationally. See `models/routes.md` («PI 2.2»).
//!
//! Responsibility population: every candidate locality assigned to an existing unit (covered,
//! days full or crew incomplete; not the ones out of every unit's reach), counted as its
//! [`Candidate::responsibility_population`]. People attended: a covered locality's
//! `min(responsibility population, annual visits × attended_per_visit)`, with annual visits
//! `⌊visits × weeks_per_year / horizon_weeks⌋`.

use std::collections::BTreeMap;

use super::{Candidate, RoutesParams, UmmPlan, UncoveredReason};
use crate::domain::Network;

/// Published PI 2.2 baseline, 2024: 942,061 people attended of 1,723,631 (55%).
pub const PUBLISHED_2024: (u64, u64) = (942_061, 1_723_631);

/// The indicator for one area.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pi22Row {
    /// Responsibility localities.
    pub localities: usize,
    /// Responsibility population (denominator).
    pub responsibility: u64,
    /// People attended in a year (numerator).
    pub attended: u64,
}

impl Pi22Row {
    /// PI 2.2 as a fraction (0 when nobody is the units' responsibility).
    pub fn value(&self) -> f64 {
        if self.responsibility == 0 {
            0.0
        } else {
            self.attended as f64 / self.responsibility as f64
        }
    }
}

/// PI 2.2 per state and nationally.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pi22 {
    /// Per state (INEGI code).
    pub states: BTreeMap<u8, Pi22Row>,
    /// Every state of the plan together.
    pub national: Pi22Row,
}

/// Annual visits of a candidate: `⌊visits × weeks_per_year / horizon_weeks⌋`.
pub fn annual_visits(c: &Candidate, params: &RoutesParams) -> u64 {
    (c.visits as u64 * params.weeks_per_year as u64) / params.horizon_weeks.max(1) as u64
}

/// People a candidate would have attended in a year if served:
/// `min(responsibility population, annual visits × attended_per_visit)`.
pub fn attended_if_served(c: &Candidate, params: &RoutesParams) -> u64 {
    (c.responsibility_population as u64).min(annual_visits(c, params) * params.attended_per_visit as u64)
}

/// Whether a candidate is an existing unit's responsibility: covered, or assigned to a unit whose
/// days are full or whose crew is incomplete.
pub fn responsibility_mask(plan: &UmmPlan) -> Vec<bool> {
    let mut mask: Vec<bool> = plan.covered_by.iter().map(Option::is_some).collect();
    for &(c, r) in &plan.uncovered {
        if !matches!(r, UncoveredReason::OutOfReach) {
            mask[c] = true;
        }
    }
    mask
}

/// PI 2.2 of the plan's existing units (additional units not counted).
pub fn compute(plan: &UmmPlan, network: &Network, params: &RoutesParams) -> Pi22 {
    let mask = responsibility_mask(plan);
    let mut out = Pi22::default();
    for (c, cand) in plan.candidates.iter().enumerate() {
        if !mask[c] {
            continue;
        }
        let state = network.localities[cand.locality].state;
        let attended = if plan.covered_by[c].is_some() { attended_if_served(cand, params) } else { 0 };
        for row in [out.states.entry(state).or_default(), &mut out.national] {
            row.localities += 1;
            row.responsibility += cand.responsibility_population as u64;
            row.attended += attended;
        }
    }
    out
}
