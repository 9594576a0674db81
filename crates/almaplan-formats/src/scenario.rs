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
//! paths ([`PATH_KEYS`]) are rewritten so they keep pointing at the same files. Then `--set
//! section.key=value` overrides ([`Override`]) are applied, and only then is the result
//! deserialized (unknown keys are still errors) and checked.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use almaplan_core::domain::calendar::Blackout;
use almaplan_core::domain::WorkCalendar;
use almaplan_core::error::Error;
use almaplan_core::lp::SolveOptions;
use almaplan_core::planners::roster::RosterParams;
use almaplan_core::planners::umm::RoutesParams;
use almaplan_core::planners::waves::{PriorityRule, StateRef, WavesParams};
use almaplan_core::planners::zones::ZonesParams;
use almaplan_core::synthetic::SyntheticSpec;
use almaplan_core::territory::TravelParams;

/// The embedded demo scenario (`scenarios/demo.toml`), used when `almaplan run` gets no file.
pub const DEMO_TOML: &str = include_str!("../../../scenarios/demo.toml");
pub const DEMO_NAME: &str = "scenarios/demo.toml (embebido)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Seed for every randomised step (synthetic data, heuristics, HiGHS).
    #[serde(default)]
    pub seed: u64,
    /// INEGI state codes to plan; empty means every state present in the data.
    #[serde(default)]
    pub states: Vec<u8>,
    pub data: DataSources,
    #[serde(default)]
    pub travel: TravelParams,
    #[serde(default)]
    pub calendar: CalendarSection,
    #[serde(default)]
    pub solver: SolveOptions,
    pub roster: Option<RosterParams>,
    pub zones: Option<ZonesParams>,
    pub waves: Option<WavesParams>,
    pub routes: Option<RoutesParams>,
}

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
    /// Generate the demo network instead of reading files.
    pub synthetic: Option<SyntheticSpec>,
}

fn default_institutions() -> Vec<String> {
    vec!["IMB".to_string()]
}

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
    #[serde(default)]
    pub non_working: Vec<NaiveDate>,
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
    pub fn work_calendar(&self) -> WorkCalendar {
        WorkCalendar { mandatory_rest: self.mandatory_rest, non_working: self.non_working.clone(), blackouts: self.blackouts.clone() }
    }
}

/// A scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    /// Path as given, or the embedded demo's name.
    pub source: String,
    /// Directory relative paths are resolved against.
    pub base_dir: PathBuf,
    /// The files this scenario extends, nearest parent first (empty without `extends`).
    pub extends: Vec<String>,
    /// `--set` overrides applied after `extends`, as given (`roster.max_travel_minutes=90`).
    pub overrides: Vec<String>,
}

impl LoadedScenario {
    /// The embedded demo.
    pub fn demo() -> LoadedScenario {
        Self::demo_with(&[]).expect("the embedded demo scenario is valid")
    }

