//! Brigades from the real supply (`models/waves.md`, «Team supply»): each state forms its
//! brigades from its zonal supervision teams (`team_share` of `equipos_supervision_zonal`) or from
//! an explicit list of people by role (`people`), with the `composition` policy (persons per role
//! in one brigade). The plan fields what exists; the deadline search answers per state in
//! brigades (= teams) and people, and lists what a state must borrow and from whom.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::{search_step, transfer_minutes, Brigades, StateRef, WavesParams, WavesPlan, WavesRequest};
use crate::domain::figures::StateFigures;
use crate::domain::LatLon;
use crate::error::Error;
use crate::progress::Progress;

/// Brigades `state` can form itself: from `people` when the scenario lists the state's people
/// (the scarcest role decides: `min_role ⌊people[role] / composition[role]⌋`), else
/// `⌊team_share × zonal_supervision_teams⌋` (0 without published teams). `None` when neither
/// `team_share` nor `people` is set (the plan uses `brigades_per_state` or the pool).
pub fn own_brigades(params: &WavesParams, figures: &BTreeMap<u8, StateFigures>, states: &[u8]) -> Option<BTreeMap<u8, u32>> {
    if params.team_share.is_none() && params.people.is_empty() {
        return None;
    }
    let people: BTreeMap<u8, &BTreeMap<String, u32>> =
        params.people.iter().filter_map(|(k, v)| StateRef::Name(k.clone()).code().map(|c| (c, v))).collect();
    let share = params.team_share.unwrap_or(0.0).clamp(0.0, 1.0);
    Some(
        states
            .iter()
            .map(|&s| {
                let n = match people.get(&s) {
                    Some(p) => brigades_from_people(&params.composition, p),
                    None => {
                        let teams = figures.get(&s).and_then(|f| f.zonal_supervision_teams).unwrap_or(0);
                        // A tiny epsilon keeps 0.5 × 10 from rounding to 4.
                        (share * f64::from(teams) + 1e-9).floor() as u32
                    }
                };
                (s, n)
            })
            .collect(),
    )
}

/// Brigades a list of people forms: the scarcest role of `composition` decides (a role of the
/// composition without people gives 0).
pub fn brigades_from_people(composition: &BTreeMap<String, u32>, people: &BTreeMap<String, u32>) -> u32 {
    composition.iter().filter(|(_, &n)| n > 0).map(|(role, &n)| people.get(role).copied().unwrap_or(0) / n).min().unwrap_or(0)
}

/// The brigades of a plan: [`Brigades::Supply`] when the scenario gives a supply
/// ([`own_brigades`]), else [`Brigades::from_params`].
pub fn brigades(params: &WavesParams, figures: &BTreeMap<u8, StateFigures>, states: &[u8]) -> Brigades {
    match own_brigades(params, figures, states) {
        Some(own) => Brigades::Supply(own),
        None => Brigades::from_params(params),
    }
}

/// People by role for `brigades` brigades of `composition`.
pub fn people_for(composition: &BTreeMap<String, u32>, brigades: u32) -> BTreeMap<String, u32> {
    composition.iter().map(|(r, &n)| (r.clone(), n * brigades)).collect()
}

/// One state's supply and what the deadline needs (`equipos_entidades.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct StateSupply {
    /// INEGI state code.
    pub state: u8,
    /// Published zonal supervision teams (`equipos_supervision_zonal`), when known.
    pub teams: Option<u32>,
    /// Brigades the state forms itself ([`own_brigades`]).
    pub own: u32,
    /// People those brigades take, by role.
    pub own_people: BTreeMap<String, u32>,
    /// Zones left to work in the state (more brigades than zones change nothing).
    pub zones: u32,
    /// Brigades the plan fields in the state: its own, at most one per zone, at least one.
    pub fielded: u32,
    /// Brigades the plan fields beyond its own (1 when the state forms none): borrowed.
    pub borrowed_in_plan: u32,
    /// Brigade-days of the plan in the state (field days of every brigade, Pacto meetings included).
    pub brigade_days: usize,
    /// People-days by role of the plan (`brigade_days × composition`).
    pub people_days: BTreeMap<String, f64>,
    /// Diagnostics date with what exists (the plan).
    pub diagnostics: NaiveDate,
    /// Brigades (= teams) the deadline search gives the state.
    pub needed: u32,
    /// People by role of those brigades.
    pub needed_people: BTreeMap<String, u32>,
    /// Brigades it must borrow for the deadline: `needed − own` when positive.
    pub borrow: u32,
    /// Own brigades the deadline does not need: `own − needed` when positive (can be lent).
    pub spare: u32,
    /// Diagnostics date with `needed` brigades (in the searched plan).
    pub diagnostics_needed: NaiveDate,
    /// True when the searched plan sends the state's diagnostics by the deadline.
    pub on_time_needed: bool,
    /// True when `needed` is proven the fewest under the planner: `needed = 1`, or the plan with
    /// `needed − 1` in this state (the others at their `needed`) was tried and is worse (a state
    /// on time becomes late, or a late one later). False for a state late even with one brigade
    /// per zone (its `needed` gives the date reachable) or when the search's time ran out first.
    pub fewest_proven: bool,
}

