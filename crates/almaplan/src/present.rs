//! Everything the commands print on the console: the tables and summaries of `run`, `validate`,
//! `roster`, `zones`, `waves`, `routes` and `compare`. Files are written by the writers; this
//! module only prints, on stdout (errors go to stderr once, from `main`).

use std::path::Path;

use serde_json::json;

use crate::pipeline::{RoutesOutcome, RunResults, WavesRun};
use almaplan_core::error::Diagnostics;
use almaplan_core::planners::roster::RosterPlan;
use almaplan_core::planners::zones::ZonesPlan;
use almaplan_formats::load::Loaded;
use almaplan_formats::scenario::LoadedScenario;

/// `run`: sources, the state table, warnings, the roster summary and the headline figures.
pub fn print_run_summary(s: &LoadedScenario, r: &RunResults, dir: &Path) {
    let l = &r.loaded;
    let label = if l.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("almaplan {} — escenario «{}»{label}", env!("CARGO_PKG_VERSION"), s.scenario.name);
    print_sources(l);
    print_state_table(l);
    print_warnings(&l.diagnostics);
    if let Some(plan) = &r.roster {
        print_roster_summary(plan, l);
    }
    println!("Cifras principales:");
    for i in crate::headline::headline(r) {
        let evidence = match (&i.status, i.gap_pct) {
            (Some(st), Some(g)) => format!("  [{st}, brecha {g:.3}%]"),
            (Some(st), None) => format!("  [{st}]"),
            _ => String::new(),
        };
        let unit = if i.text.is_some() || i.unit == "%" { "" } else { i.unit.as_str() };
        println!("  {:<52} {:>14} {unit}{evidence}", i.label_es, i.display());
    }
    println!(
        "Salidas en {}: reporte.html, brechas.csv, indicadores.json, estado_elementos.csv, ejecucion.json, unidades.csv/.geojson, red_por_entidad.csv, calendario.csv, problemas_datos.csv y los archivos de cada planificador ({:.1} s)",
        dir.display(),
        r.seconds
    );
}

/// Every input file with its layout, rows and records.
pub fn print_sources(l: &Loaded) {
    println!("Fuentes:");
    for src in &l.sources {
        println!("  {:<20} {} ({}, {} filas, {} registros)", src.role, src.path, src.layout, src.rows, src.records);
    }
}

/// Units by kind, localities, population and physicians per state, and the totals.
pub fn print_state_table(l: &Loaded) {
    println!(
        "{:>3} {:<32} {:>8} {:>6} {:>9} {:>5} {:>7} {:>9} {:>8} {:>11} {:>11} {:>8}",
        "cve", "entidad", "unidades", "fijas", "CS+CESSA", "UNEME", "móviles", "hospital", "núcleos", "localidades", "población", "médicos"
    );
    let summary = l.network.summary_by_state();
    for s in &summary {
        println!(
            "{:>3} {:<32} {:>8} {:>6} {:>9} {:>5} {:>7} {:>9} {:>8} {:>11} {:>11} {:>8}",
            s.clave,
            s.entidad,
            s.units,
            s.fixed,
            s.fixed_primary_care,
            s.uneme,
            s.mobile,
            s.hospitals,
            s.nucleos,
            s.localities,
            s.population,
            s.physicians
        );
    }
    println!(
        "Total: {} unidades, {} de primer nivel en operación, {} localidades, {} médicos",
        l.network.units.len(),
        l.network.first_level_in_operation(),
        l.network.localities.len(),
        l.network.physicians.iter().filter(|p| p.role == almaplan_core::domain::physician::Role::Medico).count()
    );
}

/// Warnings grouped by file and category, with an example each.
pub fn print_warnings(d: &Diagnostics) {
    let groups = d.warning_summary();
    if groups.is_empty() {
        return;
    }
    println!("Advertencias ({}):", d.warnings.len());
    for g in groups {
        println!("  {:>6} × {} en {} — p. ej. {}", g.count, g.category, g.file, g.example);
    }
}

