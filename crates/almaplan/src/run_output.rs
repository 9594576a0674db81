//! Everything `almaplan run` writes: each planner's own files, the network description, and the
//! files that gather the planners together — `indicadores.json` (headline figures),
//! `estado_elementos.csv` (each unit's, locality's and state's status, for `compare`),
//! `brechas.csv` (every gap in one table) and `reporte.html`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use crate::gaps::{gap_rows, unit_coverage, GapRow};
use crate::headline::{headline, Indicator};
use crate::pipeline::{enabled_planners, RunResults};
use crate::report::Lang;
use almaplan_core::domain::state;
use almaplan_core::error::Error;
use almaplan_core::planners::umm::UncoveredReason;
use almaplan_formats::load::Loaded;
use almaplan_formats::output::{fixed, network as net, write_csv, write_json};
use almaplan_formats::run_schema::{self as schema, ElementKind, RunIndicators};
use almaplan_formats::scenario::LoadedScenario;

/// Writes every output of a run into `dir` (created when missing).
pub fn write_run(s: &LoadedScenario, r: &RunResults, dir: &Path, lang: Lang) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let l = &r.loaded;
    write_network_outputs(s, l, dir)?;
    let coverage: Vec<net::WeekendCoverage> = unit_coverage(r)
        .into_iter()
        .map(|c| net::WeekendCoverage { unit: c.unit, days_required: c.days_required, days_covered: c.days_covered })
        .collect();
    net::write_units_geojson(&dir.join("unidades.geojson"), &l.network, r.roster.as_ref().map(|_| coverage.as_slice()))?;
    if let Some(plan) = &r.roster {
        almaplan_formats::output::roster::RosterOutput {
            network: &l.network,
            plan,
            figures: &l.figures,
            anonymise: false,
            scenario_name: &s.scenario.name,
        }
        .write_all(dir)?;
    }
    if let Some(z) = &r.zones {
        almaplan_formats::output::zones::write_zones_csv(&dir.join("zonas.csv"), z)?;
        almaplan_formats::output::zones::write_zones_geojson(&dir.join("zonas.geojson"), z, &l.network.units)?;
        almaplan_formats::output::zones::write_sedes_geojson(&dir.join("sedes.geojson"), z, &l.network.units)?;
    }
    if let Some(w) = &r.waves {
        use almaplan_formats::output::waves as out;
        let units = &l.network.units;
        out::write_calendar_csv(&dir.join("calendario_brigadas.csv"), &w.plan, units)?;
        let params = s.scenario.waves.clone().unwrap_or_default();
        let options = out::IcsOptions {
            scenario: &s.scenario.name,
            day_start_hour: params.day_start_hour,
            previous: l.previous_calendars.as_ref(),
            replan_from: l.replan_from,
            visited: &l.visited,
        };
        out::write_ics(&dir.join("ics"), &w.plan, units, &options)?;
        out::write_states_csv(&dir.join("resumen_entidades.csv"), &w.plan)?;
        out::write_progress_csv(&dir.join("curva_avance.csv"), &w.plan)?;
        out::write_gantt_svg(&dir.join("gantt.svg"), &w.plan)?;
        out::write_summary_json(&dir.join("resumen_oleadas.json"), &w.plan, w.seconds)?;
        almaplan_formats::output::waves_supply::write_all(dir, &w.plan, units, &params.composition)?;
    }
    if let Some(o) = &r.routes {
        let params = s.scenario.routes.clone().unwrap_or_default();
        crate::umm_programme::write(dir, o, l, params.day_start_hour)?;
    }
    if let Some(o) = &r.supervision {
        let params = s.scenario.supervision.clone().unwrap_or_default();
        almaplan_formats::output::supervision::write_all(dir, &o.plan, &l.network.units, &params, &s.scenario.name, o.seconds)?;
    }
    let indicators = headline(r);
    write_indicators(&dir.join(schema::INDICATORS_FILE), s, &indicators)?;
    write_element_status(&dir.join(schema::ELEMENTS_FILE), r)?;
    let gaps = gap_rows(r);
    write_gaps(&dir.join(schema::GAPS_FILE), &gaps)?;
    write_run_json(s, r, dir)?;
    crate::report::write_report(&dir.join(schema::REPORT_FILE), s, r, &indicators, &gaps, lang)
}

/// The network description: units (`unidades.csv`; `write_run` writes `unidades.geojson` with the
/// weekend coverage), per-state summary, calendar and data problems.
pub fn write_network_outputs(s: &LoadedScenario, l: &Loaded, dir: &Path) -> Result<(), Error> {
    let summary = l.network.summary_by_state();
    net::write_units_csv(&dir.join("unidades.csv"), &l.network)?;
    net::write_summary_csv(&dir.join("red_por_entidad.csv"), &summary, l.network.synthetic || l.network.synthetic_staffing)?;
    let cal = &s.scenario.calendar;
    net::write_calendar_csv(&dir.join("calendario.csv"), &l.calendar, cal.start, cal.end)?;
    net::write_problems_csv(&dir.join("problemas_datos.csv"), &l.diagnostics)
}