/// Brigades a state borrows: from a state with spare teams, or from the shared pool (`from` =
/// `None`: teams nobody can lend, to be formed).
#[derive(Debug, Clone, Serialize)]
pub struct Loan {
    /// Borrowing state.
    pub to: u8,
    /// Lending state, `None` for the shared pool (no state has them to spare).
    pub from: Option<u8>,
    /// Brigades lent.
    pub brigades: u32,
    /// People by role of those brigades.
    pub people: BTreeMap<String, u32>,
    /// First day the borrower needs them (its field work in the plan the loan refers to).
    pub from_date: Option<NaiveDate>,
    /// Last day it needs them.
    pub until_date: Option<NaiveDate>,
    /// Brigades of the lender free on every day of that window before this loan (its own minus
    /// those at work in its own field work that day, minus those already lent for that day): the
    /// loan never exceeds it. `None` for the shared pool.
    pub lender_free: Option<u32>,
}

/// The supply answer of a plan (`resumen_oleadas.json → supply`, `equipos_entidades.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct SupplyReport {
    /// `team_share` of the scenario.
    pub team_share: Option<f64>,
    /// Persons per role in one brigade.
    pub composition: BTreeMap<String, u32>,
    /// Per state, in code order.
    pub states: Vec<StateSupply>,
    /// What the borrowing states take and from whom (plan's borrowing and the deadline's).
    pub loans: Vec<Loan>,
    /// True when the plan with what exists meets the deadline.
    pub on_time_with_own: bool,
    /// True when the searched plan meets the deadline (false: even one brigade per zone is late;
    /// `diagnostics_needed` is then the date reachable).
    pub on_time_with_needed: bool,
    /// Plans tried by the search.
    pub plans_tried: usize,
}

impl SupplyReport {
    /// Brigades the deadline needs, all states together.
    pub fn needed_total(&self) -> u32 {
        self.states.iter().map(|s| s.needed).sum()
    }
}

/// People-days by role of a plan per state: Σ over the state's zones of (itinerary days + Pacto
/// days) × persons per role.
pub fn brigade_days(plan: &WavesPlan) -> BTreeMap<u8, usize> {
    let mut out = BTreeMap::new();
    for st in &plan.states {
        let days: usize = st.zones.iter().map(|z| z.dates.len() + z.pacto.as_ref().map_or(0, |p| p.dates.len())).sum();
        *out.entry(st.state).or_insert(0) += days;
    }
    out
}

/// The plan's people-days by role, all states together.
pub fn people_days(plan: &WavesPlan, composition: &BTreeMap<String, u32>) -> BTreeMap<String, f64> {
    let days: usize = brigade_days(plan).values().sum();
    composition.iter().map(|(r, &n)| (r.clone(), (days * n as usize) as f64)).collect()
}

