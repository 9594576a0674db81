//! Comando Alma-Ata wave calendar: when each state is installed, prepares, works its zones and
//! sends its diagnostics; which brigade takes which zone; and each brigade's day-by-day itinerary.
//! See `models/waves.md`.
//!
//! Three levels, each with the tool that fits it:
//! 1. **Itineraries** (`itinerary`): a routing heuristic per zone. Units in nearest-neighbour
//!    order from the host; each working day starts and ends at the host and packs visits while
//!    travel plus visit minutes fit `daily_minutes`; a visit longer than a day continues the next
//!    day. The zone's field days are the itinerary's length.
//! 2. **Zones to brigades** (`assign_zones`): per state, `P||Cmax` MIP — every zone to one brigade,
//!    minimising the longest brigade workload in days.
//! 3. **State sequencing** (`sequence_states`): per stage, `P||Cmax` MIP over `max_states_at_once`
//!    slots: a state occupies a slot from installation to its last field day (preparation plus
//!    field), so at most that many states are in preparation or field at once. Within a slot the
//!    states go by priority (more units first). Lower bound: `max(⌈Σ durations / slots⌉, longest)`.
//!
//! Durations are in working days of the scenario's calendar (Mon–Fri without mandatory rest days,
//! non-working days or blackouts), so no work ever falls on those days.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use good_lp::{constraint, variable, Expression, Variable};

use crate::domain::{Unit, UnitKind, WorkCalendar};
use crate::error::Error;
use crate::lp::{relative_gap, LpModel, Sense, SolveOptions, SolveReport, SolveStatus};
use crate::planners::zones::ZonesPlan;
use crate::scenario::WavesParams;
use crate::territory::TravelTimes;

/// Minutes of one brigade's work at a unit (forms, community action, Pacto por la Salud), by kind.
pub fn visit_minutes(params: &WavesParams, u: &Unit) -> f64 {
    let e = &params.effort;
    match u.kind {
        UnitKind::HealthCentre { nucleos } => e.health_centre + e.per_extra_nucleo * f64::from(nucleos.saturating_sub(1)),
        UnitKind::ExpandedServices => e.expanded_services,
        UnitKind::Uneme => e.uneme,
        UnitKind::Mobile => e.mobile,
        UnitKind::Hospital | UnitKind::Other => e.other,
    }
}

/// One stop of a brigade's day.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Index into the network's units.
    pub unit: usize,
    /// True when the visit started on an earlier day.
    pub continued: bool,
}

/// A zone's itinerary: one entry per field day, each the ordered stops from the host.
#[derive(Debug, Clone, PartialEq)]
pub struct Itinerary {
    pub days: Vec<Vec<Stop>>,
}

/// Day-by-day itinerary of one zone from its host `sede` (see the module documentation).
pub fn itinerary(units: &[Unit], travel: &TravelTimes, params: &WavesParams, sede: usize, zone: &[usize]) -> Itinerary {
    // Nearest-neighbour order from the host.
    let mut left: Vec<usize> = zone.to_vec();
    left.sort_by(|&a, &b| units[a].clues.cmp(&units[b].clues));
    let mut order = Vec::with_capacity(left.len());
    let mut at = sede;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .map(|(k, &u)| (k, travel.between_units(&units[at], &units[u])))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .expect("not empty");
        at = left.remove(k);
        order.push(at);
    }
    let budget = params.daily_minutes;
    let mut days: Vec<Vec<Stop>> = Vec::new();
    let mut day: Vec<Stop> = Vec::new();
    let (mut used, mut here) = (0.0, sede);
    for &u in &order {
        let mut remaining = visit_minutes(params, &units[u]);
        let mut continued = false;
        loop {
            let go = travel.between_units(&units[here], &units[u]);
            let back = travel.between_units(&units[u], &units[sede]);
            if used + go + remaining + back <= budget {
                day.push(Stop { unit: u, continued });
                used += go + remaining;
                here = u;
                break;
            }
            if !day.is_empty() {
                days.push(std::mem::take(&mut day));
                used = 0.0;
                here = sede;
                continue;
            }
            // An empty day that cannot hold the whole visit: work what fits (at least a quarter of
            // the day, lodging near far units) and continue tomorrow.
            let worked = (budget - go - back).max(budget / 4.0);
            day.push(Stop { unit: u, continued });
            days.push(std::mem::take(&mut day));
            remaining -= worked;
            continued = true;
            here = sede;
            used = 0.0;
            if remaining <= 0.0 {
                break;
            }
        }
    }
    if !day.is_empty() {
        days.push(day);
    }
    Itinerary { days }
}

