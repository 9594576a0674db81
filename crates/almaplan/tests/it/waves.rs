//! `almaplan waves` end to end: every unit exactly once, only on working days, within the
//! concurrency limit and the stage rules; ICS files parse with a real iCalendar parser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{almaplan, data_dir, scenario, stderr};
use chrono::NaiveDate;

use almaplan_formats::scenario::LoadedScenario;

fn records(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| headers.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Checks the outputs in `out` against the rules of scenario `file`; returns the units visited.
fn check_outputs(file: &str, out: &Path) -> usize {
    let s = LoadedScenario::from_file(Path::new(file)).unwrap();
    let calendar = s.scenario.calendar.work_calendar();
    let waves = s.scenario.waves.clone().unwrap_or_default();
    let visits = records(&out.join("calendario_brigadas.csv"));
    let mut first_visit: BTreeMap<String, usize> = BTreeMap::new();
    for v in &visits {
        let d = date(&v["fecha"]);
        assert!(calendar.is_working_day(d), "work on {d} ({:?})", calendar.kind(d));
        if v["actividad"] == "visita" {
            *first_visit.entry(v["clues"].clone()).or_default() += 1;
        }
    }
    assert!(first_visit.values().all(|&n| n == 1), "a unit visited twice");
    // A brigade is in one zone a day.
    let mut zone_of_day: BTreeMap<(String, String), String> = BTreeMap::new();
    for v in &visits {
        let zone = zone_of_day.entry((v["brigada"].clone(), v["fecha"].clone())).or_insert_with(|| v["zona"].clone());
        assert_eq!(zone, &v["zona"], "brigade {} in two zones on {}", v["brigada"], v["fecha"]);
    }
    let states = records(&out.join("resumen_entidades.csv"));
    for st in &states {
        let (inst, field, end, diag) =
            (date(&st["instalacion"]), date(&st["inicio_campo"]), date(&st["fin_campo"]), date(&st["envio_diagnosticos"]));
        // Three weeks of preparation, field work from week four, diagnostics a week after.
        assert_eq!(calendar.add_working_days(inst, 15), field, "{st:?}");
        assert_eq!(calendar.add_working_days(end, 5), diag, "{st:?}");
        let state_visits: Vec<_> = visits.iter().filter(|v| v["entidad"] == st["entidad"]).collect();
        assert!(state_visits.iter().all(|v| (field..=end).contains(&date(&v["fecha"]))));
    }
    // At most max_states_at_once states between installation and the end of field work.
    let mut day = states.iter().map(|s| date(&s["instalacion"])).min().unwrap();
    let last = states.iter().map(|s| date(&s["fin_campo"])).max().unwrap();
    while day <= last {
        let busy = states.iter().filter(|s| (date(&s["instalacion"])..=date(&s["fin_campo"])).contains(&day)).count();
        assert!(busy <= waves.max_states_at_once as usize, "{busy} states at once on {day}");
        day = day.succ_opt().unwrap();
    }
    // Every brigade's calendar parses back and has one event per row of the brigade.
    let mut per_brigade: BTreeMap<String, usize> = BTreeMap::new();
    visits.iter().for_each(|v| *per_brigade.entry(v["brigada"].clone()).or_default() += 1);
    for (brigade, rows) in &per_brigade {
        let f = std::fs::File::open(out.join("ics").join(format!("brigada_{brigade}.ics"))).unwrap();
        let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(f)).map(|c| c.expect("valid iCalendar")).collect();
        assert_eq!(calendars.len(), 1);
        assert_eq!(calendars[0].events.len(), *rows, "{brigade}");
        assert!(calendars[0].properties.iter().any(|p| p.name == "METHOD" && p.value.as_deref() == Some("PUBLISH")));
        for e in &calendars[0].events {
            let value = |name: &str| e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap();
            // Timed events in the unit's local time: a visit has hours.
            let start = chrono::NaiveDateTime::parse_from_str(&value("DTSTART"), "%Y%m%dT%H%M%S").unwrap();
            let end = chrono::NaiveDateTime::parse_from_str(&value("DTEND"), "%Y%m%dT%H%M%S").unwrap();
            assert!(start < end, "{start} {end}");
            assert!(calendar.is_working_day(start.date()));
            assert_eq!(value("SEQUENCE"), "0");
            assert!(value("UID").ends_with("@almaplan") && !value("GEO").is_empty() && !value("LOCATION").is_empty());
        }
    }
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("resumen_oleadas.json")).unwrap()).unwrap();
    for key in [
        "stages",
        "makespan_days",
        "lower_bound_days",
        "gap_pct",
        "units_scheduled",
        "units_after_deadline",
        "brigades_needed_for_deadline",
        "solve_seconds",
    ] {
        assert!(summary.get(key).is_some(), "{key}");
    }
    assert!(summary["lower_bound_days"].as_u64().unwrap() <= summary["makespan_days"].as_u64().unwrap());
    assert_eq!(summary["units_scheduled"].as_u64().unwrap() as usize, first_visit.len());
    first_visit.len()
}

