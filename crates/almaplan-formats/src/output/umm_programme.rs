//! The mobile units as a programme: PI 2.2 per state and nationally beside the published figure
//! (`pi_2_2_umm.csv`), the multi-year plan (`plan_umm_AAAA_AAAA.csv`, e.g.
//! `plan_umm_2025_2030.csv`) and their fields in `resumen_umm.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::output::{fixed, write_csv};
use almaplan_core::domain::state;
use almaplan_core::domain::Network;
use almaplan_core::error::Error;
use almaplan_core::planners::umm::multi_year::MultiYearPlan;
use almaplan_core::planners::umm::pi22::{Pi22, PUBLISHED_2024};
use almaplan_core::planners::umm::UmmPlan;

/// File name of the multi-year plan for `first`–`last`: `plan_umm_2025_2030.csv`.
pub fn multi_year_file(plan: &MultiYearPlan) -> String {
    let first = plan.years.first().map_or(0, |y| y.year);
    let last = plan.years.last().map_or(0, |y| y.year);
    format!("plan_umm_{first}_{last}.csv")
}

fn pct(v: f64) -> f64 {
    (v * 1000.0).round() / 10.0
}

/// The PI 2.2 published baseline (2024) as a fraction: the targets file's 2024 row, else the
/// figure of the Programa Institucional (942,061 / 1,723,631).
pub fn published_baseline(targets: &BTreeMap<u16, f64>) -> f64 {
    targets.get(&2024).copied().unwrap_or(PUBLISHED_2024.0 as f64 / PUBLISHED_2024.1 as f64)
}

/// Writes `pi_2_2_umm.csv` and, when there is one, the multi-year plan; returns the fields
/// `resumen_umm.json` adds.
pub fn write(
    dir: &Path,
    plan: &UmmPlan,
    network: &Network,
    pi22: &Pi22,
    multi_year: Option<&MultiYearPlan>,
    targets: &BTreeMap<u16, f64>,
) -> Result<Map<String, Value>, Error> {
    let baseline = published_baseline(targets);
    let mut rows: Vec<Vec<String>> = pi22
        .states
        .iter()
        .map(|(s, r)| {
            vec![
                s.to_string(),
                state::name(*s).unwrap_or("").to_string(),
                r.localities.to_string(),
                r.responsibility.to_string(),
                r.attended.to_string(),
                fixed(100.0 * r.value(), 1),
                String::new(),
            ]
        })
        .collect();
    let n = &pi22.national;
    rows.push(vec![
        "00".into(),
        "TOTAL DEL ESCENARIO".into(),
        n.localities.to_string(),
        n.responsibility.to_string(),
        n.attended.to_string(),
        fixed(100.0 * n.value(), 1),
        fixed(100.0 * baseline, 1),
    ]);
    write_csv(
        &dir.join("pi_2_2_umm.csv"),
        &[
            "entidad",
            "nombre_entidad",
            "localidades_responsabilidad",
            "poblacion_responsabilidad",
            "personas_atendidas_anio",
            "pi_2_2_pct",
            "pi_2_2_publicado_2024_pct",
        ],
        rows,
    )?;
    let mut extra = Map::new();
    extra.insert(
        "pi22".into(),
        json!({
            "responsibility_population": n.responsibility,
            "attended_per_year": n.attended,
            "pct": pct(n.value()),
            "published_2024_pct": pct(baseline),
            "published_2024_attended": PUBLISHED_2024.0,
            "published_2024_responsibility": PUBLISHED_2024.1,
            "by_state": pi22.states.iter().map(|(s, r)| json!({
                "state": s, "responsibility_population": r.responsibility, "attended_per_year": r.attended, "pct": pct(r.value()),
            })).collect::<Vec<_>>(),
        }),
    );
    extra.insert("population_coverage_pct_meaning".into(), json!("coverage_pct: covered ÷ candidate localities' population; not PI 2.2"));
    extra.insert("units_crew_incomplete".into(), json!(plan.crew_complete.iter().filter(|c| !**c).count()));
    extra.insert("localities_removed_proactive_care".into(), json!(plan.proactive_removed));
    extra.insert("states_without_small_localities".into(), json!(plan.states_without_small_localities));
    extra.insert("localities_priority".into(), json!(plan.candidates.iter().filter(|c| !c.priorities.is_empty()).count()));
    if let Some(m) = multi_year {
        let file = multi_year_file(m);
        let mut rows = Vec::new();
        for y in &m.years {
            let base = vec![y.year.to_string(), fixed(100.0 * y.target, 1), fixed(100.0 * y.pi22, 1)];
            for &(b, people) in &y.new_units {
                let u = &network.units[b];
                let mut r = base.clone();
                r.extend(["nueva_umm".into(), u.clues.clone(), u.name.clone(), u.state.to_string(), people.to_string(), String::new()]);
                rows.push(r);
            }
            for &(k, people) in &y.crews_completed {
                let u = &network.units[plan.units[k]];
                let mut r = base.clone();
                r.extend([
                    "completar_tripulacion".into(),
                    u.clues.clone(),
                    u.name.clone(),
                    u.state.to_string(),
                    people.to_string(),
                    String::new(),
                ]);
                rows.push(r);
            }
            let mut r = base.clone();
            r.extend([
                if y.target_met(m.responsibility) { "total_anio_meta_cumplida" } else { "total_anio_meta_no_alcanzable" }.into(),
                String::new(),
                format!("{} UMM adicionales y {} tripulaciones completadas en servicio", y.units_in_service, y.crews_in_service),
                String::new(),
                y.attended.to_string(),
                fixed(y.cost, 2),
            ]);
            rows.push(r);
        }
        write_csv(
            &dir.join(&file),
            &["anio", "meta_pi_2_2_pct", "pi_2_2_plan_pct", "accion", "clues", "unidad", "entidad", "personas_atendidas", "costo_umm_anio"],
            rows,
        )?;
        extra.insert(
            "multi_year".into(),
            json!({
                "file": file,
                "mode": if m.budgeted { "budget" } else { "least_cost_to_targets" },
                "responsibility_population": m.responsibility,
                "attended_now": m.attended_now,
                "max_attended": m.max_attended,
                "max_pi22_pct": pct(if m.responsibility > 0 { m.max_attended as f64 / m.responsibility as f64 } else { 0.0 }),
                "candidate_bases": m.candidate_bases,
                "pairs": m.pairs,
                "status": format!("{:?}", m.report.status),
                "objective": m.report.objective,
                "bound": m.report.bound,
                "gap": m.report.gap,
                "solve_seconds": (m.report.seconds * 10.0).round() / 10.0,
                "years": m.years.iter().map(|y| json!({
                    "year": y.year,
                    "target_pct": pct(y.target),
                    "pi22_pct": pct(y.pi22),
                    "attended": y.attended,
                    "target_met": y.target_met(m.responsibility),
                    "units_added": y.new_units.len(),
                    "units_in_service": y.units_in_service,
                    "crews_completed": y.crews_completed.len(),
                    "cost": y.cost,
                })).collect::<Vec<_>>(),
            }),
        );
    }
    Ok(extra)
}
