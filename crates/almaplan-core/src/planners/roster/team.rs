//! Rostering by role (`[roster.team]`, `models/roster.md` «Roles»): physicians, nursing staff and
//! promoters each have a requirement per unit, reach and monthly limit; a unit-day is open only
//! with its minimum team and covered only with its whole team. The model's rows per role are in
//! [`model`](super::model); here the hiring plan per role and the figures by role.

use serde::Serialize;

use super::gaps::{self, Gap, HiringPlan};
use super::instance::{RosterInstance, StateInstance};
use super::{RosterParams, RosterPlan, StatePlan};
use crate::domain::physician::Role;
use crate::domain::Network;
use crate::error::Error;
use crate::lp::SolveOptions;
use crate::territory::TravelTimes;

/// The hiring plan per role: the existing algorithm ([`gaps::hiring_plan`]) once per role over
/// that role's missing slots, with the role's reach. Slots of a role whose reason is
/// [`GapReason::TeamIncomplete`](gaps::GapReason::TeamIncomplete) (its staff are there, another
/// role is not) need no hire of that role. Returns the physicians' plan and the other
/// roles' plans (only roles with staff required in the state).
///
/// # Errors
///
/// As [`gaps::hiring_plan`].
pub fn hiring_by_role(
    network: &Network,
    travel: &TravelTimes,
    inst: &RosterInstance,
    st: &StateInstance,
    all_gaps: &[Gap],
    params: &RosterParams,
    options: &SolveOptions,
) -> Result<(HiringPlan, Vec<(Role, HiringPlan)>), Error> {
    let reach = |role: Role| match role {
        Role::Medico => params.hire_max_travel_minutes.unwrap_or(params.max_travel_minutes),
        r => params.role_max_travel_minutes(r),
    };
    // A role left home only because the team could not be formed needs no hire of its own.
    let of_role = |role: Role| -> Vec<Gap> {
        all_gaps.iter().filter_map(|g| g.for_role(role)).filter(|g| g.reason != gaps::GapReason::TeamIncomplete).collect()
    };
    let physicians = gaps::hiring_plan(network, travel, inst, st, &of_role(Role::Medico), reach(Role::Medico), options)?;
    let mut others = Vec::new();
    for role in [Role::Enfermeria, Role::Promotor] {
        if st.targets.iter().all(|t| t.team[role.index()] == 0) {
            continue;
        }
        others.push((role, gaps::hiring_plan(network, travel, inst, st, &of_role(role), reach(role), options)?));
    }
    Ok((physicians, others))
}

impl RosterPlan {
    /// Whether the plan rosters teams: some target requires another role than physicians, or
    /// some staff member has one. Roster files then add a role column (`rol`).
    pub fn has_teams(&self) -> bool {
        self.instance
            .states
            .iter()
            .any(|st| st.targets.iter().any(|t| t.team[1] > 0 || t.team[2] > 0) || st.staff.iter().any(|s| s.role != Role::Medico))
    }
}

/// One role's figures ([`TeamFigures::roles`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoleFigures {
    /// The role's code (`medico`, `enfermeria`, `promotor`).
    pub role: &'static str,
    /// Staff of the role in the roster's staff (within reach of a target).
    pub staff: usize,
    /// Slots required (Σ over unit-days of the role's requirement), the model's targets only.
    pub slots_required: u64,
    /// Shifts assigned to staff of the role.
    pub shifts: u64,
    /// Slots the gap leaves empty.
    pub slots_missing: u64,
    /// Unit-days short of the role.
    pub unit_days_short: usize,
    /// Hires of the role the hiring plan proposes.
    pub hires: u32,
    /// Proven lower bound on those hires.
    pub hires_bound: u32,
}

/// Figures by role of a plan with teams (`resumen_rol.json` → `equipos`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TeamFigures {
    /// Unit-days (in the model) with at least their minimum team: open.
    pub unit_days_open_with_team: usize,
    /// Unit-days with every physician required but another role short (not covered).
    pub unit_days_physicians_without_team: usize,
    /// Per role, in the order physician, nursing, promoter (roles without requirement left out).
    pub roles: Vec<RoleFigures>,
}