    /// The embedded demo with `--set` overrides.
    pub fn demo_with(overrides: &[Override]) -> Result<LoadedScenario, Error> {
        let table = parse_table(DEMO_TOML, DEMO_NAME)?;
        finish(table, DEMO_NAME.to_string(), PathBuf::from("."), Vec::new(), overrides, Some(DEMO_TOML))
    }

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

/// `extends = "demo"` names the embedded demo instead of a file.
pub const EXTENDS_DEMO: &str = "demo";

/// Keys whose values are file paths (a string, or an array of strings). A relative path is
/// resolved against the directory of the file that declares it: when a parent scenario is merged
/// into a child in another directory, the parent's relative paths are rewritten to stay pointing
/// at the same files. Paths starting with `${VAR}` and absolute paths are left alone. A new path
/// key in the scenario must be listed here.
pub const PATH_KEYS: &[&str] = &[
    "data.establishments",
    "data.localities",
    "data.marginalisation",
    "data.staffing",
    "data.travel_matrix",
    "data.boundaries",
    "data.published_figures",
    "roster.targets",
    "zones.zone_file",
    "routes.bases",
];

/// Parses `text` as a TOML table, errors naming `source` with line and column.
fn parse_table(text: &str, source: &str) -> Result<toml::Table, Error> {
    text.parse::<toml::Table>().map_err(|e| Error::Scenario { path: source.to_string(), message: e.to_string() })
}

/// Reads `path` (whose text is `text`) and merges it over its `extends` ancestors. `seen` holds
/// the files on the current chain (to report cycles); `chain` collects the ancestors' names.
fn load_chain(path: &Path, text: &str, seen: &mut Vec<(PathBuf, String)>, chain: &mut Vec<String>) -> Result<toml::Table, Error> {
    let source = path.display().to_string();
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if seen.iter().any(|(p, _)| *p == identity) {
        let names: Vec<&str> = seen.iter().map(|(_, n)| n.as_str()).chain([source.as_str()]).collect();
        let first = &seen[0].1;
        return Err(Error::Scenario { path: first.clone(), message: format!("extends forms a cycle: {}", names.join(" → ")) });
    }
    seen.push((identity, source.clone()));
    let mut table = parse_table(text, &source)?;
    let Some(parent) = table.remove("extends") else { return Ok(table) };
    let scenario_error = |message: String| Error::Scenario { path: source.clone(), message };
    let toml::Value::String(parent) = parent else {
        return Err(scenario_error(format!("extends = {parent}: expected a file name in quotes, or \"{EXTENDS_DEMO}\"")));
    };
    let parent_table = if parent == EXTENDS_DEMO {
        chain.push(DEMO_NAME.to_string());
        parse_table(DEMO_TOML, DEMO_NAME)?
    } else {
        let dir = path.parent().unwrap_or(Path::new(""));
        let parent_path = dir.join(&parent);
        let parent_text = std::fs::read_to_string(&parent_path)
            .map_err(|e| scenario_error(format!("extends = {parent:?}: cannot read {}: {e}", parent_path.display())))?;
        chain.push(parent_path.display().to_string());
        let mut t = load_chain(&parent_path, &parent_text, seen, chain)?;
        rebase_paths(&mut t, Path::new(&parent).parent().unwrap_or(Path::new("")));
        t
    };
    Ok(merge(parent_table, table))
}

/// Rewrites the relative paths of [`PATH_KEYS`] in `table` as seen from a directory where
/// `prefix` is the table's own directory.
fn rebase_paths(table: &mut toml::Table, prefix: &Path) {
    if prefix.as_os_str().is_empty() {
        return;
    }
    let rebase = |v: &mut toml::Value| {
        if let toml::Value::String(s) = v {
            if !s.trim_start().starts_with("${") && !Path::new(s.as_str()).is_absolute() {
                *s = prefix.join(s.as_str()).display().to_string();
            }
        }
    };
    for key in PATH_KEYS {
        let (section, name) = key.split_once('.').expect("PATH_KEYS are section.key");
        let Some(toml::Value::Table(t)) = table.get_mut(section) else { continue };
        match t.get_mut(name) {
            Some(toml::Value::Array(items)) => items.iter_mut().for_each(rebase),
            Some(v) => rebase(v),
            None => {}
        }
    }
}

/// `child` over `parent`: tables merge key by key, recursively; anything else in `child`
/// (numbers, strings, arrays, arrays of tables) replaces the parent's value.
pub fn merge(mut parent: toml::Table, child: toml::Table) -> toml::Table {
    for (key, value) in child {
        match (parent.get_mut(&key), value) {
            (Some(toml::Value::Table(p)), toml::Value::Table(c)) => {
                let p = std::mem::take(p);
                parent.insert(key, toml::Value::Table(merge(p, c)));
            }
            (_, value) => {
                parent.insert(key, value);
            }
        }
    }
    parent
}

/// One `--set section.key=value`: a dotted path into the scenario's TOML and the value to put
/// there (parsed as TOML; a bare word that is not TOML is taken as a string; a TOML date is
/// taken as its text, as scenarios write dates in quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub path: Vec<String>,
    pub value: toml::Value,
    /// As given, for messages and reports.
    pub text: String,
}

impl Override {
    /// Parses `section.key=value`.
    pub fn parse(text: &str) -> Result<Override, String> {
        let (key, value) =
            text.split_once('=').ok_or_else(|| format!("--set {text:?}: expected section.key=value, e.g. roster.max_travel_minutes=90"))?;
        Ok(Override { path: parse_key_path(key, text)?, value: parse_value(value.trim()), text: text.trim().to_string() })
    }

