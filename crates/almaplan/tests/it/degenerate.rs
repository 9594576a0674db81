//! Empty and degenerate inputs: a state with no units, a month with no opening days, no
//! physicians, no mobile units, a single unit. Each run either ends with a plan that says so
//! (0% coverage, every gap with its reason) or with a clear message, exit code 1 and nothing
//! written; never a panic, including inside the solver bindings.

use std::path::Path;

use crate::common::{almaplan, stderr};
use crate::malformed_input::{GOOD as URBAN, HEADER, OTHER as RURAL};

const MOBILE: &str = "HGIMB000035,HGSSA000035,13,HIDALGO,2,ACAXOCHITLAN,TEPEPA,12,TEPEPA,EN OPERACION,PRIMER NIVEL,UNIDAD MÓVIL,RURAL,1301.0,TULANCINGO,20.1592,-98.2021";
const LOCALITIES: &str = "cve_entidad,cve_municipio,cve_localidad,cvegeo,nom_localidad,latitud,longitud,poblacion_total,ambito\n13,2,40,130020040,San Pedro,20.25,-98.10,1200,R\n13,2,41,130020041,Santa Ana,20.30,-98.05,1500,R\n";

const SECTIONS: &str = "[calendar]\nstart = \"2027-01-01\"\nend = \"2027-01-31\"\n[solver]\ntime_limit_s = 10.0\n[roster]\n[zones]\n[waves]\nstart = \"2027-01-11\"\ndeadline = \"2027-06-30\"\n[routes]\n";

/// How a degenerate run ended.
#[derive(Debug, PartialEq)]
enum Ending {
    /// A plan was written (exit 0).
    Plan,
    /// A clear error (exit 1), nothing written.
    Refused,
}

/// Runs `almaplan run` on `rows` (catalogue rows) and a scenario made of `scenario` + the planner
/// sections, and checks the promise: exit 0 with outputs, or exit 1 with a message and nothing
/// written; never a panic.
fn run(dir: &Path, rows: &[&str], scenario: &str) -> (Ending, String) {
    std::fs::write(dir.join("cat.csv"), format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    std::fs::write(dir.join("loc.csv"), LOCALITIES).unwrap();
    // `scenario` is either a `states = …` line or the planner sections to use instead of SECTIONS.
    let (states, sections) = if scenario.starts_with("states") { (scenario, SECTIONS) } else { ("states = [13]", scenario) };
    let sections = if sections.is_empty() { SECTIONS } else { sections };
    let text = format!("name = \"degenerado\"\n{states}\n[data]\nestablishments = \"cat.csv\"\nlocalities = [\"loc.csv\"]\n{sections}\n");
    std::fs::write(dir.join("s.toml"), text).unwrap();
    let out = almaplan(dir, &["run", "s.toml", "--salida", "salida", "-q"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "a panic: {err}");
    match out.status.code() {
        Some(0) => {
            assert!(dir.join("salida/indicadores.json").is_file(), "exit 0 without indicadores.json: {err}");
            (Ending::Plan, err)
        }
        Some(1) => {
            assert!(!dir.join("salida").exists(), "exit 1 left outputs behind: {err}");
            assert!(err.contains("error"), "exit 1 without a message: {err}");
            (Ending::Refused, err)
        }
        other => panic!("exit code {other:?}: {err}"),
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("salida").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn no_physicians_gives_a_plan_with_zero_coverage_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (ending, err) = run(dir.path(), &[URBAN, RURAL, MOBILE], "");
    assert_eq!(ending, Ending::Plan, "{err}");
    let gaps = read(dir.path(), "brechas.csv");
    assert!(gaps.contains("HGIMB000011") && gaps.contains("HGIMB000023"), "every unit is a gap: {gaps}");
}

#[test]
fn a_state_with_no_units_is_said_not_crashed() {
    let dir = tempfile::tempdir().unwrap();
    let (ending, err) = run(dir.path(), &[URBAN, RURAL, MOBILE], "states = [13, 9]");
    assert_eq!(ending, Ending::Plan, "{err}");
    let problems = read(dir.path(), "problemas_datos.csv");
    assert!(problems.contains("advertencia,entidad sin unidades,s.toml,,states,9,"), "{problems}");
}

#[test]
fn a_month_with_no_weekend_days_is_said_not_crashed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = SECTIONS.replace("start = \"2027-01-01\"\nend = \"2027-01-31\"", "start = \"2027-01-04\"\nend = \"2027-01-08\"");
    let (ending, err) = run(dir.path(), &[URBAN, RURAL, MOBILE], &scenario);
    assert_eq!(ending, Ending::Plan, "{err}");
    let problems = read(dir.path(), "problemas_datos.csv");
    assert!(problems.contains("advertencia,periodo sin fines de semana,s.toml,,calendar,2027-01-04 a 2027-01-08,"), "{problems}");
}

#[test]
fn no_mobile_units_leaves_every_locality_uncovered_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (ending, err) = run(dir.path(), &[URBAN, RURAL], "");
    assert_eq!(ending, Ending::Plan, "{err}");
    let gaps = read(dir.path(), "brechas.csv");
    assert!(gaps.contains("130020040") && gaps.contains("130020041"), "both localities are gaps: {gaps}");
}

#[test]
fn a_single_unit_runs_every_planner() {
    let dir = tempfile::tempdir().unwrap();
    let (ending, err) = run(dir.path(), &[RURAL], "");
    assert_eq!(ending, Ending::Plan, "{err}");
}
