//! Zonal supervision calendar: which zonal supervision team (equipo zonal de supervisión: one
//! physician, one nurse, one community-action supervisor and one técnico polivalente) supervises
//! which first-level units, on which working day each unit is visited every month, and where the
//! published teams cannot keep up. See `models/supervision.md`.
//!
//! 1. **Territories** ([`Territory`]): the zones (ZSM) of the zones planner or the user's zone
//!    file, each with its sede as the teams' base ([`territories_from_zones`]), or the catalogue's
//!    operative regions with their 1-median unit as base ([`territories_from_regions`]).
//! 2. **Reach**: a unit is a day trip when `2 × travel + visit ≤ day_minutes`; otherwise, with
//!    `allow_overnight`, an overnight trip when `travel + visit ≤ day_minutes`; otherwise it is
//!    out of reach ([`GapReason::OutOfReach`]).
//! 3. **Teams per territory**: a state's teams (published `equipos_supervision_zonal`, or the
//!    scenario's) go one at a time to the territory with the largest workload per team
//!    ([`spread_teams`]); a territory left without team is [`GapReason::NoTeam`].
//! 4. **Assignment** ([`assign::assign`]): per territory a MIP — every reachable unit to one team
//!    or unassigned (heavily penalised), `min_units_per_team ≤ units ≤ max_units_per_team`, load
//!    within the monthly capacity, minimising the largest load plus a compactness term. Unassigned
//!    units are [`GapReason::OverCapacity`].
//! 5. **Itineraries** ([`itinerary`]): per team and month, overdue units first, then the rest:
//!    day trips on a nearest-neighbour + 2-opt tour split into days of `day_minutes`, one overnight
//!    trip per remote unit, placed on the month's working days (Mon–Fri without LFT mandatory
//!    rest days, the scenario's non-working days and blackouts). A trip that does not fit the
//!    month is [`GapReason::OverCapacity`].
//! 6. **Teams needed** per territory: `max(⌈reachable / max_units⌉, ⌈Σ workload / capacity⌉)`,
//!    set beside the published count per state.

pub mod assign;
pub mod itinerary;
pub mod params;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::domain::{Unit, WorkCalendar};
use crate::error::Error;
use crate::lp::{SolveOptions, SolveReport};
use crate::planners::zones::{is_visited_unit, ZonesPlan};
use crate::planners::{Evidence, Plan};
use crate::progress::{Progress, StepCounter};
use crate::territory::TravelTimes;

pub use itinerary::{Stop, SupervisionDay, TripDay};
pub use params::{SupervisionEffort, SupervisionParams};

/// Minutes of supervision at a unit, by type ([`SupervisionEffort`]): a health centre takes
/// `health_centre + per_extra_nucleo × (núcleos − 1)`.
pub fn visit_minutes(params: &SupervisionParams, u: &Unit) -> f64 {
    crate::planners::waves::VisitEffort::from(&params.visit).minutes(u.kind)
}

/// Where a group of teams works: a zone or an operative region of one state, with the base the
/// teams leave from every day.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    /// INEGI state code.
    pub state: u8,
    /// Zone name (`ZSM 13-03`, the zone file's label) or `RO <code> <name>`.
    pub name: String,
    /// The teams' base: index into the request's `units` (the zone's sede by default).
    pub base: usize,
    /// Units supervised in the territory (indices into `units`), increasing.
    pub units: Vec<usize>,
}

/// The zones (ZSM) as territories, each based at its sede.
pub fn territories_from_zones(zones: &ZonesPlan, units: &[Unit]) -> Vec<Territory> {
    zones
        .zones
        .iter()
        .map(|z| Territory {
            state: z.state,
            name: z.zone.clone(),
            base: z.units.iter().copied().find(|&k| units[k].clues == z.sede).unwrap_or(z.units[0]),
            units: z.units.clone(),
        })
        .collect()
}

