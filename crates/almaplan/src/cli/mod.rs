//! Command-line interface: the arguments (clap) and the dispatch to one module per command.
//!
//! Each command opens its scenario, asks the [`crate::pipeline`] to load and plan, has the
//! writers write and the [`crate::present`] module print; progress goes to a
//! [`ProgressView`].
//!
//! The interface speaks Spanish only: flags have Spanish names (the English ones of earlier
//! versions are kept as hidden aliases), and [`command`] replaces clap's own English strings
//! (usage, headings, help and version flags, defaults) with Spanish ones. [`parse`] turns clap's
//! errors into Spanish messages with their own exit code, [`EXIT_USAGE`].

use std::path::{Path, PathBuf};

use clap::{ArgAction, Parser, Subcommand};

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::scenario::LoadedScenario;

mod bench_routing;
mod compare;
mod help;
mod roster;
mod routes;
mod run;
mod supervision;
mod sweep;
mod validate;
mod waves;
mod zones;

pub use help::{command, parse, EXIT_USAGE};

/// Línea de órdenes de almaplan: las opciones globales y la orden a ejecutar.
#[derive(Debug, Parser)]
#[command(
    name = "almaplan",
    version,
    about = "Planificación para IMSS-BIENESTAR: rol de fin de semana, Comando Alma-Ata y unidades médicas móviles",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Muestra esta ayuda.
    #[arg(short = 'h', long = "ayuda", alias = "help", action = ArgAction::Help, global = true)]
    pub ayuda: Option<bool>,
    /// Muestra la versión.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    pub version: Option<bool>,
    /// Sin barras de avance ni resumen en la consola (los errores siguen saliendo por stderr).
    #[arg(long = "silencio", short = 'q', alias = "quiet", global = true)]
    pub quiet: bool,
    /// Añade el avance (líneas con la hora: datos leídos, cada planificador y cada entidad) a
    /// ARCHIVO, también con --silencio.
    #[arg(long, global = true, value_name = "ARCHIVO")]
    pub log: Option<PathBuf>,
    /// Escribe los CSV sin BOM (por omisión llevan BOM UTF-8 para que Excel lea los acentos).
    #[arg(long, global = true)]
    pub sin_bom: bool,
    /// Carpeta de datos que los escenarios nombran como ${ALMAPLAN_DATA} (catalog/, localities/,
    /// staffing/, …).
    #[arg(long = "datos", global = true, value_name = "DIR", env = "ALMAPLAN_DATA")]
    pub datos: Option<PathBuf>,
    /// Límite de memoria (512M, 4G, …): al alcanzarlo la corrida termina con código 1 y un
    /// mensaje claro, sin escribir salidas, antes de que el sistema la mate.
    #[arg(long = "memoria-max", alias = "max-memory", global = true, value_name = "TAMAÑO", value_parser = crate::memory::parse_size)]
    pub memoria_max: Option<usize>,
    /// La orden a ejecutar.
    #[command(subcommand)]
    pub command: Command,
}

