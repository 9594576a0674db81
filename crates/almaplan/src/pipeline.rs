//! Scenario to plans: reads what a planner needs besides the network (published figures, zone
//! tables), runs the planners in order and hands the results to the CLI and the benchmarks.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterParams;
use almaplan_core::planners::roster::RosterPlan;
use almaplan_core::planners::umm::UmmPlan;
use almaplan_core::planners::waves::{self, WavesPlan};
use almaplan_core::planners::zones::{self, ZoneCountSource, ZonesInput, ZonesPlan};
use almaplan_core::progress::Progress;
use almaplan_formats::input::seeds::StateFigures;
use almaplan_formats::load::{self, Loaded};
use almaplan_formats::scenario::LoadedScenario;

/// Zone counts (scenario, then published figures) and the user's zone file for the zones planner.
pub fn zones_input(
    s: &LoadedScenario,
    params: &almaplan_core::planners::zones::ZonesParams,
    network: &almaplan_core::domain::Network,
    figures: &BTreeMap<u8, StateFigures>,
) -> Result<ZonesInput, Error> {
    let mut input = ZonesInput::default();
    if let Some(file) = &params.zone_file {
        input.zone_of_clues = Some(almaplan_formats::input::published::read_zone_file(&s.resolve(file)?)?);
    }
    let published: BTreeMap<u8, u32> = figures.iter().filter_map(|(state, f)| f.zsm.filter(|z| *z > 0).map(|z| (*state, z))).collect();
    for (key, &count) in &params.zones_per_state {
        let code = key.parse::<u8>().ok().or_else(|| almaplan_core::domain::state::code_by_name(key));
        let Some(code) = code.filter(|c| almaplan_core::domain::state::name(*c).is_some()) else {
            return Err(Error::Scenario {
                path: s.source.clone(),
                message: format!("zones.zones_per_state: {key:?} is not a state code or name"),
            });
        };
        input.zone_counts.insert(code, (count.max(1), ZoneCountSource::Scenario));
    }
    if params.balance_by_visit_effort {
        let waves = s.scenario.waves.clone().unwrap_or_default();
        input.workload = network.units.iter().map(|u| almaplan_core::planners::waves::visit_minutes(&waves, u)).collect();
    }
    for u in &network.units {
        if let Some(&count) = published.get(&u.state) {
            input.zone_counts.entry(u.state).or_insert((count, ZoneCountSource::Published));
        }
    }
    Ok(input)
}

/// Comando Alma-Ata stage per state from the published figures: `piloto` = 0, then 1, 2…
pub fn stage_by_state(figures: &BTreeMap<u8, StateFigures>) -> BTreeMap<u8, u32> {
    figures
        .iter()
        .filter_map(|(state, f)| {
            let stage = f.comando_stage.as_deref()?;
            let n = if stage.eq_ignore_ascii_case("piloto") { Some(0) } else { stage.parse::<u32>().ok() };
            n.map(|n| (*state, n))
        })
        .collect()
}

/// Everything `almaplan waves` computes.
pub struct WavesRun {
    pub loaded: Loaded,
    pub zones: ZonesPlan,
    pub waves: WavesPlan,
    /// Smallest brigades per state (or pool size) meeting the deadline (`None`: not within the search).
    pub brigades_needed: Option<u32>,
}

/// Loads the scenario and plans its waves (see [`plan_waves`]).
pub fn waves(s: &LoadedScenario, advance: &waves::Advance, progress: &dyn Progress) -> Result<WavesRun, Error> {
    let loaded = load::load(s)?;
    let outcome = plan_waves(s, &loaded, advance, progress)?;
    Ok(WavesRun { loaded, zones: outcome.zones, waves: outcome.waves, brigades_needed: outcome.brigades_needed })
}

/// The waves planner's results with the zones they were built on.
pub struct WavesOutcome {
    pub zones: ZonesPlan,
    pub waves: WavesPlan,
    /// Smallest brigades per state (or pool size) meeting the deadline (`None`: not within the search).
    pub brigades_needed: Option<u32>,
    pub seconds: f64,
}

