//! Scenarios: one TOML file names the data and the policy.
//!
//! ```toml
//! name = "Hidalgo"
//! seed = 42
//! states = [13]                # INEGI codes; empty = every state in the data
//!
//! [data]
//! establishments = "${ALMAPLAN_DATA}/catalog/imssb_clues_2026.csv"
//! localities = ["${ALMAPLAN_DATA}/localities/conjunto_de_datos_iter_13CSV20.csv"]
//! marginalisation = "${ALMAPLAN_DATA}/marginacion/conapo_imm_2020.csv"
//! staffing = "${ALMAPLAN_DATA}/staffing/sinerhias_hidalgo_2024-07_plantilla.csv"
//!
//! [travel]                     # great-circle km × circuity ÷ speed by stratum
//! circuity = 1.4
//!
//! [calendar]                   # dates are quoted: "2026-12-01"
//! start = "2026-12-01"
//! end = "2026-12-31"
//!
//! [roster]                     # one section per planner
//! max_travel_minutes = 60
//! ```
//!
//! Paths may use `${ALMAPLAN_DATA}` (or any `${VAR}` of the environment); relative paths are
//! relative to the scenario file. Unknown keys are errors, so a typo never silently falls back to a
//! default. `[data] synthetic = { units = N }` replaces the data files with the generated demo
//! network.
//!
//! **What-if.** `extends = "other.toml"` (relative to this file; `"demo"` is the embedded demo)
//! merges this file over another: tables merge key by key, recursively; scalars and arrays
//! (including arrays of tables) replace the parent's. Chains are allowed, cycles are errors naming
//! the files. A relative path is resolved against the file that declares it: the parent's relative
//! paths ([`PATH_KEYS`]) are rewritten so they keep pointing at the same files. Then `--fijar
//! section.key=value` overrides ([`Override`]) are applied, and only then is the result
//! deserialized (unknown keys are still errors) and checked.

mod extends;
mod overrides;
mod validate;
mod vars;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use almaplan_core::domain::calendar::Blackout;
use almaplan_core::domain::WorkCalendar;
use almaplan_core::error::Error;
use almaplan_core::lp::SolveOptions;
use almaplan_core::planners::roster::RosterParams;
use almaplan_core::planners::supervision::SupervisionParams;
use almaplan_core::planners::umm::RoutesParams;
use almaplan_core::planners::waves::WavesParams;
use almaplan_core::planners::zones::ZonesParams;
use almaplan_core::synthetic::SyntheticSpec;
use almaplan_core::territory::TravelParams;

pub use extends::{merge, EXTENDS_DEMO, PATH_KEYS};
pub use overrides::Override;
pub use vars::expand_vars;

use extends::load_chain;
use validate::validate;

/// The embedded demo scenario (`scenarios/demo.toml`), used when `almaplan run` gets no file.
pub const DEMO_TOML: &str = include_str!("../../../../scenarios/demo.toml");
/// The name the embedded demo goes by in messages and outputs, where a file path would be.
pub const DEMO_NAME: &str = "scenarios/demo.toml (embebido)";

/// One scenario file, as deserialized (after `extends` and `--fijar`). A planner runs when its
/// section is present and its `enabled` is true; an absent section leaves the planner out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name shown in the report and recorded in every run's outputs.
    pub name: String,
    /// Free text for the report.
    #[serde(default)]
    pub description: String,
    /// Seed for every randomised step (synthetic data, heuristics, HiGHS).
    #[serde(default)]
    pub seed: u64,
    /// INEGI state codes to plan; empty means every state present in the data.
    #[serde(default)]
    pub states: Vec<u8>,
    /// `[data]`: the files to read, or a synthetic network (required).
    pub data: DataSources,
    /// `[travel]`: how travel minutes are estimated where no matrix gives them.
    #[serde(default)]
    pub travel: TravelParams,
    /// `[calendar]`: the planning horizon and the days nobody works.
    #[serde(default)]
    pub calendar: CalendarSection,
    /// `[solver]`: HiGHS time limit, gap, threads and log, shared by every MIP.
    #[serde(default)]
    pub solver: SolveOptions,
    /// `[roster]`: the weekend-opening roster of first-level units.
    pub roster: Option<RosterParams>,
    /// `[zones]`: medical service zones (ZSM) and their host units.
    pub zones: Option<ZonesParams>,
    /// `[waves]`: Comando Alma-Ata brigade waves over the zones.
    pub waves: Option<WavesParams>,
    /// `[routes]`: mobile medical unit (UMM) routes from their bases.
    pub routes: Option<RoutesParams>,
    /// `[supervision]`: zonal supervision teams, their units and monthly calendars.
    #[serde(default)]
    pub supervision: Option<SupervisionParams>,
}