    /// Parses `section.key=v1,v2,…` (for `sweep`) into one override per value. Commas inside
    /// brackets, braces or quotes do not split.
    pub fn parse_list(text: &str) -> Result<Vec<Override>, String> {
        let (key, values) = text
            .split_once('=')
            .ok_or_else(|| format!("--set {text:?}: expected section.key=v1,v2,…, e.g. roster.max_travel_minutes=45,60,90"))?;
        let path = parse_key_path(key, text)?;
        let key = key.trim();
        let items = split_top_level(values);
        if items.iter().any(|v| v.trim().is_empty()) {
            return Err(format!("--set {text:?}: an empty value in the list"));
        }
        Ok(items
            .into_iter()
            .map(|v| Override { path: path.clone(), value: parse_value(v.trim()), text: format!("{key}={}", v.trim()) })
            .collect())
    }

    /// The dotted key, e.g. `roster.max_travel_minutes`.
    pub fn key(&self) -> String {
        self.path.join(".")
    }

    /// The value as written in a table cell: strings without quotes, anything else as TOML.
    pub fn value_text(&self) -> String {
        match &self.value {
            toml::Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }

    /// Puts the value into `table`, creating the missing tables on the way.
    fn apply(&self, table: &mut toml::Table) -> Result<(), String> {
        let (last, parents) = self.path.split_last().expect("a key path is never empty");
        let mut t = table;
        for (i, part) in parents.iter().enumerate() {
            let entry = t.entry(part.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            t = match entry {
                toml::Value::Table(inner) => inner,
                other => {
                    return Err(format!("--set {}: {} is a {}, not a section", self.text, self.path[..=i].join("."), other.type_str()))
                }
            };
        }
        t.insert(last.clone(), self.value.clone());
        Ok(())
    }
}

fn parse_key_path(key: &str, text: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = key.trim().split('.').map(|p| p.trim().to_string()).collect();
    if parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        return Err(format!("--set {text:?}: {:?} is not a key path like roster.max_travel_minutes", key.trim()));
    }
    Ok(parts)
}

fn parse_value(raw: &str) -> toml::Value {
    match format!("v = {raw}").parse::<toml::Table>().ok().and_then(|mut t| t.remove("v")) {
        Some(toml::Value::Datetime(d)) => toml::Value::String(d.to_string()),
        Some(v) => v,
        None => toml::Value::String(raw.to_string()),
    }
}

/// Splits at commas outside brackets, braces and quotes.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
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
            format!("{message} (in the scenario merged from {} ← {})", source, extends.join(" ← "))
        }
    };
    // The file (or merged chain) must be valid before any override, so an error is blamed on
    // the right thing.
    let base: Scenario = match own_text {
        Some(text) => toml::from_str(text).map_err(|e| scenario_error(e.to_string()))?,
        None => deserialize(&table).map_err(|e| scenario_error(described(e)))?,
    };
    let mut scenario = base;
    for o in overrides {
        o.apply(&mut table).map_err(&scenario_error)?;
        scenario = deserialize(&table).map_err(|e| scenario_error(format!("--set {}: {e}", o.text)))?;
    }
    validate(&scenario).map_err(|m| {
        if overrides.is_empty() {
            scenario_error(described(m))
        } else {
            let sets: Vec<&str> = overrides.iter().map(|o| o.text.as_str()).collect();
            scenario_error(format!("{m} (with --set {})", sets.join(" --set ")))
        }
    })?;
    Ok(LoadedScenario { scenario, source, base_dir, extends, overrides: overrides.iter().map(|o| o.text.clone()).collect() })
}

fn deserialize(table: &toml::Table) -> Result<Scenario, String> {
    toml::Value::Table(table.clone()).try_into::<Scenario>().map_err(|e| e.to_string().trim_end().replace('\n', " "))
}

/// Parses and checks a scenario.
pub fn parse(text: &str, source: &str) -> Result<Scenario, Error> {
    let scenario: Scenario = toml::from_str(text).map_err(|e| Error::Scenario { path: source.to_string(), message: e.to_string() })?;
    validate(&scenario).map_err(|message| Error::Scenario { path: source.to_string(), message })?;
    Ok(scenario)
}