/// Builds the zones (from every unit, so zone names stay stable when re-planning), plans the
/// waves of what `progress` leaves and searches the brigades the deadline needs
/// (`waves::brigades_for_deadline`: brigades per state, or the pool's size).
pub fn plan_waves(s: &LoadedScenario, loaded: &Loaded, advance: &waves::Advance, progress: &dyn Progress) -> Result<WavesOutcome, Error> {
    let clock = std::time::Instant::now();
    let zone_params = s.scenario.zones.clone().unwrap_or_default();
    let params = s.scenario.waves.clone().unwrap_or_default();
    let input = zones_input(s, &zone_params, &loaded.network, &loaded.figures)?;
    let context = waves::WavesContext {
        stage_of: stage_by_state(&loaded.figures),
        weekend_gap: waves::priority::weekend_gaps(&loaded.figures, &params),
    };
    let units = &loaded.network.units;
    let zones_request =
        zones::ZonesRequest { units, travel: &loaded.travel, params: &zone_params, input: &input, solver: &s.scenario.solver };
    let zone_plan = zones::plan(&zones_request, progress)?;
    let request = waves::WavesRequest {
        units,
        zones: &zone_plan,
        travel: &loaded.travel,
        calendar: &loaded.calendar,
        params: &params,
        context: &context,
        brigades: waves::Brigades::from_params(&params),
        advance,
        solver: &s.scenario.solver,
    };
    let plan = waves::plan(&request, progress)?;
    let brigades_needed = plan.brigades_needed;
    Ok(WavesOutcome { zones: zone_plan, waves: plan, brigades_needed, seconds: clock.elapsed().as_secs_f64() })
}

/// Moves each mobile unit to its base from `[routes] bases`, when the scenario names that file;
/// the routes start there and the brigades visit the units there.
pub fn apply_bases(s: &LoadedScenario, loaded: &mut Loaded) -> Result<(), Error> {
    let Some(raw) = s.scenario.routes.as_ref().and_then(|p| p.bases.as_ref()) else { return Ok(()) };
    let bases = almaplan_formats::input::bases::read(&s.resolve(raw)?, &loaded.network.units)?;
    for u in &mut loaded.network.units {
        if let Some(p) = bases.get(&u.clues) {
            u.location = *p;
        }
    }
    Ok(())
}

/// The weekend targets file of `[roster] targets`, when the scenario names one.
pub fn roster_targets(s: &LoadedScenario, p: &RosterParams) -> Result<Option<HashMap<String, Option<u32>>>, Error> {
    let Some(raw) = &p.targets else { return Ok(None) };
    let path = s.resolve(raw)?;
    let mut d = almaplan_core::error::Diagnostics::default();
    let t = almaplan_formats::input::roster::read_targets(&path, &mut d)?;
    d.into_result()?;
    Ok(Some(t))
}

/// Plans the weekend roster over the scenario's calendar.
pub fn plan_roster(
    s: &LoadedScenario,
    loaded: &Loaded,
    params: &RosterParams,
    previous: Option<&[almaplan_formats::input::roster::RosterRow]>,
    absences: &[almaplan_formats::input::roster::Absence],
    progress: &dyn Progress,
) -> Result<RosterPlan, Error> {
    let targets = roster_targets(s, params)?;
    let req = almaplan_core::planners::roster::RosterRequest {
        network: &loaded.network,
        travel: &loaded.travel,
        params,
        from: s.scenario.calendar.start,
        to: s.scenario.calendar.end,
        options: s.scenario.solver.clone(),
        targets: targets.as_ref(),
        previous,
        absences,
    };
    almaplan_core::planners::roster::plan(&req, progress)
}

/// The mobile units' plan with the working days it covers.
pub struct RoutesOutcome {
    pub plan: UmmPlan,
    pub dates: Vec<NaiveDate>,
    pub seconds: f64,
}

