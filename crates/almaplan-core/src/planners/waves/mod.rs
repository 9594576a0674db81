//! Comando Alma-Ata wave calendar: when each state is installed, prepares, works its zones and
//! sends its diagnostics; which brigade takes which zone; and each brigade's day-by-day itinerary.
//! See `models/waves.md`.
//!
//! Each level with the tool that fits it:
//! 1. **Itineraries** (`itinerary`): a routing heuristic per zone. Units in nearest-neighbour
//!    order from the host; each working day starts and ends at the host and packs visits while
//!    travel plus visit minutes fit `daily_minutes`; a visit longer than a day continues the next
//!    day. The zone's field days are the itinerary's length.
//! 2. **Zones to brigades** (`sequencing::min_makespan`): per state, `P||Cmax` MIP — every zone
//!    to one brigade, minimising the longest brigade workload in days.
//! 3. **State sequencing**: per stage, `P||Cmax` MIP over `max_states_at_once` slots (a state
//!    occupies a slot from installation to its last field day), or with a shared brigade pool the
//!    slot model that also splits the pool over the slots (`sequencing::pool_makespan`).
//! 4. **Priority** (`priority`, `sequencing::priority_slots`): a lexicographic second MIP puts
//!    higher-priority states first without lengthening the stage; a slot runs its states by
//!    priority.
//! 5. **Named pool brigades** (`sequencing::brigades_to_slots`): least transfer cost from home.
//!
//! Durations are in working days of the scenario's calendar (Mon–Fri without mandatory rest days,
//! non-working days or blackouts), so no work ever falls on those days. A week is five working
//! days.
//!
//! The **Comando Alma-Ata** is IMSS-BIENESTAR's campaign of brigades that visit every first-level
//! unit, zone by zone from each zone's host unit (sede), and send a diagnostic of each state.
//! The zones come from [`crate::planners::zones`]; this planner decides when and by whom they
//! are worked. A **gap** here is a unit visited after the deadline; the plan answers it
//! with the brigades that would make the deadline ([`WavesPlan::brigades_needed`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
pub mod params;
pub mod priority;
pub mod recovery;
pub mod sequencing;
pub mod supply;
pub mod tracking;

use crate::domain::{LatLon, Unit, WorkCalendar};
use crate::error::Error;
use crate::lp::{relative_gap, SolveOptions, SolveReport};
use crate::planners::zones::ZonesPlan;
use crate::planners::{Evidence, Plan};
use crate::progress::{Progress, ProgressEvent};
use crate::territory::{Place, TravelTimes};

pub use params::{PriorityRule, StateRef, VisitEffort, WavesParams};
pub use sequencing::{makespan_lower_bound, min_makespan, PoolJob};

/// Minutes of one brigade's work at a unit (forms, community action, Pacto por la Salud), by kind
/// ([`VisitEffort`]): a health centre takes `health_centre + per_extra_nucleo × (núcleos − 1)`.
/// The zones planner also balances zones by it when `balance_by_visit_effort` is on.
pub fn visit_minutes(params: &WavesParams, u: &Unit) -> f64 {
    params.effort.minutes(u.kind)
}

/// One stop of a brigade's day: a visit to a unit, or part of one (a visit longer than a day
/// goes on over several days, each with a stop for the unit).
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Index into the request's `units` ([`Network::units`](crate::domain::Network::units)).
    pub unit: usize,
    /// True when the visit started on an earlier day: only a unit's first stop has it false.
    pub continued: bool,
    /// Minutes after the start of the day (`WavesParams::day_start_hour`, at the host) when the
    /// brigade arrives at the unit.
    pub arrival: f64,
    /// Minutes of work at the unit that day (the whole visit, or the part of a long visit worked
    /// that day).
    pub minutes: f64,
}

/// A zone's itinerary: one entry per field day, each the ordered stops from the host.
#[derive(Debug, Clone, PartialEq)]
pub struct Itinerary {
    /// Field days in order; each day's stops in visiting order (the brigade leaves from and
    /// returns to the host every day).
    pub days: Vec<Vec<Stop>>,
}

/// Day-by-day itinerary of one zone from its host `sede` (see the module documentation and
/// `models/waves.md`, «Daily itineraries»). `sede` and `zone` are indices into `units`. A day
/// holds the next unit while travel there, its remaining visit and the trip back to the host fit
/// `daily_minutes`; a visit that does not fit an empty day works what fits (at least a quarter
/// day) and continues the next.
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
                day.push(Stop { unit: u, continued, arrival: used + go, minutes: remaining });
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
            // The calendar shows the work ending by the end of the day (a far unit's brigade lodges
            // near it, so its day does not start with the whole trip).
            let minutes = worked.min(remaining);
            day.push(Stop { unit: u, continued, arrival: go.min((budget - minutes).max(0.0)), minutes });
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

/// A zone's work in the plan: who works it, how, and on which dates.
#[derive(Debug, Clone)]
pub struct ZoneWork {
    /// The zone's name ([`Zone::zone`](crate::planners::zones::Zone::zone)).
    pub zone: String,
    /// The zone's host unit, as an index into the request's `units`.
    pub sede: usize,
    /// The brigade that works the zone: `B<state>-<k>` per state, or a pool brigade's name
    /// ([`Brigades::pool_names`]).
    pub brigade: String,
    /// The brigade's day-by-day visits in the zone.
    pub itinerary: Itinerary,
    /// The working day of each itinerary day (`dates[i]` is `itinerary.days[i]`).
    pub dates: Vec<NaiveDate>,
    /// The zone's Pacto por la Salud meeting at the sede, after its last visit (`None` when
    /// `pacto_days` is 0).
    pub pacto: Option<PactoMeeting>,
}