/// Searches the brigades per state that meet the deadline from `own` (see `models/waves.md`,
/// «Team supply»), and reports them beside the plan with what exists (`base`).
///
/// 1. Late with what exists: a uniform cap `k` by bisection, every state fielding
///    `max(fielded_s, min(zones_s, k))`; the smallest on-time `k` (or one brigade per zone when
///    nothing is on time: the dates reachable). Then each state that borrows is bisected down to
///    the fewest that keep the plan on time.
/// 2. On time with what exists: each state, in code order, is bisected down to the fewest that keep
///    the plan on time.
///
/// # Errors
///
/// As [`super::plan`].
pub fn for_deadline(
    req: &WavesRequest<'_>,
    own: &BTreeMap<u8, u32>,
    base: &WavesPlan,
    progress: &dyn Progress,
    deadline: std::time::Instant,
) -> Result<SupplyReport, Error> {
    let in_time = || std::time::Instant::now() < deadline;
    let params = req.params;
    let zones: BTreeMap<u8, u32> = base.states.iter().map(|s| (s.state, s.zones.len() as u32)).collect();
    let fielded: BTreeMap<u8, u32> = zones.iter().map(|(&s, &z)| (s, own.get(&s).copied().unwrap_or(0).min(z).max(1))).collect();
    let mut tried = 0usize;
    let mut try_plan = |counts: &BTreeMap<u8, u32>| -> Result<WavesPlan, Error> {
        tried += 1;
        search_step(progress, counts.values().sum());
        super::schedule_until(&WavesRequest { brigades: Brigades::Supply(counts.clone()), ..req.clone() }, deadline)
    };
    let on_time_with_own = base.late_states().is_empty();
    let mut needed = fielded.clone();
    let mut floor: BTreeMap<u8, u32> = zones.keys().map(|&s| (s, 1)).collect();
    let mut plan = None;
    if !on_time_with_own {
        let most = zones.values().copied().max().unwrap_or(1);
        let at = |k: u32| -> BTreeMap<u8, u32> { zones.iter().map(|(&s, &z)| (s, fielded[&s].max(z.min(k)))).collect() };
        let top = try_plan(&at(most))?;
        if top.late_states().is_empty() {
            let (mut lo, mut hi) = (1u32, most);
            let mut best = top;
            // lo is late (k = 1 is at most the plan with what exists, which is late).
            while hi - lo > 1 && in_time() {
                let mid = lo + (hi - lo) / 2;
                let p = try_plan(&at(mid))?;
                if p.late_states().is_empty() {
                    hi = mid;
                    best = p;
                } else {
                    lo = mid;
                }
            }
            needed = at(hi);
            plan = Some(best);
            // Trim only the borrowing states, never below what they have.
            floor = fielded.clone();
            for (&s, f) in floor.iter_mut() {
                if needed[&s] <= own.get(&s).copied().unwrap_or(0) {
                    *f = needed[&s];
                }
            }
        } else {
            needed = at(most);
            plan = Some(top);
            floor = needed.clone();
        }
    }
    let mut plan = match plan {
        Some(p) => p,
        None => base.clone(),
    };
    if plan.late_states().is_empty() {
        let states: Vec<u8> = needed.keys().copied().collect();
        for s in states {
            let (mut lo, mut hi) = (floor[&s].saturating_sub(1), needed[&s]);
            while hi > floor[&s] && hi - lo > 1 && in_time() {
                let mid = lo + (hi - lo) / 2;
                let mut counts = needed.clone();
                counts.insert(s, mid);
                let p = try_plan(&counts)?;
                if p.late_states().is_empty() {
                    hi = mid;
                    plan = p;
                } else {
                    lo = mid;
                }
            }
            needed.insert(s, hi);
        }
    }
    // The brigades each state really uses in the searched plan (a state never uses more than its zones).
    let used: BTreeMap<u8, u32> = plan.states.iter().map(|s| (s.state, s.brigades)).collect();
    let mut needed: BTreeMap<u8, u32> = needed.iter().map(|(&s, &n)| (s, used.get(&s).copied().unwrap_or(n).min(n).max(1))).collect();
    let on_time_with_needed = plan.late_states().is_empty();
    // The fewest, checked rather than assumed from the bisection's monotonicity. "No worse" than
    // the searched plan: every state on time stays on time and a late state (even one brigade per
    // zone is not enough) gets no later. Each state on time is bisected down under that rule
    // (when the plan is late, the uniform count left it at one brigade per zone), then every
    // state's count − 1 (the others at theirs) must be worse; when it is not, it becomes the
    // count and the passes start again, until a whole pass lowers nothing.
    let late_dates: BTreeMap<u8, NaiveDate> =
        plan.states.iter().filter(|x| x.diagnostics > params.deadline).map(|x| (x.state, x.diagnostics)).collect();
    let no_worse = |p: &WavesPlan| {
        p.states.iter().all(|x| match late_dates.get(&x.state) {
            Some(d) => x.diagnostics <= *d,
            None => x.diagnostics <= params.deadline,
        })
    };
    let on_time: Vec<u8> = needed.keys().copied().filter(|s| !late_dates.contains_key(s)).collect();
    let state_ok = |p: &WavesPlan, s: u8| p.states.iter().find(|x| x.state == s).is_none_or(|x| x.diagnostics <= params.deadline);
    if !on_time_with_needed && !on_time.is_empty() {
        // Every state on time bisected at once, one plan per round: each state judged by its own
        // date (the check below proves each count on its own).
        let mut range: BTreeMap<u8, (u32, u32)> = on_time.iter().map(|&s| (s, (0, needed[&s]))).collect();
        while range.values().any(|&(lo, hi)| hi - lo > 1) && in_time() {
            let mut counts = needed.clone();
            for (&s, &(lo, hi)) in &range {
                counts.insert(s, if hi - lo > 1 { lo + (hi - lo) / 2 } else { hi });
            }
            let p = try_plan(&counts)?;
            for (&s, r) in range.iter_mut() {
                if r.1 - r.0 > 1 {
                    let mid = counts[&s];
                    if state_ok(&p, s) {
                        r.1 = mid;
                    } else {
                        r.0 = mid;
                    }
                }
            }
        }
        let mut counts = needed.clone();
        range.iter().for_each(|(&s, &(_, hi))| {
            counts.insert(s, hi);
        });
        let p = try_plan(&counts)?;
        if no_worse(&p) {
            needed = counts;
            plan = p;
        }
    }
    // The check: every state's count − 1, the others at theirs, planned in parallel; a state
    // whose count − 1 is no worse is lowered (all such states at once when that joint plan is
    // no worse too, else the first) and the check starts again.
    let mut proven: BTreeSet<u8> = BTreeSet::new();
    let mut parallel_tried = 0usize;
    while in_time() {
        let candidates: Vec<u8> = on_time.iter().copied().filter(|s| needed[s] > 1).collect();
        let tries: Vec<(u8, BTreeMap<u8, u32>)> = candidates
            .iter()
            .map(|&s| {
                let mut counts = needed.clone();
                counts.insert(s, needed[&s] - 1);
                (s, counts)
            })
            .collect();
        parallel_tried += tries.len();
        let plans: Vec<Result<WavesPlan, Error>> = tries
            .par_iter()
            .map(|(_, counts)| super::schedule_until(&WavesRequest { brigades: Brigades::Supply(counts.clone()), ..req.clone() }, deadline))
            .collect();
        let mut lower: Vec<(u8, BTreeMap<u8, u32>, WavesPlan)> = Vec::new();
        proven = on_time.iter().copied().filter(|s| needed[s] <= 1).collect();
        for ((s, counts), p) in tries.into_iter().zip(plans) {
            let p = p?;
            if no_worse(&p) {
                lower.push((s, counts, p));
            } else {
                proven.insert(s);
            }
        }
        if lower.is_empty() {
            break;
        }
        let mut joint = needed.clone();
        lower.iter().for_each(|(s, _, _)| {
            joint.insert(*s, needed[s] - 1);
        });
        let p = if lower.len() > 1 { Some(try_plan(&joint)?) } else { None };
        match p {
            Some(p) if no_worse(&p) => {
                needed = joint;
                plan = p;
            }
            _ => {
                let (_, counts, p) = lower.swap_remove(0);
                needed = counts;
                plan = p;
            }
        }
        proven.clear();
    }
    let days = brigade_days(base);
    let composition = &params.composition;
    let mut states = Vec::new();
    for st in &base.states {
        let s = st.state;
        let own_s = own.get(&s).copied().unwrap_or(0);
        let searched = plan.states.iter().find(|p| p.state == s);
        let brigade_days = days.get(&s).copied().unwrap_or(0);
        states.push(StateSupply {
            state: s,
            teams: req.context.teams.get(&s).copied(),
            own: own_s,
            own_people: people_for(composition, own_s),
            zones: zones[&s],
            fielded: st.brigades,
            borrowed_in_plan: st.brigades.saturating_sub(own_s),
            brigade_days,
            people_days: composition.iter().map(|(r, &n)| (r.clone(), (brigade_days * n as usize) as f64)).collect(),
            diagnostics: st.diagnostics,
            needed: needed[&s],
            needed_people: people_for(composition, needed[&s]),
            borrow: needed[&s].saturating_sub(own_s),
            spare: own_s.saturating_sub(needed[&s]),
            diagnostics_needed: searched.map_or(st.diagnostics, |p| p.diagnostics),
            on_time_needed: searched.is_none_or(|p| p.diagnostics <= params.deadline),
            fewest_proven: proven.contains(&s),
        });
    }
    // Lenders: every state of the supply with its own brigades, free on the days its own field
    // work in the searched plan leaves them free (states without work left lend them all).
    let wants: Vec<(u8, u32)> = states.iter().map(|st| (st.state, st.borrow.max(st.borrowed_in_plan))).filter(|w| w.1 > 0).collect();
    let loans = lend(req, &wants, own, &plan, &plan, composition);
    Ok(SupplyReport {
        team_share: params.team_share,
        composition: composition.clone(),
        states,
        loans,
        on_time_with_own,
        on_time_with_needed,
        plans_tried: tried + parallel_tried,
    })
}