/// `[data]`: the input files of the network. Every path goes through [`LoadedScenario::resolve`]
/// (`${VAR}` expanded, relative to the scenario file). Planner sections name further files
/// (`roster.targets`, `zones.zone_file`, `routes.bases`); [`PATH_KEYS`] lists them all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSources {
    /// Establishment catalogue (IMSS-BIENESTAR or DGIS layout; CSV or XLSX).
    pub establishments: Option<String>,
    /// DGIS institutions kept (`CLAVE DE LA INSTITUCION`); default IMSS-BIENESTAR.
    #[serde(default = "default_institutions")]
    pub institutions: Vec<String>,
    /// Locality files (ITER, AGEEML or the 1,000+ list); later files add localities the earlier
    /// ones lack.
    #[serde(default)]
    pub localities: Vec<String>,
    /// CONAPO municipal marginalisation index (`CVE_MUN`, `IM_2020`, `GM_2020`).
    pub marginalisation: Option<String>,
    /// Per-person staffing or SINERHIAS counts.
    pub staffing: Option<String>,
    /// When there is no staffing file: synthesise one physician per núcleo básico (labelled
    /// synthetic in every output).
    #[serde(default)]
    pub synthesise_staffing: bool,
    /// CSV `from,to,minutes` overriding estimated travel times.
    pub travel_matrix: Option<String>,
    /// State boundaries (GeoJSON with `cve_geo`), for maps and the units-outside-their-state check.
    pub boundaries: Option<String>,
    /// Published per-state figures (`seeds/cifras_por_entidad.csv`): weekend blocks and targets,
    /// ZSM counts, Comando Alma-Ata stages.
    pub published_figures: Option<String>,
    /// Published national figures and rules (`seeds/cifras_nacionales.csv`: `clave,valor,unidad,fuente`).
    pub national_figures: Option<String>,
    /// PI 2.2 baseline and targets by year (`seeds/pi_2_2_metas_umm.csv`: `anio,cobertura_umm`),
    /// for the mobile units' indicator and multi-year plan.
    pub pi22_targets: Option<String>,
    /// Published Tren Maya mobile units by state (`seeds/tren_maya_umm.csv`), shown beside the
    /// plan.
    pub tren_maya_umm: Option<String>,
    /// Generate the demo network instead of reading files.
    pub synthetic: Option<SyntheticSpec>,
}

fn default_institutions() -> Vec<String> {
    vec!["IMB".to_string()]
}

/// `[calendar]`: the horizon and the days off. Dates are written in quotes, `"2026-12-01"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSection {
    /// First day of the planning horizon.
    pub start: NaiveDate,
    /// Last day of the planning horizon.
    pub end: NaiveDate,
    /// Observe LFT art. 74 mandatory rest days.
    #[serde(default = "yes")]
    pub mandatory_rest: bool,
    /// Further days off (local holidays, strikes), as dates.
    #[serde(default)]
    pub non_working: Vec<NaiveDate>,
    /// Named periods without field work: `{ name = "Semana Santa", from = "…", to = "…" }`,
    /// both ends included.
    #[serde(default)]
    pub blackouts: Vec<Blackout>,
}

fn yes() -> bool {
    true
}

impl Default for CalendarSection {
    fn default() -> Self {
        CalendarSection {
            start: NaiveDate::from_ymd_opt(2027, 1, 1).expect("valid"),
            end: NaiveDate::from_ymd_opt(2027, 1, 31).expect("valid"),
            mandatory_rest: true,
            non_working: Vec::new(),
            blackouts: Vec::new(),
        }
    }
}

impl CalendarSection {
    /// The section as the domain's calendar of working days (the horizon's ends are not part of it).
    pub fn work_calendar(&self) -> WorkCalendar {
        WorkCalendar { mandatory_rest: self.mandatory_rest, non_working: self.non_working.clone(), blackouts: self.blackouts.clone() }
    }
}

/// A scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The merged, overridden and checked scenario.
    pub scenario: Scenario,
    /// Path as given, or the embedded demo's name.
    pub source: String,
    /// Directory relative paths are resolved against.
    pub base_dir: PathBuf,
    /// The files this scenario extends, nearest parent first (empty without `extends`).
    pub extends: Vec<String>,
    /// `--fijar` overrides applied after `extends`, as given (`roster.max_travel_minutes=90`).
    pub overrides: Vec<String>,
}

impl LoadedScenario {
    /// The embedded demo.
    pub fn demo() -> LoadedScenario {
        Self::demo_with(&[]).expect("the embedded demo scenario is valid")
    }

