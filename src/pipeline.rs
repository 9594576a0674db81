//! Scenario to plans: reads what a planner needs besides the network (published figures, zone
//! tables), runs the planners in order and hands the results to the CLI and the benchmarks.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::input::seeds::StateFigures;
use crate::load::{self, Loaded};
use crate::planners::waves::{self, WavesPlan};
use crate::planners::zones::{self, ZoneCountSource, ZonesInput, ZonesPlan};
use crate::scenario::LoadedScenario;

/// Zone counts (scenario, then published figures) and the user's zone file for the zones planner.
pub fn zones_input(
    s: &LoadedScenario,
    params: &crate::scenario::ZonesParams,
    network: &crate::domain::Network,
    figures: &BTreeMap<u8, StateFigures>,
) -> Result<ZonesInput, Error> {
    let mut input = ZonesInput::default();
    if let Some(file) = &params.zone_file {
        input.zone_of_clues = Some(crate::input::published::read_zone_file(&s.resolve(file)?)?);
    }
    let published: BTreeMap<u8, u32> =
        figures.iter().filter_map(|(state, f)| f.zsm.filter(|z| *z > 0).map(|z| (*state, z))).collect();
    for (key, &count) in &params.zones_per_state {
        let code = key.parse::<u8>().ok().or_else(|| crate::domain::state::code_by_name(key));
        let Some(code) = code.filter(|c| crate::domain::state::name(*c).is_some()) else {
            return Err(Error::Scenario {
                path: s.source.clone(),
                message: format!("zones.zones_per_state: {key:?} is not a state code or name"),
            });
        };
        input.zone_counts.insert(code, (count.max(1), ZoneCountSource::Scenario));
    }
    if params.balance_by_visit_effort {
        let waves = s.scenario.waves.clone().unwrap_or_default();
        input.workload = network.units.iter().map(|u| crate::planners::waves::visit_minutes(&waves, u)).collect();
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

/// Loads the scenario, builds its zones (from every unit, so zone names stay stable when
/// re-planning), plans the waves of what `progress` leaves and searches the brigades the deadline
/// needs (`waves::brigades_for_deadline`).
pub fn waves(s: &LoadedScenario, progress: &waves::Progress) -> Result<WavesRun, Error> {
    let zone_params = s.scenario.zones.clone().unwrap_or_default();
    let params = s.scenario.waves.clone().unwrap_or_default();
    let loaded = load::load(s)?;
    let input = zones_input(s, &zone_params, &loaded.network, &loaded.figures)?;
    let context = waves::WavesContext { stage_of: stage_by_state(&loaded.figures), weekend_gap: waves::priority::weekend_gaps(&loaded.figures, &params) };
    let units = &loaded.network.units;
    let zone_plan = zones::plan(units, &loaded.travel, &zone_params, &input, &s.scenario.solver)?;
    let brigades = waves::Brigades::from_params(&params);
    let (travel, calendar, solver) = (&loaded.travel, &loaded.calendar, &s.scenario.solver);
    let plan = waves::plan(units, &zone_plan, travel, calendar, &params, &context, &brigades, progress, solver)?;
    let brigades_needed = if plan.late_states().is_empty() {
        Some(brigades.count())
    } else {
        waves::brigades_for_deadline(units, &zone_plan, travel, calendar, &params, &context, &brigades, progress, solver)?
    };
    Ok(WavesRun { loaded, zones: zone_plan, waves: plan, brigades_needed })
}