/// Brigades of `state` at work on each day of `plan`: a brigade is busy from its first visit to
/// its last day in the state (visits and Pacto meetings).
pub fn busy_by_day(plan: &WavesPlan, state: u8) -> BTreeMap<NaiveDate, u32> {
    let mut spans: BTreeMap<&str, (NaiveDate, NaiveDate)> = BTreeMap::new();
    for st in plan.states.iter().filter(|s| s.state == state) {
        for z in &st.zones {
            for &d in z.dates.iter().chain(z.pacto.iter().flat_map(|p| p.dates.iter())) {
                let e = spans.entry(z.brigade.as_str()).or_insert((d, d));
                e.0 = e.0.min(d);
                e.1 = e.1.max(d);
            }
        }
    }
    let mut busy = BTreeMap::new();
    for (a, b) in spans.into_values() {
        for d in a.iter_days().take_while(|d| *d <= b) {
            *busy.entry(d).or_insert(0) += 1;
        }
    }
    busy
}

/// The days a state borrows for: its field work in `plan` (first visit to the end of the field).
fn window(plan: &WavesPlan, state: u8) -> Option<(NaiveDate, NaiveDate)> {
    plan.states.iter().find(|s| s.state == state).map(|s| (s.field_start, s.field_end.max(s.field_start)))
}