fn validate(s: &Scenario) -> Result<(), String> {
    s.travel.validate()?;
    if let Some(bad) = s.states.iter().find(|c| almaplan_core::domain::state::name(**c).is_none()) {
        return Err(format!("states: {bad} is not an INEGI state code (1–32)"));
    }
    if s.calendar.end < s.calendar.start {
        return Err(format!("calendar: end {} is before start {}", s.calendar.end, s.calendar.start));
    }
    for b in &s.calendar.blackouts {
        if b.to < b.from {
            return Err(format!("calendar.blackouts «{}»: to {} is before from {}", b.name, b.to, b.from));
        }
    }
    if s.data.synthetic.is_none() && s.data.establishments.is_none() {
        return Err("data: name an establishments file, or ask for a synthetic network with synthetic = { units = N }".into());
    }
    if s.solver.time_limit_s <= 0.0 || !(0.0..1.0).contains(&s.solver.rel_gap) {
        return Err("solver: time_limit_s must be > 0 and rel_gap in [0, 1)".into());
    }
    if let Some(z) = &s.zones {
        if !(0.0..1.0).contains(&z.workload_tolerance) || z.units_per_zone < 1.0 || z.candidate_centres == 0 {
            return Err("zones: workload_tolerance must be in [0, 1), units_per_zone ≥ 1 and candidate_centres ≥ 1".into());
        }
    }
    if let Some(w) = &s.waves {
        match &w.priority {
            PriorityRule::Rule(r) if r != "unidades_x_brecha" && r != "unidades" => {
                return Err(format!("waves.priority: {r:?} — expected \"unidades_x_brecha\", \"unidades\" or a list of states"))
            }
            PriorityRule::States(list) => {
                if let Some(bad) = list.iter().find(|r| r.code().is_none()) {
                    return Err(format!("waves.priority: {bad:?} is not a state code or name"));
                }
            }
            PriorityRule::Rule(_) => {}
        }
        if w.weekend_block_progress.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err("waves.weekend_block_progress: every share must be between 0 and 1".into());
        }
        if w.brigade_pool == Some(0) {
            return Err("waves.brigade_pool must be at least 1".into());
        }
        let homes: u32 = w.brigade_homes.values().sum();
        if !w.brigade_homes.is_empty() && w.brigade_pool.is_none() {
            return Err("waves.brigade_homes needs waves.brigade_pool".into());
        }
        if let Some(pool) = w.brigade_pool {
            if homes > pool {
                return Err(format!("waves.brigade_homes: {homes} brigades with a home but brigade_pool = {pool}"));
            }
        }
        if let Some(bad) = w.brigade_homes.keys().find(|k| StateRef::Name((*k).clone()).code().is_none()) {
            return Err(format!("waves.brigade_homes: {bad:?} is not a state code or name"));
        }
    }
    if let Some(r) = &s.roster {
        if r.max_travel_minutes <= 0.0 {
            return Err("roster.max_travel_minutes must be > 0".into());
        }
        if r.physicians_by_size.is_empty() {
            return Err("roster.physicians_by_size needs at least one rule".into());
        }
        if !(0.0..=1.0).contains(&r.own_opening_share) {
            return Err("roster.own_opening_share must be between 0 and 1".into());
        }
        if r.candidate_units_per_physician == 0 {
            return Err("roster.candidate_units_per_physician must be at least 1".into());
        }
    }
    Ok(())
}

