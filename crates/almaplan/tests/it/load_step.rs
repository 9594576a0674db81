//! The one load step: every file a scenario or a command names is read and checked before
//! anything is solved, every problem of every file is listed at once, and `validate` checks
//! exactly what `run` reads. The progress lines (plain, since stderr is not a terminal here) show
//! which steps ran: a planner that starts says so, so "no planner line" means "no solve".

use std::path::Path;

use crate::common::{almaplan, stderr, stdout};

/// A small demo (`extends = "demo"`, 200 synthetic units) with a malformed zone file (a CLUES
/// twice) and a malformed bases file (an unknown mobile unit).
fn broken_scenario(dir: &Path) {
    std::fs::write(dir.join("zonas.csv"), "clues,zona\nA,1\nA,2\n").unwrap();
    std::fs::write(dir.join("bases.csv"), "clues,latitud,longitud\nNOEXISTE,20.1,-98.7\n").unwrap();
    std::fs::write(
        dir.join("s.toml"),
        "extends = \"demo\"\nname = \"carga\"\n[data]\nsynthetic = { units = 200, states = 2 }\n\
         [zones]\nzone_file = \"zonas.csv\"\n[routes]\nbases = \"bases.csv\"\n",
    )
    .unwrap();
}

/// Both files' problems, located as file:row:column.
fn assert_both_problems(err: &str) {
    assert!(err.contains("zonas.csv:3:clues: \"A\""), "the zone file's problem: {err}");
    assert!(err.contains("bases.csv:2:clues: \"NOEXISTE\""), "the bases file's problem: {err}");
}

/// No planner started: the pipeline reports each planner's start before it solves anything.
fn assert_nothing_solved(progress: &str) {
    assert!(progress.contains("datos leídos"), "the load ran: {progress}");
    for planner in ["roster  ", "zones   ", "waves   ", "routes  "] {
        assert!(!progress.contains(&format!("] {planner}")), "{planner:?} started: {progress}");
    }
}

#[test]
fn run_with_a_bad_zone_file_and_bad_bases_lists_both_and_solves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    broken_scenario(dir.path());
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida", "--log", "avance.log"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_both_problems(&err);
    assert!(err.contains("2 error(es) en los datos de entrada"), "{err}");
    assert!(!dir.path().join("salida").exists(), "no output on bad input");
    assert_nothing_solved(&err);
    let log = std::fs::read_to_string(dir.path().join("avance.log")).unwrap();
    assert!(log.contains("2 error(es)"), "{log}");
    assert_nothing_solved(&log);
}

