//! Zonal supervision calendar end to end: the `supervision` command on Hidalgo (every assigned
//! unit once a month on a working day, team limits, day length, one calendar per team), the
//! re-plan with last month's visits (an overdue unit in the first week), a malformed visits file
//! (located error, nothing written), and `run` with `[supervision]` on the demo (rows in
//! `brechas.csv`, indicators in `indicadores.json`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::common::{almaplan, data_dir, output_csv, stderr, workspace_root};
use almaplan_core::domain::WorkCalendar;

fn hidalgo() -> String {
    workspace_root().join("scenarios/hidalgo.toml").display().to_string()
}

/// `(clues → team)` of `supervision_asignacion.csv` and the units without a monthly visit (a
/// reason: no team, or a team whose month ran out).
fn assignment(dir: &Path) -> (BTreeMap<String, String>, BTreeSet<String>) {
    let mut team = BTreeMap::new();
    let mut none = BTreeSet::new();
    for r in output_csv(&dir.join("supervision_asignacion.csv")).deserialize::<BTreeMap<String, String>>() {
        let r = r.unwrap();
        assert!(!r["equipo"].is_empty() || !r["razon"].is_empty(), "a unit without team has a reason: {r:?}");
        if !r["razon"].is_empty() {
            none.insert(r["clues"].clone());
        }
        if !r["equipo"].is_empty() {
            team.insert(r["clues"].clone(), r["equipo"].clone());
        }
    }
    (team, none)
}

fn calendar(dir: &Path) -> Vec<BTreeMap<String, String>> {
    output_csv(&dir.join("supervision_calendario.csv")).deserialize().map(|r| r.unwrap()).collect()
}

