//! The command line in Spanish only: clap's own strings (usage, headings, the help and version
//! flags, defaults, environment variables, possible values, errors, the man page) replaced.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};

use super::Cli;
use almaplan_core::error::Error;

/// Exit code of a usage error (an unknown flag, a missing argument, a value of the wrong type):
/// `EX_USAGE` of sysexits.h, apart from 1 (invalid input) and 2 (solver failure).
pub const EXIT_USAGE: i32 = 64;

/// clap's default help template with «Uso:» for «Usage:».
const TEMPLATE: &str = "{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// The whole command line, built, with every English string of clap replaced.
pub fn command() -> Command {
    // The program's own options (global ones included) come after each command's own.
    let mut cmd = localize(Cli::command(), 1000);
    cmd.build();
    set_usage(&mut cmd);
    cmd
}

/// Parses the process's arguments. Help and version go to stdout with exit code 0; a usage error
/// is explained in Spanish on stderr and exits with [`EXIT_USAGE`].
pub fn parse() -> Cli {
    let mut cmd = command();
    let parsed = cmd.try_get_matches_from_mut(std::env::args_os()).and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                std::process::exit(EXIT_USAGE)
            }
            _ => {
                eprintln!("{}", usage_error(&e));
                std::process::exit(EXIT_USAGE)
            }
        },
    }
}

/// Help template, Spanish headings and no help subcommand, for `cmd` and its subcommands; the
/// arguments listed in the order they are declared, from `first_order` on.
fn localize(cmd: Command, first_order: usize) -> Command {
    let mut order = first_order;
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("Comandos")
        .subcommand_value_name("COMANDO")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|arg| {
            order += 1;
            localize_arg(arg).display_order(order)
        })
        .mut_subcommands(|sub| localize(sub, 0))
}