/// A zone's Pacto por la Salud meeting: at the sede, after the zone's cédula visits and before the
/// state's diagnostics, with the unit heads, the ZSM committee and the COSABI (`models/waves.md`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PactoMeeting {
    /// Working days of the meeting (`pacto_days` of them, right after the zone's last field day).
    pub dates: Vec<NaiveDate>,
    /// Heads of the zone's units (one per unit of the zone, visited before or in this plan).
    pub unit_heads: u32,
    /// Representatives of the ZSM committee (`pacto_zsm_committee`).
    pub zsm_committee: u32,
    /// COSABI representatives (`pacto_cosabi_per_unit` × units of the zone).
    pub cosabi: u32,
}

/// One state's calendar: installation, preparation, field work and diagnostics, with its zones.
#[derive(Debug, Clone)]
pub struct StatePlan {
    /// INEGI state code.
    pub state: u8,
    /// Comando Alma-Ata stage (0 = pilot); stages run one after another.
    pub stage: u32,
    /// Units left to visit in the state.
    pub units: usize,
    /// Brigades that work in the state.
    pub brigades: u32,
    /// Installation: the first working day of preparation (the field start when the state already
    /// has visits).
    pub installation: NaiveDate,
    /// First field day, after `preparation_weeks`.
    pub field_start: NaiveDate,
    /// Last field day of the state's busiest brigade.
    pub field_end: NaiveDate,
    /// Day the state's diagnostics are sent: `diagnostics_weeks` after the last field day. Late
    /// when after the deadline.
    pub diagnostics: NaiveDate,
    /// Field days: working days of the state's busiest brigade.
    pub field_days: usize,
    /// Lower bound of `field_days` ([`makespan_lower_bound`] of the zones' days on the brigades).
    pub field_bound: usize,
    /// The state's zones with their brigade, itinerary and dates.
    pub zones: Vec<ZoneWork>,
    /// Evidence of the zones-to-brigades model (`brigadas <STATE>`, minimising field days).
    pub brigade_report: SolveReport,
    /// Priority within the stage (higher starts earlier; see [`priority`]).
    pub priority: f64,
}

/// One stage's sequencing with its evidence: states of a stage share `max_states_at_once` slots
/// (central teams), each slot running its states one after another.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageSummary {
    /// Stage number (0 = pilot).
    pub stage: u32,
    /// The stage's states, highest priority first.
    pub states: Vec<u8>,
    /// First working day of the stage.
    pub start: NaiveDate,
    /// Working days from the stage's start to its last field day; the next stage starts after.
    pub makespan_days: usize,
    /// Proven lower bound of `makespan_days` (for a pool: valid for any use of the pool).
    pub lower_bound_days: usize,
    /// Relative gap between makespan and lower bound, as a percent (not a fraction).
    pub gap_pct: f64,
    /// Evidence of the stage sequencing model (states to slots; with a pool, also the pool split).
    pub report: SolveReport,
    /// Second, lexicographic model: priority-weighted installation days at that makespan (so
    /// priority never lengthens the stage).
    pub priority_report: SolveReport,
    /// Brigades of each concurrency slot (pool only; empty with brigades per state).
    pub slot_brigades: Vec<usize>,
}

/// The waves planner's answer: per state its calendar (installation, field work, diagnostics),
/// per zone its brigade and itinerary, per stage the sequencing evidence, and the brigade count
/// the deadline needs. [`Plan::evidence`] sums the stage sequencing models (minimisations of
/// working days); [`Plan::open_gaps`] counts units visited after the deadline.
#[derive(Debug, Clone)]
pub struct WavesPlan {
    /// Every state with units to visit, by stage, then installation date, then state code.
    pub states: Vec<StatePlan>,
    /// Every stage, in increasing stage number.
    pub stages: Vec<StageSummary>,
    /// Brigades per state the plan used (0 with a pool).
    pub brigades_per_state: u32,
    /// The pool's brigades and transfers (`None` with brigades per state).
    pub pool: Option<PoolSummary>,
    /// The deadline the plan was measured against (`WavesParams::deadline`).
    pub deadline: NaiveDate,
    /// What closes the gap: the fewest brigades per state (or pool size) whose plan sends every
    /// diagnostic by the deadline, searched from this plan's count (fewer when it is on time,
    /// more when it is late); `None` when not even the largest count tried is enough.
    pub brigades_needed: Option<u32>,
    /// With brigades from the real supply ([`Brigades::Supply`]): per state its teams, people,
    /// what the deadline needs and what it borrows ([`supply::for_deadline`]).
    pub supply: Option<supply::SupplyReport>,
    /// Visits already made ([`Advance`]), kept with their real dates, in state, zone and date order.
    pub done: Vec<DoneVisit>,
    /// Tabla 7 and 8 of the field progress beside the plan, when the scenario gives one.
    pub tracking: Option<tracking::TrackingReport>,
    /// Tabla 10 per state beside the catalogue's units and the plan's zones.
    pub tabla10: Vec<tracking::Tabla10Row>,
    /// The re-plan of the states the tracking finds behind, with the brigades that recover the
    /// deadline ([`recovery::recover`]).
    pub recovery: Option<recovery::Recovery>,
}