    /// The embedded demo with `--fijar` overrides.
    pub fn demo_with(overrides: &[Override]) -> Result<LoadedScenario, Error> {
        let table = parse_table(DEMO_TOML, DEMO_NAME)?;
        finish(table, DEMO_NAME.to_string(), PathBuf::from("."), Vec::new(), overrides, Some(DEMO_TOML))
    }

    /// Reads a scenario file and its `extends` chain, without overrides.
    pub fn from_file(path: &Path) -> Result<LoadedScenario, Error> {
        Self::from_file_with(path, &[])
    }

    /// Reads a scenario, follows its `extends` chain and applies `overrides` before checking it.
    pub fn from_file_with(path: &Path, overrides: &[Override]) -> Result<LoadedScenario, Error> {
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut chain = Vec::new();
        let (table, has_parent) = {
            let mut seen = Vec::new();
            let table = load_chain(path, &text, &mut seen, &mut chain)?;
            (table, !chain.is_empty())
        };
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // Without a parent the file's own text is deserialized, so errors keep their line and column.
        let own_text = if has_parent { None } else { Some(text.as_str()) };
        finish(table, source, base_dir, chain, overrides, own_text)
    }

    /// The embedded demo when `path` is `None`.
    pub fn open(path: Option<&Path>, overrides: &[Override]) -> Result<LoadedScenario, Error> {
        match path {
            Some(p) => Self::from_file_with(p, overrides),
            None => Self::demo_with(overrides),
        }
    }

    /// Expands `${VAR}` and resolves a data path. A path the scenario writes as relative is
    /// relative to the scenario file; a path that starts with a variable is taken as the variable
    /// says (a relative `ALMAPLAN_DATA` is relative to the working directory, as in the shell).
    pub fn resolve(&self, raw: &str) -> Result<PathBuf, Error> {
        let expanded = expand_vars(raw).map_err(|message| Error::Scenario { path: self.source.clone(), message })?;
        let p = PathBuf::from(expanded);
        Ok(if p.is_absolute() || raw.trim_start().starts_with("${") { p } else { self.base_dir.join(p) })
    }
}

/// Parses `text` as a TOML table, errors naming `source` with line and column.
fn parse_table(text: &str, source: &str) -> Result<toml::Table, Error> {
    text.parse::<toml::Table>().map_err(|e| Error::Scenario { path: source.to_string(), message: toml_message(&e) })
}

/// Applies the overrides to the merged table, deserializes and checks it. `own_text` is the
/// file's text when the table is exactly that file (no parent): its errors keep line and column.
fn finish(
    mut table: toml::Table,
    source: String,
    base_dir: PathBuf,
    extends: Vec<String>,
    overrides: &[Override],
    own_text: Option<&str>,
) -> Result<LoadedScenario, Error> {
    let scenario_error = |message: String| Error::Scenario { path: source.clone(), message };
    let described = |message: String| {
        if extends.is_empty() {
            message
        } else {
            format!("{message} (en el escenario mezclado de {} ← {})", source, extends.join(" ← "))
        }
    };
    // The file (or merged chain) must be valid before any override, so an error is blamed on
    // the right thing.
    let base: Scenario = match own_text {
        Some(text) => toml::from_str(text).map_err(|e| scenario_error(toml_message(&e)))?,
        None => deserialize(&table).map_err(|e| scenario_error(described(e)))?,
    };
    let mut scenario = base;
    for o in overrides {
        o.apply(&mut table).map_err(&scenario_error)?;
        scenario = deserialize(&table).map_err(|e| scenario_error(format!("--fijar {}: {e}", o.text)))?;
    }
    validate(&scenario).map_err(|m| {
        if overrides.is_empty() {
            scenario_error(described(m))
        } else {
            let sets: Vec<&str> = overrides.iter().map(|o| o.text.as_str()).collect();
            scenario_error(format!("{m} (con --fijar {})", sets.join(" --fijar ")))
        }
    })?;
    Ok(LoadedScenario { scenario, source, base_dir, extends, overrides: overrides.iter().map(|o| o.text.clone()).collect() })
}

fn deserialize(table: &toml::Table) -> Result<Scenario, String> {
    toml::Value::Table(table.clone()).try_into::<Scenario>().map_err(|e| toml_message(&e).trim_end().replace('\n', " "))
}