#[test]
fn hidalgo_every_assigned_unit_once_a_month_within_the_limits() {
    let Some(_) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = almaplan(tmp.path(), &["-q", "supervision", &hidalgo(), "--salida", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (team_of, without) = assignment(&out);
    assert!(team_of.len() > 450, "{} units assigned", team_of.len());
    let mut per_team: BTreeMap<&str, usize> = BTreeMap::new();
    team_of.values().for_each(|t| *per_team.entry(t).or_default() += 1);
    assert_eq!(per_team.len(), 29, "the 29 published teams of Hidalgo");
    assert!(per_team.values().all(|&n| n <= 25), "{per_team:?}");
    let cal = WorkCalendar::new();
    let mut visits: BTreeMap<String, usize> = BTreeMap::new();
    for r in calendar(&out) {
        let date: NaiveDate = r["fecha"].parse().unwrap();
        assert!(cal.is_working_day(date), "{date} is not a working day");
        assert!(date >= NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() && date <= NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
        assert!(r["minutos_del_dia"].parse::<f64>().unwrap() <= 480.0 + 1e-6, "{r:?}");
        if !r["clues"].is_empty() {
            assert_eq!(team_of.get(&r["clues"]), Some(&r["equipo"]), "visited by its own team");
            *visits.entry(r["clues"].clone()).or_default() += 1;
        }
    }
    for (clues, team) in &team_of {
        if !without.contains(clues) {
            assert_eq!(visits.get(clues), Some(&1), "{clues} of {team}: exactly one visit in the month");
        }
    }
    let ics = std::fs::read_dir(out.join("supervision_ics")).unwrap().count();
    assert_eq!(ics, 29);
    let needs = std::fs::read_to_string(out.join("supervision_necesidad.csv")).unwrap();
    assert!(needs.lines().any(|l| l.starts_with("HIDALGO,TOTAL,") && l.contains(",29,")), "{needs}");
    for f in ["supervision.geojson", "supervision_bases.geojson", "resumen_supervision.json", "supervision_equipos.csv"] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn hidalgo_replan_puts_an_overdue_unit_in_the_first_week() {
    let Some(_) = data_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("a");
    let o = almaplan(tmp.path(), &["-q", "supervision", &hidalgo(), "--salida", first.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Last month every unit was visited but the one the plan visits last.
    let rows = calendar(&first);
    let last =
        rows.iter().filter(|r| !r["clues"].is_empty()).max_by_key(|r| (r["fecha"].clone(), r["orden"].parse::<u32>().unwrap())).unwrap();
    let overdue = last["clues"].clone();
    assert!(last["fecha"].as_str() > "2027-01-08", "the unit is not already in the first week: {last:?}");
    let (team_of, _) = assignment(&first);
    let mut visits = String::from("clues,fecha\n");
    for clues in team_of.keys().filter(|c| **c != overdue) {
        visits.push_str(&format!("{clues},2026-12-10\n"));
    }
    std::fs::write(tmp.path().join("visitas.csv"), visits).unwrap();
    let second = tmp.path().join("b");
    let o =
        almaplan(tmp.path(), &["-q", "supervision", &hidalgo(), "--visitas-previas", "visitas.csv", "--salida", second.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = calendar(&second);
    let r = rows.iter().find(|r| r["clues"] == overdue).expect("still visited");
    assert!(r["fecha"].as_str() <= "2027-01-08", "overdue unit on {} (first week: 4–8 January 2027)", r["fecha"]);
    assert_eq!(r["vencida"], "sí");
    assert_eq!(rows.iter().filter(|r| r["vencida"] == "sí").count(), 1);
}

#[test]
fn malformed_previous_visits_are_located_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("visitas.csv"), "clues,fecha\nX1,2026-13-01\nX2,2027-01-05\n").unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(&scenario, "extends = \"demo\"\nname = \"s\"\n[supervision]\n").unwrap();
    let out = tmp.path().join("out");
    let o = almaplan(tmp.path(), &["-q", "supervision", "s.toml", "--visitas-previas", "visitas.csv", "--salida", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("visitas.csv:2:fecha") && err.contains("2026-13-01"), "{err}");
    assert!(err.contains("visitas.csv:3:fecha") && err.contains("primer mes planeado"), "{err}");
    assert!(!out.exists(), "no output on bad input");
}

#[test]
fn run_with_supervision_writes_gaps_and_indicators() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("s.toml");
    // Two teams a state for a demo state of ~300 units: most units stay without a monthly visit.
    std::fs::write(
        &scenario,
        "extends = \"demo\"\nname = \"s\"\n[roster]\nenabled = false\n[waves]\nenabled = false\n[routes]\nenabled = false\n\
         [supervision]\nteams_per_state = { \"13\" = 2, \"29\" = 2, \"17\" = 2 }\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = almaplan(tmp.path(), &["-q", "run", "s.toml", "--salida", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let gaps: Vec<BTreeMap<String, String>> = output_csv(&out.join("brechas.csv")).deserialize().map(|r| r.unwrap()).collect();
    let sup: Vec<&BTreeMap<String, String>> = gaps.iter().filter(|r| r["tipo"] == "supervision").collect();
    assert!(sup.iter().any(|r| r["razon"] == "equipo_sin_capacidad"), "{sup:?}");
    assert!(sup.iter().any(|r| r["razon"] == "equipos_insuficientes" && r["accion_sugerida"].starts_with("sumar")), "{sup:?}");
    let (_, without) = assignment(&out);
    assert_eq!(sup.iter().filter(|r| !r["clues_o_cvegeo"].is_empty()).count(), without.len());
    let ind: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("indicadores.json")).unwrap()).unwrap();
    let keys: Vec<&str> = ind["indicadores"].as_array().unwrap().iter().map(|i| i["clave"].as_str().unwrap()).collect();
    for k in ["supervision.units_not_visited", "supervision.teams_needed", "supervision.teams"] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    let not_visited = ind["indicadores"].as_array().unwrap().iter().find(|i| i["clave"] == "supervision.units_not_visited").unwrap();
    assert_eq!(not_visited["valor"].as_f64().unwrap() as usize, without.len());
    let elements = std::fs::read_to_string(out.join("estado_elementos.csv")).unwrap();
    let supervised = elements.lines().filter(|l| l.starts_with("unidad_supervision,")).count();
    let units = ind["indicadores"].as_array().unwrap().iter().find(|i| i["clave"] == "supervision.units").unwrap();
    assert_eq!(supervised, units["valor"].as_f64().unwrap() as usize, "every supervised unit in estado_elementos.csv");
    let report = std::fs::read_to_string(out.join("reporte.html")).unwrap();
    assert!(report.contains("Supervisión zonal"), "the report has the section");
}
