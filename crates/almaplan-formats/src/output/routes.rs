//! Mobile-unit outputs: routes (CSV; GeoJSON lines `rutas_umm.geojson`, their stops as points in
//! `paradas_umm.geojson`), locality coverage (CSV; points in `localidades_umm.geojson`),
//! uncovered localities with their reason, additional units and the JSON summary.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::output::{fixed, write_csv, write_geojson, write_json};
use almaplan_core::domain::Network;
use almaplan_core::error::Error;
use almaplan_core::planners::umm::{UmmPlan, UncoveredReason};

/// Name and base CLUES of the unit with plan index `k` (existing mobile units first, then the
/// proposed ones, named `UMM-ADICIONAL-001`…).
fn unit_names(plan: &UmmPlan, network: &Network, k: usize) -> (String, String) {
    if k < plan.units.len() {
        let u = &network.units[plan.units[k]];
        (u.clues.clone(), u.clues.clone())
    } else {
        let e = &plan.extra_units[k - plan.units.len()];
        (format!("UMM-ADICIONAL-{:03}", k - plan.units.len() + 1), network.units[e.base].clues.clone())
    }
}

fn clock(minutes_from_start: f64, day_start_hour: f64) -> String {
    let m = (day_start_hour * 60.0 + minutes_from_start).round() as i64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Writes every file of the mobile-unit plan into `dir`.
pub fn write_all(
    dir: &Path,
    plan: &UmmPlan,
    network: &Network,
    dates: &[NaiveDate],
    day_start_hour: f64,
    solve_seconds: f64,
) -> Result<(), Error> {
    write_all_with(dir, plan, network, dates, day_start_hour, solve_seconds, serde_json::Map::new())
}

/// [`write_all`] with more fields for `resumen_umm.json` (PI 2.2, the multi-year plan: see
/// [`crate::output::umm_programme`]).
pub fn write_all_with(
    dir: &Path,
    plan: &UmmPlan,
    network: &Network,
    dates: &[NaiveDate],
    day_start_hour: f64,
    solve_seconds: f64,
    extra_summary: serde_json::Map<String, Value>,
) -> Result<(), Error> {
    let loc = |c: usize| &network.localities[plan.candidates[c].locality];
    let mut route_rows = Vec::new();
    for r in &plan.routes {
        let (umm, base) = unit_names(plan, network, r.unit);
        for (i, s) in r.stops.iter().enumerate() {
            let l = loc(s.candidate);
            route_rows.push(vec![
                umm.clone(),
                base.clone(),
                dates[r.day].to_string(),
                (i + 1).to_string(),
                l.cvegeo.clone(),
                l.name.clone(),
                clock(s.arrival, day_start_hour),
                clock(s.departure, day_start_hour),
                fixed(s.travel_minutes, 1),
                plan.candidates[s.candidate].consultations.to_string(),
            ]);
        }
    }
    write_csv(
        &dir.join("rutas_umm.csv"),
        &["umm", "clues_base", "fecha", "orden", "cvegeo", "localidad", "llegada", "salida", "minutos_traslado", "consultas_estimadas"],
        route_rows,
    )?;
    let extra_of: Vec<Option<usize>> = {
        let mut v = vec![None; plan.candidates.len()];
        for (k, e) in plan.extra_units.iter().enumerate() {
            for &c in &e.candidates {
                v[c] = Some(k);
            }
        }
        v
    };
    let coverage_rows = plan.candidates.iter().enumerate().map(|(c, cand)| {
        let l = loc(c);
        let umm = plan.covered_by[c].map(|k| unit_names(plan, network, k).0).unwrap_or_default();
        vec![
            l.cvegeo.clone(),
            l.name.clone(),
            cand.population.to_string(),
            fixed(cand.weight, 1),
            cand.visits.to_string(),
            cand.consultations.to_string(),
            fixed(cand.service_minutes, 0),
            umm,
            if plan.covered_by[c].is_some() { "cubierta" } else { "sin cobertura" }.to_string(),
        ]
    });
    write_csv(
        &dir.join("cobertura_localidades.csv"),
        &["cvegeo", "localidad", "poblacion", "poblacion_ponderada", "visitas", "consultas_estimadas", "minutos_servicio", "umm", "estado"],
        coverage_rows,
    )?;
    let uncovered_rows = plan.uncovered.iter().map(|&(c, reason)| {
        let l = loc(c);
        let (motivo, umm) = match reason {
            UncoveredReason::OutOfReach => ("fuera de alcance: ninguna base a menos de media jornada".to_string(), String::new()),
            UncoveredReason::NoUnitInState => {
                ("fuera de alcance: su entidad no tiene UMM en operación y ninguna de otra entidad la alcanza".to_string(), String::new())
            }
            UncoveredReason::DaysFull { unit } => {
                ("alcanzable, pero los días de la unidad están llenos".to_string(), unit_names(plan, network, unit).0)
            }
            UncoveredReason::CrewIncomplete { unit } => {
                ("su UMM no sale: tripulación incompleta".to_string(), unit_names(plan, network, unit).0)
            }
        };
        let extra = extra_of[c].map(|k| format!("UMM-ADICIONAL-{:03}", k + 1)).unwrap_or_default();
        vec![l.cvegeo.clone(), l.name.clone(), plan.candidates[c].population.to_string(), motivo, umm, extra]
    });
    write_csv(
        &dir.join("localidades_sin_cobertura.csv"),
        &["cvegeo", "localidad", "poblacion", "motivo", "umm_que_la_alcanza", "umm_adicional_propuesta"],
        uncovered_rows,
    )?;
    let extra_rows = plan.extra_units.iter().enumerate().map(|(k, e)| {
        let b = &network.units[e.base];
        vec![
            format!("UMM-ADICIONAL-{:03}", k + 1),
            b.clues.clone(),
            b.name.clone(),
            fixed(b.location.lat, 6),
            fixed(b.location.lon, 6),
            e.candidates.len().to_string(),
            e.population.to_string(),
        ]
    });
    write_csv(
        &dir.join("umm_adicionales.csv"),
        &["umm_adicional", "clues_base", "base", "latitud", "longitud", "localidades", "poblacion"],
        extra_rows,
    )?;
    let mut routes: Vec<Value> = Vec::new();
    let mut stops: Vec<Value> = Vec::new();
    for r in &plan.routes {
        let (umm, base) = unit_names(plan, network, r.unit);
        let base_loc = if r.unit < plan.units.len() {
            network.units[plan.units[r.unit]].location
        } else {
            network.units[plan.extra_units[r.unit - plan.units.len()].base].location
        };
        let mut coords = vec![json!([fixed6(base_loc.lon), fixed6(base_loc.lat)])];
        coords.extend(r.stops.iter().map(|s| {
            let p = loc(s.candidate).location;
            json!([fixed6(p.lon), fixed6(p.lat)])
        }));
        coords.push(json!([fixed6(base_loc.lon), fixed6(base_loc.lat)]));
        routes.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {"umm": umm, "clues_base": base, "fecha": dates[r.day].to_string(), "localidades": r.stops.len(), "minutos": round1(r.end)},
        }));
        for (i, s) in r.stops.iter().enumerate() {
            let l = loc(s.candidate);
            stops.push(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [fixed6(l.location.lon), fixed6(l.location.lat)]},
                "properties": {
                    "umm": umm,
                    "clues_base": base,
                    "fecha": dates[r.day].to_string(),
                    "orden": i + 1,
                    "cvegeo": l.cvegeo,
                    "localidad": l.name,
                    "llegada": clock(s.arrival, day_start_hour),
                    "salida": clock(s.departure, day_start_hour),
                    "minutos_traslado": round1(s.travel_minutes),
                    "consultas_estimadas": plan.candidates[s.candidate].consultations,
                },
            }));
        }
    }
    write_geojson(&dir.join("rutas_umm.geojson"), routes)?;
    write_geojson(&dir.join("paradas_umm.geojson"), stops)?;
    let localities: Vec<Value> = plan
        .candidates
        .iter()
        .enumerate()
        .map(|(c, cand)| {
            let l = loc(c);
            let umm = plan.covered_by[c].map(|k| unit_names(plan, network, k).0);
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [fixed6(l.location.lon), fixed6(l.location.lat)]},
                "properties": {
                    "cvegeo": l.cvegeo,
                    "cvegeo_municipio": l.cvegeo.get(..5).unwrap_or(""),
                    "localidad": l.name,
                    "poblacion": cand.population,
                    "visitas": cand.visits,
                    "consultas_estimadas": cand.consultations,
                    "cubierta": umm.is_some(),
                    "umm": umm,
                },
            })
        })
        .collect();
    write_geojson(&dir.join("localidades_umm.geojson"), localities)?;
    let population_candidate: u64 = plan.candidates.iter().map(|c| c.population as u64).sum();
    let population_covered: u64 =
        plan.candidates.iter().zip(&plan.covered_by).filter(|(_, k)| k.is_some()).map(|(c, _)| c.population as u64).sum();
    let covered = plan.covered_by.iter().filter(|k| k.is_some()).count();
    let mut summary = json!({
        "units": plan.units.len(),
        "units_verified": plan.verified_units,
        "localities_candidate": plan.candidates.len(),
        "localities_covered": covered,
        "population_candidate": population_candidate,
        "population_covered": population_covered,
        "coverage_pct": if population_candidate > 0 { (1000.0 * population_covered as f64 / population_candidate as f64).round() / 10.0 } else { 0.0 },
        "extra_units_needed": plan.extra_units.len(),
        "localities_uncovered_after_extra_units": plan.uncovered_after_extra,
        "travel_hours": (plan.travel_minutes / 6.0).round() / 10.0,
        "working_days": dates.len(),
        "solve_seconds": (solve_seconds * 10.0).round() / 10.0,
        "synthetic": network.synthetic,
    });
    if let Value::Object(m) = &mut summary {
        m.extend(extra_summary);
    }
    write_json(&dir.join("resumen_umm.json"), &summary)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn fixed6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}
