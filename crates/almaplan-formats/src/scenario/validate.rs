//! The checks a scenario passes after deserializing, beyond what its types enforce.

use almaplan_core::planners::waves::{PriorityRule, StateRef};

use super::Scenario;

/// Checks the ranges and cross-references serde cannot express; the message names the key.
pub(super) fn validate(s: &Scenario) -> Result<(), String> {
    s.travel.validate()?;
    if let Some(bad) = s.states.iter().find(|c| almaplan_core::domain::state::name(**c).is_none()) {
        return Err(format!("states: {bad} no es una clave de entidad del INEGI (1–32)"));
    }
    if s.calendar.end < s.calendar.start {
        return Err(format!("calendar: el fin (end) {} es anterior al inicio (start) {}", s.calendar.end, s.calendar.start));
    }
    for b in &s.calendar.blackouts {
        if b.to < b.from {
            return Err(format!("calendar.blackouts «{}»: to {} es anterior a from {}", b.name, b.to, b.from));
        }
    }
    if s.data.synthetic.is_none() && s.data.establishments.is_none() {
        return Err(
            "data: nombre un archivo de establecimientos (establishments) o pida una red sintética con synthetic = { units = N }".into()
        );
    }
    if s.solver.time_limit_s <= 0.0 || !(0.0..1.0).contains(&s.solver.rel_gap) {
        return Err("solver: time_limit_s debe ser > 0 y rel_gap estar en [0, 1)".into());
    }
    if let Some(z) = &s.zones {
        if !(0.0..1.0).contains(&z.workload_tolerance) || z.units_per_zone < 1.0 || z.candidate_centres == 0 {
            return Err("zones: workload_tolerance debe estar en [0, 1), units_per_zone ≥ 1 y candidate_centres ≥ 1".into());
        }
    }
    if let Some(w) = &s.waves {
        match &w.priority {
            PriorityRule::Rule(r) if r != "unidades_x_brecha" && r != "unidades" => {
                return Err(format!("waves.priority: {r:?} — se espera \"unidades_x_brecha\", \"unidades\" o una lista de entidades"))
            }
            PriorityRule::States(list) => {
                if let Some(bad) = list.iter().find(|r| r.code().is_none()) {
                    return Err(format!("waves.priority: {bad:?} no es una clave ni un nombre de entidad"));
                }
            }
            PriorityRule::Rule(_) => {}
        }
        if w.weekend_block_progress.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err("waves.weekend_block_progress: cada proporción debe estar entre 0 y 1".into());
        }
        if !(0.0..24.0).contains(&w.day_start_hour) {
            return Err(format!("waves.day_start_hour: {} — expected an hour in [0, 24)", w.day_start_hour));
        }
        if w.brigade_pool == Some(0) {
            return Err("waves.brigade_pool debe ser al menos 1".into());
        }
        let homes: u32 = w.brigade_homes.values().sum();
        if !w.brigade_homes.is_empty() && w.brigade_pool.is_none() {
            return Err("waves.brigade_homes requiere waves.brigade_pool".into());
        }
        if let Some(pool) = w.brigade_pool {
            if homes > pool {
                return Err(format!("waves.brigade_homes: {homes} brigadas con sede, pero brigade_pool = {pool}"));
            }
        }
        if let Some(bad) = w.brigade_homes.keys().find(|k| StateRef::Name((*k).clone()).code().is_none()) {
            return Err(format!("waves.brigade_homes: {bad:?} no es una clave ni un nombre de entidad"));
        }
    }
    if let Some(r) = &s.routes {
        r.validate()?;
    }
    if let Some(r) = &s.roster {
        if r.max_travel_minutes <= 0.0 {
            return Err("roster.max_travel_minutes debe ser > 0".into());
        }
        if r.physicians_by_size.is_empty() {
            return Err("roster.physicians_by_size necesita al menos una regla".into());
        }
        if !(0.0..=1.0).contains(&r.own_opening_share) {
            return Err("roster.own_opening_share debe estar entre 0 y 1".into());
        }
        if r.candidate_units_per_physician == 0 {
            return Err("roster.candidate_units_per_physician debe ser al menos 1".into());
        }
    }
    if let Some(sup) = &s.supervision {
        sup.validate()?;
        if let Some(bad) = sup.teams_per_state.keys().find(|k| StateRef::Name((*k).clone()).code().is_none()) {
            return Err(format!("supervision.teams_per_state: {bad:?} no es una clave ni un nombre de entidad"));
        }
    }
    Ok(())
}