/// Las órdenes de almaplan; cada una la atiende su módulo de `cli`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ejecuta todos los planificadores que el escenario habilita (sin escenario: el demo
    /// embebido) y escribe sus salidas, brechas.csv, indicadores.json y reporte.html.
    Run {
        /// Archivo TOML del escenario (sin él: el demo embebido).
        #[arg(value_name = "ESCENARIO")]
        scenario: Option<PathBuf>,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
        out: PathBuf,
        /// Idioma de reporte.html.
        #[arg(long = "idioma", alias = "lang", value_name = "IDIOMA", value_enum, default_value_t = crate::report::Lang::Es)]
        lang: crate::report::Lang,
        /// Cambia un parámetro del escenario: seccion.clave=valor (valor TOML), p. ej.
        /// --fijar roster.max_travel_minutes=90. Se puede repetir; se aplica después de `extends`.
        #[arg(long = "fijar", alias = "set", value_name = "SECCION.CLAVE=VALOR")]
        set: Vec<String>,
    },
    /// Corre en paralelo la rejilla cartesiana de valores de --fijar: barrido.csv y barrido.json,
    /// una fila de cifras principales por combinación.
    Sweep {
        /// Archivo TOML del escenario (sin él: el demo embebido).
        #[arg(value_name = "ESCENARIO")]
        scenario: Option<PathBuf>,
        /// Un parámetro y sus valores: seccion.clave=v1,v2,… (se puede repetir; el primero varía
        /// más lento).
        #[arg(long = "fijar", alias = "set", value_name = "SECCION.CLAVE=V1,V2", required = true)]
        set: Vec<String>,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "barrido")]
        out: PathBuf,
        /// Escribe también las salidas completas de cada combinación en DIR/corrida_NN/ (para
        /// `compare`).
        #[arg(long = "guardar-corridas", alias = "save-runs")]
        guardar_corridas: bool,
        /// Combinaciones a la vez (por omisión, los núcleos de la máquina). Cada rol nacional
        /// ocupa ~425 MB.
        #[arg(long = "paralelo", alias = "parallel", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        paralelo: Option<u64>,
        /// Idioma del reporte.html de cada corrida guardada.
        #[arg(long = "idioma", alias = "lang", value_name = "IDIOMA", value_enum, default_value_t = crate::report::Lang::Es)]
        lang: crate::report::Lang,
    },
    /// Compara dos carpetas de corrida (indicadores.json, estado_elementos.csv): comparacion.csv,
    /// comparacion.html y cambios.csv.
    Compare {
        /// Carpeta de la corrida A (la referencia).
        #[arg(value_name = "DIR_A")]
        a: PathBuf,
        /// Carpeta de la corrida B (las diferencias son B − A).
        #[arg(value_name = "DIR_B")]
        b: PathBuf,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "comparacion")]
        out: PathBuf,
    },
    /// Rol de fin de semana: quién cubre el turno matutino de sábado y domingo de cada unidad, la
    /// brecha y las contrataciones.
    Roster(RosterArgs),
    /// Zonas de servicios médicos y sus sedes (Comando Alma-Ata): zonas.csv, zonas.geojson.
    Zones {
        /// Archivo TOML del escenario.
        #[arg(value_name = "ESCENARIO")]
        scenario: PathBuf,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
        out: PathBuf,
    },
    /// Calendario de oleadas del Comando Alma-Ata: zonas, luego entidades, brigadas e itinerarios
    /// diarios.
    #[command(after_long_help = help::WAVES_KEYS)]
    Waves {
        /// Archivo TOML del escenario.
        #[arg(value_name = "ESCENARIO")]
        scenario: PathBuf,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
        out: PathBuf,
        /// Visitas ya hechas: CSV `clues,fecha`; esas unidades quedan fuera del nuevo plan.
        #[arg(long = "avance", alias = "progress", value_name = "VISITAS")]
        avance: Option<PathBuf>,
        /// Re-planea desde esta fecha (AAAA-MM-DD); por omisión, el inicio del escenario.
        #[arg(long = "desde", alias = "from", value_name = "FECHA")]
        desde: Option<chrono::NaiveDate>,
        /// Carpeta ics/ de la corrida anterior: los calendarios nuevos conservan el UID de cada
        /// visita, suben SEQUENCE de las que cambian y cancelan (STATUS:CANCELLED) las que ya no
        /// están, para que al importarlos se actualicen en vez de duplicarse.
        #[arg(long = "calendario-previo", alias = "previous-calendars", value_name = "DIR")]
        calendario_previo: Option<PathBuf>,
    },
    /// Lee todas las entradas de un escenario; imprime un resumen por entidad y cada problema.
    Validate {
        /// Archivo TOML del escenario.
        #[arg(value_name = "ESCENARIO")]
        scenario: PathBuf,
        /// Imprime un objeto JSON en vez de texto (también con --silencio).
        #[arg(long)]
        json: bool,
        /// Revisa también un rol previo (como `roster --previo`).
        #[arg(long = "previo", alias = "previous", value_name = "ROL")]
        previous: Option<PathBuf>,
        /// Revisa también un archivo de bajas (como `roster --bajas`).
        #[arg(long = "bajas", alias = "unavailable", value_name = "BAJAS")]
        unavailable: Option<PathBuf>,
        /// Revisa también un archivo de visitas hechas (como `waves --avance`).
        #[arg(long = "avance", alias = "progress", value_name = "VISITAS")]
        avance: Option<PathBuf>,
        /// Fecha de re-planeación para --avance (AAAA-MM-DD; ninguna visita puede ser posterior).
        #[arg(long = "desde", alias = "from", value_name = "FECHA")]
        desde: Option<chrono::NaiveDate>,
        /// Revisa también los calendarios de brigada de una corrida anterior (como
        /// `waves --calendario-previo`).
        #[arg(long = "calendario-previo", alias = "previous-calendars", value_name = "DIR")]
        calendario_previo: Option<PathBuf>,
    },
    /// Planea las rutas de las unidades médicas móviles de un escenario y escribe sus salidas.
    Routes {
        /// Archivo TOML del escenario (sin él: el demo embebido).
        #[arg(value_name = "ESCENARIO")]
        scenario: Option<PathBuf>,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
        out: PathBuf,
        /// Plan multianual de UMM para el PI 2.2 (`AAAA-AAAA`, p. ej. 2025-2030): qué UMM agregar
        /// y qué tripulaciones completar cada año para cumplir las metas de `[data] pi22_targets`;
        /// escribe `plan_umm_2025_2030.csv`. Igual que `[routes] multi_year`.
        #[arg(long = "horizonte", alias = "horizon", value_name = "AAAA-AAAA")]
        horizonte: Option<String>,
    },
    /// Resuelve una carpeta de instancias de referencia de ruteo y compara con los mejores costos
    /// conocidos.
    BenchRouting {
        /// Carpeta con los archivos de las instancias.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Formato de las instancias.
        #[arg(long = "formato", alias = "format", value_name = "FORMATO", value_parser = ["cordeau-pvrp", "cvrplib", "solomon"])]
        format: String,
        /// Segundos por instancia.
        #[arg(long = "limite-tiempo", alias = "time-limit", value_name = "SEGUNDOS", default_value_t = 10.0)]
        time_limit: f64,
        /// CSV de los mejores costos conocidos (columna `instance` más la columna de costo del
        /// formato).
        #[arg(long = "bks", value_name = "ARCHIVO")]
        bks: Option<PathBuf>,
        /// Semilla del motor de rutas.
        #[arg(long = "semilla", alias = "seed", value_name = "N", default_value_t = 1)]
        seed: u64,
    },
    /// Imprime el guion de autocompletado para un intérprete de comandos, p. ej.
    /// `almaplan completions bash > /etc/bash_completion.d/almaplan`.
    Completions {
        /// El intérprete de comandos.
        #[arg(value_name = "INTERPRETE", value_enum)]
        shell: clap_complete::Shell,
    },
    /// Imprime la página de manual (roff) del programa o de un comando, p. ej.
    /// `almaplan man > almaplan.1; man ./almaplan.1`.
    Man {
        /// Comando cuya página se imprime (por omisión, la del programa).
        #[arg(value_name = "COMANDO")]
        comando: Option<String>,
    },
    /// Supervisión zonal: qué equipo supervisa qué unidades, el calendario mensual de visitas de
    /// cada equipo (con pernoctas), las unidades sin visita mensual y los equipos necesarios.
    Supervision {
        /// Archivo TOML del escenario.
        #[arg(value_name = "ESCENARIO")]
        scenario: PathBuf,
        /// Carpeta de salida.
        #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
        out: PathBuf,
        /// Visitas de supervisión del mes anterior: CSV `clues,fecha`; las unidades sin visita ese
        /// mes van primero (primera semana). Sustituye a `[supervision] previous_visits`.
        #[arg(long = "visitas-previas", alias = "previous-visits", value_name = "VISITAS")]
        visitas_previas: Option<PathBuf>,
    },
}