impl Plan for WavesPlan {
    const PLANNER: &'static str = "waves";

    /// The stage sequencing models (states to slots) of every stage.
    fn evidence(&self) -> Evidence {
        Evidence::from_reports(self.stages.iter().map(|s| &s.report))
    }

    /// Units visited after the deadline ([`units_after_deadline`](Self::units_after_deadline)).
    fn open_gaps(&self) -> usize {
        self.units_after_deadline()
    }
}

impl WavesPlan {
    /// The brigades in words for reports: "1 por entidad" or "bolsa de 12 (2 con sede de origen)".
    pub fn brigades_label(&self) -> String {
        if let Some(s) = &self.supply {
            let own: u32 = s.states.iter().map(|st| st.fielded).sum();
            return match s.team_share {
                Some(share) => format!("{own} de los equipos de supervisión zonal ({:.0} % de cada entidad)", share * 100.0),
                None => format!("{own} de las personas por rol del escenario"),
            };
        }
        match &self.pool {
            Some(p) => format!("bolsa de {} ({} con sede de origen)", p.size, p.brigades.iter().filter(|b| b.home.is_some()).count()),
            None => format!("{} por entidad", self.brigades_per_state),
        }
    }

    /// Units the plan visits, all states together.
    pub fn units_scheduled(&self) -> usize {
        self.states.iter().map(|s| s.units).sum()
    }

    /// Units whose visit starts after the deadline, counted on the day of their first stop
    /// (`continued == false`): the plan's open gaps. A visit that begins by the deadline and
    /// continues past it is not counted.
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

    /// States (INEGI codes) whose diagnostics go out after the deadline, in plan order.
    pub fn late_states(&self) -> Vec<u8> {
        self.states.iter().filter(|s| s.diagnostics > self.deadline).map(|s| s.state).collect()
    }
}

/// Visits already made (`--avance`), for re-planning what is left: visited units leave the
/// itineraries, and a state with any visit skips installation and preparation.
#[derive(Debug, Clone, Default)]
pub struct Advance {
    /// CLUES already visited.
    pub visited: BTreeSet<String>,
    /// Plan from this date on (later of it and `WavesParams::start`).
    pub from: Option<NaiveDate>,
    /// The date of each visit already made (CLUES → date), kept in the plan ([`WavesPlan::done`]).
    pub dates: BTreeMap<String, NaiveDate>,
}

/// A visit already made, kept in the plan with its real date (a stage or state in progress).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DoneVisit {
    /// INEGI state code.
    pub state: u8,
    /// The unit's zone.
    pub zone: String,
    /// Index into the request's `units`.
    pub unit: usize,
    /// The date it was visited (`None` when the progress gave no date).
    pub date: Option<NaiveDate>,
}

/// The brigades a plan may use: a fixed number per state, or a pool shared by the states of a
/// stage (`models/waves.md`).
#[derive(Debug, Clone, PartialEq)]
pub enum Brigades {
    /// This many brigades in every state, each working only its state.
    PerState(u32),
    /// Brigades of each state from its own supply (teams or people, [`supply`]): state → brigades
    /// it fields (missing: 1). Each works only its state.
    Supply(BTreeMap<u8, u32>),
    /// A shared pool moving between the states of a stage.
    Pool {
        /// Brigades in the pool.
        size: u32,
        /// Brigades per home state (INEGI code); the rest have no home.
        homes: BTreeMap<u8, u32>,
    },
}

/// One brigade of a pool and where it works.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PoolBrigade {
    /// Fixed name: `B<home>-<k>` with a home state, `BP-<kk>` without.
    pub name: String,
    /// Home state (INEGI code), if any.
    pub home: Option<u8>,
    /// States it works in, in the order of the plan.
    pub states: Vec<u8>,
}

/// A pool's use and its transfer cost (`resumen_oleadas.json → brigade_pool`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PoolSummary {
    /// Brigades in the pool.
    pub size: u32,
    /// Every brigade of the pool, in [`Brigades::pool_names`] order.
    pub brigades: Vec<PoolBrigade>,
    /// (brigade, state) pairs where a brigade with a home works away from it.
    pub transfers: usize,
    /// Σ over those pairs of the travel minutes between the centroids of home and state.
    pub transfer_minutes: f64,
    /// Evidence of the brigades-to-slots model of every stage (minimising transfer minutes).
    pub reports: Vec<SolveReport>,
}

impl Brigades {
    /// `brigade_pool` and `brigade_homes` of the scenario, else `brigades_per_state`.
    pub fn from_params(params: &WavesParams) -> Brigades {
        match params.brigade_pool {
            None => Brigades::PerState(params.brigades_per_state.max(1)),
            Some(size) => {
                let homes = params
                    .brigade_homes
                    .iter()
                    .filter_map(|(k, &n)| StateRef::Name(k.clone()).code().map(|c| (c, n)))
                    .filter(|&(_, n)| n > 0)
                    .collect();
                Brigades::Pool { size: size.max(1), homes }
            }
        }
    }

    /// Brigades per state, or the pool size (with a supply: all states' brigades together).
    pub fn count(&self) -> u32 {
        match self {
            Brigades::PerState(n) => *n,
            Brigades::Supply(m) => m.values().sum(),
            Brigades::Pool { size, .. } => *size,
        }
    }