/// The weekend roster: coverage, solver evidence per state, hires, published figures, changes.
pub fn print_roster_summary(plan: &RosterPlan, l: &Loaded) {
    let f = plan.figures(None);
    let label = match (l.network.synthetic, l.network.synthetic_staffing) {
        (true, _) => " [DATOS SINTÉTICOS]",
        (false, true) => " [PLANTILLA SINTÉTICA: un médico por núcleo básico]",
        _ => "",
    };
    println!("Rol de fin de semana{label}:");
    println!(
        "  {} unidades objetivo, {} días de apertura: {}/{} unidades-día cubiertas ({:.1}%), {} turnos asignados",
        f.units_targeted,
        plan.instance.days.len(),
        f.unit_days_covered,
        f.unit_days_required,
        f.coverage_pct,
        f.shifts
    );
    println!("  solver: objetivo {:.1}, cota {:.1}, brecha {:.3}%, {:.1} s (pared)", f.objective, f.bound, f.gap_pct, f.solve_seconds);
    for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
        let r = &sp.roster.report;
        println!(
            "    {:<32} {}: objetivo {:.1}, cota {:.1}, brecha {:.3}%, {:.1} s, {} variables",
            almaplan_core::domain::state::name(st.state).unwrap_or("?"),
            r.status.label(),
            r.objective,
            r.bound,
            100.0 * r.gap,
            r.seconds,
            r.variables
        );
    }
    println!("  contrataciones de fin de semana necesarias: {}", f.hires_needed);
    if let Some(team) = &f.team {
        let by_role: Vec<String> = team.roles.iter().map(|r| format!("{} {} (cota {})", r.role, r.hires, r.hires_bound)).collect();
        println!(
            "  equipos: {} unidades-día abiertas con equipo mínimo, {} con médicos pero sin equipo completo; contrataciones por rol: {}",
            team.unit_days_open_with_team,
            team.unit_days_physicians_without_team,
            by_role.join(", ")
        );
    }
    let published: u32 = l.figures.values().filter_map(|x| x.weekend_target_units).sum();
    if published > 0 {
        println!(
            "  cifras publicadas: meta de {published} unidades en estas entidades (8,277 nacional); dic-2024: 35% con evidencia de apertura 7 días; \
             brecha sep-2024: 7,194 médicos en 1,503 unidades; ~4,910 contrataciones previstas"
        );
    }
    if let Some(c) = &plan.changes {
        println!(
            "  re-planeación: {} asignaciones previas ({} fijas), {} conservadas, {} cambiadas, {} nuevas",
            c.previous_assignments, c.locked, c.kept, c.removed, c.added
        );
    }
}

/// `zones`: per state the zones, where their count comes from and the solver's evidence.
pub fn print_zones(s: &LoadedScenario, l: &Loaded, plan: &ZonesPlan, out_dir: &Path) {
    let label = if l.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("almaplan zones — escenario «{}»{label}", s.scenario.name);
    println!(
        "{:>3} {:<24} {:>8} {:>6} {:>6} {:<14} {:<26} {:>12} {:>12} {:>8} {:>7}",
        "cve", "entidad", "unidades", "p", "zonas", "origen", "estado", "objetivo", "cota", "brecha%", "seg"
    );
    println!("    (objetivo: minutos de cada unidad a su hospital coordinador; cota: cota inferior probada)");
    for st in &plan.states {
        let name: String = almaplan_core::domain::state::name(st.state).unwrap_or("?").chars().take(24).collect();
        let (status, obj, bound, gap, secs) = match &st.report {
            Some(r) => (
                r.status.label().to_string(),
                format!("{:.1}", r.objective),
                format!("{:.1}", r.bound),
                format!("{:.3}", r.gap * 100.0),
                format!("{:.2}", r.seconds),
            ),
            None => ("dada".into(), "-".into(), "-".into(), "-".into(), "-".into()),
        };
        println!(
            "{:>3} {:<24} {:>8} {:>6} {:>6} {:<14} {:<26} {:>12} {:>12} {:>8} {:>7}",
            st.state,
            name,
            st.units,
            st.p_requested,
            st.zones,
            zone_source(st.source),
            status,
            obj,
            bound,
            gap,
            secs
        );
        if let (Some(balanced), Some((lo, hi))) = (st.uncapacitated_balanced, st.workload_range) {
            let how = if balanced { "la p-mediana sin capacidad ya equilibra" } else { "MIP con capacidad" };
            println!("      {} por zona entre {lo:.0} y {hi:.0}: {how}", st.workload_unit);
        }
        for n in &st.notes {
            println!("      nota: {n}");
        }
    }
    println!(
        "Total: {} unidades en {} zonas. Salidas en {}: zonas.csv, zonas.geojson, sedes.geojson",
        plan.assignments.len(),
        plan.zones.len(),
        out_dir.display()
    );
}