/// Argumentos de `almaplan roster`: planear el rol de fin de semana, o revisar uno con `check`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct RosterArgs {
    /// `check`: revisar un rol ya hecho en lugar de planear uno.
    #[command(subcommand)]
    pub action: Option<RosterAction>,
    /// Archivo TOML del escenario.
    #[arg(required = true, value_name = "ESCENARIO")]
    pub scenario: Option<PathBuf>,
    /// Carpeta de salida.
    #[arg(long = "salida", short = 'o', alias = "out", value_name = "DIR", default_value = "salida")]
    pub out: PathBuf,
    /// Rol previo (rol_fin_de_semana.csv o .xlsx) que se cambia lo menos posible.
    #[arg(long = "previo", alias = "previous", value_name = "ROL")]
    pub previous: Option<PathBuf>,
    /// Ausencias que el rol respeta (CSV medico_id,desde,hasta).
    #[arg(long = "bajas", alias = "unavailable", value_name = "BAJAS")]
    pub unavailable: Option<PathBuf>,
    /// Reemplaza los identificadores de médico por códigos anónimos en todas las salidas.
    #[arg(long = "anonimizar", alias = "anonymise")]
    pub anonimizar: bool,
    /// Escribe también un calendario por médico (calendarios/medico_<id>.ics) con sus turnos
    /// matutinos de fin de semana (08:00–14:00, hora local de la unidad).
    #[arg(long)]
    pub calendarios: bool,
    /// Escribe el modelo de cada entidad en formato MPS (DIR/rol_<clave>_<ENTIDAD>.mps, con las
    /// asignaciones enteras) y DIR/modelos.csv con el objetivo y la cota de almaplan, para
    /// resolverlo con otro solver y comparar.
    #[arg(long = "escribir-modelo", value_name = "DIR")]
    pub escribir_modelo: Option<PathBuf>,
}