    /// The same kind with `n` brigades (per state, or in the pool: added brigades have no home).
    pub fn with_count(&self, n: u32) -> Brigades {
        match self {
            Brigades::PerState(_) => Brigades::PerState(n),
            // A supply is searched state by state ([`supply::for_deadline`]), never by one count.
            Brigades::Supply(m) => Brigades::Supply(m.clone()),
            Brigades::Pool { homes, .. } => Brigades::Pool { size: n, homes: homes.clone() },
        }
    }

    /// Brigades working in `state` (per state or from the supply; 0 for a pool).
    pub fn for_state(&self, state: u8) -> u32 {
        match self {
            Brigades::PerState(n) => *n,
            Brigades::Supply(m) => m.get(&state).copied().unwrap_or(1).max(1),
            Brigades::Pool { .. } => 0,
        }
    }

    /// Pool brigades with their home, in a fixed order: `B<home>-<k>` by home state, then
    /// `BP-<kk>` without home. Names depend only on the scenario, never on the solution.
    pub fn pool_names(&self) -> Vec<(String, Option<u8>)> {
        let Brigades::Pool { size, homes } = self else { return Vec::new() };
        let mut out = Vec::new();
        for (&state, &n) in homes {
            (1..=n).for_each(|k| out.push((format!("B{state:02}-{k}"), Some(state))));
        }
        let rest = (*size as usize).saturating_sub(out.len());
        (1..=rest).for_each(|k| out.push((format!("BP-{k:02}"), None)));
        out.truncate(*size as usize);
        out
    }
}

/// What the planner knows about the states besides their zones, from the published figures
/// (the app crate builds it: `pipeline::stage_by_state`, [`priority::weekend_gaps`]).
#[derive(Debug, Clone, Default)]
pub struct WavesContext {
    /// Comando Alma-Ata stage of each state by INEGI code (`piloto` = 0; missing: 1).
    pub stage_of: BTreeMap<u8, u32>,
    /// Weekend gap of each state (`priority::weekend_gaps`; missing: 1).
    pub weekend_gap: BTreeMap<u8, f64>,
    /// Published zonal supervision teams of each state (`equipos_supervision_zonal`), reported
    /// beside the brigades of a supply ([`supply::StateSupply::teams`]).
    pub teams: BTreeMap<u8, u32>,
    /// The field progress to track against the plan (Tabla 7 and 8, [`tracking::evaluate`]).
    pub tracking: Option<tracking::FieldProgress>,
    /// Tabla 10 of the guide: published units and ZSM per stage-1 state ([`tracking::tabla10`]).
    pub tabla10: BTreeMap<u8, (u32, Option<u32>)>,
}

/// A state's work before it is placed in time.
struct Draft {
    state: u8,
    preparation: usize,
    units: usize,
    works: Vec<(String, usize, Itinerary, u32)>, // zone, sede, itinerary, units of the zone
    /// Days of each zone's job: its itinerary plus the Pacto meeting.
    days: Vec<usize>,
}

/// A state's zones on `n` brigades: machine of each zone, field days and evidence.
struct Crew {
    machine: Vec<usize>,
    field_days: usize,
    report: SolveReport,
}

fn crew(d: &Draft, n: usize, options: &SolveOptions) -> Result<Crew, Error> {
    let name = format!("brigadas {}", crate::domain::state::name(d.state).unwrap_or("?"));
    let (machine, report) = min_makespan(&name, &d.days, n, options)?;
    let mut load = vec![0usize; n.max(1)];
    machine.iter().zip(&d.days).for_each(|(&b, &days)| load[b] += days);
    Ok(Crew { machine, field_days: load.into_iter().max().unwrap_or(0), report })
}

/// Everything the waves planner needs. Borrowed (except the brigades), so one network and one
/// zoning serve the deadline search's many requests ([`with_brigades`](Self::with_brigades)).
#[derive(Debug, Clone)]
pub struct WavesRequest<'a> {
    /// The network's units (zones index into them).
    pub units: &'a [Unit],
    /// The zones to visit, with their sedes (from the zones planner or the user's file).
    pub zones: &'a ZonesPlan,
    /// Travel times for itineraries and pool transfers.
    pub travel: &'a TravelTimes,
    /// Working days (LFT rest days, the scenario's non-working days and blackouts).
    pub calendar: &'a WorkCalendar,
    /// The waves policy (`[waves]`).
    pub params: &'a WavesParams,
    /// Stages and weekend gaps of the states.
    pub context: &'a WavesContext,
    /// The brigades the plan starts from (the search for the deadline moves from here).
    pub brigades: Brigades,
    /// Visits already made, left out of the plan.
    pub advance: &'a Advance,
    /// Solver settings of the sequencing models.
    pub solver: &'a SolveOptions,
}

impl WavesRequest<'_> {
    /// The same request with `n` brigades per state (or in the pool).
    pub fn with_brigades(&self, n: u32) -> Self {
        WavesRequest { brigades: self.brigades.with_count(n), ..self.clone() }
    }
}

