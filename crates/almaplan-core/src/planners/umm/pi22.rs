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

/// Whether a candidate is an existing unit's responsibility: the responsibility file's
/// localities when one is given; else covered, or assigned to a unit whose days are full or whose
/// crew is incomplete.
pub fn responsibility_mask(plan: &UmmPlan) -> Vec<bool> {
    if let Some(m) = &plan.responsibility_from_file {
        return m.clone();
    }
    let mut mask: Vec<bool> = plan.covered_by.iter().map(Option::is_some).collect();
    for &(c, r) in &plan.uncovered {
        if !matches!(r, UncoveredReason::OutOfReach | UncoveredReason::NoUnitInState) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LatLon, Locality};

    fn locality(state: u8, code: u16) -> Locality {
        Locality {
            cvegeo: format!("{state:02}001{code:04}"),
            state,
            municipality: 1,
            code,
            name: format!("L{code}"),
            location: LatLon::new(20.0, -99.0),
            ambito: None,
            population: None,
            indigenous_speakers: None,
            without_social_security: None,
            marginalisation: None,
            synthetic: true,
        }
    }

    fn candidate(locality: usize, responsibility: u32, visits: u32) -> Candidate {
        Candidate {
            locality,
            population: responsibility,
            weight: 1.0,
            visits,
            consultations: 1,
            service_minutes: 50.0,
            responsibility_population: responsibility,
            priorities: Vec::new(),
        }
    }

    /// Defaults: 15 people a visit, 48 weeks a year, a 4-week horizon (12 visits a year for one
    /// visit, 24 for two). Hidalgo (13): A 100 covered, 1 visit → min(100, 180) = 100; B 1,000
    /// covered, 2 visits → min(1,000, 360) = 360; C 400 days full → 0. Oaxaca (20): D 300 out of
    /// reach (not the units' responsibility); E 200 covered, 1 visit → 180. Hidalgo: 460 / 1,500;
    /// Oaxaca: 180 / 200; together 640 / 1,700.
    #[test]
    fn pi22_on_a_hand_made_case_equals_its_hand_value() {
        let network = Network {
            localities: vec![locality(13, 1), locality(13, 2), locality(13, 3), locality(20, 4), locality(20, 5)],
            ..Network::default()
        };
        let plan = UmmPlan {
            units: vec![0],
            candidates: vec![candidate(0, 100, 1), candidate(1, 1000, 2), candidate(2, 400, 1), candidate(3, 300, 1), candidate(4, 200, 1)],
            covered_by: vec![Some(0), Some(0), None, None, Some(0)],
            uncovered: vec![(2, UncoveredReason::DaysFull { unit: 0 }), (3, UncoveredReason::OutOfReach)],
            routes: Vec::new(),
            extra_units: Vec::new(),
            uncovered_after_extra: 0,
            travel_minutes: 0.0,
            verified_units: 1,
            crew_complete: vec![true],
            states_without_small_localities: Vec::new(),
            proactive_removed: 0,
            responsibility_from_file: None,
        };
        let p = compute(&plan, &network, &RoutesParams::default());
        assert_eq!(p.states[&13], Pi22Row { localities: 3, responsibility: 1500, attended: 460 });
        assert_eq!(p.states[&20], Pi22Row { localities: 1, responsibility: 200, attended: 180 });
        assert_eq!(p.national, Pi22Row { localities: 4, responsibility: 1700, attended: 640 });
        assert!((p.national.value() - 640.0 / 1700.0).abs() < 1e-12);
    }
}