/// The catalogue's operative regions as territories (units without a region form `RO 0 sin
/// región` of their state), each based at its unit with the least total travel to the others.
pub fn territories_from_regions(units: &[Unit], travel: &TravelTimes) -> Vec<Territory> {
    let mut groups: BTreeMap<(u8, u32), (String, Vec<usize>)> = BTreeMap::new();
    for (k, u) in units.iter().enumerate().filter(|(_, u)| is_visited_unit(u)) {
        let (code, name) = u.region.as_ref().map_or((0, "sin región".to_string()), |r| (r.code, r.name.clone()));
        groups.entry((u.state, code)).or_insert_with(|| (name, Vec::new())).1.push(k);
    }
    groups
        .into_iter()
        .map(|((state, code), (name, members))| {
            let base = members
                .iter()
                .copied()
                .min_by(|&a, &b| {
                    let ca: f64 = members.iter().map(|&j| travel.between_units(&units[a], &units[j])).sum();
                    let cb: f64 = members.iter().map(|&j| travel.between_units(&units[b], &units[j])).sum();
                    ca.total_cmp(&cb).then(units[a].clues.cmp(&units[b].clues))
                })
                .expect("a region has units");
            Territory { state, name: format!("RO {code} {name}"), base, units: members }
        })
        .collect()
}

/// Why a unit gets no monthly supervision visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum GapReason {
    /// Not even an overnight trip fits (or overnight stays are off and a day trip cannot return):
    /// `fuera_de_alcance_del_dia`.
    OutOfReach,
    /// The territory's teams are full (units or minutes) or the month's working days ran out:
    /// `equipo_sin_capacidad`.
    OverCapacity,
    /// The territory got no team from its state: `zona_sin_equipo`.
    NoTeam,
}

impl GapReason {
    /// The code written in `brechas.csv` and `supervision_asignacion.csv`.
    pub fn code(self) -> &'static str {
        match self {
            GapReason::OutOfReach => "fuera_de_alcance_del_dia",
            GapReason::OverCapacity => "equipo_sin_capacidad",
            GapReason::NoTeam => "zona_sin_equipo",
        }
    }

    /// Spanish sentence for reports.
    pub fn label(self) -> &'static str {
        match self {
            GapReason::OutOfReach => "fuera de alcance en un día (ni con pernocta)",
            GapReason::OverCapacity => "los equipos de la zona no tienen capacidad",
            GapReason::NoTeam => "la zona no tiene equipo de supervisión",
        }
    }
}

/// A unit without its monthly visit.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionGap {
    /// Index into the request's `units`.
    pub unit: usize,
    /// INEGI state code.
    pub state: u8,
    /// Territory name.
    pub territory: String,
    /// Why.
    pub reason: GapReason,
    /// The figures behind the reason, in Spanish (minutes, capacity, month).
    pub detail: String,
}

/// One month of a team's calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamMonth {
    /// First day of the month.
    pub month: NaiveDate,
    /// Working days of the month (the team's capacity is `len × day_minutes`).
    pub working_days: usize,
    /// Days with supervision, in date order.
    pub days: Vec<SupervisionDay>,
}

/// A zonal supervision team with its units and its months.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// Stable id `SUP-<state>-<nnn>`, numbered in territory order within the state.
    pub id: String,
    /// INEGI state code.
    pub state: u8,
    /// Territory name.
    pub territory: String,
    /// Base (index into `units`).
    pub base: usize,
    /// Units assigned, increasing.
    pub units: Vec<usize>,
    /// Σ workload of its units in minutes (visit + round trip from the base): what the
    /// assignment balances.
    pub load_minutes: f64,
    /// One entry per planned month.
    pub months: Vec<TeamMonth>,
}

/// One territory's result with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct TerritorySummary {
    /// INEGI state code.
    pub state: u8,
    /// Territory name.
    pub name: String,
    /// Base (index into `units`).
    pub base: usize,
    /// Units in the territory.
    pub units: usize,
    /// Units a day or overnight trip reaches.
    pub reachable: usize,
    /// Teams the state's count gave the territory.
    pub teams: usize,
    /// Teams that would visit every reachable unit every month
    /// (`max(⌈reachable / max_units⌉, ⌈Σ workload / capacity⌉)`).
    pub teams_needed: usize,
    /// Σ workload of the reachable units (minutes a month).
    pub workload_minutes: f64,
    /// Monthly minutes of one team (fewest working days of the horizon × `day_minutes`).
    pub capacity_minutes: f64,
    /// Evidence of the assignment MIP (minimising `M·unassigned + largest load + λ·compactness`).
    pub report: SolveReport,
}