/// Plans the calendar with the request's brigades, then searches the brigade count that meets the
/// deadline ([`WavesPlan::brigades_needed`]): the fewest that still make it when the plan is on
/// time ([`fewest_brigades_on_time`]), the fewest more when it is late
/// ([`brigades_for_deadline`]). Progress: one step for the plan, one per count tried (total
/// unknown: 0).
///
/// # Errors
///
/// [`Error::Scenario`] when a pool brigade's home state has no zones in the plan;
/// [`Error::Solver`] when a sequencing model fails.
pub fn plan(req: &WavesRequest<'_>, progress: &dyn Progress) -> Result<WavesPlan, Error> {
    let mut plan = plan_and_search(req, progress)?;
    plan.tabla10 = tracking::tabla10(&plan, &req.context.tabla10);
    plan.tracking = req.context.tracking.as_ref().map(|f| tracking::evaluate(&plan, req.zones, req.units, f));
    if let (Some(t), Some(f)) = (&plan.tracking, &req.context.tracking) {
        let deadline = crate::budget::Budget::deadline(req.solver.time_limit_s.min(1e9) * crate::budget::USABLE_SHARE);
        plan.recovery = recovery::recover(req, &plan, t, f, progress, deadline)?;
    }
    Ok(plan)
}

fn plan_and_search(req: &WavesRequest<'_>, progress: &dyn Progress) -> Result<WavesPlan, Error> {
    // The time limit is the planner's (issue 16): the plan and every plan its brigade search
    // tries share one deadline; a search stopped by it keeps the best count it has proven.
    let deadline = crate::budget::Budget::deadline(req.solver.time_limit_s.min(1e9) * crate::budget::USABLE_SHARE);
    let mut plan = schedule_until(req, deadline)?;
    progress.report(&ProgressEvent { planner: WavesPlan::PLANNER, state: None, step: "calendario planeado", done: 1, total: 0 });
    if let Brigades::Supply(own) = &req.brigades {
        let report = supply::for_deadline(req, own, &plan, progress, deadline)?;
        plan.brigades_needed = report.on_time_with_needed.then(|| report.needed_total());
        plan.supply = Some(report);
        return Ok(plan);
    }
    plan.brigades_needed = if plan.late_states().is_empty() {
        Some(fewest_on_time_until(req, progress, deadline)?)
    } else {
        for_deadline_until(req, progress, deadline)?
    };
    Ok(plan)
}

/// [`schedule`] with its models' time limits cut to what is left before `deadline`.
pub(crate) fn schedule_until(req: &WavesRequest<'_>, deadline: std::time::Instant) -> Result<WavesPlan, Error> {
    let left = crate::budget::Budget::until(deadline).min(req.solver.time_limit_s);
    let options = SolveOptions { time_limit_s: left, ..req.solver.clone() };
    schedule(&WavesRequest { solver: &options, ..req.clone() })
}

/// No deadline: a search that runs to its end.
fn far() -> std::time::Instant {
    std::time::Instant::now() + std::time::Duration::from_secs(1 << 30)
}

fn search_step(progress: &dyn Progress, brigades: u32) {
    let step = format!("búsqueda de brigadas para la fecha límite: {brigades}");
    progress.report(&ProgressEvent { planner: WavesPlan::PLANNER, state: None, step: &step, done: 0, total: 0 });
}

