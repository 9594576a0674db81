//! The territory a scenario plans over: units, localities and physicians, with marginalisation
//! already joined, and per-state summaries.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::locality::Locality;
use super::marginalisation::Marginalisation;
use super::physician::Physician;
use super::unit::{Unit, UnitKind};

/// The territory a scenario plans over: every unit, locality and physician read (or generated),
/// after the scenario's state filter.
///
/// Planners refer to units by their **index in [`units`](Self::units)** (`usize`), never by
/// CLUES, so the order of `units` must not change between building a request and reading its plan.
/// Physicians refer to their unit by CLUES ([`Physician::base`](super::Physician::base)).
/// [`crate::synthetic::generate`] builds a made-up network for demos and tests.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Health establishments of every kind and status, in catalogue order.
    pub units: Vec<Unit>,
    /// Localities (populated places) of the states planned.
    pub localities: Vec<Locality>,
    /// Physicians based at units of `units`.
    pub physicians: Vec<Physician>,
    /// True when units and localities were generated rather than read (every output says so).
    pub synthetic: bool,
    /// True when the physicians were synthesised (from núcleos) rather than read.
    pub synthetic_staffing: bool,
}

/// What a state holds, as `almaplan validate` prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StateSummary {
    /// INEGI state code.
    pub clave: u8,
    /// State name as INEGI writes it (`DESCONOCIDA` for an unknown code).
    pub entidad: String,
    /// Units read, any kind and status.
    pub units: usize,
    /// First-level units in operation that are not mobile.
    pub fixed: usize,
    /// Mobile units in operation (any level of care).
    pub mobile: usize,
    /// Fixed health centres and CESSA/CAAPS in operation at the first level (the weekend target).
    pub fixed_primary_care: usize,
    /// Sum of núcleos básicos over health centres in operation.
    pub nucleos: u32,
    /// Hospitals in operation (any level).
    pub hospitals: usize,
    /// UNEMEs in operation.
    pub uneme: usize,
    /// Localities read.
    pub localities: usize,
    /// Population of the localities read (suppressed values count as unknown, not zero).
    pub population: u64,
    /// Physicians based at the state's units.
    pub physicians: usize,
}

impl Network {
    /// Joins CONAPO marginalisation to units and localities by municipality.
    pub fn join_marginalisation(&mut self, by_municipality: &HashMap<u32, Marginalisation>) {
        for u in &mut self.units {
            u.marginalisation = by_municipality.get(&u.municipality_key()).copied();
        }
        for l in &mut self.localities {
            l.marginalisation = by_municipality.get(&l.municipality_key()).copied();
        }
    }

    /// Keeps only the given states (empty = all): units and localities of other states, and
    /// physicians whose base is no longer among the units, are dropped. Indices into
    /// [`units`](Self::units) taken before this call are invalid after it.
    pub fn restrict_to_states(&mut self, states: &[u8]) {
        if states.is_empty() {
            return;
        }
        self.units.retain(|u| states.contains(&u.state));
        self.localities.retain(|l| states.contains(&l.state));
        let kept: std::collections::HashSet<&str> = self.units.iter().map(|u| u.clues.as_str()).collect();
        self.physicians.retain(|p| kept.contains(p.base.as_str()));
    }

    /// Units at the first level of care and in operation ([`Unit::is_first_level_in_operation`]),
    /// all states together.
    pub fn first_level_in_operation(&self) -> usize {
        self.units.iter().filter(|u| u.is_first_level_in_operation()).count()
    }

    /// One summary per state present in the data, ordered by state code.
    pub fn summary_by_state(&self) -> Vec<StateSummary> {
        let mut by: BTreeMap<u8, StateSummary> = BTreeMap::new();
        fn get(by: &mut BTreeMap<u8, StateSummary>, s: u8) -> &mut StateSummary {
            by.entry(s).or_insert_with(|| StateSummary {
                clave: s,
                entidad: super::state::name(s).unwrap_or("DESCONOCIDA").to_string(),
                ..Default::default()
            })
        }
        let state_of: HashMap<&str, u8> = self.units.iter().map(|u| (u.clues.as_str(), u.state)).collect();
        for u in &self.units {
            let s = get(&mut by, u.state);
            s.units += 1;
            if !u.in_operation() {
                continue;
            }
            match u.kind {
                UnitKind::Mobile => s.mobile += 1,
                UnitKind::Hospital => s.hospitals += 1,
                UnitKind::Uneme => s.uneme += 1,
                _ => {}
            }
            if u.is_first_level_in_operation() && u.kind != UnitKind::Mobile {
                s.fixed += 1;
                if u.kind.is_fixed_primary_care() {
                    s.fixed_primary_care += 1;
                }
            }
            s.nucleos += u.nucleos() as u32;
        }
        for l in &self.localities {
            let s = get(&mut by, l.state);
            s.localities += 1;
            s.population += l.population.unwrap_or(0) as u64;
        }
        for p in &self.physicians {
            // Physicians only: with teams the staff also hold nursing staff and promoters.
            if p.role != crate::domain::physician::Role::Medico {
                continue;
            }
            if let Some(&st) = state_of.get(p.base.as_str()) {
                get(&mut by, st).physicians += 1;
            }
        }
        by.into_values().collect()
    }
}
