//! Command-line interface: the arguments (clap) and the dispatch to one module per command.
//!
//! Each command opens its scenario, asks the [`crate::pipeline`] to load and plan, has the
//! writers write and the [`crate::present`] module print; progress goes to a
//! [`ProgressView`].

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::scenario::LoadedScenario;

mod bench_routing;
mod compare;
mod roster;
mod routes;
mod run;
mod sweep;
mod validate;
mod waves;
mod zones;

/// Línea de órdenes de almaplan: las opciones globales y la orden a ejecutar.
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
    /// Añade el avance (líneas con la hora: datos leídos, cada planificador y cada entidad) a
    /// ARCHIVO, también con --quiet.
    #[arg(long, global = true, value_name = "ARCHIVO")]
    pub log: Option<PathBuf>,
    /// La orden a ejecutar.
    #[command(subcommand)]
    pub command: Command,
}

/// Las órdenes de almaplan; cada una la atiende su módulo de `cli`.
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
        /// Archivo TOML del escenario.
        scenario: PathBuf,
        /// Output directory.
        #[arg(long, default_value = "salida")]
        out: PathBuf,
    },
    /// Comando Alma-Ata wave calendar: zones, then states, brigades and daily itineraries.
    Waves {
        /// Archivo TOML del escenario.
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
        /// Carpeta ics/ de la corrida anterior: los calendarios nuevos conservan el UID de cada
        /// visita, suben SEQUENCE de las que cambian y cancelan (STATUS:CANCELLED) las que ya no
        /// están, para que al importarlos se actualicen en vez de duplicarse.
        #[arg(long, value_name = "DIR")]
        calendario_previo: Option<PathBuf>,
    },
    /// Read every input of a scenario, print a summary per state and every problem.
    Validate {
        /// Archivo TOML del escenario.
        scenario: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Revisa también un rol previo (como `roster --previous`).
        #[arg(long, value_name = "ROL")]
        previous: Option<PathBuf>,
        /// Revisa también un archivo de bajas (como `roster --unavailable`).
        #[arg(long, value_name = "BAJAS")]
        unavailable: Option<PathBuf>,
        /// Revisa también un archivo de visitas hechas (como `waves --avance`).
        #[arg(long, value_name = "VISITAS")]
        avance: Option<PathBuf>,
        /// Fecha de re-planeación para --avance (AAAA-MM-DD; ninguna visita puede ser posterior).
        #[arg(long, value_name = "FECHA")]
        desde: Option<chrono::NaiveDate>,
        /// Revisa también los calendarios de brigada de una corrida anterior (como
        /// `waves --calendario-previo`).
        #[arg(long, value_name = "DIR")]
        calendario_previo: Option<PathBuf>,
    },
    /// Plan the mobile medical units' routes of a scenario and write their outputs.
    Routes {
        /// Scenario TOML file (the embedded demo when none is given).
        scenario: Option<PathBuf>,
        /// Carpeta de salida.
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
        /// Semilla del generador aleatorio de la búsqueda.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Argumentos de `almaplan roster`: planear el rol de fin de semana, o revisar uno con `check`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct RosterArgs {
    /// `check`: revisar un rol ya hecho en lugar de planear uno.
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
    /// Escribe también un calendario por médico (calendarios/medico_<id>.ics) con sus turnos
    /// matutinos de fin de semana (08:00–14:00, hora local de la unidad).
    #[arg(long)]
    pub calendarios: bool,
}

/// Subórdenes de `almaplan roster`.
#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Check a (hand-edited) roster against the scenario's rules; exit 1 when it breaks any.
    Check {
        /// Archivo TOML del escenario.
        scenario: PathBuf,
        /// Rol a revisar: CSV con columnas fecha (AAAA-MM-DD), clues y medico_id, como
        /// rol_fin_de_semana.csv.
        roster: PathBuf,
    },
}

/// Runs a parsed command; the returned error carries the exit code.
pub fn run(cli: Cli) -> Result<(), Error> {
    let quiet = cli.quiet;
    let view = |console_quiet: bool| ProgressView::new(console_quiet, cli.log.as_deref());
    match cli.command {
        Command::Run { scenario, out, lang, set } => run::run(scenario.as_deref(), &overrides(&set)?, &out, lang, quiet, &view(quiet)?),
        Command::Compare { a, b, out } => compare::compare(&a, &b, &out, quiet),
        Command::Sweep { scenario, set, out, guardar_corridas, paralelo, lang } => {
            let options = sweep::SweepOptions { save_runs: guardar_corridas, parallel: paralelo, lang, quiet };
            sweep::sweep(scenario.as_deref(), &set, &out, &options, &view(quiet)?)
        }
        Command::Roster(args) => match args.action {
            Some(RosterAction::Check { scenario, roster }) => roster::check(&scenario, &roster, quiet),
            None => roster::roster(&args, quiet, &view(quiet)?),
        },
        Command::Validate { scenario, json, previous, unavailable, avance, desde, calendario_previo } => {
            let extras = almaplan_formats::load::Extras {
                previous_roster: previous,
                unavailable,
                progress: avance,
                from: desde,
                roster_to_check: None,
                previous_calendars: calendario_previo,
            };
            validate::validate(&scenario, &extras, json, &view(quiet || json)?)
        }
        Command::Zones { scenario, out } => zones::zones(&scenario, &out, quiet, &view(quiet)?),
        Command::Waves { scenario, out, avance, desde, calendario_previo } => {
            let extras = almaplan_formats::load::Extras {
                progress: avance,
                from: desde,
                previous_calendars: calendario_previo,
                ..Default::default()
            };
            waves::waves(&scenario, &out, &extras, quiet, &view(quiet)?)
        }
        Command::Routes { scenario, out } => routes::routes(scenario.as_deref(), &out, quiet, &view(quiet)?),
        Command::BenchRouting { format, dir, time_limit, bks, seed } => {
            bench_routing::bench_routing(&format, &dir, time_limit, bks.as_deref(), seed)
        }
    }
}

/// The scenario file, or the embedded demo when none is given.
fn open_scenario(path: Option<&Path>) -> Result<LoadedScenario, Error> {
    match path {
        Some(p) => LoadedScenario::from_file(p),
        None => Ok(LoadedScenario::demo()),
    }
}

/// Parses `--set section.key=value` arguments.
fn overrides(sets: &[String]) -> Result<Vec<almaplan_formats::scenario::Override>, Error> {
    sets.iter()
        .map(|t| almaplan_formats::scenario::Override::parse(t).map_err(|message| Error::Scenario { path: "--set".into(), message }))
        .collect()
}