/// `P||Cmax` MIP: each job to one machine, minimising the largest machine load. Returns the
/// machine of each job and the evidence. The load is in whole days.
fn min_makespan(name: &str, durations: &[usize], machines: usize, options: &SolveOptions) -> Result<(Vec<usize>, SolveReport), Error> {
    let machines = machines.max(1).min(durations.len().max(1));
    if machines == 1 || durations.len() <= 1 {
        let total: usize = durations.iter().sum();
        let report = SolveReport {
            model: name.to_string(),
            status: SolveStatus::Optimal,
            objective: total as f64,
            bound: total as f64,
            gap: 0.0,
            seconds: 0.0,
            variables: 0,
            constraints: 0,
            integer: true,
        };
        return Ok((vec![0; durations.len()], report));
    }
    let mut model = LpModel::new(name, Sense::Minimise);
    let makespan = model.add_var(variable().min(0.0));
    let z: Vec<Vec<Variable>> =
        durations.iter().map(|_| (0..machines).map(|_| model.add_var(variable().binary())).collect()).collect();
    for row in &z {
        let one: Expression = row.iter().copied().sum();
        model.add_constraint(constraint!(one == 1.0));
    }
    for k in 0..machines {
        let load: Expression = durations.iter().zip(&z).map(|(&d, row)| d as f64 * row[k]).sum();
        model.add_constraint(constraint!(load <= makespan));
    }
    // Symmetry: job 0 on machine 0.
    model.add_constraint(constraint!(z[0][0] == 1.0));
    model.set_objective(makespan);
    let solved = model.solve(options)?;
    let machine = z.iter().map(|row| (0..machines).max_by(|&a, &b| solved.value(row[a]).total_cmp(&solved.value(row[b]))).expect("≥1")).collect();
    Ok((machine, solved.report))
}

/// `max(⌈Σ durations / machines⌉, longest)`.
pub fn makespan_lower_bound(durations: &[usize], machines: usize) -> usize {
    let total: usize = durations.iter().sum();
    total.div_ceil(machines.max(1)).max(durations.iter().copied().max().unwrap_or(0))
}

/// A zone's work in the plan.
#[derive(Debug, Clone)]
pub struct ZoneWork {
    pub zone: String,
    pub sede: usize,
    pub brigade: String,
    pub itinerary: Itinerary,
    /// Field days of the zone, dated.
    pub dates: Vec<NaiveDate>,
}

/// One state's calendar.
#[derive(Debug, Clone)]
pub struct StatePlan {
    pub state: u8,
    pub stage: u32,
    pub units: usize,
    pub brigades: u32,
    pub installation: NaiveDate,
    pub field_start: NaiveDate,
    pub field_end: NaiveDate,
    pub diagnostics: NaiveDate,
    /// Field days (longest brigade) and its lower bound.
    pub field_days: usize,
    pub field_bound: usize,
    pub zones: Vec<ZoneWork>,
    pub brigade_report: SolveReport,
}

/// One stage's sequencing with its evidence.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageSummary {
    pub stage: u32,
    pub states: Vec<u8>,
    pub start: NaiveDate,
    /// Working days from the stage's start to its last field day.
    pub makespan_days: usize,
    pub lower_bound_days: usize,
    pub gap_pct: f64,
    pub report: SolveReport,
}

#[derive(Debug, Clone)]
pub struct WavesPlan {
    pub states: Vec<StatePlan>,
    pub stages: Vec<StageSummary>,
    pub brigades_per_state: u32,
    pub deadline: NaiveDate,
}