/// Replaces every `${VAR}` with the environment variable's value.
pub fn expand_vars(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| format!("unclosed ${{ in path {raw:?}"))?;
        let var = &after[..end];
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => out.push_str(&v),
            _ => {
                return Err(format!(
                    "path {raw:?} uses ${{{var}}} but the environment variable {var} is not set; \
                     point it at the folder with the data (e.g. {var}=../shared/data)"
                ))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
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
        assert!(e.to_string().contains("unknown field"), "{e}");
    }

    #[test]
    fn relative_paths_follow_the_scenario_but_variables_follow_the_shell() {
        let s = LoadedScenario { base_dir: PathBuf::from("scenarios"), ..LoadedScenario::demo() };
        assert_eq!(s.resolve("datos/a.csv").unwrap(), PathBuf::from("scenarios/datos/a.csv"));
        std::env::set_var("ALMAPLAN_TEST_REL_DATA", "../shared/data");
        assert_eq!(s.resolve("${ALMAPLAN_TEST_REL_DATA}/a.csv").unwrap(), PathBuf::from("../shared/data/a.csv"));
    }

    #[test]
    fn unset_variable_is_a_clear_error() {
        let e = expand_vars("${ALMAPLAN_TEST_SURELY_UNSET}/a.csv").unwrap_err();
        assert!(e.contains("ALMAPLAN_TEST_SURELY_UNSET is not set"), "{e}");
        assert_eq!(expand_vars("plain/path.csv").unwrap(), "plain/path.csv");
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn child_merges_over_parent_tables_recursively_and_replaces_scalars_and_arrays() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.toml", "name = \"base\"\nstates = [13, 14]\n[data]\nestablishments = \"cat.csv\"\nlocalities = [\"a.csv\", \"b.csv\"]\n[roster]\nmax_travel_minutes = 60.0\nmax_extra_shifts_per_month = 3\n[waves]\nbrigades_per_state = 2\n");
        let child = write(dir.path(), "child.toml", "extends = \"base.toml\"\nname = \"child\"\nstates = [13]\n[data]\nlocalities = [\"c.csv\"]\n[roster]\nmax_travel_minutes = 90\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        assert_eq!(s.scenario.name, "child");
        assert_eq!(s.scenario.states, vec![13]);
        assert_eq!(s.scenario.data.establishments.as_deref(), Some("cat.csv"));
        assert_eq!(s.scenario.data.localities, vec!["c.csv".to_string()]);
        let r = s.scenario.roster.as_ref().unwrap();
        assert_eq!((r.max_travel_minutes, r.max_extra_shifts_per_month), (90.0, 3));
        assert_eq!(s.scenario.waves.as_ref().unwrap().brigades_per_state, 2);
        assert_eq!(s.extends, vec![dir.path().join("base.toml").display().to_string()]);
    }

    #[test]
    fn parent_paths_stay_relative_to_the_parent_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "comun/base.toml", "name = \"base\"\n[data]\nestablishments = \"datos/cat.csv\"\nlocalities = [\"datos/l.csv\", \"${ALMAPLAN_DATA}/x.csv\", \"/abs/y.csv\"]\n[zones]\nzone_file = \"zonas.csv\"\n");
        write(dir.path(), "comun/medio.toml", "extends = \"base.toml\"\n[roster]\ntargets = \"metas.csv\"\n");
        let child = write(dir.path(), "hijo/a.toml", "extends = \"../comun/medio.toml\"\n[data]\nstaffing = \"plantilla.csv\"\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        let d = &s.scenario.data;
        let resolved = |raw: &str| s.resolve(raw).unwrap();
        let root = dir.path();
        assert_eq!(resolved(d.establishments.as_deref().unwrap()), root.join("hijo/../comun/datos/cat.csv"));
        assert_eq!(resolved(&d.localities[0]), root.join("hijo/../comun/datos/l.csv"));
        assert_eq!(d.localities[1], "${ALMAPLAN_DATA}/x.csv");
        assert_eq!(d.localities[2], "/abs/y.csv");
        assert_eq!(resolved(d.staffing.as_deref().unwrap()), root.join("hijo/plantilla.csv"));
        assert_eq!(resolved(s.scenario.roster.as_ref().unwrap().targets.as_deref().unwrap()), root.join("hijo/../comun/metas.csv"));
        assert_eq!(resolved(s.scenario.zones.as_ref().unwrap().zone_file.as_deref().unwrap()), root.join("hijo/../comun/zonas.csv"));
        assert_eq!(s.extends.len(), 2);
    }

    #[test]
    fn extends_cycles_name_the_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
        write(dir.path(), "b.toml", "extends = \"a.toml\"\nname = \"b\"\n");
        let e = LoadedScenario::from_file(&dir.path().join("a.toml")).unwrap_err().to_string();
        assert!(e.contains("cycle") && e.contains("a.toml → ") && e.contains("b.toml → "), "{e}");
        let missing = write(dir.path(), "c.toml", "extends = \"nada.toml\"\nname = \"c\"\n");
        let e = LoadedScenario::from_file(&missing).unwrap_err().to_string();
        assert!(e.contains("nada.toml") && e.contains("cannot read"), "{e}");
    }

    #[test]
    fn unknown_keys_in_a_child_are_errors_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let child = write(dir.path(), "x.toml", "extends = \"demo\"\n[roster]\nmax_travel_minute = 90\n");
        let e = LoadedScenario::from_file(&child).unwrap_err().to_string();
        assert!(e.contains("unknown field `max_travel_minute`") && e.contains("x.toml"), "{e}");
    }

    #[test]
    fn extends_demo_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let child = write(dir.path(), "x.toml", "extends = \"demo\"\nname = \"demo 90\"\n[roster]\nmax_travel_minutes = 90\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        assert_eq!(s.scenario.data.synthetic, LoadedScenario::demo().scenario.data.synthetic);
        assert_eq!(s.scenario.roster.as_ref().unwrap().max_travel_minutes, 90.0);
        let sets = [
            Override::parse("roster.max_travel_minutes=45").unwrap(),
            Override::parse("waves.brigades_per_state = 3").unwrap(),
            Override::parse("calendar.end=2027-02-28").unwrap(),
            Override::parse("name=Otro nombre").unwrap(),
            Override::parse("states=[1, 2]").unwrap(),
        ];
        let s = LoadedScenario::from_file_with(&child, &sets).unwrap();
        assert_eq!(s.scenario.roster.as_ref().unwrap().max_travel_minutes, 45.0);
        assert_eq!(s.scenario.waves.as_ref().unwrap().brigades_per_state, 3);
        assert_eq!(s.scenario.calendar.end, NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(s.scenario.name, "Otro nombre");
        assert_eq!(s.scenario.states, vec![1, 2]);
        assert_eq!(s.overrides[0], "roster.max_travel_minutes=45");
        // A section the scenario lacks is created.
        let demo = LoadedScenario::demo_with(&[Override::parse("routes.horizon_weeks=2").unwrap()]).unwrap();
        assert_eq!(demo.scenario.routes.unwrap().horizon_weeks, 2);
    }

    #[test]
    fn bad_overrides_are_clear_errors() {
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minute=45").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("--set roster.max_travel_minute=45") && e.contains("unknown field `max_travel_minute`"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minutes=lejos").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("--set roster.max_travel_minutes=lejos") && e.contains("invalid type"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minutes=-5").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("must be > 0") && e.contains("--set roster.max_travel_minutes=-5"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("seed.x=1").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("seed is a integer, not a section"), "{e}");
        assert!(Override::parse("roster").is_err());
        assert!(Override::parse("roster..x=1").is_err());
    }

    #[test]
    fn sweep_lists_split_at_top_level_commas() {
        let v = Override::parse_list("roster.max_travel_minutes=45,60,90").unwrap();
        let values: Vec<String> = v.iter().map(Override::value_text).collect();
        assert_eq!(values, ["45", "60", "90"]);
        assert_eq!(v[2].text, "roster.max_travel_minutes=90");
        let v = Override::parse_list("states=[1,2],[3]").unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].value, toml::Value::Array(vec![toml::Value::Integer(1), toml::Value::Integer(2)]));
        let v = Override::parse_list("name=\"a,b\",c").unwrap();
        assert_eq!(v.iter().map(Override::value_text).collect::<Vec<_>>(), ["a,b", "c"]);
        assert!(Override::parse_list("roster.max_travel_minutes=45,,90").is_err());
    }

    #[test]
    fn merge_replaces_arrays_of_tables() {
        let parent: toml::Table = "[calendar]\nblackouts = [{ name = \"a\", from = \"2027-01-01\", to = \"2027-01-02\" }, { name = \"b\", from = \"2027-01-05\", to = \"2027-01-06\" }]\nstart = \"2027-01-01\"\n".parse().unwrap();
        let child: toml::Table = "[calendar]\nblackouts = []\n".parse().unwrap();
        let m = merge(parent, child);
        let cal = m["calendar"].as_table().unwrap();
        assert_eq!(cal["blackouts"].as_array().unwrap().len(), 0);
        assert_eq!(cal["start"].as_str(), Some("2027-01-01"));
    }
}