/// The figures by role of the selected states; `None` when the plan has no teams (no target
/// requires another role).
pub fn figures(plan: &RosterPlan, selected: &[(&StateInstance, &StatePlan)]) -> Option<TeamFigures> {
    if !plan.has_teams() {
        return None;
    }
    let n_days = plan.instance.days.len();
    let mut f = TeamFigures::default();
    let mut roles: Vec<RoleFigures> = Role::ALL.iter().map(|r| RoleFigures { role: r.code(), ..Default::default() }).collect();
    for (st, sp) in selected {
        let mut count = vec![[0u32; 3]; st.targets.len() * n_days];
        for s in &sp.roster.shifts {
            let role = st.staff[s.staff].role.index();
            count[s.target * n_days + s.day][role] += 1;
            roles[role].shifts += 1;
        }
        for s in &st.staff {
            roles[s.role.index()].staff += 1;
        }
        for (t, target) in st.targets.iter().enumerate() {
            for (role, &need) in roles.iter_mut().zip(&target.team) {
                role.slots_required += u64::from(need) * n_days as u64;
            }
            for d in 0..n_days {
                if target.opens_with(&count[t * n_days + d]) {
                    f.unit_days_open_with_team += 1;
                }
            }
        }
        for g in &sp.gaps {
            for role in Role::ALL {
                let missing = g.missing(role);
                if missing > 0 {
                    roles[role.index()].slots_missing += u64::from(missing);
                    roles[role.index()].unit_days_short += 1;
                }
            }
            if g.physicians_missing() == 0 {
                f.unit_days_physicians_without_team += 1;
            }
        }
        roles[0].hires += sp.hiring.total();
        roles[0].hires_bound += sp.hiring.hires_bound;
        for (role, h) in &sp.team_hiring {
            roles[role.index()].hires += h.total();
            roles[role.index()].hires_bound += h.hires_bound;
        }
    }
    f.roles = roles.into_iter().filter(|r| r.slots_required > 0 || r.staff > 0).collect();
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::physician::{Contract, Physician, PhysicianOrigin};
    use crate::domain::unit::{Stratum, UnitKind};
    use crate::planners::roster::params::TeamParams;
    use crate::planners::roster::{plan, GapReason, RosterContext, RosterRequest};
    use crate::planners::Plan;
    use crate::synthetic::{generate, SyntheticSpec};
    use chrono::NaiveDate;

    fn staff(id: &str, base: &str, role: Role) -> Physician {
        Physician {
            id: id.into(),
            base: base.into(),
            contract: Contract::FinDeSemana,
            unavailable: Vec::new(),
            max_extra_shifts_per_month: None,
            daily_salary: None,
            origin: PhysicianOrigin::PerPerson,
            role,
        }
    }

    /// Two single-núcleo centres far apart (beyond any reach): A has a physician and no nurse, B
    /// has both. One weekend.
    fn two_units() -> Network {
        let mut net = generate(&SyntheticSpec { units: 40, states: 1 }, 3);
        let fixed: Vec<usize> = net
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.is_first_level_in_operation() && u.kind.is_fixed_primary_care())
            .map(|(i, _)| i)
            .collect();
        let (a, b) = (fixed[0], fixed[1]);
        for &i in &fixed[2..] {
            net.units[i].kind = UnitKind::Hospital;
        }
        for i in [a, b] {
            net.units[i].kind = UnitKind::HealthCentre { nucleos: 1 };
            net.units[i].stratum = Some(Stratum::Urbano);
            net.units[i].marginalisation = None;
        }
        net.units[b].location = crate::domain::LatLon { lat: net.units[a].location.lat, lon: net.units[a].location.lon + 3.0 };
        let (ca, cb) = (net.units[a].clues.clone(), net.units[b].clues.clone());
        net.physicians = vec![staff("MA", &ca, Role::Medico), staff("MB", &cb, Role::Medico), staff("EB", &cb, Role::Enfermeria)];
        net
    }

    fn request<'a>(net: &'a Network, params: &'a RosterParams) -> RosterRequest<'a> {
        RosterRequest {
            network: net,
            travel: Box::leak(Box::default()),
            params,
            from: NaiveDate::from_ymd_opt(2027, 3, 6).unwrap(),
            to: NaiveDate::from_ymd_opt(2027, 3, 7).unwrap(),
            options: Default::default(),
            targets: None,
            previous: None,
            absences: &[],
            context: RosterContext::default(),
        }
    }

    /// A unit-day with its physician but without its nurse is not open: the objective earns
    /// nothing for it, coverage does not count it, and its gap says the nurse is missing (no
    /// nurse within reach), with no physician missing. Without teams the same unit-day is open.
    #[test]
    fn a_unit_day_counts_as_open_only_with_its_whole_team() {
        let net = two_units();
        let params =
            RosterParams { own_opening_share: 1.0, team: TeamParams { enabled: true, ..Default::default() }, ..Default::default() };
        let with = plan(&request(&net, &params), &crate::progress::Silent).unwrap();
        let st = &with.instance.states[0];
        let sp = &with.states[0];
        assert_eq!(st.targets.len(), 2);
        assert_eq!(st.staff.len(), 3, "physicians and the nurse are staff");
        let a = st.targets.iter().position(|t| net.units[t.unit].clues == net.physicians[0].base).unwrap();
        let b = 1 - a;
        assert_eq!(st.targets[a].team, [1, 1, 0]);
        assert_eq!(st.targets[a].minimum, [1, 1, 0]);
        // Only B opens, both days: the objective is B's weight twice (no travel at home).
        let w_b = st.targets[b].weight;
        assert!((sp.roster.report.objective - 2.0 * w_b).abs() < 1e-6, "objective {} vs {}", sp.roster.report.objective, 2.0 * w_b);
        assert!(sp.roster.report.bound >= sp.roster.report.objective - 1e-6);
        // Coverage: two of four unit-days.
        let f = with.figures(None);
        assert_eq!((f.unit_days_required, f.unit_days_covered, f.unit_days_uncovered), (4, 2, 2));
        assert_eq!(with.open_gaps(), 2);
        for g in &sp.gaps {
            assert_eq!(g.target, a);
            // The nurse is missing (nobody within reach): that binds the unit-day. A's physician
            // is within reach and free, but a physician alone does not open it, so if the roster
            // leaves them home, their row says the team is incomplete, not that they ran out.
            assert_eq!(g.reason, GapReason::NoPhysicianWithinReach);
            let nurse = g.team.iter().find(|r| r.role == Role::Enfermeria).expect("the nurse is short");
            assert_eq!((nurse.required, nurse.assigned, nurse.reason), (1, 0, GapReason::NoPhysicianWithinReach));
            assert_eq!(nurse.reason.code_for(Role::Enfermeria), "sin_enfermeria_al_alcance");
            assert_eq!(g.missing(Role::Enfermeria), 1);
            if let Some(physician) = g.team.iter().find(|r| r.role == Role::Medico) {
                assert_eq!(physician.reason, GapReason::TeamIncomplete);
                assert_eq!(physician.reason.code_for(Role::Medico), "equipo_incompleto");
            }
        }
        let team = f.team.expect("figures by role");
        assert_eq!(team.unit_days_open_with_team, 2);
        let nurses = team.roles.iter().find(|r| r.role == "enfermeria").unwrap();
        assert_eq!((nurses.slots_required, nurses.shifts, nurses.slots_missing, nurses.unit_days_short), (4, 2, 2, 2));
        // One nurse hire at A covers both days; no physician is hired (A has one).
        assert_eq!(sp.hiring.total(), 0);
        let (role, nurse_hires) = &sp.team_hiring[0];
        assert_eq!((*role, nurse_hires.total()), (Role::Enfermeria, 1));
        assert_eq!(nurse_hires.hires[0].base, a);

        // Without teams the nurse is not staff and A opens with its physician.
        let off = RosterParams { own_opening_share: 1.0, ..Default::default() };
        let without = plan(&request(&net, &off), &crate::progress::Silent).unwrap();
        assert_eq!(without.instance.states[0].staff.len(), 2);
        assert_eq!(without.open_gaps(), 0);
        assert!(without.figures(None).team.is_none());
        assert!(without.states[0].gaps.iter().all(|g| g.team.is_empty()));
    }
}
