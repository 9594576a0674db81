//! Command-line interface: argument parsing and the commands, kept thin over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::error::{Diagnostics, Error};
use crate::load::{self, Loaded};
use crate::output::{self, network as out};
use crate::scenario::LoadedScenario;

#[derive(Debug, Parser)]
#[command(name = "almaplan", version, about = "Planificación para IMSS-BIENESTAR: rol de fin de semana, Comando Alma-Ata y unidades médicas móviles")]
pub struct Cli {
    /// No progress bars and no summary on the console (errors still go to stderr).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the scenario (the embedded demo when none is given) and write its outputs.
    Run {
        /// Scenario TOML file.
        scenario: Option<PathBuf>,
        /// Output directory.
        #[arg(long, default_value = "salida")]
        out: PathBuf,
    },
    /// Read every input of a scenario, print a summary per state and every problem.
    Validate {
        scenario: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Plan the mobile medical units' routes of a scenario and write their outputs.
    Routes {
        /// Scenario TOML file (the embedded demo when none is given).
        scenario: Option<PathBuf>,
        #[arg(long, default_value = "salida")]
        out: PathBuf,
    },
    /// Solve a folder of routing benchmark instances and compare with the best-known costs.
    BenchRouting {
        /// cordeau-pvrp, cvrplib or solomon.
        #[arg(long)]
        format: String,
        /// Folder with the instance files.
        dir: PathBuf,
        /// Seconds per instance.
        #[arg(long, default_value_t = 10.0)]
        time_limit: f64,
        /// CSV of best-known costs (column `instance` plus the format's cost column).
        #[arg(long)]
        bks: Option<PathBuf>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Runs a parsed command; the returned error carries the exit code.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Run { scenario, out } => run_scenario(scenario.as_deref(), &out, cli.quiet),
        Command::Validate { scenario, json } => validate(&scenario, json, cli.quiet),
        Command::Routes { scenario, out } => plan_routes(scenario.as_deref(), &out, cli.quiet),
        Command::BenchRouting { format, dir, time_limit, bks, seed } => bench_routing(&format, &dir, time_limit, bks.as_deref(), seed),
    }
}

fn open_scenario(path: Option<&Path>) -> Result<LoadedScenario, Error> {
    match path {
        Some(p) => LoadedScenario::from_file(p),
        None => Ok(LoadedScenario::demo()),
    }
}

/// A spinner on stderr while a long step runs, only when stderr is a terminal.
fn spinner(quiet: bool, message: &str) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message(message.to_string());
    pb.enable_steady_tick(Duration::from_millis(120));
    Some(pb)
}

fn run_scenario(path: Option<&Path>, out_dir: &Path, quiet: bool) -> Result<(), Error> {
    let s = open_scenario(path)?;
    let pb = spinner(quiet, "leyendo datos…");
    let loaded = load::load(&s);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let loaded = loaded?;
    write_network_outputs(&s, &loaded, out_dir)?;
    if !quiet {
        print_run_summary(&s, &loaded, out_dir);
    }
    Ok(())
}

/// Planner sections the scenario enables.
fn enabled_planners(s: &LoadedScenario) -> Vec<&'static str> {
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

fn write_network_outputs(s: &LoadedScenario, l: &Loaded, dir: &Path) -> Result<(), Error> {
    let summary = l.network.summary_by_state();
    out::write_units_csv(&dir.join("unidades.csv"), &l.network)?;
    out::write_units_geojson(&dir.join("unidades.geojson"), &l.network)?;
    out::write_summary_csv(&dir.join("resumen_entidades.csv"), &summary, l.network.synthetic)?;
    let cal = &s.scenario.calendar;
    out::write_calendar_csv(&dir.join("calendario.csv"), &l.calendar, cal.start, cal.end)?;
    out::write_problems_csv(&dir.join("problemas_datos.csv"), &l.diagnostics)?;
    let planners: serde_json::Map<String, serde_json::Value> = enabled_planners(s)
        .into_iter()
        .map(|p| (p.to_string(), json!("no disponible en esta versión")))
        .collect();
    let run = json!({
        "almaplan": env!("CARGO_PKG_VERSION"),
        "escenario": s.scenario.name,
        "archivo_escenario": s.source,
        "semilla": s.scenario.seed,
        "sintetico": l.network.synthetic,
        "entidades": s.scenario.states,
        "fuentes": l.sources,
        "unidades": l.network.units.len(),
        "primer_nivel_en_operacion": l.network.first_level_in_operation(),
        "localidades": l.network.localities.len(),
        "medicos": l.network.physicians.len(),
        "advertencias": l.diagnostics.warnings.len(),
        "planificadores": planners,
    });
    output::write_json(&dir.join("ejecucion.json"), &run)
}

