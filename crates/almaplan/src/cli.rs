//! Command-line interface: argument parsing and the commands, kept thin over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use almaplan_core::progress::Silent;
use clap::{Parser, Subcommand};
use serde_json::json;

use almaplan_core::error::{Diagnostics, Error};
use almaplan_core::planners::zones;
use almaplan_formats::load::{self, Loaded};
use almaplan_formats::scenario::LoadedScenario;

#[derive(Debug, Parser)]
#[command(
    name = "almaplan",
    version,
    about = "Planificación para IMSS-BIENESTAR: rol de fin de semana, Comando Alma-Ata y unidades médicas móviles"
)]
pub struct Cli {
    /// No progress bars and no summary on the console (errors still go to stderr).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every planner the scenario enables (the embedded demo when none is given) and write
    /// their outputs, brechas.csv, indicadores.json and reporte.html.
    Run {
        /// Scenario TOML file.
        scenario: Option<PathBuf>,
        /// Output directory.
        #[arg(long, default_value = "salida")]
        out: PathBuf,
        /// Language of reporte.html.
        #[arg(long, value_enum, default_value_t = crate::report::Lang::Es)]
        lang: crate::report::Lang,
        /// Override a scenario parameter: section.key=value (TOML value), e.g.
        /// --set roster.max_travel_minutes=90. Repeatable; applied after `extends`.
        #[arg(long = "set", value_name = "SECCION.CLAVE=VALOR")]
        set: Vec<String>,
    },
    /// Run the Cartesian grid of --set values in parallel: barrido.csv and barrido.json, one row
    /// of headline figures per combination.
    Sweep {
        /// Scenario TOML file (the embedded demo when none is given).
        scenario: Option<PathBuf>,
        /// A parameter and its values: section.key=v1,v2,… (repeatable; the first varies slowest).
        #[arg(long = "set", value_name = "SECCION.CLAVE=V1,V2", required = true)]
        set: Vec<String>,
        /// Output directory.
        #[arg(long, default_value = "barrido")]
        out: PathBuf,
        /// Also write each combination's full outputs to DIR/corrida_NN/ (for `compare`).
        #[arg(long)]
        guardar_corridas: bool,
        /// Combinations run at once (default: the machine's cores). Each national roster run
        /// takes ~425 MB.
        #[arg(long)]
        paralelo: Option<usize>,
        /// Language of each saved run's reporte.html.
        #[arg(long, value_enum, default_value_t = crate::report::Lang::Es)]
        lang: crate::report::Lang,
    },
    /// Compare two run folders (indicadores.json, estado_elementos.csv): comparacion.csv,
    /// comparacion.html and cambios.csv.
    Compare {
        /// Run folder A (the reference).
        a: PathBuf,
        /// Run folder B (differences are B − A).
        b: PathBuf,
        /// Output directory.
        #[arg(long, default_value = "comparacion")]
        out: PathBuf,
    },
    /// Weekend roster: who covers each unit's Saturday/Sunday morning, the gap and the hires.
    Roster(RosterArgs),
    /// Medical service zones and their host units (Comando Alma-Ata): zonas.csv, zonas.geojson.
    Zones {
        scenario: PathBuf,
        /// Output directory.
        #[arg(long, default_value = "salida")]
        out: PathBuf,
    },
    /// Comando Alma-Ata wave calendar: zones, then states, brigades and daily itineraries.
    Waves {
        scenario: PathBuf,
        /// Output directory.
        #[arg(long, default_value = "salida")]
        out: PathBuf,
        /// Visits already made: CSV `clues,fecha`; those units are left out of the new plan.
        #[arg(long)]
        avance: Option<PathBuf>,
        /// Re-plan from this date (YYYY-MM-DD); default the scenario's start.
        #[arg(long)]
        desde: Option<chrono::NaiveDate>,
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

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct RosterArgs {
    #[command(subcommand)]
    pub action: Option<RosterAction>,
    /// Scenario TOML file.
    #[arg(required = true)]
    pub scenario: Option<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "salida")]
    pub out: PathBuf,
    /// Previous roster (rol_fin_de_semana.csv) to change as little as possible.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Absences to plan around (CSV medico_id,desde,hasta).
    #[arg(long)]
    pub unavailable: Option<PathBuf>,
    /// Replace physician ids with anonymous codes in every output.
    #[arg(long)]
    pub anonimizar: bool,
}

#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Check a (hand-edited) roster against the scenario's rules; exit 1 when it breaks any.
    Check { scenario: PathBuf, roster: PathBuf },
}