/// One state's teams against the published count.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StateSummary {
    /// INEGI state code.
    pub state: u8,
    /// Published zonal supervision teams (`equipos_supervision_zonal`), when known.
    pub published_teams: Option<u32>,
    /// Teams the plan used (the scenario's, the published, or the fallback).
    pub teams: u32,
    /// Σ over the state's territories of their teams needed.
    pub teams_needed: u32,
    /// Units supervised in the state.
    pub units: usize,
    /// Units with a monthly visit in every planned month.
    pub units_visited: usize,
}

/// The supervision planner's answer. [`Plan::evidence`] sums the assignment MIPs;
/// [`Plan::open_gaps`] counts units without a monthly visit.
#[derive(Debug, Clone)]
pub struct SupervisionPlan {
    /// Every team, by state then id.
    pub teams: Vec<Team>,
    /// Every territory, in request order.
    pub territories: Vec<TerritorySummary>,
    /// Per state, increasing code.
    pub states: Vec<StateSummary>,
    /// Units without a monthly visit, one per unit, by state, territory, CLUES.
    pub gaps: Vec<SupervisionGap>,
    /// First days of the planned months.
    pub months: Vec<NaiveDate>,
    /// One-way travel minutes from its territory's base to every supervised unit.
    pub base_minutes: BTreeMap<usize, f64>,
}

impl Plan for SupervisionPlan {
    const PLANNER: &'static str = "supervision";

    fn evidence(&self) -> Evidence {
        Evidence::from_reports(self.territories.iter().filter(|t| t.report.variables > 0).map(|t| &t.report))
    }

    fn open_gaps(&self) -> usize {
        self.gaps.len()
    }
}

impl SupervisionPlan {
    /// Units supervised in all.
    pub fn units(&self) -> usize {
        self.territories.iter().map(|t| t.units).sum()
    }

    /// Teams used in all.
    pub fn team_count(&self) -> usize {
        self.teams.len()
    }

    /// Teams needed in all.
    pub fn teams_needed(&self) -> u32 {
        self.states.iter().map(|s| s.teams_needed).sum()
    }

    /// Published teams of the planned states (states without a figure count 0).
    pub fn published_teams(&self) -> u32 {
        self.states.iter().filter_map(|s| s.published_teams).sum()
    }

    /// Unit count by gap reason.
    pub fn gaps_by_reason(&self) -> BTreeMap<GapReason, usize> {
        let mut m = BTreeMap::new();
        self.gaps.iter().for_each(|g| *m.entry(g.reason).or_insert(0) += 1);
        m
    }
}

/// Everything the supervision planner needs.
#[derive(Debug, Clone, Copy)]
pub struct SupervisionRequest<'a> {
    /// The network's units.
    pub units: &'a [Unit],
    /// Where teams work ([`territories_from_zones`] or [`territories_from_regions`]).
    pub territories: &'a [Territory],
    /// Travel times.
    pub travel: &'a TravelTimes,
    /// Working days (LFT mandatory rest days, non-working days, blackouts).
    pub calendar: &'a WorkCalendar,
    /// The policy (`[supervision]`).
    pub params: &'a SupervisionParams,
    /// Teams per state (INEGI code); a state without an entry gets `⌈units / max_units⌉`.
    pub teams: &'a BTreeMap<u8, u32>,
    /// Published teams per state (`equipos_supervision_zonal`), set beside the plan.
    pub published: &'a BTreeMap<u8, u32>,
    /// First day of the first planned month.
    pub month: NaiveDate,
    /// Last supervision visit of each CLUES (re-plan); empty: nothing is known to be overdue.
    pub previous_visits: &'a BTreeMap<String, NaiveDate>,
    /// Solver settings (threads forced to 1; time limit and gap from `params` when tighter).
    pub solver: &'a SolveOptions,
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("day 1 exists")
}

fn next_month(m: NaiveDate) -> NaiveDate {
    if m.month() == 12 {
        NaiveDate::from_ymd_opt(m.year() + 1, 1, 1).expect("valid")
    } else {
        NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1).expect("valid")
    }
}

fn month_end(m: NaiveDate) -> NaiveDate {
    next_month(m).pred_opt().expect("valid")
}