/// A heading in Spanish, and the default value, environment variable and possible values at the
/// end of the help text in Spanish instead of clap's `[default: …]`, `[env: …]`,
/// `[possible values: …]`.
fn localize_arg(arg: Arg) -> Arg {
    let mut notes = Vec::new();
    let takes_values = arg.get_action().takes_values();
    let mut arg = arg;
    if takes_values && !arg.get_possible_values().is_empty() && !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
        notes.push(format!("valores: {}", values.join(", ")));
        arg = arg.hide_possible_values(true);
    }
    if takes_values && !arg.get_default_values().is_empty() && !arg.is_hide_default_value_set() {
        let values: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        notes.push(format!("por omisión: {}", values.join(", ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(var) = arg.get_env().map(|v| v.to_string_lossy().into_owned()) {
        notes.push(format!("variable de entorno: {var}"));
        arg = arg.hide_env(true);
    }
    if !notes.is_empty() {
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        let note = format!("[{}]", notes.join("; "));
        arg = arg.help(if help.is_empty() { note } else { format!("{help} {note}") });
    }
    if arg.get_help_heading().is_none() {
        let heading = if arg.is_positional() { "Argumentos" } else { "Opciones" };
        arg = arg.help_heading(heading);
    }
    arg
}

/// Every command's usage line with «[OPCIONES]» for «[OPTIONS]» (clap writes the latter itself).
fn set_usage(cmd: &mut Command) {
    let usage = spanish_usage(&cmd.render_usage().to_string());
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        set_usage(sub);
    }
}

/// clap's usage without its «Usage: » title and with Spanish placeholders.
fn spanish_usage(usage: &str) -> String {
    let usage = usage.strip_prefix("Usage: ").unwrap_or(usage);
    usage.replace("[OPTIONS]", "[OPCIONES]").replace("\n       ", "\n     ")
}

/// A usage error explained in Spanish, with the command's usage and where to read more.
fn usage_error(e: &clap::Error) -> String {
    let text = |kind: ContextKind| -> Option<String> {
        e.get(kind).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(s) => s.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(s) => s.iter().map(StyledStr::to_string).collect::<Vec<_>>().join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            _ => String::new(),
        })
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            if value.is_empty() {
                format!("falta un valor para «{arg}»")
            } else {
                format!("valor inválido «{value}» para «{arg}»")
            }
        }
        ErrorKind::UnknownArgument => format!("argumento inesperado «{arg}»"),
        ErrorKind::InvalidSubcommand => {
            format!("comando desconocido «{}»", text(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::NoEquals => format!("«{arg}» necesita un signo = antes de su valor"),
        ErrorKind::TooManyValues => format!("sobra el valor «{value}» para «{arg}»"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("número de valores incorrecto para «{arg}»"),
        ErrorKind::ArgumentConflict => {
            format!("«{arg}» no se puede usar junto con «{}»", text(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("faltan argumentos obligatorios: {arg}"),
        ErrorKind::MissingSubcommand => {
            format!("falta el comando de «{}»", text(ContextKind::InvalidSubcommand).unwrap_or_else(|| "almaplan".into()))
        }
        ErrorKind::InvalidUtf8 => "un argumento no es UTF-8 válido".to_string(),
        _ => "argumentos inválidos".to_string(),
    };
    if let Some(valid) = text(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        message.push_str(&format!("; valores posibles: {valid}"));
    }
    if let Some(suggested) = text(ContextKind::SuggestedArg).or_else(|| text(ContextKind::SuggestedSubcommand)) {
        message.push_str(&format!("; ¿quiso decir «{suggested}»?"));
    }
    let mut out = format!("almaplan: error de uso: {message}");
    if let Some(usage) = text(ContextKind::Usage) {
        out.push_str(&format!("\n\nUso: {}", spanish_usage(&usage)));
    }
    out.push_str("\n\nMás información con --ayuda.");
    out
}

/// `almaplan man [COMANDO]`: the roff page of the program or of one command, in Spanish.
pub(super) fn print_man(name: Option<&str>) -> Result<(), Error> {
    let root = command();
    let cmd = match name {
        None => root,
        Some(n) => match root.find_subcommand(n) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = root.get_subcommands().map(Command::get_name).collect();
                eprintln!("almaplan: error de uso: comando desconocido «{n}»; valores posibles: {}", names.join(", "));
                std::process::exit(EXIT_USAGE)
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut roff).map_err(|e| Error::io("man", e))?;
    let text = String::from_utf8_lossy(&roff);
    let mut page = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line {
            ".SH NAME" => ".SH NOMBRE",
            ".SH SYNOPSIS" => ".SH SINOPSIS",
            ".SH DESCRIPTION" => ".SH DESCRIPCIÓN",
            ".SH OPTIONS" => ".SH OPCIONES",
            ".SH SUBCOMMANDS" | ".SH Comandos" => ".SH COMANDOS",
            ".SH EXTRA" => ".SH MÁS",
            ".SH VERSION" => ".SH VERSIÓN",
            ".SH AUTHORS" => ".SH AUTORES",
            other => other,
        };
        page.push_str(&line.replace("Possible values:", "Valores posibles:"));
        page.push('\n');
    }
    print!("{page}");
    Ok(())
}

/// The long help of `almaplan waves` (`waves --ayuda`): the `[waves]` keys of the scenario for the
/// Comando Alma-Ata as it runs (teams, Pacto, stages under way, tracking), in Spanish.
pub const WAVES_KEYS: &str = "\
Claves de la sección [waves] del escenario (modelo: models/waves.md):

  Calendario
    enabled                    incluir el calendario en `run` (true)
    start, deadline            inicio posible y fecha límite de envío de diagnósticos (AAAA-MM-DD)
    max_states_at_once         entidades en preparación o campo a la vez (4)
    preparation_weeks          semanas de instalación y preparación antes del campo (3)
    diagnostics_weeks          semanas del último recorrido al envío de diagnósticos (1)
    daily_minutes              minutos de trabajo de una brigada al día (480)
    day_start_hour             hora de inicio de la jornada en los calendarios (8.0)
    effort                     minutos de visita por tipo de unidad: { health_centre = 360,
                               per_extra_nucleo = 50, expanded_services = 780, uneme = 420,
                               mobile = 260, other = 360 }
    priority                   \"unidades_x_brecha\", \"unidades\" o lista de entidades
    weekend_block_progress     avance de apertura de fin de semana por bloque, para la prioridad

  Brigadas
    brigades_per_state         brigadas fijas por entidad (1), o
    brigade_pool               bolsa de brigadas compartida, con brigade_homes = { \"13\" = 2 }, o
    max_brigades_per_state     brigadas por entidad que prueba la búsqueda de la fecha límite (12)
    max_brigade_pool           bolsa más grande que prueba esa búsqueda
    team_share                 fracción (0–1) de los equipos de supervisión zonal de cada entidad
                               (equipos_supervision_zonal de cifras_por_entidad.csv): una brigada
                               por equipo; la búsqueda de la fecha límite responde en equipos y
                               personas, lo que cada entidad debe pedir prestado y a quién
                               (prestamos_equipos.csv: sólo brigadas libres en esas fechas), y
                               prueba que con una brigada menos la entidad llega tarde
    people                     personas por rol y entidad en vez de equipos:
                               people = { \"13\" = { lider = 3, cupn = 4, … } }
    people_file                las mismas cuentas desde un CSV de personas, una fila por persona:
                               entidad,rol (otras columnas, como el nombre, se ignoran y nunca
                               aparecen en las salidas)
    composition                personas por rol de una brigada (lider, cupn, preventivos,
                               accion_comunitaria: 1 de cada una)

  Pacto por la Salud (una reunión por zona, en la sede, tras la última visita)
    pacto_days                 días hábiles de la reunión (1; 0 la omite)
    pacto_zsm_committee        integrantes del comité de la ZSM (3)
    pacto_cosabi_per_unit      representantes del COSABI por unidad (1)
                               salidas: pactos.csv, calendarios, Gantt y curva de avance

  Etapas en curso
    progress_file              visitas ya hechas, CSV clues,fecha (como --avance): se conservan
                               con su fecha y el plan sigue desde progress_from (como --desde)
    progress_from              fecha desde la que se re-planea
    started                    entidades ya instaladas: { \"09\" = \"2024-11-29\" } (piloto CDMX)

  Seguimiento (Tablas 7 y 8 de la guía)
    tracking_units             avance por unidad, CSV clues,fecha_visita,diagnostico_completo,
                               pacto,agenda
    tracking_teams             equipos en campo por día, CSV fecha,entidad,equipos_completos,equipos
    tracking_date              fecha de corte (por omisión, la última fecha de los archivos)
                               salidas: seguimiento.csv, seguimiento.json, tabla10.csv y, si alguna
                               entidad va atrasada más de 10 puntos, recuperacion.csv: su re-plan
                               desde el día siguiente al corte con las brigadas (equipos, personas,
                               préstamos) que recuperan la fecha límite, o la fecha alcanzable

Cada clave se puede cambiar sin editar el escenario: --fijar waves.team_share=0.5 (con `run`).";