/// Runs a parsed command; the returned error carries the exit code.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Run { scenario, out, lang, set } => run_scenario(scenario.as_deref(), &overrides(&set)?, &out, lang, cli.quiet),
        Command::Compare { a, b, out } => compare_command(&a, &b, &out, cli.quiet),
        Command::Sweep { scenario, set, out, guardar_corridas, paralelo, lang } => {
            sweep_command(scenario.as_deref(), &set, &out, guardar_corridas, paralelo, lang, cli.quiet)
        }
        Command::Roster(args) => match args.action {
            Some(RosterAction::Check { scenario, roster }) => roster_check(&scenario, &roster, cli.quiet),
            None => roster_command(&args, cli.quiet),
        },
        Command::Validate { scenario, json } => validate(&scenario, json, cli.quiet),
        Command::Zones { scenario, out } => zones_command(&scenario, &out, cli.quiet),
        Command::Waves { scenario, out, avance, desde } => waves_command(&scenario, &out, avance.as_deref(), desde, cli.quiet),
        Command::Routes { scenario, out } => plan_routes(scenario.as_deref(), &out, cli.quiet),
        Command::BenchRouting { format, dir, time_limit, bks, seed } => bench_routing(&format, &dir, time_limit, bks.as_deref(), seed),
    }
}