/// A TOML, JSON or serde error in Spanish: the crates write «unknown field `x`, expected one of …»,
/// «TOML parse error at line 3, column 1» and the like; the words around the names and values are
/// replaced, the names, values and the excerpt of the file are kept.
pub fn toml_message(e: &impl std::fmt::Display) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("TOML parse error at line ", "error de TOML en la línea "),
        (", column ", ", columna "),
        ("unknown field ", "clave desconocida "),
        ("unknown variant ", "valor desconocido "),
        ("missing field ", "falta la clave "),
        ("duplicate field ", "clave repetida "),
        ("duplicate key", "clave repetida"),
        ("invalid type: ", "tipo inválido: "),
        ("invalid value: ", "valor inválido: "),
        ("invalid length ", "longitud inválida "),
        (", expected one of ", "; se esperaba una de "),
        (", expected ", "; se esperaba "),
        ("there are no fields", "no hay claves"),
        ("there are no variants", "no hay valores"),
        ("` or `", "` o `"),
        ("string \"", "texto \""),
        ("integer `", "entero `"),
        ("floating point `", "decimal `"),
        ("boolean `", "booleano `"),
        ("a string", "un texto"),
        ("a sequence", "una lista"),
        ("a boolean", "un booleano"),
        ("a map", "una tabla"),
        ("a date", "una fecha"),
        ("sequence", "lista"),
        ("input contains invalid characters", "caracteres inválidos"),
        ("premature end of input", "el texto termina antes de tiempo"),
        ("invalid table header", "encabezado de tabla inválido"),
        ("invalid key", "clave inválida"),
        ("invalid string", "texto inválido"),
        ("invalid array", "arreglo inválido"),
        ("expected newline, `#`", "se esperaba fin de línea, `#`"),
        ("expected `=`", "se esperaba `=`"),
        ("expected `.`, `=`", "se esperaba `.`, `=`"),
        ("string values must be quoted", "los textos van entre comillas"),
        // serde_json
        ("EOF while parsing", "fin del archivo al leer"),
        ("expected value", "se esperaba un valor"),
        ("trailing characters", "caracteres sobrantes"),
        (" at line ", " en la línea "),
        (" column ", " columna "),
        (" in `", " en `"),
        ("\nin `", "\nen `"),
        ("expected `", "se esperaba `"),
        ("se esperaba f64", "se esperaba un número"),
        ("se esperaba f32", "se esperaba un número"),
        ("se esperaba u8", "se esperaba un entero no negativo"),
        ("se esperaba u16", "se esperaba un entero no negativo"),
        ("se esperaba u32", "se esperaba un entero no negativo"),
        ("se esperaba u64", "se esperaba un entero no negativo"),
        ("se esperaba usize", "se esperaba un entero no negativo"),
        ("se esperaba i32", "se esperaba un entero"),
        ("se esperaba i64", "se esperaba un entero"),
    ];
    let mut text = e.to_string();
    for (english, spanish) in WORDS {
        text = text.replace(english, spanish);
    }
    text
}

/// Parses and checks a scenario.
pub fn parse(text: &str, source: &str) -> Result<Scenario, Error> {
    let scenario: Scenario = toml::from_str(text).map_err(|e| Error::Scenario { path: source.to_string(), message: toml_message(&e) })?;
    validate(&scenario).map_err(|message| Error::Scenario { path: source.to_string(), message })?;
    Ok(scenario)
}

/// Writes `text` to `dir/name` (creating folders) for the tests of this module's parts.
#[cfg(test)]
pub(crate) fn write_test_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_demo_parses() {
        let d = LoadedScenario::demo();
        assert!(d.scenario.data.synthetic.is_some());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = parse("name = \"x\"\n[data]\nestablishment = \"a.csv\"\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("clave desconocida"), "{e}");
    }

    #[test]
    fn toml_and_serde_errors_are_explained_in_spanish() {
        let cases = [
            ("name = x\n", "error de TOML en la línea 1, columna 8"),
            ("name = \"x\"\n[data]\nestablishment = \"a.csv\"\n", "clave desconocida `establishment`; se esperaba una de"),
            (
                "name = \"x\"\n[data]\nsynthetic = { units = 10 }\n[roster]\nmax_travel_minutes = \"lejos\"\n",
                "tipo inválido: texto \"lejos\"; se esperaba un número",
            ),
        ];
        for (text, spanish) in cases {
            let e = parse(text, "x.toml").unwrap_err().to_string();
            assert!(e.contains(spanish), "{e}");
            for english in ["parse error", "unknown field", "expected", "invalid type", "string \""] {
                assert!(!e.contains(english), "{english:?} in {e}");
            }
        }
    }

    #[test]
    fn relative_paths_follow_the_scenario_but_variables_follow_the_shell() {
        let s = LoadedScenario { base_dir: PathBuf::from("scenarios"), ..LoadedScenario::demo() };
        assert_eq!(s.resolve("datos/a.csv").unwrap(), PathBuf::from("scenarios/datos/a.csv"));
        std::env::set_var("ALMAPLAN_TEST_REL_DATA", "../shared/data");
        assert_eq!(s.resolve("${ALMAPLAN_TEST_REL_DATA}/a.csv").unwrap(), PathBuf::from("../shared/data/a.csv"));
    }
}