/// Where a state's zones come from, in a word.
fn zone_source(s: almaplan_core::planners::zones::ZoneSource) -> &'static str {
    use almaplan_core::planners::zones::ZoneSource as Z;
    match s {
        Z::File => "archivo",
        Z::RegionColumn => "región operat.",
        Z::PMedian => "p-mediana",
        Z::PMedianOverUnits => "p-med. unid.",
    }
}

/// `waves`: per state the dates and field days, per stage the sequence's evidence, and the
/// brigades the deadline needs.
pub fn print_waves(s: &LoadedScenario, run: &WavesRun, out_dir: &Path, ics_files: usize, seconds: f64) {
    let (l, plan, zone_plan, needed) = (&run.loaded, &run.waves, &run.zones, run.waves.brigades_needed);
    let params = s.scenario.waves.clone().unwrap_or_default();
    let label = if l.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("almaplan waves — escenario «{}»{label}", s.scenario.name);
    println!(
        "{:>5} {:<24} {:>8} {:>6} {:>11} {:>11} {:>11} {:>11} {:>6} {:>6}",
        "etapa", "entidad", "unidades", "zonas", "instalación", "campo", "fin campo", "diagnóst.", "días", "cota"
    );
    for st in &plan.states {
        let name: String = almaplan_core::domain::state::name(st.state).unwrap_or("?").chars().take(24).collect();
        println!(
            "{:>5} {:<24} {:>8} {:>6} {:>11} {:>11} {:>11} {:>11} {:>6} {:>6}{}",
            st.stage,
            name,
            st.units,
            st.zones.len(),
            st.installation,
            st.field_start,
            st.field_end,
            st.diagnostics,
            st.field_days,
            st.field_bound,
            if st.diagnostics > plan.deadline { "  TARDE" } else { "" }
        );
    }
    for st in &plan.stages {
        println!(
            "Etapa {}: {} entidades, duración {} días hábiles, cota inferior {} (brecha {:.1}%), secuencia {} ({})",
            st.stage,
            st.states.len(),
            st.makespan_days,
            st.lower_bound_days,
            st.gap_pct,
            st.report.status.label(),
            st.report.model
        );
    }
    let late = plan.units_after_deadline();
    println!(
        "Unidades programadas: {}; después de la fecha límite {}: {}; brigadas: {}; necesarias para la fecha límite: {}",
        plan.units_scheduled(),
        plan.deadline,
        late,
        plan.brigades_label(),
        needed.map(|b| b.to_string()).unwrap_or_else(|| {
            if let Some(sup) = &plan.supply {
                let last = sup.states.iter().map(|s| s.diagnostics_needed).max().map(|d| d.to_string()).unwrap_or_default();
                let late: Vec<String> = sup.states.iter().filter(|s| !s.on_time_needed).map(|s| format!("{:02}", s.state)).collect();
                return format!(
                    "{} brigadas: a tiempo todas las entidades salvo {} (con una brigada por zona, diagnósticos hasta {last}); por entidad en equipos_entidades.csv",
                    sup.needed_total(),
                    late.join(", "),
                );
            }
            let most_zones = zone_plan.states.iter().map(|st| st.zones as u32).max().unwrap_or(1);
            match plan.pool {
                Some(_) => format!(
                    "no basta ni con una bolsa de {} (una brigada por zona o max_brigade_pool)",
                    params.max_brigade_pool.unwrap_or(zone_plan.zones.len() as u32)
                ),
                None => format!(
                    "no basta ni con {} (una por zona o el máximo max_brigades_per_state)",
                    params.max_brigades_per_state.min(most_zones)
                ),
            }
        })
    );
    println!(
        "Salidas en {}: calendario_brigadas.csv, resumen_entidades.csv, curva_avance.csv, gantt.svg, resumen_oleadas.json, zonas.csv, ics/ ({} archivos). {:.1} s",
        out_dir.display(), ics_files, seconds
    );
}