impl WavesPlan {
    pub fn units_scheduled(&self) -> usize {
        self.states.iter().map(|s| s.units).sum()
    }

    /// Units whose last visit day falls after the deadline.
    pub fn units_after_deadline(&self) -> usize {
        let mut late = 0;
        for s in &self.states {
            for z in &s.zones {
                for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                    if *date > self.deadline {
                        late += day.iter().filter(|stop| !stop.continued).count();
                    }
                }
            }
        }
        late
    }

    /// States whose diagnostics go out after the deadline.
    pub fn late_states(&self) -> Vec<u8> {
        self.states.iter().filter(|s| s.diagnostics > self.deadline).map(|s| s.state).collect()
    }
}

/// Progress already made, for re-planning what is left.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// CLUES already visited.
    pub visited: BTreeSet<String>,
    /// Plan from this date on (later of it and `WavesParams::start`).
    pub from: Option<NaiveDate>,
}

/// Plans every state of `zones` with `brigades_per_state` brigades each. `stage_of` gives each
/// state's stage (missing: 1); stages run one after the other. Units in `progress.visited` are
/// left out; a state with visits is already installed and prepared, so it goes straight to field.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    units: &[Unit],
    zones: &ZonesPlan,
    travel: &TravelTimes,
    calendar: &WorkCalendar,
    params: &WavesParams,
    stage_of: &BTreeMap<u8, u32>,
    brigades_per_state: u32,
    progress: &Progress,
    solve: &SolveOptions,
) -> Result<WavesPlan, Error> {
    let options = SolveOptions { threads: 1, time_limit_s: solve.time_limit_s.min(20.0), rel_gap: 0.0, ..solve.clone() };
    let full_preparation = 5 * params.preparation_weeks as usize;
    let diagnostics = 5 * params.diagnostics_weeks as usize;
    // Per state: itineraries, brigade assignment and field days.
    let mut by_state: BTreeMap<u8, Vec<&crate::planners::zones::Zone>> = BTreeMap::new();
    zones.zones.iter().for_each(|z| by_state.entry(z.state).or_default().push(z));
    struct Draft {
        state: u8,
        preparation: usize,
        units: usize,
        zones: Vec<(String, usize, usize, Itinerary)>, // zone, sede, brigade index, itinerary
        field_days: usize,
        field_bound: usize,
        report: SolveReport,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    for (&state, state_zones) in &by_state {
        let mut works = Vec::new();
        let mut remaining_units = 0;
        let mut started = false;
        for z in state_zones {
            let sede = z.units.iter().copied().find(|&k| units[k].clues == z.sede).expect("host is a member");
            let left: Vec<usize> = z.units.iter().copied().filter(|&k| !progress.visited.contains(&units[k].clues)).collect();
            started |= left.len() < z.units.len();
            if left.is_empty() {
                continue;
            }
            remaining_units += left.len();
            works.push((z.zone.clone(), sede, itinerary(units, travel, params, sede, &left)));
        }
        if works.is_empty() {
            continue;
        }
        let days: Vec<usize> = works.iter().map(|w| w.2.days.len()).collect();
        let name = format!("brigadas {}", crate::domain::state::name(state).unwrap_or("?"));
        let (brigade, report) = min_makespan(&name, &days, brigades_per_state as usize, &options)?;
        let mut load = vec![0usize; brigades_per_state.max(1) as usize];
        brigade.iter().zip(&days).for_each(|(&b, &d)| load[b] += d);
        drafts.push(Draft {
            state,
            preparation: if started { 0 } else { full_preparation },
            units: remaining_units,
            zones: works.into_iter().zip(brigade).map(|((z, s, it), b)| (z, s, b, it)).collect(),
            field_days: load.iter().copied().max().unwrap_or(0),
            field_bound: makespan_lower_bound(&days, brigades_per_state as usize),
            report,
        });
    }
    // Stages one after the other; states of a stage over the concurrency slots.
    let mut stage_states: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (k, d) in drafts.iter().enumerate() {
        stage_states.entry(stage_of.get(&d.state).copied().unwrap_or(1)).or_default().push(k);
    }
    let mut states = Vec::new();
    let mut stages = Vec::new();
    let first_day = progress.from.map_or(params.start, |f| f.max(params.start));
    let mut stage_start = calendar.add_working_days(first_day, 0);
    for (&stage, members) in &stage_states {
        let durations: Vec<usize> = members.iter().map(|&k| drafts[k].preparation + drafts[k].field_days).collect();
        let slots = params.max_states_at_once.max(1) as usize;
        let (slot, report) = min_makespan(&format!("secuencia etapa {stage}"), &durations, slots, &options)?;
        // Within a slot: more units first, then state code.
        let mut in_slot: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (pos, &s) in slot.iter().enumerate() {
            in_slot.entry(s).or_default().push(pos);
        }
        let mut makespan = 0;
        for positions in in_slot.values_mut() {
            positions.sort_by(|&a, &b| drafts[members[b]].units.cmp(&drafts[members[a]].units).then(drafts[members[a]].state.cmp(&drafts[members[b]].state)));
            let mut offset = 0usize;
            for &pos in positions.iter() {
                let d = &drafts[members[pos]];
                let day = |n: usize| calendar.add_working_days(stage_start, n);
                let preparation = d.preparation;
                let field0 = offset + preparation;
                let mut zone_works = Vec::new();
                let mut brigade_offset: BTreeMap<usize, usize> = BTreeMap::new();
                for (zone, sede, b, it) in &d.zones {
                    let start = *brigade_offset.get(b).unwrap_or(&0);
                    let dates: Vec<NaiveDate> = (0..it.days.len()).map(|n| day(field0 + start + n)).collect();
                    brigade_offset.insert(*b, start + it.days.len());
                    zone_works.push(ZoneWork {
                        zone: zone.clone(),
                        sede: *sede,
                        brigade: format!("B{:02}-{}", d.state, b + 1),
                        itinerary: it.clone(),
                        dates,
                    });
                }
                let last_field = field0 + d.field_days.max(1) - 1;
                states.push(StatePlan {
                    state: d.state,
                    stage,
                    units: d.units,
                    brigades: brigades_per_state,
                    installation: day(offset),
                    field_start: day(field0),
                    field_end: day(last_field),
                    diagnostics: day(last_field + diagnostics),
                    field_days: d.field_days,
                    field_bound: d.field_bound,
                    zones: zone_works,
                    brigade_report: d.report.clone(),
                });
                offset += preparation + d.field_days;
            }
            makespan = makespan.max(offset);
        }
        // The MIP's own bound is valid for the slot model and can beat the simple one.
        let lower = makespan_lower_bound(&durations, slots).max((report.bound - 1e-6).ceil().max(0.0) as usize);
        stages.push(StageSummary {
            stage,
            states: members.iter().map(|&k| drafts[k].state).collect(),
            start: stage_start,
            makespan_days: makespan,
            lower_bound_days: lower,
            gap_pct: relative_gap(makespan as f64, lower as f64) * 100.0,
            report,
        });
        stage_start = calendar.add_working_days(stage_start, makespan);
    }
    states.sort_by(|a, b| (a.stage, a.installation, a.state).cmp(&(b.stage, b.installation, b.state)));
    Ok(WavesPlan { states, stages, brigades_per_state, deadline: params.deadline })
}

/// The smallest number of brigades per state (from `from` up to `up_to`) whose plan sends every
/// diagnostic by the deadline, with that plan; `None` when even `up_to` is not enough.
#[allow(clippy::too_many_arguments)]
pub fn brigades_for_deadline(
    units: &[Unit],
    zones: &ZonesPlan,
    travel: &TravelTimes,
    calendar: &WorkCalendar,
    params: &WavesParams,
    stage_of: &BTreeMap<u8, u32>,
    from: u32,
    up_to: u32,
    progress: &Progress,
    solve: &SolveOptions,
) -> Result<Option<u32>, Error> {
    for b in from.max(1)..=up_to {
        let p = plan(units, zones, travel, calendar, params, stage_of, b, progress, solve)?;
        if p.late_states().is_empty() {
            return Ok(Some(b));
        }
    }
    Ok(None)
}