/// Plans every state of `zones`; stages run one after the other, the states of a stage over
/// `max_states_at_once` slots (see the module documentation and `models/waves.md`). Units in
/// `progress.visited` are left out; a state with visits is already installed and prepared, so it
/// goes straight to field work.
fn schedule(req: &WavesRequest<'_>) -> Result<WavesPlan, Error> {
    let WavesRequest { units, zones, travel, calendar, params, context, advance: progress, solver: solve, .. } = *req;
    let brigades = &req.brigades;
    let options = SolveOptions { threads: 1, time_limit_s: solve.time_limit_s.min(20.0), rel_gap: 0.0, ..solve.clone() };
    let full_preparation = 5 * params.preparation_weeks as usize;
    let diagnostics = 5 * params.diagnostics_weeks as usize;
    let mut by_state: BTreeMap<u8, Vec<&crate::planners::zones::Zone>> = BTreeMap::new();
    zones.zones.iter().for_each(|z| by_state.entry(z.state).or_default().push(z));
    let centroid: BTreeMap<u8, LatLon> = by_state
        .iter()
        .map(|(&s, zs)| {
            let ks: Vec<usize> = zs.iter().flat_map(|z| z.units.iter().copied()).collect();
            let n = ks.len().max(1) as f64;
            (
                s,
                LatLon {
                    lat: ks.iter().map(|&k| units[k].location.lat).sum::<f64>() / n,
                    lon: ks.iter().map(|&k| units[k].location.lon).sum::<f64>() / n,
                },
            )
        })
        .collect();
    let pool_names = brigades.pool_names();
    if let Some((name, Some(home))) = pool_names.iter().find(|(_, h)| h.is_some_and(|h| !centroid.contains_key(&h))) {
        return Err(Error::Scenario {
            path: "waves.brigade_homes".into(),
            message: format!(
                "brigada {name}: su entidad sede {home:02} no tiene zonas en este plan — se espera una de las entidades del escenario"
            ),
        });
    }
    let installed: BTreeSet<u8> = params.started.keys().filter_map(|k| StateRef::Name(k.clone()).code()).collect();
    let mut done: Vec<DoneVisit> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for (&state, state_zones) in &by_state {
        let mut works = Vec::new();
        let mut remaining_units = 0;
        let mut started = installed.contains(&state);
        for z in state_zones {
            for &k in z.units.iter().filter(|&&k| progress.visited.contains(&units[k].clues)) {
                done.push(DoneVisit { state, zone: z.zone.clone(), unit: k, date: progress.dates.get(&units[k].clues).copied() });
            }
            let sede = z.units.iter().copied().find(|&k| units[k].clues == z.sede).expect("host is a member");
            let left: Vec<usize> = z.units.iter().copied().filter(|&k| !progress.visited.contains(&units[k].clues)).collect();
            started |= left.len() < z.units.len();
            if left.is_empty() {
                continue;
            }
            remaining_units += left.len();
            works.push((z.zone.clone(), sede, itinerary(units, travel, params, sede, &left), z.units.len() as u32));
        }
        if works.is_empty() {
            continue;
        }
        let pacto_days = params.pacto_days as usize;
        let days = works.iter().map(|w| w.2.days.len() + pacto_days).collect();
        drafts.push(Draft { state, preparation: if started { 0 } else { full_preparation }, units: remaining_units, works, days });
    }
    let mut stage_states: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (k, d) in drafts.iter().enumerate() {
        stage_states.entry(context.stage_of.get(&d.state).copied().unwrap_or(1)).or_default().push(k);
    }
    let mut states = Vec::new();
    let mut stages = Vec::new();
    let mut pool_reports = Vec::new();
    let mut pool_states: Vec<Vec<u8>> = vec![Vec::new(); pool_names.len()];
    let first_day = progress.from.map_or(params.start, |f| f.max(params.start));
    let mut stage_start = calendar.add_working_days(first_day, 0);
    let slots_wanted = params.max_states_at_once.max(1) as usize;
    for (&stage, members) in &stage_states {
        let unit_counts: BTreeMap<u8, usize> = members.iter().map(|&k| (drafts[k].state, drafts[k].units)).collect();
        let prio = priority::priorities(&params.priority, &unit_counts, &context.weekend_gap);
        // Priority order of the stage's states (positions in `members`).
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&drafts[members[a]], &drafts[members[b]]);
            prio[&db.state].total_cmp(&prio[&da.state]).then(db.units.cmp(&da.units)).then(da.state.cmp(&db.state))
        });
        let top = order.iter().map(|&p| prio[&drafts[members[p]].state]).fold(0.0f64, f64::max);
        let weight: Vec<f64> = (0..members.len()).map(|p| if top > 0.0 { prio[&drafts[members[p]].state] / top } else { 0.0 }).collect();
        // crews[p][n − 1]: state p of the stage on n brigades.
        let (crews, slot_of, slot_brigades, report, lower, duration) = match brigades {
            Brigades::PerState(_) | Brigades::Supply(_) => {
                let b = brigades.for_state(0).max(1) as usize;
                let crews: Vec<Vec<Crew>> = members
                    .iter()
                    .map(|&k| Ok(vec![crew(&drafts[k], brigades.for_state(drafts[k].state).max(1) as usize, &options)?]))
                    .collect::<Result<_, Error>>()?;
                let durations: Vec<usize> = members.iter().zip(&crews).map(|(&k, c)| drafts[k].preparation + c[0].field_days).collect();
                let (slot_of, report) = min_makespan(&format!("secuencia etapa {stage}"), &durations, slots_wanted, &options)?;
                // The MIP's own bound is valid here (the slot model is exact for fixed durations).
                let lower = makespan_lower_bound(&durations, slots_wanted).max((report.bound - 1e-6).ceil().max(0.0) as usize);
                let slots = slot_of.iter().max().map_or(1, |m| m + 1);
                let duration: Vec<Vec<usize>> = durations.iter().map(|&d| vec![d; slots]).collect();
                (crews, slot_of, vec![b; slots], report, lower, duration)
            }
            Brigades::Pool { size, .. } => {
                let size = *size as usize;
                let mut crews = Vec::with_capacity(members.len());
                let mut jobs = Vec::with_capacity(members.len());
                for &k in members {
                    let d = &drafts[k];
                    let cap = size.min(d.days.len()).max(1);
                    let c: Vec<Crew> = (1..=cap).map(|n| crew(d, n, &options)).collect::<Result<_, Error>>()?;
                    jobs.push(PoolJob { preparation: d.preparation, field: c.iter().map(|c| c.field_days).collect() });
                    crews.push(c);
                }
                let (slot_of, slot_brigades, report) =
                    sequencing::pool_makespan(&format!("secuencia etapa {stage} (bolsa de {size})"), &jobs, slots_wanted, size, &options)?;
                // Bounds valid for any use of the pool (see models/waves.md).
                let chain =
                    members.iter().map(|&k| drafts[k].preparation + drafts[k].days.iter().copied().max().unwrap_or(0)).max().unwrap_or(0);
                let first_field = members.iter().map(|&k| drafts[k].preparation).min().unwrap_or(0);
                let work: usize = members.iter().map(|&k| drafts[k].days.iter().sum::<usize>()).sum();
                let occupied: usize = members
                    .iter()
                    .map(|&k| drafts[k].preparation + makespan_lower_bound(&drafts[k].days, size.min(drafts[k].days.len())))
                    .sum();
                let lower = chain.max(first_field + work.div_ceil(size)).max(occupied.div_ceil(slots_wanted));
                let duration: Vec<Vec<usize>> = jobs.iter().map(|j| slot_brigades.iter().map(|&n| j.duration(n)).collect()).collect();
                (crews, slot_of, slot_brigades, report, lower, duration)
            }
        };
        let slots = slot_brigades.len();
        let load = |slot_of: &[usize]| -> usize {
            (0..slots).map(|k| (0..members.len()).filter(|&p| slot_of[p] == k).map(|p| duration[p][k]).sum::<usize>()).max().unwrap_or(0)
        };
        let makespan = load(&slot_of);
        let identical = matches!(brigades, Brigades::PerState(_) | Brigades::Supply(_));
        let (slot_of, priority_report) = sequencing::priority_slots(
            &format!("prioridad etapa {stage}"),
            &duration,
            makespan,
            &order,
            &weight,
            &slot_of,
            identical,
            &options,
        )?;
        debug_assert!(load(&slot_of) <= makespan);
        // Named pool brigades to slots, least transfer cost from home.
        let mut slot_names: Vec<Vec<(usize, Option<u8>)>> = vec![Vec::new(); slots];
        if !pool_names.is_empty() {
            let cost: Vec<Vec<f64>> = pool_names
                .iter()
                .map(|(_, home)| {
                    (0..slots)
                        .map(|k| {
                            (0..members.len())
                                .filter(|&p| slot_of[p] == k)
                                .map(|p| transfer_minutes(travel, &centroid, *home, drafts[members[p]].state))
                                .sum()
                        })
                        .collect()
                })
                .collect();
            let (slot, r) = sequencing::brigades_to_slots(&format!("brigadas a ranuras etapa {stage}"), &cost, &slot_brigades, &options)?;
            for (b, k) in slot.iter().enumerate() {
                if let Some(k) = k {
                    slot_names[*k].push((b, pool_names[b].1));
                }
            }
            pool_reports.push(r);
        }
        let mut stage_end = 0;
        for (k, &n_slot) in slot_brigades.iter().enumerate() {
            let mut offset = 0usize;
            for &p in order.iter().filter(|&&p| slot_of[p] == k) {
                let d = &drafts[members[p]];
                let c = &crews[p][n_slot.clamp(1, crews[p].len()) - 1];
                let day = |n: usize| calendar.add_working_days(stage_start, n);
                let field0 = offset + d.preparation;
                // Machine i of the state's crew: in a pool, the slot's brigades from this state first.
                let mut named: Vec<&(usize, Option<u8>)> = slot_names[k].iter().collect();
                named.sort_by_key(|(b, home)| (*home != Some(d.state), *b));
                let mut zone_works = Vec::new();
                let mut brigade_offset: BTreeMap<usize, usize> = BTreeMap::new();
                for ((zone, sede, it, zone_units), &b) in d.works.iter().zip(&c.machine) {
                    let start = *brigade_offset.get(&b).unwrap_or(&0);
                    let dates: Vec<NaiveDate> = (0..it.days.len()).map(|n| day(field0 + start + n)).collect();
                    let pacto_days = params.pacto_days as usize;
                    let pacto = (pacto_days > 0).then(|| PactoMeeting {
                        dates: (0..pacto_days).map(|n| day(field0 + start + it.days.len() + n)).collect(),
                        unit_heads: *zone_units,
                        zsm_committee: params.pacto_zsm_committee,
                        cosabi: params.pacto_cosabi_per_unit * zone_units,
                    });
                    brigade_offset.insert(b, start + it.days.len() + pacto_days);
                    let brigade = match named.get(b) {
                        Some(&&(index, _)) => {
                            if pool_states[index].last() != Some(&d.state) {
                                pool_states[index].push(d.state);
                            }
                            pool_names[index].0.clone()
                        }
                        None => format!("B{:02}-{}", d.state, b + 1),
                    };
                    zone_works.push(ZoneWork { zone: zone.clone(), sede: *sede, brigade, itinerary: it.clone(), dates, pacto });
                }
                let last_field = field0 + c.field_days.max(1) - 1;
                states.push(StatePlan {
                    state: d.state,
                    stage,
                    units: d.units,
                    brigades: brigade_offset.len() as u32,
                    installation: day(offset),
                    field_start: day(field0),
                    field_end: day(last_field),
                    diagnostics: day(last_field + diagnostics),
                    field_days: c.field_days,
                    field_bound: makespan_lower_bound(&d.days, n_slot.min(d.days.len()).max(1)),
                    zones: zone_works,
                    brigade_report: c.report.clone(),
                    priority: prio[&d.state],
                });
                offset += d.preparation + c.field_days;
            }
            stage_end = stage_end.max(offset);
        }
        let lower = lower.min(stage_end);
        stages.push(StageSummary {
            stage,
            states: order.iter().map(|&p| drafts[members[p]].state).collect(),
            start: stage_start,
            makespan_days: stage_end,
            lower_bound_days: lower,
            gap_pct: relative_gap(stage_end as f64, lower as f64) * 100.0,
            report,
            priority_report,
            slot_brigades: if pool_names.is_empty() { Vec::new() } else { slot_brigades.clone() },
        });
        stage_start = calendar.add_working_days(stage_start, stage_end);
    }
    states.sort_by_key(|a| (a.stage, a.installation, a.state));
    done.sort_by(|a, b| (a.state, &a.zone, a.date, a.unit).cmp(&(b.state, &b.zone, b.date, b.unit)));
    let pool = match brigades {
        Brigades::PerState(_) | Brigades::Supply(_) => None,
        Brigades::Pool { size, .. } => {
            let list: Vec<PoolBrigade> = pool_names
                .iter()
                .zip(pool_states)
                .map(|((name, home), states)| PoolBrigade { name: name.clone(), home: *home, states })
                .collect();
            let away: Vec<(Option<u8>, u8)> =
                list.iter().flat_map(|b| b.states.iter().map(move |&s| (b.home, s))).filter(|(h, s)| h.is_some_and(|h| h != *s)).collect();
            Some(PoolSummary {
                size: *size,
                transfers: away.len(),
                // An empty float sum is -0.0; `+ 0.0` keeps outputs from printing "-0".
                transfer_minutes: away.iter().map(|&(h, s)| transfer_minutes(travel, &centroid, h, s)).sum::<f64>() + 0.0,
                brigades: list,
                reports: pool_reports,
            })
        }
    };
    let brigades_per_state = match brigades {
        Brigades::PerState(b) => *b,
        Brigades::Supply(_) | Brigades::Pool { .. } => 0,
    };
    Ok(WavesPlan {
        states,
        stages,
        brigades_per_state,
        pool,
        deadline: params.deadline,
        brigades_needed: None,
        supply: None,
        done,
        tracking: None,
        tabla10: Vec::new(),
        recovery: None,
    })
}

