//! From network and policy to the roster's sets: target units with their requirement and weight,
//! the opening days, and each physician's candidate units within reach.
//!
//! These are the sets of `models/roster.md` («Sets»): T = [`StateInstance::targets`], D =
//! [`RosterInstance::days`], S = [`StateInstance::staff`], C(s) = [`Staff::candidates`], D(s) =
//! [`Staff::days`], N(t) = [`Target::neighbours`]. Everything is an index: targets index
//! [`Network::units`], staff index [`Network::physicians`], and shifts and gaps index the targets,
//! staff and days here.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::calendar::mandatory_rest_days;
use crate::domain::physician::{Contract, Role};
use crate::domain::unit::{Stratum, UnitKind};
use crate::domain::{Network, Unit};
use crate::planners::roster::RosterParams;
use crate::territory::{SpatialIndex, TravelTimes};

/// A unit that must open on weekend mornings: by default a fixed first-level unit in operation
/// (health centre or CESSA/CAAPS), or one listed in the request's `targets`.
#[derive(Debug, Clone)]
pub struct Target {
    /// Index in [`Network::units`].
    pub unit: usize,
    /// Physicians required each opening day (`r_t`).
    pub required: u32,
    /// Value of one unit-day open (`w_t`, [`unit_weight`]); with the default policy between 90 (one
    /// núcleo, urban, muy bajo) and ≈ 624 (twelve núcleos, rural, muy alto).
    pub weight: f64,
    /// Other targets (indices into the same state's targets) within `alternative_minutes`.
    pub neighbours: Vec<usize>,
    /// Staff required each opening day by role ([`Role::index`]): `[r_t, nurses, promoters]`;
    /// `[r_t, 0, 0]` without teams (`models/roster.md`, «Roles»).
    pub team: [u32; 3],
    /// Staff of each role a unit-day needs to count as open (`m_r`, at most `team`): `[1, 0, 0]`
    /// without teams.
    pub minimum: [u32; 3],
}

impl Target {
    /// Whether a unit-day with `count` staff by role has its minimum team (and anyone at all).
    pub fn opens_with(&self, count: &[u32; 3]) -> bool {
        count.iter().any(|&c| c > 0) && (0..3).all(|r| count[r] >= self.minimum[r])
    }

    /// Whether every role's whole requirement is there (the unit-day is covered, not a gap).
    pub fn complete_with(&self, count: &[u32; 3]) -> bool {
        (0..3).all(|r| count[r] >= self.team[r])
    }
}

/// An opening day: a Saturday or Sunday, or (by policy) a weekday mandatory rest day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Index of the ISO week in the horizon (0 for the first week with an opening day); the weekly
    /// rest limit (LFT art. 69) counts per week.
    pub week: usize,
    /// Index of the calendar month in the horizon; the monthly extra-shift limit counts per month.
    pub month: usize,
    /// Saturday or Sunday (else a weekday mandatory rest day).
    pub weekend: bool,
    /// Sunday: shift pay + 25% (LFT art. 71).
    pub sunday: bool,
    /// LFT art. 74 mandatory rest day: shift pay doubles (art. 75).
    pub mandatory_rest: bool,
}

/// A physician who can take shifts, with where they can go.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Index in [`Network::physicians`].
    pub physician: usize,
    /// Role in the weekend team (physician without teams).
    pub role: Role,
    /// Index in the state's targets of the physician's own unit, when it is a target.
    pub own_target: Option<usize>,
    /// Contract: which days and limits apply.
    pub contract: Contract,
    /// Most shifts a calendar month (`N_s`; applies to weekday staff and interns).
    pub max_per_month: u32,
    /// Reachable targets (state indices) with one-way minutes, nearest first (ties by index); at
    /// most `candidate_units_per_physician`, own unit always included. Interns: own unit only.
    pub candidates: Vec<(usize, f64)>,
    /// Days (indices into [`RosterInstance::days`], increasing) the physician can work: not in an
    /// absence; weekend contracts only on Saturdays and Sundays.
    pub days: Vec<usize>,
    /// Daily pay in pesos, when known ([`shift_cost`]).
    pub daily_salary: Option<f64>,
}

