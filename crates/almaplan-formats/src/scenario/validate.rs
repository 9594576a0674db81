//! The checks a scenario passes after deserializing, beyond what its types enforce.

use almaplan_core::planners::waves::{PriorityRule, StateRef};

use super::Scenario;

/// Checks the ranges and cross-references serde cannot express; the message names the key.
pub(super) fn validate(s: &Scenario) -> Result<(), String> {
    s.travel.validate()?;
    if let Some(bad) = s.states.iter().find(|c| almaplan_core::domain::state::name(**c).is_none()) {
        return Err(format!("states: {bad} is not an INEGI state code (1–32)"));
    }
    if s.calendar.end < s.calendar.start {
        return Err(format!("calendar: end {} is before start {}", s.calendar.end, s.calendar.start));
    }
    for b in &s.calendar.blackouts {
        if b.to < b.from {
            return Err(format!("calendar.blackouts «{}»: to {} is before from {}", b.name, b.to, b.from));
        }
    }
    if s.data.synthetic.is_none() && s.data.establishments.is_none() {
        return Err("data: name an establishments file, or ask for a synthetic network with synthetic = { units = N }".into());
    }
    if s.solver.time_limit_s <= 0.0 || !(0.0..1.0).contains(&s.solver.rel_gap) {
        return Err("solver: time_limit_s must be > 0 and rel_gap in [0, 1)".into());
    }
    if let Some(z) = &s.zones {
        if !(0.0..1.0).contains(&z.workload_tolerance) || z.units_per_zone < 1.0 || z.candidate_centres == 0 {
            return Err("zones: workload_tolerance must be in [0, 1), units_per_zone ≥ 1 and candidate_centres ≥ 1".into());
        }
    }
    if let Some(w) = &s.waves {
        match &w.priority {
            PriorityRule::Rule(r) if r != "unidades_x_brecha" && r != "unidades" => {
                return Err(format!("waves.priority: {r:?} — expected \"unidades_x_brecha\", \"unidades\" or a list of states"))
            }
            PriorityRule::States(list) => {
                if let Some(bad) = list.iter().find(|r| r.code().is_none()) {
                    return Err(format!("waves.priority: {bad:?} is not a state code or name"));
                }
            }
            PriorityRule::Rule(_) => {}
        }
        if w.weekend_block_progress.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err("waves.weekend_block_progress: every share must be between 0 and 1".into());
        }
        if !(0.0..24.0).contains(&w.day_start_hour) {
            return Err(format!("waves.day_start_hour: {} — expected an hour in [0, 24)", w.day_start_hour));
        }
        if w.brigade_pool == Some(0) {
            return Err("waves.brigade_pool must be at least 1".into());
        }
        let homes: u32 = w.brigade_homes.values().sum();
        if !w.brigade_homes.is_empty() && w.brigade_pool.is_none() {
            return Err("waves.brigade_homes needs waves.brigade_pool".into());
        }
        if let Some(pool) = w.brigade_pool {
            if homes > pool {
                return Err(format!("waves.brigade_homes: {homes} brigades with a home but brigade_pool = {pool}"));
            }
        }
        if let Some(bad) = w.brigade_homes.keys().find(|k| StateRef::Name((*k).clone()).code().is_none()) {
            return Err(format!("waves.brigade_homes: {bad:?} is not a state code or name"));
        }
    }
    if let Some(r) = &s.roster {
        if r.max_travel_minutes <= 0.0 {
            return Err("roster.max_travel_minutes must be > 0".into());
        }
        if r.physicians_by_size.is_empty() {
            return Err("roster.physicians_by_size needs at least one rule".into());
        }
        if !(0.0..=1.0).contains(&r.own_opening_share) {
            return Err("roster.own_opening_share must be between 0 and 1".into());
        }
        if r.candidate_units_per_physician == 0 {
            return Err("roster.candidate_units_per_physician must be at least 1".into());
        }
    }
    Ok(())
}