/// `routes`: candidates, coverage and the extra mobile units needed.
pub fn print_routes(s: &LoadedScenario, l: &Loaded, routes: &RoutesOutcome, out_dir: &Path) {
    let RoutesOutcome { plan, dates, seconds, .. } = routes;
    let covered = plan.covered_by.iter().filter(|k| k.is_some()).count();
    let label = if l.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("UMM — escenario «{}»{label}: {} unidades, {} días hábiles", s.scenario.name, plan.units.len(), dates.len());
    println!(
        "Localidades candidatas: {}; cubiertas: {}; sin cobertura: {}; UMM adicionales: {} ({} siguen sin cobertura); {:.1} s",
        plan.candidates.len(),
        covered,
        plan.uncovered.len(),
        plan.extra_units.len(),
        plan.uncovered_after_extra,
        seconds
    );
    println!("Salidas en {}: rutas_umm.csv, cobertura_localidades.csv, localidades_sin_cobertura.csv, umm_adicionales.csv, rutas_umm.geojson, paradas_umm.geojson, localidades_umm.geojson, resumen_umm.json", out_dir.display());
    crate::umm_programme::print(l, routes);
}

/// `compare`: parameters that differ, each indicator A, B and B − A, and the elements whose
/// status changed.
pub fn print_comparison(c: &crate::whatif::compare::Comparison, a: &Path, b: &Path, out_dir: &Path) {
    println!("A: {} ({})\nB: {} ({})", a.display(), c.a.escenario, b.display(), c.b.escenario);
    if let Some(p) = &c.parameters {
        println!("Parámetros que difieren: {}", p.len());
        for (key, x, y) in p {
            println!("  {key}: {} → {}", x.as_deref().unwrap_or("(ausente)"), y.as_deref().unwrap_or("(ausente)"));
        }
    }
    for d in &c.indicators {
        let v = |r: &Option<almaplan_formats::run_schema::IndicatorRecord>| {
            r.as_ref().and_then(|r| r.valor).map(crate::whatif::compare_output::number).unwrap_or_else(|| "-".into())
        };
        let diff = d.difference.map(crate::whatif::compare_output::number).unwrap_or_default();
        println!("  {:<48} {:>12} {:>12} {:>12} {}", d.etiqueta, v(&d.a), v(&d.b), diff, d.verdict.label());
    }
    println!("Elementos cuyo estado cambió: {}", c.changes.len());
    for ((tipo, from, to), n) in &c.transitions {
        println!("  {tipo:<24} {from} → {to}: {n}");
    }
    println!(
        "Salidas en {}: {}, {}, {}",
        out_dir.display(),
        crate::whatif::compare_output::INDICATORS_CSV,
        crate::whatif::compare_output::CHANGES_CSV,
        crate::whatif::compare_output::HTML
    );
}

/// Units read from the catalogue or generated (before keeping the scenario's states).
fn units_read(l: &Loaded) -> usize {
    l.sources.iter().filter(|s| s.role == "establecimientos" || s.role == "red sintética").map(|s| s.records).sum()
}

/// `validate --json`: the summary and every problem as one JSON object.
pub fn validation_json(s: &LoadedScenario, l: &Loaded) -> serde_json::Value {
    let by_state: Vec<serde_json::Value> = l
        .network
        .summary_by_state()
        .iter()
        .map(|s| {
            json!({
                "clave": s.clave, "entidad": s.entidad, "units": s.units, "fixed": s.fixed,
                "fixed_primary_care": s.fixed_primary_care, "uneme": s.uneme, "mobile": s.mobile, "hospitals": s.hospitals,
                "nucleos": s.nucleos, "localities": s.localities, "population": s.population,
                "physicians": s.physicians,
            })
        })
        .collect();
    let summary: Vec<serde_json::Value> = l
        .diagnostics
        .warning_summary()
        .iter()
        .map(|g| json!({"category": g.category, "file": g.file, "count": g.count, "example": g.example.to_string()}))
        .collect();
    json!({
        "scenario": s.scenario.name,
        "synthetic": l.network.synthetic,
        "synthetic_staffing": l.network.synthetic_staffing,
        "sources": l.sources,
        "units_read": units_read(l),
        "units_in_scenario": l.network.units.len(),
        "first_level_in_operation": l.network.first_level_in_operation(),
        "localities": l.network.localities.len(),
        "physicians": l.network.physicians.len(),
        "by_state": by_state,
        "errors": l.diagnostics.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        "warnings": l.diagnostics.warnings.len(),
        "warning_summary": summary,
    })
}

/// `validate`: sources, units read, the state table and warnings on stdout. The errors are not
/// printed here: the command fails with them and `main` prints them once, on stderr.
pub fn print_validation(s: &LoadedScenario, l: &Loaded) {
    println!("Escenario «{}» ({})", s.scenario.name, s.source);
    print_sources(l);
    println!("Unidades leídas: {}", units_read(l));
    print_state_table(l);
    print_warnings(&l.diagnostics);
}
