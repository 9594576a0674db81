//! What-if end to end: scenarios that extend others, `--set`, `sweep` and `compare`, on a small
//! embedded demo (200 synthetic units, about a second per run) and on real Hidalgo data.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{almaplan, data_dir, scenario, stderr, stdout};
use almaplan_formats::scenario::{LoadedScenario, Override};

/// A demo small enough for tests: 200 synthetic units instead of 1,200.
const SMALL_DEMO: &str = "data.synthetic.units=200";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn csv_rows(p: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(p).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records().map(|rec| headers.iter().zip(rec.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
}

#[test]
fn repository_what_if_scenarios_differ_from_their_parents_only_where_they_say() {
    let child = LoadedScenario::from_file(Path::new(&scenario("hidalgo-90min.toml"))).unwrap();
    let parent = LoadedScenario::from_file(Path::new(&scenario("hidalgo.toml"))).unwrap();
    assert_eq!(child.scenario.roster.as_ref().unwrap().max_travel_minutes, 90.0);
    assert_eq!(parent.scenario.roster.as_ref().unwrap().max_travel_minutes, 60.0);
    let mut same = child.scenario.clone();
    same.name = parent.scenario.name.clone();
    same.description = parent.scenario.description.clone();
    same.roster.as_mut().unwrap().max_travel_minutes = 60.0;
    assert_eq!(same, parent.scenario);
    assert_eq!(child.extends, [scenario("hidalgo.toml")]);

    let child = LoadedScenario::from_file(Path::new(&scenario("comando-etapa1-3brigadas.toml"))).unwrap();
    let parent = LoadedScenario::from_file(Path::new(&scenario("comando-etapa1.toml"))).unwrap();
    let mut same = child.scenario.clone();
    assert_eq!(same.waves.as_ref().unwrap().brigades_per_state, 3);
    same.name = parent.scenario.name.clone();
    same.description = parent.scenario.description.clone();
    same.waves.as_mut().unwrap().brigades_per_state = parent.scenario.waves.as_ref().unwrap().brigades_per_state;
    assert_eq!(same, parent.scenario);
    // --set on top of extends.
    let s = LoadedScenario::from_file_with(
        Path::new(&scenario("hidalgo-90min.toml")),
        &[Override::parse("roster.max_travel_minutes=120").unwrap()],
    )
    .unwrap();
    assert_eq!(s.scenario.roster.unwrap().max_travel_minutes, 120.0);
}

#[test]
fn run_set_with_an_unknown_key_names_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["run", "--set", "roster.max_travel_minute=90", "--out", "x"]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(e.contains("--fijar roster.max_travel_minute=90") && e.contains("clave desconocida `max_travel_minute`"), "{e}");
    assert!(!dir.path().join("x").exists());
}

#[test]
fn sweep_saves_runs_that_match_run_and_compare_counts_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["sweep", "--set", SMALL_DEMO, "--set", "roster.max_travel_minutes=20,90", "--guardar-corridas", "-q"];
    let o = almaplan(dir.path(), &[&args[..], &["--out", "b1", "--paralelo", "2"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b1 = dir.path().join("b1");

    // One row per combination, parameters then indicators, solver columns for solver-backed ones.
    let rows = csv_rows(&b1.join("barrido.csv"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["roster.max_travel_minutes"], "20");
    assert_eq!(rows[1]["roster.max_travel_minutes"], "90");
    assert_eq!(rows[0]["data.synthetic.units"], "200");
    assert!(rows.iter().all(|r| r["error"].is_empty() && !r["roster.coverage_pct.estado_solver"].is_empty()));
    let json: serde_json::Value = serde_json::from_str(&read(&b1.join("barrido.json"))).unwrap();
    assert_eq!(json["corridas"].as_array().unwrap().len(), 2);
    assert_eq!(json["corridas"][1]["parametros"]["roster.max_travel_minutes"], 90);

    // A saved combination is exactly `run` with the same --set.
    let o = almaplan(dir.path(), &["run", "--set", SMALL_DEMO, "--set", "roster.max_travel_minutes=90", "--out", "r90", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["indicadores.json", "estado_elementos.csv", "brechas.csv"] {
        assert_eq!(read(&b1.join("corrida_02").join(f)), read(&dir.path().join("r90").join(f)), "{f}");
    }
    let indicators: serde_json::Value = serde_json::from_str(&read(&b1.join("corrida_02/indicadores.json"))).unwrap();
    let coverage = indicators["indicadores"].as_array().unwrap().iter().find(|i| i["clave"] == "roster.coverage_pct").unwrap();
    assert_eq!(rows[1]["roster.coverage_pct"], almaplan::whatif::compare_output::number(coverage["valor"].as_f64().unwrap()));

    // Deterministic: the same sweep again gives byte-identical tables.
    let o = almaplan(dir.path(), &[&args[..], &["--out", "b2", "--paralelo", "1"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["barrido.csv", "barrido.json"] {
        assert_eq!(read(&b1.join(f)), read(&dir.path().join("b2").join(f)), "{f}");
    }

    // compare: changes recomputed here from the two estado_elementos.csv.
    let o = almaplan(dir.path(), &["compare", "b1/corrida_01", "b1/corrida_02", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Elementos cuyo estado cambió"));
    let status = |run: &str| -> BTreeMap<(String, String), String> {
        csv_rows(&b1.join(run).join("estado_elementos.csv"))
            .into_iter()
            .map(|r| ((r["tipo"].clone(), r["clave"].clone()), r["estado"].clone()))
            .collect()
    };
    let (a, b) = (status("corrida_01"), status("corrida_02"));
    let expected = a.iter().filter(|(k, v)| b.get(*k) != Some(*v)).count() + b.keys().filter(|k| !a.contains_key(*k)).count();
    let cmp = dir.path().join("cmp");
    let changes = csv_rows(&cmp.join("cambios.csv"));
    assert_eq!(changes.len(), expected);
    assert!(expected > 0, "20 vs 90 minutes of travel changes some unit's weekend coverage");
    assert!(changes.iter().all(|c| c["estado_a"] != c["estado_b"]));
    let comparison = csv_rows(&cmp.join("comparacion.csv"));
    assert_eq!(comparison.len(), indicators["indicadores"].as_array().unwrap().len());
    let cov = comparison.iter().find(|r| r["clave"] == "roster.coverage_pct").unwrap();
    assert_eq!(cov["b"], rows[1]["roster.coverage_pct"]);
    assert_eq!(cov["a"], rows[0]["roster.coverage_pct"]);

    let html = read(&cmp.join("comparacion.html"));
    let section = |id: &str| {
        let start = html.find(&format!("<table id=\"{id}\">")).unwrap_or_else(|| panic!("table {id}"));
        &html[start..start + html[start..].find("</table>").unwrap()]
    };
    assert_eq!(section("indicadores").matches("<tr data-clave=").count(), comparison.len());
    assert_eq!(section("cambios").matches("<tr>").count(), 1 + changes.len());
    // The only parameter that differs is the swept one (read from each run's ejecucion.json).
    let params = section("parametros");
    assert_eq!(params.matches("<tr>").count(), 2, "{params}");
    assert!(params.contains("<td>roster.max_travel_minutes</td><td>20.0</td><td>90.0</td>"), "{params}");
    let per_type: usize = section("transiciones").matches("<tr>").count() - 1;
    assert!(per_type >= 1);
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("src="));
}

#[test]
fn sweep_finishes_every_combination_and_reports_the_failed_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = almaplan(dir.path(), &["sweep", "--set", SMALL_DEMO, "--set", "roster.max_travel_minutes=60,-5", "--out", "b", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("1 de 2 combinaciones fallaron") && e.contains("corrida 2 (data.synthetic.units=200, roster.max_travel_minutes=-5)"),
        "{e}"
    );
    let rows = csv_rows(&dir.path().join("b/barrido.csv"));
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["error"].is_empty() && !rows[0]["roster.coverage_pct"].is_empty());
    assert!(rows[1]["error"].contains("debe ser > 0") && rows[1]["roster.coverage_pct"].is_empty());

    let o = almaplan(dir.path(), &["sweep", "--set", "roster.max_travel_minutes=60", "--set", "roster.max_travel_minutes=90"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("dos veces"), "{}", stderr(&o));
}

#[test]
fn compare_rejects_missing_and_malformed_runs_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = almaplan(dir.path(), &["compare", "nada", "tampoco", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nada"), "{}", stderr(&o));

    let a = dir.path().join("a");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(a.join("indicadores.json"), "{\"almaplan\": \"0.1.0\",\n \"escenario\": 3}").unwrap();
    std::fs::write(a.join("estado_elementos.csv"), "tipo,clave,entidad,estado,valor\n").unwrap();
    let o = almaplan(dir.path(), &["compare", "a", "a", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a/indicadores.json:2:"), "{}", stderr(&o));

    std::fs::write(
        a.join("indicadores.json"),
        "{\"almaplan\": \"0\", \"escenario\": \"x\", \"archivo_escenario\": \"x\", \"semilla\": 1, \"indicadores\": []}",
    )
    .unwrap();
    std::fs::write(a.join("estado_elementos.csv"), "tipo,clave,entidad,estado,valor\nunidad_fin_de_semana,A,13,cubierta,muchos\n").unwrap();
    let o = almaplan(dir.path(), &["compare", "a", "a", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a/estado_elementos.csv:2:valor: \"muchos\""), "{}", stderr(&o));
    assert!(!dir.path().join("cmp").exists());
}

#[test]
fn hidalgo_90min_reads_the_parents_real_data() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let o = almaplan(dir.path(), &["validate", &scenario("hidalgo-90min.toml"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["scenario"], "Hidalgo, traslados de hasta 90 min");
    assert!(v["units_in_scenario"].as_u64().unwrap() > 500, "{v}");
    assert!(v["physicians"].as_u64().unwrap() > 0);
}