/// Transfer cost of a brigade from `home` working in `state`: travel minutes between the
/// centroids of the two states' visited units; 0 at home or without a home.
fn transfer_minutes(travel: &TravelTimes, centroid: &BTreeMap<u8, LatLon>, home: Option<u8>, state: u8) -> f64 {
    match home {
        Some(h) if h != state => {
            let place = |s: u8| Place { key: "", location: centroid[&s], stratum: None };
            travel.estimate(place(h), place(state))
        }
        _ => 0.0,
    }
}

/// The fewest brigades (per state, or in the pool) that still meet the deadline, when the
/// current count does: bisection between 1 and the current count, which assumes more brigades
/// never finish later.
///
/// # Errors
///
/// As [`plan`].
pub fn fewest_brigades_on_time(req: &WavesRequest<'_>, progress: &dyn Progress) -> Result<u32, Error> {
    fewest_on_time_until(req, progress, far())
}

fn fewest_on_time_until(req: &WavesRequest<'_>, progress: &dyn Progress, deadline: std::time::Instant) -> Result<u32, Error> {
    let brigades = &req.brigades;
    // A pool keeps at least its brigades with a home.
    let floor = match brigades {
        Brigades::Pool { homes, .. } => homes.values().sum::<u32>().max(1),
        Brigades::PerState(_) | Brigades::Supply(_) => 1,
    };
    let (mut late, mut on_time) = (floor - 1, brigades.count());
    while on_time - late > 1 && std::time::Instant::now() < deadline {
        let mid = late + (on_time - late) / 2;
        let p = schedule_until(&req.with_brigades(mid), deadline)?;
        search_step(progress, mid);
        if p.late_states().is_empty() {
            on_time = mid;
        } else {
            late = mid;
        }
    }
    Ok(on_time)
}