fn print_run_summary(s: &LoadedScenario, l: &Loaded, dir: &Path) {
    let label = if l.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("almaplan {} — escenario «{}»{label}", env!("CARGO_PKG_VERSION"), s.scenario.name);
    print_sources(l);
    print_state_table(l);
    print_warnings(&l.diagnostics);
    let planners = enabled_planners(s);
    if !planners.is_empty() {
        println!(
            "Planificadores en el escenario: {} (aún no disponibles en esta versión: se escribió la red leída).",
            planners.join(", ")
        );
    }
    println!("Salidas en {}: unidades.csv, unidades.geojson, resumen_entidades.csv, calendario.csv, problemas_datos.csv, ejecucion.json", dir.display());
}

fn print_sources(l: &Loaded) {
    println!("Fuentes:");
    for src in &l.sources {
        println!("  {:<20} {} ({}, {} filas, {} registros)", src.role, src.path, src.layout, src.rows, src.records);
    }
}

fn print_state_table(l: &Loaded) {
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
        l.network.physicians.len()
    );
}

fn print_warnings(d: &Diagnostics) {
    let groups = d.warning_summary();
    if groups.is_empty() {
        return;
    }
    println!("Advertencias ({}):", d.warnings.len());
    for g in groups {
        println!("  {:>6} × {} en {} — p. ej. {}", g.count, g.category, g.file, g.example);
    }
}

fn validate(path: &Path, as_json: bool, quiet: bool) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let pb = spinner(quiet || as_json, "leyendo datos…");
    let l = load::load_all(&s);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let units_read: usize = l.sources.iter().filter(|s| s.role == "establecimientos" || s.role == "red sintética").map(|s| s.records).sum();
    if as_json {
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
        let doc = json!({
            "scenario": s.scenario.name,
            "synthetic": l.network.synthetic,
            "sources": l.sources,
            "units_read": units_read,
            "units_in_scenario": l.network.units.len(),
            "first_level_in_operation": l.network.first_level_in_operation(),
            "localities": l.network.localities.len(),
            "physicians": l.network.physicians.len(),
            "by_state": by_state,
            "errors": l.diagnostics.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            "warnings": l.diagnostics.warnings.len(),
            "warning_summary": summary,
        });
        println!("{}", serde_json::to_string_pretty(&doc).expect("JSON of plain values"));
    } else {
        println!("Escenario «{}» ({})", s.scenario.name, s.source);
        print_sources(&l);
        println!("Unidades leídas: {units_read}");
        print_state_table(&l);
        print_warnings(&l.diagnostics);
        if !l.diagnostics.errors.is_empty() {
            eprintln!("Errores ({}):", l.diagnostics.errors.len());
            for e in &l.diagnostics.errors {
                eprintln!("  {e}");
            }
        }
    }
    if l.diagnostics.has_errors() {
        return Err(Error::Input(l.diagnostics.errors));
    }
    Ok(())
}

fn bench_routing(format: &str, dir: &Path, time_limit: f64, bks: Option<&Path>, seed: u64) -> Result<(), Error> {
    use crate::input::routing_bench::BenchFormat;
    let Some(fmt) = BenchFormat::parse(format) else {
        return Err(Error::Scenario { path: "--format".into(), message: format!("{format:?} — se espera cordeau-pvrp, cvrplib o solomon") });
    };
    if !(time_limit > 0.0 && time_limit.is_finite()) {
        return Err(Error::Scenario { path: "--time-limit".into(), message: format!("{time_limit} — se esperan segundos > 0") });
    }
    // The header goes out with the first row, so that a bad input file prints nothing.
    let mut header = true;
    let rows = crate::bench_routing::run(fmt, dir, time_limit, bks, seed, |row| {
        if std::mem::take(&mut header) {
            println!("instance,cost,bks,gap_pct,seconds");
        }
        println!("{}", row.csv())
    })?;
    match crate::bench_routing::mean_gap_pct(&rows) {
        Some(g) => println!("mean_gap_pct={g:.3}"),
        None => println!("mean_gap_pct=NA"),
    }
    Ok(())
}

fn plan_routes(path: Option<&Path>, out_dir: &Path, quiet: bool) -> Result<(), Error> {
    let s = open_scenario(path)?;
    let params = s.scenario.routes.clone().unwrap_or_default();
    let pb = spinner(quiet, "leyendo datos…");
    let loaded = load::load(&s);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let l = loaded?;
    let start = s.scenario.calendar.start;
    let end = start + chrono::Days::new(7 * params.horizon_weeks as u64) - chrono::Days::new(1);
    let dates = l.calendar.working_days(start, end);
    let pb = spinner(quiet, "planeando rutas de las UMM…");
    let clock = std::time::Instant::now();
    let plan = crate::planners::routes::umm::plan(&l.network, &l.travel, dates.len(), &params, s.scenario.seed);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let plan = plan.map_err(|message| Error::Solver { model: "rutas UMM".into(), message })?;
    let seconds = clock.elapsed().as_secs_f64();
    crate::output::routes::write_all(out_dir, &plan, &l.network, &dates, params.day_start_hour, seconds)?;
    if !quiet {
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
        println!("Salidas en {}: rutas_umm.csv, cobertura_localidades.csv, localidades_sin_cobertura.csv, umm_adicionales.csv, rutas_umm.geojson, resumen_umm.json", out_dir.display());
    }
    Ok(())
}