/// One state's part of the roster problem: states plan their own staff.
#[derive(Debug, Clone)]
pub struct StateInstance {
    /// INEGI state code.
    pub state: u8,
    /// The state's target units, in [`Network::units`] order; shifts and gaps refer to them by
    /// position here ("target index").
    pub targets: Vec<Target>,
    /// Physicians based at the state's fixed first-level units who reach at least one target;
    /// shifts refer to them by position here ("staff index").
    pub staff: Vec<Staff>,
    /// For each target, every staff member within reach who may work there (before the
    /// candidate limit), to explain gaps: `reach[t]` lists staff indices.
    pub reach: Vec<Vec<usize>>,
    /// Units that already open on weekends with their whole requirement (the baseline): out of
    /// the model, never in the gap or the hiring plan (`models/roster.md`, «Baseline»).
    pub baseline: Vec<super::baseline::BaselineUnit>,
    /// Staff already on weekends at each target (indexed like `targets`; 0 mostly): a partly
    /// staffed unit's `required` is what is still missing, `r_t − baseline_staff[t]`.
    pub baseline_staff: Vec<u32>,
}

/// The roster problem over every state: the opening days, shared by all, and one
/// [`StateInstance`] per state with targets, in increasing state code.
#[derive(Debug, Clone)]
pub struct RosterInstance {
    /// Opening days of the horizon, in date order; shifts and gaps refer to them by position.
    pub days: Vec<Day>,
    /// Extra days weekday staff may work in each week: one weekend day (weekly rest, LFT art. 69)
    /// plus each weekday mandatory rest day they would not work anyway (`a_w`), indexed by
    /// [`Day::week`].
    pub week_allowance: Vec<u32>,
    /// One instance per state with targets, in increasing state code.
    pub states: Vec<StateInstance>,
    /// Physicians left out: based at hospitals, mobile units, units not in operation or not in the
    /// catalogue.
    pub physicians_ineligible: usize,
}

/// Physicians required for a unit of `nucleos` núcleos under the policy table (`r_t`); 1 when no
/// rule matches.
///
/// ```
/// use almaplan_core::planners::roster::{instance::required_physicians, RosterParams};
///
/// let p = RosterParams::default();
/// assert_eq!([1, 5, 6, 11, 12].map(|n| required_physicians(&p, n)), [1, 1, 2, 2, 3]);
/// ```
pub fn required_physicians(params: &RosterParams, nucleos: u8) -> u32 {
    params.physicians_by_size.iter().filter(|r| r.min_nucleos <= nucleos.max(1)).max_by_key(|r| r.min_nucleos).map_or(1, |r| r.physicians)
}

/// Núcleos a unit counts as for the staffing rule and weights: its núcleos, CESSA/CAAPS as
/// `expanded_services_nucleos`, other kinds 1.
pub fn equivalent_nucleos_of(params: &RosterParams, u: &Unit) -> u8 {
    equivalent_nucleos(params, u)
}

fn equivalent_nucleos(params: &RosterParams, u: &Unit) -> u8 {
    match u.kind {
        UnitKind::HealthCentre { nucleos } => nucleos,
        UnitKind::ExpandedServices => params.expanded_services_nucleos,
        _ => 1,
    }
}

/// `w_t = 100 × √núcleos × rural × marginalisation`: the value of one unit-day open. CESSA/CAAPS
/// count as `expanded_services_nucleos`, other kinds as 1; `rural` is `rural_factor` for rural
/// units; `marginalisation` is the factor of the municipality's CONAPO grade (1 when unknown).
pub fn unit_weight(params: &RosterParams, u: &Unit) -> f64 {
    let size = (equivalent_nucleos(params, u).max(1) as f64).sqrt();
    let rural = if u.stratum == Some(Stratum::Rural) { params.rural_factor } else { 1.0 };
    let margin = u.marginalisation.map_or(1.0, |m| params.marginalisation_factors[m.grade as usize]);
    100.0 * size * rural * margin
}

/// The opening days in `[from, to]`: weekends, plus weekday mandatory rest days when the policy
/// says so (`open_on_mandatory_rest_days`), in date order, with each ISO week's allowance of extra
/// days for weekday staff ([`RosterInstance::week_allowance`]).
pub fn opening_days(params: &RosterParams, from: NaiveDate, to: NaiveDate) -> (Vec<Day>, Vec<u32>) {
    let mut weeks: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut days = Vec::new();
    let mut allowance: Vec<u32> = Vec::new();
    for date in crate::domain::calendar::days(from, to) {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let rest = mandatory_rest_days(date.year()).contains(&date);
        let opens = weekend || (rest && params.open_on_mandatory_rest_days);
        if !opens {
            continue;
        }
        let iso = date.iso_week();
        let n = weeks.len();
        let week = *weeks.entry((iso.year(), iso.week())).or_insert(n);
        if week == allowance.len() {
            allowance.push(1);
        }
        if !weekend {
            allowance[week] += 1;
        }
        let m = months.len();
        let month = *months.entry((date.year(), date.month())).or_insert(m);
        days.push(Day { date, week, month, weekend, sunday: date.weekday() == Weekday::Sun, mandatory_rest: rest });
    }
    (days, allowance)
}