/// The smallest brigade count (per state, or pool size) above `brigades`' whose plan sends every
/// diagnostic by the deadline; `None` when even the largest tried is not enough. Per state the
/// counts go up one by one to `max_brigades_per_state` (and never above a state's zones); a pool
/// is searched by bisection up to `max_brigade_pool` (default: every zone its own brigade), since
/// a larger pool never lengthens the slot model's optimum.
///
/// # Errors
///
/// As [`plan`].
pub fn brigades_for_deadline(req: &WavesRequest<'_>, progress: &dyn Progress) -> Result<Option<u32>, Error> {
    for_deadline_until(req, progress, far())
}

fn for_deadline_until(req: &WavesRequest<'_>, progress: &dyn Progress, deadline: std::time::Instant) -> Result<Option<u32>, Error> {
    let (brigades, zones, params) = (&req.brigades, req.zones, req.params);
    let in_time = || std::time::Instant::now() < deadline;
    let on_time = |n: u32| -> Result<bool, Error> {
        let p = schedule_until(&req.with_brigades(n), deadline)?;
        search_step(progress, n);
        Ok(p.late_states().is_empty())
    };
    match brigades {
        Brigades::PerState(b) => {
            let most_zones = zones.states.iter().map(|st| st.zones as u32).max().unwrap_or(1);
            for n in b + 1..=params.max_brigades_per_state.min(most_zones) {
                if !in_time() {
                    break;
                }
                if on_time(n)? {
                    return Ok(Some(n));
                }
            }
            Ok(None)
        }
        // A supply is searched state by state (`supply::for_deadline`).
        Brigades::Supply(_) => Ok(None),
        Brigades::Pool { size, .. } => {
            let all_zones = zones.zones.len() as u32;
            let hi_limit = params.max_brigade_pool.unwrap_or(all_zones).max(*size);
            if hi_limit <= *size || !on_time(hi_limit)? {
                return Ok(None);
            }
            let (mut lo, mut hi) = (*size, hi_limit);
            while hi - lo > 1 && in_time() {
                let mid = lo + (hi - lo) / 2;
                if on_time(mid)? {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            Ok(Some(hi))
        }
    }
}