/// Plans the mobile units' periodic routes over `[routes] horizon_weeks` from the calendar's start.
pub fn plan_routes(s: &LoadedScenario, loaded: &Loaded, progress: &dyn Progress) -> Result<RoutesOutcome, Error> {
    let params = s.scenario.routes.clone().unwrap_or_default();
    let start = s.scenario.calendar.start;
    let end = start + chrono::Days::new(7 * params.horizon_weeks as u64) - chrono::Days::new(1);
    let dates = loaded.calendar.working_days(start, end);
    let clock = std::time::Instant::now();
    let request = almaplan_core::planners::umm::UmmRequest {
        network: &loaded.network,
        travel: &loaded.travel,
        days: dates.len(),
        params: &params,
        seed: s.scenario.seed,
    };
    let plan = almaplan_core::planners::umm::plan(&request, progress)?;
    Ok(RoutesOutcome { plan, dates, seconds: clock.elapsed().as_secs_f64() })
}

/// What `almaplan run` needs besides the scenario.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Visits already made, for the waves planner.
    pub progress: waves::Advance,
}

/// The waves planner's results within a run (its zones are in [`RunResults::zones`]).
pub struct WavesResult {
    pub plan: WavesPlan,
    pub brigades_needed: Option<u32>,
    pub seconds: f64,
}

/// Every enabled planner's results over one loaded scenario.
pub struct RunResults {
    pub loaded: Loaded,
    pub roster: Option<RosterPlan>,
    /// The zones planner's result, also when it ran as the first step of the waves planner.
    pub zones: Option<ZonesPlan>,
    pub waves: Option<WavesResult>,
    pub routes: Option<RoutesOutcome>,
    pub seconds: f64,
}

/// Planner sections the scenario enables, in the order they run.
pub fn enabled_planners(s: &LoadedScenario) -> Vec<&'static str> {
    let sc = &s.scenario;
    let mut v = Vec::new();
    if sc.roster.as_ref().is_some_and(|r| r.enabled) {
        v.push("roster");
    }
    if sc.zones.as_ref().is_some_and(|r| r.enabled) {
        v.push("zones");
    }
    if sc.waves.as_ref().is_some_and(|r| r.enabled) {
        v.push("waves");
    }
    if sc.routes.as_ref().is_some_and(|r| r.enabled) {
        v.push("routes");
    }
    v
}

/// Loads the scenario and runs every planner it enables; writes nothing.
pub fn run_all(s: &LoadedScenario, opts: &RunOptions, progress: &dyn Progress) -> Result<RunResults, Error> {
    let clock = std::time::Instant::now();
    let mut loaded = load::load(s)?;
    apply_bases(s, &mut loaded)?;
    let enabled = enabled_planners(s);
    let roster = match &s.scenario.roster {
        Some(p) if p.enabled => Some(plan_roster(s, &loaded, p, None, &[], progress)?),
        _ => None,
    };
    let (zones, waves) = if enabled.contains(&"waves") {
        let o = plan_waves(s, &loaded, &opts.progress, progress)?;
        (Some(o.zones), Some(WavesResult { plan: o.waves, brigades_needed: o.brigades_needed, seconds: o.seconds }))
    } else if enabled.contains(&"zones") {
        let params = s.scenario.zones.clone().unwrap_or_default();
        let input = zones_input(s, &params, &loaded.network, &loaded.figures)?;
        let request = zones::ZonesRequest {
            units: &loaded.network.units,
            travel: &loaded.travel,
            params: &params,
            input: &input,
            solver: &s.scenario.solver,
        };
        (Some(zones::plan(&request, progress)?), None)
    } else {
        (None, None)
    };
    let routes = if enabled.contains(&"routes") { Some(plan_routes(s, &loaded, progress)?) } else { None };
    Ok(RunResults { loaded, roster, zones, waves, routes, seconds: clock.elapsed().as_secs_f64() })
}