/// Who lends `wants` (borrowing state, brigades) for the borrower's field days in `borrowers`:
/// the states of `own` (brigades each has), nearest first (travel between the states' centroids
/// in `req.zones`; ties by code), each lending at most the brigades free on every one of those
/// days — its own minus those at work in `lenders` that day ([`busy_by_day`]) minus those already
/// lent for that day — then the shared pool (`from = None`).
pub(super) fn lend(
    req: &WavesRequest<'_>,
    wants: &[(u8, u32)],
    own: &BTreeMap<u8, u32>,
    borrowers: &WavesPlan,
    lenders: &WavesPlan,
    composition: &BTreeMap<String, u32>,
) -> Vec<Loan> {
    let centroid = centroids(req);
    let mut busy: BTreeMap<u8, BTreeMap<NaiveDate, u32>> = BTreeMap::new();
    let mut lent: BTreeMap<u8, BTreeMap<NaiveDate, u32>> = BTreeMap::new();
    let mut loans = Vec::new();
    for &(to, mut want) in wants {
        if want == 0 {
            continue;
        }
        let days: Vec<NaiveDate> = window(borrowers, to).map(|(a, b)| a.iter_days().take_while(|d| *d <= b).collect()).unwrap_or_default();
        let mut candidates: Vec<(f64, u8)> = own
            .iter()
            .filter(|&(&t, &n)| t != to && n > 0)
            .map(|(&t, _)| {
                let cost = if centroid.contains_key(&t) { transfer_minutes(req.travel, &centroid, Some(t), to) } else { f64::INFINITY };
                (cost, t)
            })
            .collect();
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, t) in candidates {
            let at_work = busy.entry(t).or_insert_with(|| busy_by_day(lenders, t));
            let out = lent.entry(t).or_default();
            let used = |d: &NaiveDate| at_work.get(d).copied().unwrap_or(0) + out.get(d).copied().unwrap_or(0);
            let peak = if days.is_empty() {
                at_work.values().copied().max().unwrap_or(0) + out.values().copied().max().unwrap_or(0)
            } else {
                days.iter().map(used).max().unwrap_or(0)
            };
            let free = own[&t].saturating_sub(peak);
            let n = want.min(free);
            if n == 0 {
                continue;
            }
            for d in &days {
                *out.entry(*d).or_insert(0) += n;
            }
            want -= n;
            loans.push(Loan {
                to,
                from: Some(t),
                brigades: n,
                people: people_for(composition, n),
                from_date: days.first().copied(),
                until_date: days.last().copied(),
                lender_free: Some(free),
            });
            if want == 0 {
                break;
            }
        }
        if want > 0 {
            loans.push(Loan {
                to,
                from: None,
                brigades: want,
                people: people_for(composition, want),
                from_date: days.first().copied(),
                until_date: days.last().copied(),
                lender_free: None,
            });
        }
    }
    loans
}

/// Centroid of each state's units in the zones.
fn centroids(req: &WavesRequest<'_>) -> BTreeMap<u8, LatLon> {
    let mut sums: BTreeMap<u8, (f64, f64, usize)> = BTreeMap::new();
    for z in &req.zones.zones {
        for &k in &z.units {
            let e = sums.entry(z.state).or_insert((0.0, 0.0, 0));
            e.0 += req.units[k].location.lat;
            e.1 += req.units[k].location.lon;
            e.2 += 1;
        }
    }
    sums.into_iter().map(|(s, (lat, lon, n))| (s, LatLon { lat: lat / n as f64, lon: lon / n as f64 })).collect()
}
