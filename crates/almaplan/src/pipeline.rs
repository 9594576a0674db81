//! Scenario to plans: the one load step, then the planners in order, for the CLI, `sweep` and the
//! benchmarks.
//!
//! Every file is read by [`load`](fn@load) (`almaplan_formats::load`) before anything is solved; the
//! planners take what they need from [`Loaded`]. Progress goes to a [`Progress`]: the pipeline
//! reports the load and each planner's start and end ([`crate::progress_view::started`],
//! [`crate::progress_view::finished`]); the planners report their own steps in between.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;

use crate::progress_view::{finished, loaded, started, LOAD};
use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterPlan;
use almaplan_core::planners::supervision::{self, SupervisionPlan};
use almaplan_core::planners::umm::UmmPlan;
use almaplan_core::planners::waves::{self, WavesPlan};
use almaplan_core::planners::zones::{self, ZoneCountSource, ZonesInput, ZonesPlan};
use almaplan_core::progress::Progress;
use almaplan_formats::input::seeds::StateFigures;
use almaplan_formats::load::{self, Extras, Loaded};
use almaplan_formats::scenario::LoadedScenario;

/// Reads every file the scenario and `extras` name (see [`almaplan_formats::load`]); fails with
/// every problem of every file before anything is solved.
pub fn load(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Result<Loaded, Error> {
    let loaded = load_all(s, extras, progress);
    if loaded.diagnostics.has_errors() {
        return Err(Error::Input(loaded.diagnostics.errors));
    }
    Ok(loaded)
}

/// [`load`](fn@load) that keeps going: everything it can read and every problem, fatal or not
/// (`validate`).
pub fn load_all(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Loaded {
    started(progress, LOAD, "leyendo datos");
    let clock = Instant::now();
    let l = load::load_all_with(s, extras);
    let n = &l.network;
    let errors = match l.diagnostics.errors.len() {
        0 => String::new(),
        e => format!(", {e} error(es)"),
    };
    // With teams the staff also hold nursing staff and promoters: said apart.
    let doctors = n.physicians.iter().filter(|p| p.role == almaplan_core::domain::physician::Role::Medico).count();
    let others = match n.physicians.len() - doctors {
        0 => String::new(),
        k => format!(" y {k} de enfermería o promoción"),
    };
    let note = format!("{} unidades, {} localidades, {} médicos{others}{errors}", n.units.len(), n.localities.len(), doctors);
    loaded(progress, clock.elapsed().as_secs_f64(), &note);
    l
}

/// Zone counts (scenario, then published figures) and the user's zone file (read by the load
/// step) for the zones planner. Checks `[zones] zones_per_state`, so call it before solving.
pub fn zones_input(s: &LoadedScenario, loaded: &Loaded) -> Result<ZonesInput, Error> {
    let params = s.scenario.zones.clone().unwrap_or_default();
    let mut input = ZonesInput { zone_of_clues: loaded.zone_of_clues.clone(), ..ZonesInput::default() };
    let published: BTreeMap<u8, u32> =
        loaded.figures.iter().filter_map(|(state, f)| f.zsm.filter(|z| *z > 0).map(|z| (*state, z))).collect();
    for (key, &count) in &params.zones_per_state {
        let code = key.parse::<u8>().ok().or_else(|| almaplan_core::domain::state::code_by_name(key));
        let Some(code) = code.filter(|c| almaplan_core::domain::state::name(*c).is_some()) else {
            return Err(Error::Scenario {
                path: s.source.clone(),
                message: format!("zones.zones_per_state: {key:?} no es una clave ni un nombre de entidad"),
            });
        };
        input.zone_counts.insert(code, (count.max(1), ZoneCountSource::Scenario));
    }
    if params.balance_by_visit_effort {
        let waves = s.scenario.waves.clone().unwrap_or_default();
        input.workload = loaded.network.units.iter().map(|u| waves::visit_minutes(&waves, u)).collect();
    }
    for u in &loaded.network.units {
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

/// Plans the medical service zones of every state (`[zones]`, defaults when absent).
pub fn plan_zones(s: &LoadedScenario, loaded: &Loaded, input: &ZonesInput, progress: &dyn Progress) -> Result<ZonesPlan, Error> {
    let params = s.scenario.zones.clone().unwrap_or_default();
    started(progress, "zones", "zonificando");
    let clock = Instant::now();
    let request =
        zones::ZonesRequest { units: &loaded.network.units, travel: &loaded.travel, params: &params, input, solver: &s.scenario.solver };
    let plan = zones::plan(&request, progress)?;
    finished(progress, "zones", clock.elapsed().as_secs_f64(), &format!("{} zonas", plan.zones.len()));
    Ok(plan)
}

/// Everything `almaplan zones` computes.
pub struct ZonesRun {
    /// Everything the load step read (network, travel times, figures, diagnostics).
    pub loaded: Loaded,
    /// The zones of every state: `zonas.csv` and `zonas.geojson`.
    pub zones: ZonesPlan,
}

/// Loads the scenario and plans its zones.
pub fn zones(s: &LoadedScenario, progress: &dyn Progress) -> Result<ZonesRun, Error> {
    let loaded = load(s, &Extras::default(), progress)?;
    let input = zones_input(s, &loaded)?;
    let zones = plan_zones(s, &loaded, &input, progress)?;
    Ok(ZonesRun { loaded, zones })
}

/// Everything `almaplan waves` computes.
pub struct WavesRun {
    /// Everything the load step read, including the visits already made.
    pub loaded: Loaded,
    /// The zones the waves were built on (also written as `zonas.csv`).
    pub zones: ZonesPlan,
    /// The brigades' calendar: stages, states and dated unit visits.
    pub waves: WavesPlan,
}

/// Loads the scenario (with the visits already made of `extras`) and plans its waves (see
/// [`plan_waves`]).
pub fn waves(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Result<WavesRun, Error> {
    let loaded = load(s, extras, progress)?;
    let input = zones_input(s, &loaded)?;
    let outcome = plan_waves(s, &loaded, &input, progress)?;
    Ok(WavesRun { loaded, zones: outcome.zones, waves: outcome.waves })
}

/// The waves planner's results with the zones they were built on.
pub struct WavesOutcome {
    /// The zones built from every unit, before the waves.
    pub zones: ZonesPlan,
    /// The brigades' calendar of the units still to visit.
    pub waves: WavesPlan,
    /// Wall-clock seconds of zones and waves together (`solve_seconds` of `resumen_oleadas.json`).
    pub seconds: f64,
}

/// Builds the zones (from every unit, so zone names stay stable when re-planning), plans the
/// waves of what the visits already made ([`Loaded::visited`]) leave and searches the brigades
/// the deadline needs (`waves::brigades_for_deadline`: brigades per state, or the pool's size).
pub fn plan_waves(s: &LoadedScenario, loaded: &Loaded, input: &ZonesInput, progress: &dyn Progress) -> Result<WavesOutcome, Error> {
    let clock = Instant::now();
    let mut params = s.scenario.waves.clone().unwrap_or_default();
    // `[waves] people_file`: its counts replace `people` for the states it lists.
    for (state, roles) in loaded.people.iter().flatten() {
        params.people.retain(|k, _| waves::StateRef::Name(k.clone()).code() != Some(*state));
        params.people.insert(format!("{state:02}"), roles.clone());
    }
    let context = waves::WavesContext {
        stage_of: stage_by_state(&loaded.figures),
        weekend_gap: waves::priority::weekend_gaps(&loaded.figures, &params),
        teams: loaded.figures.iter().filter_map(|(&s, f)| f.zonal_supervision_teams.map(|t| (s, t))).collect(),
        tracking: loaded.tracking.clone(),
        tabla10: loaded.figures.iter().filter_map(|(&s, f)| f.tabla10_units.map(|u| (s, (u, f.tabla10_zsm)))).collect(),
    };
    let advance =
        waves::Advance { visited: loaded.visited.keys().cloned().collect(), from: loaded.replan_from, dates: loaded.visited.clone() };
    let zone_plan = plan_zones(s, loaded, input, progress)?;
    started(progress, "waves", "planeando oleadas");
    let waves_clock = Instant::now();
    let request = waves::WavesRequest {
        units: &loaded.network.units,
        zones: &zone_plan,
        travel: &loaded.travel,
        calendar: &loaded.calendar,
        params: &params,
        context: &context,
        brigades: waves::supply::brigades(&params, &loaded.figures, &zone_plan.states.iter().map(|z| z.state).collect::<Vec<u8>>()),
        advance: &advance,
        solver: &s.scenario.solver,
    };
    let plan = waves::plan(&request, progress)?;
    let needed = plan
        .brigades_needed
        .map_or_else(|| "ninguna cantidad de brigadas buscada llega a la fecha límite".to_string(), |b| format!("{b} brigadas necesarias"));
    let needed = match &plan.supply {
        Some(sup) if !sup.on_time_with_needed => {
            format!("{} brigadas: no todas las entidades llegan a la fecha límite ni con una brigada por zona", sup.needed_total())
        }
        _ => needed,
    };
    finished(progress, "waves", waves_clock.elapsed().as_secs_f64(), &needed);
    Ok(WavesOutcome { zones: zone_plan, waves: plan, seconds: clock.elapsed().as_secs_f64() })
}

/// Plans the weekend roster over the scenario's calendar (`[roster]`, defaults when absent), with
/// the targets, previous roster and absences the load step read.
pub fn plan_roster(s: &LoadedScenario, loaded: &Loaded, progress: &dyn Progress) -> Result<RosterPlan, Error> {
    let params = s.scenario.roster.clone().unwrap_or_default();
    let req = almaplan_core::planners::roster::RosterRequest {
        network: &loaded.network,
        travel: &loaded.travel,
        params: &params,
        from: s.scenario.calendar.start,
        to: s.scenario.calendar.end,
        options: s.scenario.solver.clone(),
        targets: loaded.roster_targets.as_ref(),
        previous: loaded.previous.as_deref(),
        absences: &loaded.absences,
        context: almaplan_core::planners::roster::RosterContext {
            baseline: loaded.roster_baseline.as_ref(),
            figures: Some(&loaded.figures),
            national: Some(&loaded.national),
            tabla2: loaded.tabla2.as_deref(),
        },
    };
    started(progress, "roster", "resolviendo el rol de fin de semana");
    let clock = Instant::now();
    let plan = almaplan_core::planners::roster::plan(&req, progress)?;
    finished(progress, "roster", clock.elapsed().as_secs_f64(), &format!("{} entidad(es)", plan.states.len()));
    Ok(plan)
}

/// Everything `almaplan roster` computes.
pub struct RosterRun {
    /// Everything the load step read, including the previous roster and absences.
    pub loaded: Loaded,
    /// The weekend roster of every state: shifts, coverage and gaps.
    pub plan: RosterPlan,
}

/// Loads the scenario (with the previous roster and absences of `extras`) and plans its roster.
pub fn roster(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Result<RosterRun, Error> {
    let loaded = load(s, extras, progress)?;
    let plan = plan_roster(s, &loaded, progress)?;
    Ok(RosterRun { loaded, plan })
}

/// The mobile units' plan with the working days it covers.
pub struct RoutesOutcome {
    /// The mobile units' routes, covered localities and extra units needed.
    pub plan: UmmPlan,
    /// The working days of the horizon, in order; the plan's day `i` is `dates[i]`.
    pub dates: Vec<NaiveDate>,
    /// Wall-clock seconds of the routes planner (`solve_seconds` of `resumen_umm.json`).
    pub seconds: f64,
    /// PI 2.2 of the existing units, per state and nationally.
    pub pi22: almaplan_core::planners::umm::pi22::Pi22,
    /// The multi-year plan, when `[routes] multi_year` (or `--horizonte`) asks for one.
    pub multi_year: Option<almaplan_core::planners::umm::multi_year::MultiYearPlan>,
}

/// Plans the mobile units' periodic routes over `[routes] horizon_weeks` from the calendar's
/// start, from their bases when the scenario names them (the load step moved the units there).
pub fn plan_routes(s: &LoadedScenario, loaded: &Loaded, progress: &dyn Progress) -> Result<RoutesOutcome, Error> {
    let params = s.scenario.routes.clone().unwrap_or_default();
    let start = s.scenario.calendar.start;
    let end = start + chrono::Days::new(7 * params.horizon_weeks as u64) - chrono::Days::new(1);
    let dates = loaded.calendar.working_days(start, end);
    started(progress, "routes", "planeando rutas de las UMM");
    let clock = Instant::now();
    let request = almaplan_core::planners::umm::UmmRequest {
        network: &loaded.network,
        travel: &loaded.travel,
        days: dates.len(),
        params: &params,
        seed: s.scenario.seed,
        time_limit_s: s.scenario.solver.time_limit_s,
    };
    if params.published_crew_share && params.crew_complete_share.is_none() && loaded.umm_extras.crew_share.is_none() {
        return Err(Error::Solver {
            model: "rutas UMM".into(),
            message: "[routes] published_crew_share necesita [data] national_figures con umm_plantilla_contratada_2024 y umm_plantilla_aprobada_2024".into(),
        });
    }
    let plan = almaplan_core::planners::umm::plan_with(&request, &loaded.umm_extras, progress)?;
    let pi22 = almaplan_core::planners::umm::pi22::compute(&plan, &loaded.network, &params);
    let multi_year = match &params.multi_year {
        Some(text) => {
            use almaplan_core::planners::umm::multi_year;
            let years = multi_year::parse_years(text).map_err(|message| Error::Solver { model: "plan UMM multianual".into(), message })?;
            started(progress, "routes", "plan multianual de UMM (PI 2.2)");
            Some(multi_year::plan(&multi_year::MultiYearRequest {
                network: &loaded.network,
                travel: &loaded.travel,
                plan: &plan,
                params: &params,
                days: dates.len(),
                targets: &loaded.pi22_targets,
                years,
                options: &s.scenario.solver,
            })?)
        }
        None => None,
    };
    let seconds = clock.elapsed().as_secs_f64();
    finished(progress, "routes", seconds, &format!("{} UMM adicionales", plan.extra_units.len()));
    Ok(RoutesOutcome { plan, dates, seconds, pi22, multi_year })
}

/// Everything `almaplan routes` computes.
pub struct RoutesRun {
    /// Everything the load step read (units already moved to their bases).
    pub loaded: Loaded,
    /// The routes planner's results.
    pub routes: RoutesOutcome,
}

/// Loads the scenario and plans its mobile units' routes.
pub fn routes(s: &LoadedScenario, progress: &dyn Progress) -> Result<RoutesRun, Error> {
    let loaded = load(s, &Extras::default(), progress)?;
    let routes = plan_routes(s, &loaded, progress)?;
    Ok(RoutesRun { loaded, routes })
}

/// The waves planner's results within a run (its zones are in [`RunResults::zones`]).
pub struct WavesResult {
    /// The brigades' calendar of the units still to visit.
    pub plan: WavesPlan,
    /// Wall-clock seconds of zones and waves together (`solve_seconds` of `resumen_oleadas.json`).
    pub seconds: f64,
}

/// Every enabled planner's results over one loaded scenario.
pub struct RunResults {
    /// Everything the load step read, shared by every planner.
    pub loaded: Loaded,
    /// The weekend roster, when `[roster]` is enabled.
    pub roster: Option<RosterPlan>,
    /// The zones planner's result, also when it ran as the first step of the waves planner.
    pub zones: Option<ZonesPlan>,
    /// The brigades' calendar, when `[waves]` is enabled.
    pub waves: Option<WavesResult>,
    /// The mobile units' routes, when `[routes]` is enabled.
    pub routes: Option<RoutesOutcome>,
    /// Wall-clock seconds of the whole run, load included (printed, never written).
    pub seconds: f64,
    /// The zonal supervision calendar, when `[supervision]` is enabled.
    pub supervision: Option<SupervisionOutcome>,
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
    if sc.supervision.as_ref().is_some_and(|r| r.enabled) {
        v.push("supervision");
    }
    v
}

/// Loads the scenario (every file, before any solve) and runs every planner it enables; writes
/// nothing.
pub fn run_all(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Result<RunResults, Error> {
    let clock = Instant::now();
    let loaded = load(s, extras, progress)?;
    let enabled = enabled_planners(s);
    // The zone counts are checked against the scenario before the first solve, too.
    let input = if enabled.contains(&"zones") || enabled.contains(&"waves") { Some(zones_input(s, &loaded)?) } else { None };
    let roster = if enabled.contains(&"roster") { Some(plan_roster(s, &loaded, progress)?) } else { None };
    let (zones, waves) = match &input {
        Some(input) if enabled.contains(&"waves") => {
            let o = plan_waves(s, &loaded, input, progress)?;
            (Some(o.zones), Some(WavesResult { plan: o.waves, seconds: o.seconds }))
        }
        Some(input) => (Some(plan_zones(s, &loaded, input, progress)?), None),
        None => (None, None),
    };
    let routes = if enabled.contains(&"routes") { Some(plan_routes(s, &loaded, progress)?) } else { None };
    let supervision = if enabled.contains(&"supervision") { Some(plan_supervision(s, &loaded, zones.as_ref(), progress)?) } else { None };
    Ok(RunResults { loaded, roster, zones, waves, routes, seconds: clock.elapsed().as_secs_f64(), supervision })
}

/// The supervision planner's results with the zones its territories came from.
pub struct SupervisionOutcome {
    /// Teams, units, monthly calendars, gaps and teams needed.
    pub plan: SupervisionPlan,
    /// Wall-clock seconds of the planner (zones excluded; `solve_seconds` of
    /// `resumen_supervision.json`).
    pub seconds: f64,
}

/// Teams per INEGI state code.
pub type TeamsByState = BTreeMap<u8, u32>;

/// Teams per state for the supervision planner: `[supervision] teams_per_state`, else the
/// published `equipos_supervision_zonal`; and the published count alone.
pub fn supervision_teams(s: &LoadedScenario, loaded: &Loaded) -> Result<(TeamsByState, TeamsByState), Error> {
    let params = s.scenario.supervision.clone().unwrap_or_default();
    let published: BTreeMap<u8, u32> =
        loaded.figures.iter().filter_map(|(state, f)| f.zonal_supervision_teams.map(|n| (*state, n))).collect();
    let mut teams = published.clone();
    for (key, &count) in &params.teams_per_state {
        let code = key.parse::<u8>().ok().or_else(|| almaplan_core::domain::state::code_by_name(key));
        let Some(code) = code.filter(|c| almaplan_core::domain::state::name(*c).is_some()) else {
            return Err(Error::Scenario {
                path: s.source.clone(),
                message: format!("supervision.teams_per_state: {key:?} no es una clave ni un nombre de entidad"),
            });
        };
        teams.insert(code, count);
    }
    Ok((teams, published))
}

/// Plans the zonal supervision calendar (`[supervision]`): territories from `zones` (the zones
/// planner's, planned here when the run has none) or from the operative regions, teams per state
/// ([`supervision_teams`]), history from [`Loaded::supervision_visits`].
pub fn plan_supervision(
    s: &LoadedScenario,
    loaded: &Loaded,
    zones: Option<&ZonesPlan>,
    progress: &dyn Progress,
) -> Result<SupervisionOutcome, Error> {
    let params = s.scenario.supervision.clone().unwrap_or_default();
    let units = &loaded.network.units;
    let territories = if params.territory == "region" {
        supervision::territories_from_regions(units, &loaded.travel)
    } else {
        match zones {
            Some(z) => supervision::territories_from_zones(z, units),
            None => {
                let input = zones_input(s, loaded)?;
                supervision::territories_from_zones(&plan_zones(s, loaded, &input, progress)?, units)
            }
        }
    };
    let (teams, published) = supervision_teams(s, loaded)?;
    started(progress, "supervision", "planeando la supervisión zonal");
    let clock = Instant::now();
    let request = supervision::SupervisionRequest {
        units,
        territories: &territories,
        travel: &loaded.travel,
        calendar: &loaded.calendar,
        params: &params,
        teams: &teams,
        published: &published,
        month: almaplan_formats::load::supervision_first_month(s),
        previous_visits: &loaded.supervision_visits,
        solver: &s.scenario.solver,
    };
    let plan = supervision::plan(&request, progress)?;
    let seconds = clock.elapsed().as_secs_f64();
    let note = format!("{} equipos, {} unidades sin visita mensual", plan.team_count(), plan.gaps.len());
    finished(progress, "supervision", seconds, &note);
    Ok(SupervisionOutcome { plan, seconds })
}

/// Everything `almaplan supervision` computes.
pub struct SupervisionRun {
    /// Everything the load step read, including the previous supervision visits.
    pub loaded: Loaded,
    /// The supervision planner's results.
    pub supervision: SupervisionOutcome,
}

/// Loads the scenario (with `--visitas-previas` of `extras`) and plans its supervision calendar.
pub fn supervision(s: &LoadedScenario, extras: &Extras, progress: &dyn Progress) -> Result<SupervisionRun, Error> {
    let loaded = load(s, extras, progress)?;
    let supervision = plan_supervision(s, &loaded, None, progress)?;
    Ok(SupervisionRun { loaded, supervision })
}