/// `ejecucion.json`: what produced the run (scenario, sources with row counts, version, seed).
fn write_run_json(s: &LoadedScenario, r: &RunResults, dir: &Path) -> Result<(), Error> {
    let l = &r.loaded;
    let planners: serde_json::Map<String, serde_json::Value> =
        enabled_planners(s).into_iter().map(|p| (p.to_string(), json!("ejecutado"))).collect();
    let run = json!({
        "almaplan": env!("CARGO_PKG_VERSION"),
        "escenario": s.scenario.name,
        "archivo_escenario": s.source,
        "semilla": s.scenario.seed,
        "sintetico": l.network.synthetic,
        "plantilla_sintetica": l.network.synthetic_staffing,
        "entidades": s.scenario.states,
        "fuentes": l.sources,
        "unidades": l.network.units.len(),
        "primer_nivel_en_operacion": l.network.first_level_in_operation(),
        "localidades": l.network.localities.len(),
        "medicos": l.network.physicians.len(),
        "advertencias": l.diagnostics.warnings.len(),
        "planificadores": planners,
        "parametros": s.scenario,
    });
    write_json(&dir.join(schema::RUN_FILE), &run)
}

fn write_indicators(path: &Path, s: &LoadedScenario, indicators: &[Indicator]) -> Result<(), Error> {
    let doc = RunIndicators {
        almaplan: env!("CARGO_PKG_VERSION").into(),
        escenario: s.scenario.name.clone(),
        archivo_escenario: s.source.clone(),
        semilla: s.scenario.seed,
        indicadores: indicators.iter().map(Indicator::record).collect(),
    };
    schema::write_indicators(path, &doc)
}

fn write_element_status(path: &Path, r: &RunResults) -> Result<(), Error> {
    let units = &r.loaded.network.units;
    let mut rows: Vec<[String; 5]> = Vec::new();
    for c in unit_coverage(r) {
        let u = &units[c.unit];
        rows.push([ElementKind::WeekendUnit.code().into(), u.clues.clone(), u.state.to_string(), c.status().into(), fixed(c.pct(), 1)]);
    }
    if let Some(z) = &r.zones {
        for a in &z.assignments {
            rows.push([
                ElementKind::ZoneUnit.code().into(),
                a.clues.clone(),
                a.state.to_string(),
                a.zone.clone(),
                fixed(a.minutes_to_sede, 1),
            ]);
        }
    }
    if let Some(w) = &r.waves {
        let deadline = w.plan.deadline;
        for st in &w.plan.states {
            let status = if st.diagnostics > deadline { "tarde" } else { "a_tiempo" };
            rows.push([
                ElementKind::WavesState.code().into(),
                st.state.to_string(),
                st.state.to_string(),
                status.into(),
                st.field_days.to_string(),
            ]);
            for z in &st.zones {
                for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                    for stop in day.iter().filter(|s| !s.continued) {
                        let status = if *date > deadline { "tarde" } else { "a_tiempo" };
                        rows.push([
                            ElementKind::WavesUnit.code().into(),
                            units[stop.unit].clues.clone(),
                            st.state.to_string(),
                            status.into(),
                            String::new(),
                        ]);
                    }
                }
            }
        }
    }
    if let Some(o) = &r.routes {
        let plan = &o.plan;
        let reason: BTreeMap<usize, UncoveredReason> = plan.uncovered.iter().copied().collect();
        for (c, cand) in plan.candidates.iter().enumerate() {
            let l = &r.loaded.network.localities[cand.locality];
            let status = match (plan.covered_by[c], reason.get(&c)) {
                (Some(_), _) => "cubierta",
                (None, Some(UncoveredReason::DaysFull { .. })) => "sin_cobertura_dias_llenos",
                (None, Some(UncoveredReason::CrewIncomplete { .. })) => "sin_cobertura_tripulacion_incompleta",
                (None, Some(UncoveredReason::NoUnitInState)) => "sin_cobertura_entidad_sin_umm",
                (None, _) => "sin_cobertura_fuera_de_alcance",
            };
            rows.push([
                ElementKind::UmmLocality.code().into(),
                l.cvegeo.clone(),
                l.state.to_string(),
                status.into(),
                cand.population.to_string(),
            ]);
        }
    }
    if let Some(o) = &r.supervision {
        let plan = &o.plan;
        let team: BTreeMap<usize, &str> = plan.teams.iter().flat_map(|t| t.units.iter().map(move |&k| (k, t.id.as_str()))).collect();
        let reason: BTreeMap<usize, &str> = plan.gaps.iter().map(|g| (g.unit, g.reason.code())).collect();
        for (&k, &minutes) in &plan.base_minutes {
            let status = reason.get(&k).or(team.get(&k)).copied().unwrap_or_default();
            rows.push([
                ElementKind::SupervisionUnit.code().into(),
                units[k].clues.clone(),
                units[k].state.to_string(),
                status.into(),
                fixed(minutes, 1),
            ]);
        }
    }
    rows.sort();
    write_csv(path, &schema::ELEMENT_COLUMNS, rows)
}

fn write_gaps(path: &Path, rows: &[GapRow]) -> Result<(), Error> {
    write_csv(
        path,
        &["tipo", "entidad", "zona", "clues_o_cvegeo", "descripcion", "magnitud", "razon", "accion_sugerida"],
        rows.iter().map(|g| {
            vec![
                g.kind.to_string(),
                state::name(g.state).unwrap_or("").to_string(),
                g.zone.clone(),
                g.key.clone(),
                g.description.clone(),
                fixed(g.magnitude, 0),
                g.reason.clone(),
                g.action.clone(),
            ]
        }),
    )
}