fn zones_command(path: &Path, out_dir: &Path, quiet: bool) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let params = s.scenario.zones.clone().unwrap_or_default();
    let pb = spinner(quiet, "leyendo datos…");
    let loaded = load::load(&s);
    if let Some(pb) = &pb {
        pb.set_message("zonificando…");
    }
    let result = loaded.and_then(|l| {
        let input = crate::pipeline::zones_input(&s, &params, &l.network, &l.figures)?;
        let request =
            zones::ZonesRequest { units: &l.network.units, travel: &l.travel, params: &params, input: &input, solver: &s.scenario.solver };
        let plan = zones::plan(&request, &Silent)?;
        Ok((l, plan))
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let (l, plan) = result?;
    almaplan_formats::output::zones::write_zones_csv(&out_dir.join("zonas.csv"), &plan)?;
    almaplan_formats::output::zones::write_zones_geojson(&out_dir.join("zonas.geojson"), &plan, &l.network.units)?;
    if !quiet {
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
                format!("{:?}", st.source),
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
            "Total: {} unidades en {} zonas. Salidas en {}: zonas.csv, zonas.geojson",
            plan.assignments.len(),
            plan.zones.len(),
            out_dir.display()
        );
    }
    Ok(())
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

/// Parses `--set section.key=value` arguments.
fn overrides(sets: &[String]) -> Result<Vec<almaplan_formats::scenario::Override>, Error> {
    sets.iter()
        .map(|t| almaplan_formats::scenario::Override::parse(t).map_err(|message| Error::Scenario { path: "--set".into(), message }))
        .collect()
}

fn sweep_command(
    path: Option<&Path>,
    sets: &[String],
    out_dir: &Path,
    save_runs: bool,
    parallel: Option<usize>,
    lang: crate::report::Lang,
    quiet: bool,
) -> Result<(), Error> {
    use crate::whatif::sweep;
    let axes = sweep::axes(sets).map_err(|message| Error::Scenario { path: "--set".into(), message })?;
    // The scenario itself must open before minutes of planning start.
    let base = LoadedScenario::open(path, &[])?;
    let parallel = match parallel {
        Some(0) => return Err(Error::Scenario { path: "--paralelo".into(), message: "0 — se espera al menos 1".into() }),
        Some(n) => n,
        None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    };
    let combos = sweep::combinations(&axes);
    let count = combos.len();
    if !quiet {
        eprintln!("almaplan sweep — escenario «{}»: {count} combinaciones, {parallel} a la vez", base.scenario.name);
    }
    let started = std::time::Instant::now();
    let outcomes = sweep::run(combos, parallel, |index, overrides| {
        let save = save_runs.then(|| out_dir.join(sweep::run_dir_name(index, count)));
        let clock = std::time::Instant::now();
        let result = sweep::plan_combination(path, overrides, save.as_deref(), lang);
        if !quiet {
            let params: Vec<&str> = overrides.iter().map(|o| o.text.as_str()).collect();
            let how = if result.is_ok() { "lista" } else { "FALLÓ" };
            eprintln!("  corrida {index}/{count} ({}): {how}, {:.1} s", params.join(", "), clock.elapsed().as_secs_f64());
        }
        result
    })?;
    let table = crate::whatif::sweep_output::SweepTable {
        scenario_name: &base.scenario.name,
        scenario_file: &base.source,
        axes: &axes,
        outcomes: &outcomes,
    };
    table.write_csv(&out_dir.join(crate::whatif::sweep_output::CSV))?;
    table.write_json(&out_dir.join(crate::whatif::sweep_output::JSON))?;
    if !quiet {
        print!("{}", table.text());
        println!(
            "{count} combinaciones en {:.1} s. Salidas en {}: {}, {}{}",
            started.elapsed().as_secs_f64(),
            out_dir.display(),
            crate::whatif::sweep_output::CSV,
            crate::whatif::sweep_output::JSON,
            if save_runs { ", corrida_*/" } else { "" }
        );
    }
    match sweep::failures(&outcomes, &base.source) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn compare_command(a: &Path, b: &Path, out_dir: &Path, quiet: bool) -> Result<(), Error> {
    let (indicators_a, elements_a) = almaplan_formats::run_schema::read_run_dir(a)?;
    let (indicators_b, elements_b) = almaplan_formats::run_schema::read_run_dir(b)?;
    let mut c = crate::whatif::compare::compare(indicators_a, &elements_a, indicators_b, &elements_b);
    let params_a = almaplan_formats::run_schema::read_parameters(&a.join(almaplan_formats::run_schema::RUN_FILE))?;
    let params_b = almaplan_formats::run_schema::read_parameters(&b.join(almaplan_formats::run_schema::RUN_FILE))?;
    c.parameters = params_a.zip(params_b).map(|(pa, pb)| crate::whatif::compare::parameter_differences(&pa, &pb));
    crate::whatif::compare_output::write_all(&c, out_dir)?;
    if !quiet {
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
    Ok(())
}

fn run_scenario(
    path: Option<&Path>,
    overrides: &[almaplan_formats::scenario::Override],
    out_dir: &Path,
    lang: crate::report::Lang,
    quiet: bool,
) -> Result<(), Error> {
    let s = LoadedScenario::open(path, overrides)?;
    let pb = spinner(quiet, &format!("planeando: {}…", crate::pipeline::enabled_planners(&s).join(", ")));
    // Plan everything before writing anything.
    let results = crate::pipeline::run_all(&s, &Default::default(), &Silent);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let results = results?;
    crate::run_output::write_run(&s, &results, out_dir, lang)?;
    if !quiet {
        print_run_summary(&s, &results, out_dir);
    }
    Ok(())
}

fn roster_params(s: &LoadedScenario) -> almaplan_core::planners::roster::RosterParams {
    s.scenario.roster.clone().unwrap_or_default()
}

fn plan_roster(
    s: &LoadedScenario,
    l: &Loaded,
    params: &almaplan_core::planners::roster::RosterParams,
    previous: Option<&[almaplan_formats::input::roster::RosterRow]>,
    absences: &[almaplan_formats::input::roster::Absence],
    quiet: bool,
) -> Result<almaplan_core::planners::roster::RosterPlan, Error> {
    let pb = spinner(quiet, "resolviendo el rol de fin de semana…");
    let plan = crate::pipeline::plan_roster(s, l, params, previous, absences, &Silent);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    plan
}

fn write_roster(
    s: &LoadedScenario,
    l: &Loaded,
    plan: &almaplan_core::planners::roster::RosterPlan,
    dir: &Path,
    anonymise: bool,
) -> Result<(), Error> {
    almaplan_formats::output::roster::RosterOutput {
        network: &l.network,
        plan,
        figures: &l.figures,
        anonymise,
        scenario_name: &s.scenario.name,
    }
    .write_all(dir)
}

fn print_roster_summary(plan: &almaplan_core::planners::roster::RosterPlan, l: &Loaded) {
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
            "    {:<32} {:?}: objetivo {:.1}, cota {:.1}, brecha {:.3}%, {:.1} s, {} variables",
            almaplan_core::domain::state::name(st.state).unwrap_or("?"),
            r.status,
            r.objective,
            r.bound,
            100.0 * r.gap,
            r.seconds,
            r.variables
        );
    }
    println!("  contrataciones de fin de semana necesarias: {}", f.hires_needed);
    let published: u32 = l.figures.values().filter_map(|x| x.weekend_target_units).sum();
    if published > 0 {
        println!(
            "  cifras publicadas: meta de {published} unidades en estas entidades (8,277 nacional); dic-2024: 35% con evidencia de apertura 7 días; \
             brecha sep-2024: 7,194 médicos en 1,503 unidades; ~4,910 contrataciones previstas"
        );
    }
    if let Some(c) = &plan.changes {
        println!(
            "  re-planeación: {} asignaciones previas, {} conservadas, {} cambiadas, {} nuevas",
            c.previous_assignments, c.kept, c.removed, c.added
        );
    }
}

fn roster_command(args: &RosterArgs, quiet: bool) -> Result<(), Error> {
    let path = args.scenario.as_deref().expect("clap requires the scenario");
    let s = LoadedScenario::from_file(path)?;
    let l = load::load(&s)?;
    let mut d = Diagnostics::default();
    let previous = match &args.previous {
        Some(p) => Some(almaplan_formats::input::roster::read_roster(p, &mut d)?),
        None => None,
    };
    let absences = match &args.unavailable {
        Some(p) => almaplan_formats::input::roster::read_absences(p, &mut d)?,
        None => Vec::new(),
    };
    d.into_result()?;
    let params = roster_params(&s);
    let plan = plan_roster(&s, &l, &params, previous.as_deref(), &absences, quiet)?;
    write_roster(&s, &l, &plan, &args.out, args.anonimizar)?;
    if !quiet {
        print_roster_summary(&plan, &l);
        println!("Salidas en {}: rol_fin_de_semana.csv/.xlsx, cobertura_unidades.csv, carga_medicos.csv, brechas_fin_de_semana.csv, brechas_fin_de_semana_resumen.csv, contrataciones.csv, resumen_rol.json", args.out.display());
    }
    Ok(())
}

/// Exit status 1 with the list when the roster breaks rules; the error type carries it.
fn roster_check(scenario: &Path, roster: &Path, quiet: bool) -> Result<(), Error> {
    let s = LoadedScenario::from_file(scenario)?;
    let l = load::load(&s)?;
    let mut d = Diagnostics::default();
    let rows = almaplan_formats::input::roster::read_roster(roster, &mut d)?;
    d.into_result()?;
    let params = roster_params(&s);
    let targets = crate::pipeline::roster_targets(&s, &params)?;
    let violations = almaplan_core::planners::roster::check::check(&l.network, &l.travel, &params, targets.as_ref(), &rows);
    if violations.is_empty() {
        if !quiet {
            println!("{}: {} asignaciones, sin violaciones", roster.display(), rows.len());
        }
        return Ok(());
    }
    let problems = violations
        .iter()
        .map(|v| {
            almaplan_core::error::Location { file: &roster.display().to_string(), row: Some(v.line), column: None }.problem(
                almaplan_core::error::Severity::Error,
                v.rule,
                None,
                format!("{}: {}", v.rule, v.message),
            )
        })
        .collect();
    Err(Error::Input(problems))
}

fn print_run_summary(s: &LoadedScenario, r: &crate::pipeline::RunResults, dir: &Path) {
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
            "synthetic_staffing": l.network.synthetic_staffing,
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

fn waves_command(path: &Path, out_dir: &Path, avance: Option<&Path>, desde: Option<chrono::NaiveDate>, quiet: bool) -> Result<(), Error> {
    use almaplan_formats::output::waves as w;
    let s = LoadedScenario::from_file(path)?;
    let params = s.scenario.waves.clone().unwrap_or_default();
    let started = std::time::Instant::now();
    let visited = match avance {
        Some(p) => almaplan_formats::input::published::read_progress(p, desde)?.into_keys().collect(),
        None => Default::default(),
    };
    let advance = almaplan_core::planners::waves::Advance { visited, from: desde };
    let crate::pipeline::WavesRun { loaded: l, zones: zone_plan, waves: plan, brigades_needed: needed } =
        crate::pipeline::waves(&s, &advance, &Silent)?;
    let units = &l.network.units;
    let seconds = started.elapsed().as_secs_f64();
    almaplan_formats::output::zones::write_zones_csv(&out_dir.join("zonas.csv"), &zone_plan)?;
    w::write_calendar_csv(&out_dir.join("calendario_brigadas.csv"), &plan, units)?;
    let ics = w::write_ics(&out_dir.join("ics"), &plan, units)?;
    w::write_states_csv(&out_dir.join("resumen_entidades.csv"), &plan)?;
    w::write_progress_csv(&out_dir.join("curva_avance.csv"), &plan)?;
    w::write_gantt_svg(&out_dir.join("gantt.svg"), &plan)?;
    w::write_summary_json(&out_dir.join("resumen_oleadas.json"), &plan, needed, seconds)?;
    if !quiet {
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
            out_dir.display(), ics.len(), seconds
        );
    }
    Ok(())
}

fn bench_routing(format: &str, dir: &Path, time_limit: f64, bks: Option<&Path>, seed: u64) -> Result<(), Error> {
    use almaplan_formats::input::routing_bench::BenchFormat;
    let Some(fmt) = BenchFormat::parse(format) else {
        return Err(Error::Scenario {
            path: "--format".into(),
            message: format!("{format:?} — se espera cordeau-pvrp, cvrplib o solomon"),
        });
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
    let mut l = loaded?;
    crate::pipeline::apply_bases(&s, &mut l)?;
    let pb = spinner(quiet, "planeando rutas de las UMM…");
    let outcome = crate::pipeline::plan_routes(&s, &l, &Silent);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let crate::pipeline::RoutesOutcome { plan, dates, seconds } = outcome?;
    almaplan_formats::output::routes::write_all(out_dir, &plan, &l.network, &dates, params.day_start_hour, seconds)?;
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