#[test]
fn validate_checks_the_zone_file_and_the_bases_as_run_does() {
    let dir = tempfile::tempdir().unwrap();
    broken_scenario(dir.path());
    let out = almaplan(dir.path(), &["validate", "s.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_both_problems(&err);
    assert!(err.contains("2 error(es) en los datos de entrada"), "{err}");
    assert!(!dir.path().join("salida").exists());
    let json = almaplan(dir.path(), &["validate", "s.toml", "--json"]);
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let errors: Vec<&str> = doc["errors"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_both_problems(&errors.join("\n"));
}

#[test]
fn validate_lists_the_files_it_read_and_passes_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    // Mobile units of the small demo and a fixed unit to be their base, from the demo's own units.
    let listed = almaplan(dir.path(), &["run", "--set", "data.synthetic.units=200", "--out", "d", "-q"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let units = std::fs::read_to_string(dir.path().join("d/unidades.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(units.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {headers:?}"));
    let (clues, kind) = (col("clues"), col("tipo"));
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    let mobile = records.iter().find(|r| r[kind].contains("móvil")).unwrap_or_else(|| panic!("a mobile unit: {headers:?}"));
    let fixed = records.iter().find(|r| !r[kind].contains("móvil")).unwrap();
    std::fs::write(dir.path().join("bases.csv"), format!("clues,clues_base\n{},{}\n", &mobile[clues], &fixed[clues])).unwrap();
    std::fs::write(dir.path().join("zonas.csv"), format!("clues,zona\n{},1\n", &fixed[clues])).unwrap();
    std::fs::write(dir.path().join("visitas.csv"), format!("clues,fecha\n{},2027-01-12\n", &fixed[clues])).unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        "extends = \"demo\"\nname = \"carga\"\n[data]\nsynthetic = { units = 200 }\n\
         [zones]\nzone_file = \"zonas.csv\"\n[routes]\nbases = \"bases.csv\"\n",
    )
    .unwrap();
    let out = almaplan(dir.path(), &["validate", "s.toml", "--avance", "visitas.csv", "--desde", "2027-01-20", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let roles: Vec<&str> = doc["sources"].as_array().unwrap().iter().map(|s| s["role"].as_str().unwrap()).collect();
    for role in ["bases de UMM", "zonas dadas", "avance"] {
        assert!(roles.contains(&role), "{role} in {roles:?}");
    }
    // A visit after --desde is the progress file's problem, found by validate too.
    let out = almaplan(dir.path(), &["validate", "s.toml", "--avance", "visitas.csv", "--desde", "2027-01-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("visitas.csv:2:fecha"), "{}", stderr(&out));
}

#[test]
fn roster_lists_the_problems_of_the_previous_roster_and_the_absences_together() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), "extends = \"demo\"\nname = \"rol\"\n[data]\nsynthetic = { units = 200 }\n").unwrap();
    std::fs::write(dir.path().join("rol.csv"), "fecha,clues,medico_id\n2027-13-01,X,M1\n").unwrap();
    std::fs::write(dir.path().join("bajas.csv"), "medico_id,desde,hasta\nM1,2027-01-09,2027-01-02\n").unwrap();
    let out = almaplan(dir.path(), &["roster", "s.toml", "--out", "r", "--previous", "rol.csv", "--unavailable", "bajas.csv"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("rol.csv:2:fecha") && err.contains("bajas.csv:2:hasta"), "{err}");
    assert!(!dir.path().join("r").exists());
    assert_nothing_solved(&err);
    // A file that is not there is named with its flag.
    let out = almaplan(dir.path(), &["roster", "s.toml", "--out", "r", "--previous", "no_existe.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no_existe.csv: un archivo existente, dado con --previo"), "{}", stderr(&out));
}

#[test]
fn waves_lists_a_bad_progress_file_with_a_bad_zone_file() {
    let dir = tempfile::tempdir().unwrap();
    broken_scenario(dir.path());
    std::fs::write(dir.path().join("visitas.csv"), "clues,fecha\nX,2027-02-30\n").unwrap();
    let out = almaplan(dir.path(), &["waves", "s.toml", "--out", "w", "--avance", "visitas.csv"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("visitas.csv:2:fecha") && err.contains("zonas.csv:3:clues"), "{err}");
    assert!(!dir.path().join("w").exists());
    assert_nothing_solved(&err);
}

#[test]
fn run_reports_each_planner_and_state_as_plain_lines_and_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), "extends = \"demo\"\nname = \"avance\"\n[data]\nsynthetic = { units = 200, states = 2 }\n")
        .unwrap();
    let out = almaplan(dir.path(), &["-q", "run", "s.toml", "--out", "salida", "--log", "avance.log"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "--quiet prints no progress: {}", stderr(&out));
    let log = std::fs::read_to_string(dir.path().join("avance.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.iter().all(|l| l.len() > 11 && l.starts_with('[') && &l[9..11] == "] "), "[HH:MM:SS] on every line: {log}");
    let position = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} in {log}"));
    // The load, then each planner from start to end, in the order they run.
    let order = [
        "] datos   leyendo datos",
        "] datos   datos leídos",
        "] roster  resolviendo el rol de fin de semana",
        "] roster  terminado en",
        "] zones   zonificando",
        "] zones   terminado en",
        "] waves   planeando oleadas",
        "] waves   terminado en",
        "] routes  planeando rutas de las UMM",
        "] routes  terminado en",
    ];
    let at: Vec<usize> = order.iter().map(|n| position(n)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{log}");
    // Per-state steps between a planner's start and end: "roster  HIDALGO (13): … 1/2".
    let roster_states: Vec<&&str> = lines[at[2]..at[3]].iter().filter(|l| l.contains("] roster  ") && l.contains("): ")).collect();
    assert_eq!(roster_states.len(), 2, "{log}");
    assert!(roster_states.iter().any(|l| l.ends_with(" 2/2")), "{log}");
}

#[test]
fn validate_checks_the_zone_counts_run_checks_before_its_first_solve() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        "extends = \"demo\"\nname = \"zonas\"\n[data]\nsynthetic = { units = 200 }\n[zones]\nzones_per_state = { Narnia = 3 }\n",
    )
    .unwrap();
    for args in [&["validate", "s.toml"][..], &["run", "s.toml", "--out", "salida"][..]] {
        let out = almaplan(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("zones.zones_per_state: \"Narnia\" no es una clave ni un nombre de entidad"), "{args:?}: {err}");
        assert_nothing_solved(&err);
    }
    assert!(!dir.path().join("salida").exists());
}
