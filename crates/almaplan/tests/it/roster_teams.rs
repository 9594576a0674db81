//! The weekend roster by role (`[roster.team]`, `models/roster.md` «Roles»): Hidalgo's real
//! SINERHIAS staffing (physicians, interns and contact nurses) with its block progress baseline,
//! end to end; the role column read back and checked; a per-person staffing file's `rol` column;
//! without teams nothing changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{almaplan, data_dir, read_output, scenario, stderr};

fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("resumen_rol.json")).unwrap()).unwrap()
}

/// CSV rows as maps from header to value (the files here have no quoted commas in the columns
/// read, except descriptions, which are last but one: read by a real CSV parser).
fn rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let text = read_output(path);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader.records().map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

#[test]
fn hidalgo_teams_with_real_staffing_run_end_to_end_from_the_baseline() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["roster", &scenario("hidalgo-equipos.toml"), "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rol = dir.path().join("rol");
    let s = summary(&rol);
    // The baseline stands as without teams: round(0.749 × 483) units already open.
    let base = &s["linea_base"];
    assert_eq!(base["unidades_ya_abiertas"], (0.749f64 * 483.0).round() as u64);
    let parts = ["unidades_dia_ya_abiertas", "unidades_dia_nuevas", "unidades_dia_sin_cubrir"].map(|k| base[k].as_u64().unwrap());
    assert_eq!(parts.iter().sum::<u64>(), s["unit_days_required"].as_u64().unwrap());
    // Both roles are staff: SINERHIAS contact nurses are read.
    let team = &s["equipos"]["cifras"];
    let roles: BTreeMap<&str, &serde_json::Value> =
        team["roles"].as_array().unwrap().iter().map(|r| (r["role"].as_str().unwrap(), r)).collect();
    assert_eq!(roles.keys().copied().collect::<Vec<_>>(), ["enfermeria", "medico"]);
    assert!(roles["enfermeria"]["staff"].as_u64().unwrap() > 1000, "{team}");
    assert!(roles["medico"]["staff"].as_u64().unwrap() > 500, "{team}");
    // Every roster row carries its role, and every unit-day the roster opens has its team.
    let roster = rows(&rol.join("rol_fin_de_semana.csv"));
    let mut per_unit_day: BTreeMap<(String, String), [u32; 2]> = BTreeMap::new();
    for r in &roster {
        let k = match r["rol"].as_str() {
            "medico" => 0,
            "enfermeria" => 1,
            other => panic!("unexpected role {other}"),
        };
        per_unit_day.entry((r["clues"].clone(), r["fecha"].clone())).or_default()[k] += 1;
    }
    let open = per_unit_day.values().filter(|c| c[0] >= 1 && c[1] >= 1).count() as u64;
    assert_eq!(open, team["unit_days_open_with_team"].as_u64().unwrap());
    // The gap file has one row per short role; its unit-days are the uncovered ones.
    let gaps = rows(&rol.join("brechas_fin_de_semana.csv"));
    let gap_days: BTreeSet<(String, String)> = gaps.iter().map(|g| (g["clues"].clone(), g["fecha"].clone())).collect();
    assert_eq!(gap_days.len() as u64, parts[2]);
    for g in &gaps {
        assert!(["medico", "enfermeria"].contains(&g["rol"].as_str()), "{g:?}");
        assert!(g["medicos_asignados"].parse::<u32>().unwrap() < g["medicos_requeridos"].parse::<u32>().unwrap());
    }
    // A unit-day with its whole team is never a gap.
    let coverage = rows(&rol.join("equipos_unidades.csv"));
    assert!(!coverage.is_empty());
    for u in &coverage {
        let (opened, full) =
            (u["dias_abiertos_con_equipo_minimo"].parse::<u32>().unwrap(), u["dias_con_equipo_completo"].parse::<u32>().unwrap());
        assert!(full <= opened, "{u:?}");
    }
    // Hires by role, each with its proven bound.
    let hires = rows(&rol.join("contrataciones.csv"));
    let mut by_role: BTreeMap<String, u64> = BTreeMap::new();
    for h in &hires {
        *by_role.entry(h["rol"].clone()).or_default() += h["contrataciones"].parse::<u64>().unwrap();
    }
    for (role, r) in &roles {
        assert_eq!(by_role.get(*role).copied().unwrap_or(0), r["hires"].as_u64().unwrap(), "{role}");
        assert!(r["hires_bound"].as_u64().unwrap() <= r["hires"].as_u64().unwrap());
    }
    assert_eq!(s["hires_needed"].as_u64().unwrap(), roles["medico"]["hires"].as_u64().unwrap());
    // Physician slots and consultations count physicians' shifts only (plus the baseline's).
    let baseline_staff_days = s["physician_slots_filled"].as_u64().unwrap() - roles["medico"]["shifts"].as_u64().unwrap();
    let physician_rows = roster.iter().filter(|r| r["rol"] == "medico").count() as u64;
    assert_eq!(physician_rows, roles["medico"]["shifts"].as_u64().unwrap());
    assert_eq!(baseline_staff_days % 10, 0, "baseline staff × 10 opening days");
    let per_shift = s["consultas"]["por_medico_por_turno"].as_f64().unwrap();
    assert!((s["consultas"]["ofrecidas"].as_f64().unwrap() - per_shift * s["physician_slots_filled"].as_f64().unwrap()).abs() < 1e-6);
    // The roster reads back with its role column and passes the checker, CSV and workbook.
    for file in ["rol_fin_de_semana.csv", "rol_fin_de_semana.xlsx"] {
        let check = almaplan(dir.path(), &["roster", "check", &scenario("hidalgo-equipos.toml"), rol.join(file).to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "{file}: {}{}", String::from_utf8_lossy(&check.stdout), stderr(&check));
    }
    // Re-planning from the roster with every row locked keeps it whole: a unit-day's physician
    // and nurse lock apart (each within its role's requirement).
    let locked: String = text_with_all_locked(&read_output(&rol.join("rol_fin_de_semana.csv")));
    std::fs::write(dir.path().join("fijo.csv"), locked).unwrap();
    let replan = almaplan(dir.path(), &["roster", &scenario("hidalgo-equipos.toml"), "--previo", "fijo.csv", "--salida", "rol2", "-q"]);
    assert_eq!(replan.status.code(), Some(0), "{}", stderr(&replan));
    let again = summary(&dir.path().join("rol2"));
    assert_eq!(again["replan"]["locked"].as_u64().unwrap(), roster.len() as u64);
    assert_eq!(again["replan"]["kept"].as_u64().unwrap(), roster.len() as u64);
    // A role edited to another than the staffing file's is a violation.
    let text = read_output(&rol.join("rol_fin_de_semana.csv"));
    let edited = text.replacen(",medico\n", ",enfermeria\n", 1);
    assert_ne!(edited, text);
    std::fs::write(dir.path().join("editado.csv"), edited).unwrap();
    let check = almaplan(dir.path(), &["roster", "check", &scenario("hidalgo-equipos.toml"), "editado.csv"]);
    assert_eq!(check.status.code(), Some(1));
    let said = format!("{}{}", String::from_utf8_lossy(&check.stdout), stderr(&check));
    assert!(said.contains("el rol enfermeria no es el de la plantilla (medico)") && said.contains("1 violaciones"), "{said}");
}

/// Without `[roster.team]` the roster files have no role column and no team file: the nurses of
/// the staffing file are not read as staff.
#[test]
fn without_teams_the_roster_files_are_as_before() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["roster", &scenario("hidalgo.toml"), "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rol = dir.path().join("rol");
    for file in ["rol_fin_de_semana.csv", "brechas_fin_de_semana.csv", "contrataciones.csv", "carga_medicos.csv"] {
        let text = read_output(&rol.join(file));
        assert!(!text.lines().next().unwrap().split(',').any(|c| c == "rol"), "{file}");
        assert!(!text.contains("-ENF"), "{file}: a nurse among the staff");
    }
    assert!(!rol.join("equipos_unidades.csv").exists());
    assert!(summary(&rol).get("equipos").is_none());
}

/// A per-person staffing file may give each person's role; an unknown role is a located error.
#[test]
fn a_per_person_role_column_is_read_and_an_unknown_role_is_located() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plantilla.csv"),
        "medico_id,clues,tipo_contrato,rol\nA1,HGIMB000011,fin_de_semana,medico\nA2,HGIMB000011,fin_de_semana,Enfermera\nA3,HGIMB000011,entre_semana,doctora\n",
    )
    .unwrap();
    let toml = format!(
        "extends = \"{}\"\nname = \"Hidalgo por persona\"\n[data]\nstaffing = \"plantilla.csv\"\n[roster.team]\nenabled = true\n",
        scenario("hidalgo.toml")
    );
    std::fs::write(dir.path().join("esc.toml"), toml).unwrap();
    let out = almaplan(dir.path(), &["roster", "esc.toml", "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("plantilla.csv:4") && err.contains("rol") && err.contains("doctora") && err.contains("medico, enfermeria o promotor"),
        "{err}"
    );
    assert!(!dir.path().join("rol").exists(), "no partial outputs");
    // Fixed, the physician and the nurse open their unit together.
    std::fs::write(
        dir.path().join("plantilla.csv"),
        "medico_id,clues,tipo_contrato,rol\nA1,HGIMB000011,fin_de_semana,medico\nA2,HGIMB000011,fin_de_semana,Enfermera\n",
    )
    .unwrap();
    let out = almaplan(dir.path(), &["roster", "esc.toml", "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let roster = rows(&dir.path().join("rol/rol_fin_de_semana.csv"));
    let roles: BTreeSet<&str> = roster.iter().map(|r| r["rol"].as_str()).collect();
    assert_eq!(roles, BTreeSet::from(["enfermeria", "medico"]));
}

/// The roster CSV with its `fijo` column set to `sí` on every row.
fn text_with_all_locked(text: &str) -> String {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = headers.iter().position(|c| c == "fijo").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let cells: Vec<&str> = record.iter().enumerate().map(|(i, c)| if i == col { "sí" } else { c }).collect();
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}