/// Builds the instance. `targets_override` (CLUES → requirement, `None` = policy table) replaces
/// the default target set (fixed first-level units in operation) and may give a unit its own
/// requirement. Candidates come from a [`SpatialIndex`] per state, never from all pairs. The
/// `default` preset and no baseline; [`build_from`] takes both.
pub fn build(
    network: &Network,
    travel: &TravelTimes,
    params: &RosterParams,
    from: NaiveDate,
    to: NaiveDate,
    targets_override: Option<&HashMap<String, Option<u32>>>,
) -> RosterInstance {
    let (targets, _) = super::baseline::default_targets(network, params, targets_override);
    let standing = super::baseline::Standing { targets, ..Default::default() };
    build_from(network, travel, params, from, to, &standing)
}

/// Builds the instance from targets with their requirement and the baseline that stands
/// ([`super::baseline::targets_for`]): a target whose baseline staff meet its requirement goes to
/// [`StateInstance::baseline`] (out of the model); a partly staffed one keeps only what is missing.
/// Baseline physicians stay at their unit and are not in the roster's staff.
pub fn build_from(
    network: &Network,
    travel: &TravelTimes,
    params: &RosterParams,
    from: NaiveDate,
    to: NaiveDate,
    standing: &super::baseline::Standing,
) -> RosterInstance {
    let (days, week_allowance) = opening_days(params, from, to);
    let unit_index: HashMap<&str, usize> = network.units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();

    let mut by_state: BTreeMap<u8, Vec<Target>> = BTreeMap::new();
    let mut baseline_by_state: BTreeMap<u8, Vec<super::baseline::BaselineUnit>> = BTreeMap::new();
    let mut staff_already: BTreeMap<u8, Vec<u32>> = BTreeMap::new();
    // Staff of other roles a baseline unit keeps at home (its whole team stands): per unit, how
    // many of each role are still to be set aside.
    let mut reserved: HashMap<usize, [u32; 3]> = HashMap::new();
    let teams = params.team.enabled;
    let team_of = |u: &Unit, required: u32| -> ([u32; 3], [u32; 3]) {
        if !teams {
            return ([required, 0, 0], [1, 0, 0]);
        }
        let n = equivalent_nucleos(params, u);
        let team = [required, params.team.required(Role::Enfermeria, n), params.team.required(Role::Promotor, n)];
        let m = params.team.minimum();
        (team, [m[0].min(team[0]), m[1].min(team[1]), m[2].min(team[2])])
    };
    for &(i, required) in &standing.targets {
        let u = &network.units[i];
        let b = standing.baseline.get(&i).copied().unwrap_or(0).min(required);
        if required > 0 && b >= required {
            baseline_by_state.entry(u.state).or_default().push(super::baseline::BaselineUnit { unit: i, required, staff: b });
            by_state.entry(u.state).or_default();
            if teams {
                reserved.insert(i, team_of(u, required).0);
            }
            continue;
        }
        let (team, minimum) = team_of(u, required - b);
        by_state.entry(u.state).or_default().push(Target {
            unit: i,
            required: required - b,
            weight: unit_weight(params, u),
            neighbours: Vec::new(),
            team,
            minimum,
        });
        staff_already.entry(u.state).or_default().push(b);
    }

    let mut staff_by_state: BTreeMap<u8, Vec<(usize, usize)>> = BTreeMap::new();
    let mut ineligible = 0;
    for (pi, p) in network.physicians.iter().enumerate() {
        if standing.baseline_physicians.contains(&pi) {
            continue;
        }
        if p.role != Role::Medico {
            // Without teams only physicians are staff; with teams a baseline unit keeps its own
            // nursing staff and promoters (its whole team stands).
            if !teams {
                continue;
            }
            if let Some(left) = unit_index.get(p.base.as_str()).and_then(|ui| reserved.get_mut(ui)) {
                if left[p.role.index()] > 0 {
                    left[p.role.index()] -= 1;
                    continue;
                }
            }
        }
        match unit_index.get(p.base.as_str()).map(|&ui| (ui, &network.units[ui])) {
            Some((ui, u)) if u.is_first_level_in_operation() && u.kind != UnitKind::Mobile => {
                staff_by_state.entry(u.state).or_default().push((pi, ui));
            }
            _ => ineligible += 1,
        }
    }

    let reach_km = travel.radius_km(params.max_travel_minutes);
    let role_reach: [(f64, f64); 3] = Role::ALL.map(|r| {
        let minutes = params.role_max_travel_minutes(r);
        (travel.radius_km(minutes), minutes)
    });
    let alt_km = travel.radius_km(params.alternative_minutes);
    let states = by_state
        .into_iter()
        .map(|(state, mut targets)| {
            let index = SpatialIndex::new(targets.iter().map(|t| network.units[t.unit].location));
            let target_of_unit: HashMap<usize, usize> = targets.iter().enumerate().map(|(k, t)| (t.unit, k)).collect();
            for k in 0..targets.len() {
                let u = &network.units[targets[k].unit];
                targets[k].neighbours = index
                    .within_km(u.location, alt_km)
                    .into_iter()
                    .filter(|&j| j != k && travel.between_units(u, &network.units[targets[j].unit]) <= params.alternative_minutes)
                    .collect();
            }
            let mut staff = Vec::new();
            let mut reach = vec![Vec::new(); targets.len()];
            for &(pi, ui) in staff_by_state.get(&state).map(Vec::as_slice).unwrap_or(&[]) {
                let p = &network.physicians[pi];
                let base = &network.units[ui];
                let own_target = target_of_unit.get(&ui).copied();
                let mut within: Vec<(usize, f64)> = if p.contract == Contract::Pasante {
                    own_target.map(|t| (t, 0.0)).into_iter().collect()
                } else if p.role == Role::Medico {
                    index
                        .within_km(base.location, reach_km)
                        .into_iter()
                        .map(|t| (t, travel.between_units(base, &network.units[targets[t].unit])))
                        .filter(|&(_, m)| m <= params.max_travel_minutes)
                        .collect()
                } else {
                    let (km, minutes) = role_reach[p.role.index()];
                    index
                        .within_km(base.location, km)
                        .into_iter()
                        .filter(|&t| targets[t].team[p.role.index()] > 0)
                        .map(|t| (t, travel.between_units(base, &network.units[targets[t].unit])))
                        .filter(|&(_, m)| m <= minutes)
                        .collect()
                };
                let own_target = own_target.filter(|&t| targets[t].team[p.role.index()] > 0);
                within.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                let my_days: Vec<usize> = days
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| p.is_available(d.date) && (p.contract != Contract::FinDeSemana || d.weekend))
                    .map(|(i, _)| i)
                    .collect();
                if within.is_empty() {
                    continue;
                }
                let s = staff.len();
                for &(t, _) in &within {
                    reach[t].push(s);
                }
                let keep = match p.role {
                    Role::Medico => params.candidate_units_per_physician,
                    _ => params.team.candidate_units_per_staff.unwrap_or(params.candidate_units_per_physician),
                };
                let mut candidates: Vec<(usize, f64)> = within.iter().copied().take(keep).collect();
                if let Some(own) = own_target {
                    if !candidates.iter().any(|c| c.0 == own) {
                        candidates.push((own, 0.0));
                    }
                }
                staff.push(Staff {
                    physician: pi,
                    role: p.role,
                    own_target,
                    contract: p.contract,
                    max_per_month: p.max_extra_shifts_per_month.unwrap_or(params.role_max_extra_shifts_per_month(p.role)),
                    candidates,
                    days: my_days,
                    daily_salary: p.daily_salary,
                });
            }
            let baseline = baseline_by_state.remove(&state).unwrap_or_default();
            let baseline_staff = staff_already.remove(&state).unwrap_or_default();
            StateInstance { state, targets, staff, reach, baseline, baseline_staff }
        })
        .collect();
    RosterInstance { days, week_allowance, states, physicians_ineligible: ineligible }
}

/// Pay for one shift, in pesos: the daily salary, plus 25% on Sundays (LFT art. 71), doubled on
/// mandatory rest days (art. 75).
pub fn shift_cost(daily_salary: Option<f64>, day: &Day) -> Option<f64> {
    let base = daily_salary?;
    let sunday = if day.sunday { 1.25 } else { 1.0 };
    let rest = if day.mandatory_rest { 2.0 } else { 1.0 };
    Some(base * sunday * rest)
}