/// Spreads a state's teams over its territories by need. `need[z]` is territory `z`'s fractional
/// teams needed, `max(Σ workload / capacity, reachable / max_units)`. First every territory is
/// brought up to `⌈need⌉` (the team goes to the largest `need / (teams + 1)` among those below
/// it), then any surplus goes by the same rule to all territories with reachable units (ties:
/// territory order). Returns the teams of each territory.
pub fn spread_teams(need: &[f64], teams: u32) -> Vec<usize> {
    let mut given = vec![0usize; need.len()];
    for _ in 0..teams {
        let pick = |short_only: bool| {
            (0..need.len())
                .filter(|&z| need[z] > 0.0 && (!short_only || (given[z] as f64) < need[z].ceil()))
                .max_by(|&a, &b| (need[a] / (given[a] + 1) as f64).total_cmp(&(need[b] / (given[b] + 1) as f64)).then(b.cmp(&a)))
        };
        match pick(true).or_else(|| pick(false)) {
            Some(z) => given[z] += 1,
            None => break,
        }
    }
    given
}

/// What a territory's reachable unit is.
#[derive(Debug, Clone, Copy)]
struct Reach {
    unit: usize,
    minutes: f64,
    go: f64,
    overnight: bool,
}

struct TerritoryResult {
    summary: TerritorySummary,
    teams: Vec<(Vec<usize>, f64)>,
    gaps: Vec<SupervisionGap>,
}

