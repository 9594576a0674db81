//! Which staff roles a scenario loads: physicians always; nursing staff and promoters only when
//! the roster plans teams (`[roster.team] enabled = true`, `models/roster.md` «Roles»), so a
//! scenario without teams reads exactly the physicians it read before.

use almaplan_core::domain::physician::{Physician, Role};
use almaplan_core::domain::Unit;

use crate::scenario::Scenario;

/// Whether the scenario's roster plans whole teams.
pub fn teams_enabled(sc: &Scenario) -> bool {
    sc.roster.as_ref().is_some_and(|r| r.team.enabled)
}

/// Drops staff of roles other than physician unless the scenario plans teams.
pub fn keep_roles(sc: &Scenario, staff: &mut Vec<Physician>) {
    if !teams_enabled(sc) {
        staff.retain(|p| p.role == Role::Medico);
    }
}

/// With teams on, adds the synthetic nursing staff of the núcleos básicos
/// ([`almaplan_core::synthetic::nurses_from_nucleos`]) to synthesised staffing.
pub fn add_synthetic_nurses(sc: &Scenario, units: &[Unit], staff: &mut Vec<Physician>) {
    if teams_enabled(sc) {
        staff.extend(almaplan_core::synthetic::nurses_from_nucleos(units));
    }
}