/// Subórdenes de `almaplan roster`.
#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Revisa un rol (editado a mano) contra las reglas del escenario; código 1 si rompe alguna.
    #[command(alias = "revisar")]
    Check {
        /// Archivo TOML del escenario.
        #[arg(value_name = "ESCENARIO")]
        scenario: PathBuf,
        /// Rol a revisar: CSV o libro XLSX (todas las hojas de entidad), como
        /// rol_fin_de_semana.csv/.xlsx; fecha AAAA-MM-DD o dd/mm/aaaa, clues, medico_id y fijo
        /// opcional.
        #[arg(value_name = "ROL")]
        roster: PathBuf,
    },
}

/// Runs a parsed command; the returned error carries the exit code.
pub fn run(cli: Cli) -> Result<(), Error> {
    let quiet = cli.quiet;
    if let Some(bytes) = cli.memoria_max {
        // A run the cap stops takes back what it wrote of its outputs.
        let out = match &cli.command {
            Command::Run { out, .. }
            | Command::Compare { out, .. }
            | Command::Sweep { out, .. }
            | Command::Zones { out, .. }
            | Command::Waves { out, .. }
            | Command::Routes { out, .. }
            | Command::Supervision { out, .. } => Some(out.as_path()),
            Command::Roster(args) if args.action.is_none() => Some(args.out.as_path()),
            _ => None,
        };
        if let Some(dir) = out {
            crate::memory::guard_output(dir);
        }
        crate::memory::set_cap(bytes);
    }
    almaplan_formats::output::set_csv_bom(!cli.sin_bom);
    if let Some(dir) = &cli.datos {
        // Scenarios expand `${ALMAPLAN_DATA}` from the environment: --datos sets it for them.
        std::env::set_var("ALMAPLAN_DATA", dir);
    }
    let view = |console_quiet: bool| ProgressView::new(console_quiet, cli.log.as_deref());
    match cli.command {
        Command::Run { scenario, out, lang, set } => run::run(scenario.as_deref(), &overrides(&set)?, &out, lang, quiet, &view(quiet)?),
        Command::Compare { a, b, out } => compare::compare(&a, &b, &out, quiet),
        Command::Sweep { scenario, set, out, guardar_corridas, paralelo, lang } => {
            let options = sweep::SweepOptions { save_runs: guardar_corridas, parallel: paralelo.map(|n| n as usize), lang, quiet };
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
                supervision_visits: None,
            };
            let output = if json {
                validate::Output::Json
            } else if quiet {
                validate::Output::Nothing
            } else {
                validate::Output::Text
            };
            validate::validate(&scenario, &extras, output, &view(quiet || json)?)
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
        Command::Routes { scenario, out, horizonte } => routes::routes(scenario.as_deref(), &out, horizonte, quiet, &view(quiet)?),
        Command::BenchRouting { format, dir, time_limit, bks, seed } => {
            bench_routing::bench_routing(&format, &dir, time_limit, bks.as_deref(), seed)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut command(), "almaplan", &mut std::io::stdout());
            Ok(())
        }
        Command::Man { comando } => help::print_man(comando.as_deref()),
        Command::Supervision { scenario, out, visitas_previas } => {
            let extras = almaplan_formats::load::Extras { supervision_visits: visitas_previas, ..Default::default() };
            supervision::supervision(&scenario, &out, &extras, quiet, &view(quiet)?)
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

/// Parses `--fijar section.key=value` arguments.
fn overrides(sets: &[String]) -> Result<Vec<almaplan_formats::scenario::Override>, Error> {
    sets.iter().map(|t| almaplan_formats::scenario::Override::parse(t).map_err(|m| flag_error("--fijar", &m))).collect()
}

/// An error in the value of a command-line flag; the message may start with the flag's name.
fn flag_error(flag: &str, message: &str) -> Error {
    let message = message.strip_prefix(flag).map(str::trim_start).unwrap_or(message);
    Error::Scenario { path: flag.into(), message: message.to_string() }
}