#[test]
fn stage_one_schedules_every_unit_once_on_working_days() {
    if data_dir().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("comando-etapa1.toml");
    let out = almaplan(dir.path(), &["waves", &file, "--out", "w", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(check_outputs(&file, &dir.path().join("w")), 1791);
    let zones: BTreeSet<String> = records(&dir.path().join("w/zonas.csv")).into_iter().map(|r| r["zona"].clone()).collect();
    assert_eq!(zones.len(), 41);
}

#[test]
fn demo_waves_follow_every_rule_with_several_brigades() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, demo.replace("units = 1200", "units = 300")).unwrap();
    let out = almaplan(dir.path(), &["waves", "s.toml", "--out", "w", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let visited = check_outputs(file.to_str().unwrap(), &dir.path().join("w"));
    assert!(visited > 0);
    let brigades: BTreeSet<String> =
        records(&dir.path().join("w/calendario_brigadas.csv")).into_iter().map(|r| r["brigada"].clone()).collect();
    assert!(brigades.iter().any(|b| b.ends_with("-2")), "demo asks for two brigades per state: {brigades:?}");
}

#[test]
fn replanning_keeps_visited_units_out_and_dates_from_the_given_day() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    std::fs::write(dir.path().join("s.toml"), demo.replace("units = 1200", "units = 300")).unwrap();
    assert!(almaplan(dir.path(), &["waves", "s.toml", "--out", "a", "-q"]).status.success());
    let first = records(&dir.path().join("a/calendario_brigadas.csv"));
    let done: Vec<_> = first.iter().filter(|v| v["actividad"] == "visita").take(25).collect();
    let desde = done.iter().map(|v| date(&v["fecha"])).max().unwrap().succ_opt().unwrap();
    let mut progress = String::from("clues,fecha\n");
    done.iter().for_each(|v| progress.push_str(&format!("{},{}\n", v["clues"], v["fecha"])));
    std::fs::write(dir.path().join("visitas.csv"), progress).unwrap();
    let out = almaplan(dir.path(), &["waves", "s.toml", "--out", "b", "-q", "--avance", "visitas.csv", "--desde", &desde.to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = records(&dir.path().join("b/calendario_brigadas.csv"));
    let visited: BTreeSet<&str> = done.iter().map(|v| v["clues"].as_str()).collect();
    assert!(second.iter().all(|v| !visited.contains(v["clues"].as_str())), "a visited unit was planned again");
    assert!(second.iter().all(|v| date(&v["fecha"]) >= desde), "a visit before --desde");
    let before: BTreeSet<&str> = first.iter().map(|v| v["clues"].as_str()).collect();
    let after: BTreeSet<&str> = second.iter().map(|v| v["clues"].as_str()).collect();
    assert_eq!(after.len() + visited.len(), before.len());
    // A visit dated after --desde is an input error with its location, and nothing is written.
    std::fs::write(dir.path().join("malas.csv"), "clues,fecha\nX,2099-01-01\n").unwrap();
    let out = almaplan(dir.path(), &["waves", "s.toml", "--out", "c", "--avance", "malas.csv", "--desde", &desde.to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("malas.csv:2:fecha"), "{}", stderr(&out));
    assert!(!dir.path().join("c").exists());
}

fn demo_with(dir: &Path, name: &str, waves_extra: &str) -> String {
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    let text = demo.replace("units = 1200", "units = 300").replace("[waves]\n", &format!("[waves]\n{waves_extra}"));
    std::fs::write(dir.join(name), text).unwrap();
    name.to_string()
}

#[test]
fn an_explicit_priority_list_installs_the_listed_state_first() {
    let dir = tempfile::tempdir().unwrap();
    let by_units = demo_with(dir.path(), "u.toml", "priority = \"unidades\"\n");
    assert!(almaplan(dir.path(), &["waves", &by_units, "--out", "u", "-q"]).status.success());
    let states = records(&dir.path().join("u/resumen_entidades.csv"));
    assert!(states.len() > 2, "the demo has more states than slots");
    let mut by_priority = states.clone();
    by_priority.sort_by(|a, b| b["prioridad"].parse::<f64>().unwrap().total_cmp(&a["prioridad"].parse::<f64>().unwrap()));
    let first_day = states.iter().map(|s| date(&s["instalacion"])).min().unwrap();
    assert_eq!(date(&by_priority[0]["instalacion"]), first_day, "the largest state starts first: {states:?}");
    // List the smallest state first: it must start on the first day, and keep every rule.
    let last = by_priority.last().unwrap()["clave_entidad"].parse::<u8>().unwrap();
    let listed = demo_with(dir.path(), "l.toml", &format!("priority = [{last}]\n"));
    let out = almaplan(dir.path(), &["waves", &listed, "--out", "l", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_outputs(dir.path().join(&listed).to_str().unwrap(), &dir.path().join("l"));
    let states = records(&dir.path().join("l/resumen_entidades.csv"));
    let listed_state = states.iter().find(|s| s["clave_entidad"].parse::<u8>().unwrap() == last).unwrap();
    assert_eq!(date(&listed_state["instalacion"]), first_day, "{states:?}");
    assert_eq!(listed_state["prioridad"].parse::<f64>().unwrap(), states.len() as f64);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("l/resumen_oleadas.json")).unwrap()).unwrap();
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("u/resumen_oleadas.json")).unwrap()).unwrap();
    assert_eq!(summary["makespan_days"], before["makespan_days"], "priority never lengthens the stage");
}

#[test]
fn a_shared_pool_moves_named_brigades_between_states_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let plain = demo_with(dir.path(), "p.toml", "");
    assert!(almaplan(dir.path(), &["waves", &plain, "--out", "p", "-q"]).status.success());
    let home = records(&dir.path().join("p/resumen_entidades.csv"))[0]["clave_entidad"].clone();
    let pool = demo_with(dir.path(), "b.toml", &format!("brigade_pool = 3\nbrigade_homes = {{ \"{home}\" = 1 }}\n"));
    for out_dir in ["a", "b"] {
        let out = almaplan(dir.path(), &["waves", &pool, "--out", out_dir, "-q"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let visited = check_outputs(dir.path().join(&pool).to_str().unwrap(), &dir.path().join("a"));
    assert_eq!(visited, check_outputs(dir.path().join(&plain).to_str().unwrap(), &dir.path().join("p")));
    for f in ["calendario_brigadas.csv", "resumen_entidades.csv", "curva_avance.csv", "gantt.svg"] {
        assert!(std::fs::read(dir.path().join("a").join(f)).unwrap() == std::fs::read(dir.path().join("b").join(f)).unwrap(), "{f}");
    }
    let visits = records(&dir.path().join("a/calendario_brigadas.csv"));
    let names: BTreeSet<String> = visits.iter().map(|v| v["brigada"].clone()).collect();
    let allowed: BTreeSet<String> = [format!("B{home}-1"), "BP-01".to_string(), "BP-02".to_string()].into();
    assert!(names.is_subset(&allowed), "{names:?}");
    // Some brigade works in more than one state (the pool moves), or the pool is all at home.
    let mut states_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    visits.iter().for_each(|v| {
        states_of.entry(v["brigada"].as_str()).or_default().insert(v["entidad"].as_str());
    });
    assert!(states_of.values().any(|s| s.len() > 1), "{states_of:?}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("a/resumen_oleadas.json")).unwrap()).unwrap();
    assert_eq!(summary["brigade_pool"]["size"], 3);
    assert!(summary["lower_bound_days"].as_u64().unwrap() <= summary["makespan_days"].as_u64().unwrap());
}