/// Plans the supervision calendar (see the module documentation).
///
/// # Errors
///
/// [`Error::Scenario`] when the parameters are invalid; [`Error::Solver`] when an assignment
/// model fails.
pub fn plan(req: &SupervisionRequest<'_>, progress: &dyn Progress) -> Result<SupervisionPlan, Error> {
    let SupervisionRequest { units, territories, travel, calendar, params, teams, published, month, previous_visits, solver } = *req;
    params.validate().map_err(|message| Error::Scenario { path: "supervision".into(), message })?;
    let first = month_start(month);
    let mut months = vec![first];
    while months.len() < params.months as usize {
        months.push(next_month(*months.last().expect("one")));
    }
    let working: Vec<Vec<NaiveDate>> = months.iter().map(|&m| calendar.working_days(m, month_end(m))).collect();
    let fewest_days = working.iter().map(Vec::len).min().unwrap_or(0);
    let capacity = fewest_days as f64 * params.day_minutes;
    let options = SolveOptions {
        threads: 1,
        time_limit_s: solver.time_limit_s.min(params.time_limit_s),
        rel_gap: solver.rel_gap.max(params.rel_gap),
        ..solver.clone()
    };

    // Reach and workload of every unit.
    let reach_of = |t: &Territory| -> (Vec<Reach>, Vec<SupervisionGap>) {
        let mut ok = Vec::new();
        let mut gaps = Vec::new();
        for &k in &t.units {
            let go = travel.between_units(&units[t.base], &units[k]);
            let minutes = visit_minutes(params, &units[k]);
            if 2.0 * go + minutes <= params.day_minutes {
                ok.push(Reach { unit: k, minutes, go, overnight: false });
            } else if params.allow_overnight && go + minutes <= params.day_minutes && go <= params.day_minutes {
                ok.push(Reach { unit: k, minutes, go, overnight: true });
            } else {
                let why = if params.allow_overnight {
                    format!("{go:.0} min de ida + {minutes:.0} min de supervisión > {:.0} min de jornada", params.day_minutes)
                } else {
                    format!(
                        "ida y vuelta {:.0} min + {minutes:.0} min de supervisión > {:.0} min de jornada (pernocta no permitida)",
                        2.0 * go,
                        params.day_minutes
                    )
                };
                gaps.push(SupervisionGap {
                    unit: k,
                    state: t.state,
                    territory: t.name.clone(),
                    reason: GapReason::OutOfReach,
                    detail: why,
                });
            }
        }
        (ok, gaps)
    };
    let reaches: Vec<(Vec<Reach>, Vec<SupervisionGap>)> = territories.iter().map(reach_of).collect();
    let workload = |r: &Reach| r.minutes + 2.0 * r.go;

    // Teams per territory.
    let mut by_state: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    territories.iter().enumerate().for_each(|(z, t)| by_state.entry(t.state).or_default().push(z));
    let mut team_count = vec![0usize; territories.len()];
    let mut state_teams: BTreeMap<u8, u32> = BTreeMap::new();
    for (&state, zs) in &by_state {
        let n: usize = zs.iter().map(|&z| territories[z].units.len()).sum();
        let count = teams.get(&state).copied().unwrap_or_else(|| (n as u32).div_ceil(params.max_units_per_team.max(1)));
        state_teams.insert(state, count);
        let need: Vec<f64> = zs
            .iter()
            .map(|&z| {
                let w: f64 = reaches[z].0.iter().map(workload).sum();
                (w / capacity.max(1e-9)).max(reaches[z].0.len() as f64 / f64::from(params.max_units_per_team))
            })
            .collect();
        for (&z, c) in zs.iter().zip(spread_teams(&need, count)) {
            team_count[z] = c;
        }
    }

    // Assignment per territory, in parallel; the time limit is the planner's, shared by the
    // territories by size (issue 16).
    let steps = StepCounter::new(progress, SupervisionPlan::PLANNER, territories.len());
    let work = |z: usize| (reaches[z].0.len() as f64).powi(2) + 1.0;
    // `[solver] time_limit_s` bounds the planner; `[supervision] time_limit_s` each model.
    let budget = crate::budget::Budget::new(solver.time_limit_s, (0..territories.len()).map(work).sum(), rayon::current_num_threads());
    let results: Vec<Result<TerritoryResult, Error>> = territories
        .par_iter()
        .enumerate()
        .map(|(z, t)| {
            let deadline = crate::budget::Budget::deadline(budget.claim(work(z)));
            let within = || {
                let left = crate::budget::Budget::until(deadline).min(options.time_limit_s);
                SolveOptions { time_limit_s: left, watchdog_s: options.watchdog_s.or(Some(1.2 * left + 0.5)), ..options.clone() }
            };
            let (reach, mut gaps) = reaches[z].clone();
            let k = team_count[z];
            let w: Vec<f64> = reach.iter().map(workload).collect();
            let needed = if reach.is_empty() {
                0
            } else {
                reach.len().div_ceil(params.max_units_per_team as usize).max((w.iter().sum::<f64>() / capacity.max(1e-9)).ceil() as usize)
            };
            let base = &units[t.base];
            let problem = assign::AssignProblem {
                name: format!("supervisión {}", t.name),
                travel: reach
                    .iter()
                    .map(|a| reach.iter().map(|b| travel.between_units(&units[a.unit], &units[b.unit])).collect())
                    .collect(),
                angle: reach
                    .iter()
                    .map(|r| (units[r.unit].location.lat - base.location.lat).atan2(units[r.unit].location.lon - base.location.lon))
                    .collect(),
                workload: w.clone(),
                teams: k,
                min_units: reach.len().checked_div(k).map_or(0, |per| (params.min_units_per_team as usize).min(per)),
                max_units: params.max_units_per_team as usize,
                capacity,
                compactness_weight: params.compactness_weight,
                candidate_teams: params.candidate_teams,
            };
            let a = match assign::assign(&problem, &within()) {
                Ok(a) => a,
                // The minimum per team may not fit the monthly minutes: solve again without it.
                Err(Error::Solver { .. }) if problem.min_units > 0 => {
                    assign::assign(&assign::AssignProblem { min_units: 0, ..problem.clone() }, &within())?
                }
                Err(e) => return Err(e),
            };
            let mut team_units: Vec<(Vec<usize>, f64)> = vec![(Vec::new(), 0.0); k];
            for (i, r) in reach.iter().enumerate() {
                match a.team[i] {
                    Some(tm) => {
                        team_units[tm].0.push(r.unit);
                        team_units[tm].1 += w[i];
                    }
                    None => gaps.push(SupervisionGap {
                        unit: r.unit,
                        state: t.state,
                        territory: t.name.clone(),
                        reason: if k == 0 { GapReason::NoTeam } else { GapReason::OverCapacity },
                        detail: if k == 0 {
                            format!("la entidad no asignó equipo a la zona; se necesitan {needed}")
                        } else {
                            format!(
                                "{k} equipo(s) con máximo {} unidades y {capacity:.0} min al mes; se necesitan {needed}",
                                params.max_units_per_team
                            )
                        },
                    }),
                }
            }
            team_units.iter_mut().for_each(|(u, _)| u.sort_unstable());
            steps.step(Some(t.state), "equipos asignados");
            Ok(TerritoryResult {
                summary: TerritorySummary {
                    state: t.state,
                    name: t.name.clone(),
                    base: t.base,
                    units: t.units.len(),
                    reachable: reach.len(),
                    teams: k,
                    teams_needed: needed,
                    workload_minutes: w.iter().sum::<f64>() + 0.0,
                    capacity_minutes: capacity,
                    report: a.report,
                },
                teams: team_units,
                gaps,
            })
        })
        .collect();
    let results: Vec<TerritoryResult> = results.into_iter().collect::<Result<_, _>>()?;

    // Itineraries per team and month.
    let prev_start = months[0].pred_opt().map(month_start).expect("valid");
    let overdue = |k: usize| -> bool {
        !previous_visits.is_empty() && previous_visits.get(&units[k].clues).is_none_or(|&d| d < prev_start || d >= months[0])
    };
    let mut out_teams = Vec::new();
    let mut gaps: Vec<SupervisionGap> = Vec::new();
    let mut serial: BTreeMap<u8, usize> = BTreeMap::new();
    for (z, (r, t)) in results.iter().zip(territories).enumerate() {
        gaps.extend(r.gaps.iter().cloned());
        let reach: BTreeMap<usize, Reach> = reaches[z].0.iter().map(|r| (r.unit, *r)).collect();
        for (members, load) in &r.teams {
            let n = serial.entry(t.state).or_insert(0);
            *n += 1;
            let id = format!("SUP-{:02}-{:03}", t.state, n);
            let d = |a: Option<usize>, b: Option<usize>| -> f64 {
                let p = |x: Option<usize>| &units[x.unwrap_or(t.base)];
                travel.between_units(p(a), p(b))
            };
            let mut team_months = Vec::new();
            let mut missed: BTreeSet<usize> = BTreeSet::new();
            for (mi, (&m, days)) in months.iter().zip(&working).enumerate() {
                let visit = |k: usize| itinerary::Visit {
                    unit: k,
                    minutes: reach[&k].minutes,
                    overdue: mi == 0 && overdue(k),
                    overnight: reach[&k].overnight,
                };
                let (late, rest): (Vec<_>, Vec<_>) = members.iter().map(|&k| visit(k)).partition(|v| v.overdue);
                let mut trips = itinerary::trips(&late, params.day_minutes, &d);
                trips.extend(itinerary::trips(&rest, params.day_minutes, &d));
                let (placed, left) = itinerary::place(trips, days);
                for trip in &left {
                    for s in &trip.stops {
                        if missed.insert(s.unit) {
                            gaps.push(SupervisionGap {
                                unit: s.unit,
                                state: t.state,
                                territory: t.name.clone(),
                                reason: GapReason::OverCapacity,
                                detail: format!("el equipo {id} no tiene días hábiles libres en {}-{:02}", m.year(), m.month()),
                            });
                        }
                    }
                }
                team_months.push(TeamMonth { month: m, working_days: days.len(), days: placed });
            }
            out_teams.push(Team {
                id,
                state: t.state,
                territory: t.name.clone(),
                base: t.base,
                units: members.clone(),
                load_minutes: *load,
                months: team_months,
            });
        }
    }
    gaps.sort_by(|a, b| (a.state, &a.territory, &units[a.unit].clues).cmp(&(b.state, &b.territory, &units[b.unit].clues)));
    let not_visited: BTreeSet<usize> = gaps.iter().map(|g| g.unit).collect();
    let states = by_state
        .iter()
        .map(|(&state, zs)| StateSummary {
            state,
            published_teams: published.get(&state).copied(),
            teams: state_teams[&state],
            teams_needed: zs.iter().map(|&z| results[z].summary.teams_needed as u32).sum(),
            units: zs.iter().map(|&z| territories[z].units.len()).sum(),
            units_visited: zs.iter().flat_map(|&z| territories[z].units.iter()).filter(|k| !not_visited.contains(k)).count(),
        })
        .collect();
    let base_minutes =
        territories.iter().flat_map(|t| t.units.iter().map(move |&k| (k, travel.between_units(&units[t.base], &units[k])))).collect();
    Ok(SupervisionPlan {
        teams: out_teams,
        territories: results.into_iter().map(|r| r.summary).collect(),
        states,
        gaps,
        months,
        base_minutes,
    })
}

#[cfg(test)]
mod tests;
