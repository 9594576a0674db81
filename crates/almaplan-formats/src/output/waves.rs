//! Wave-calendar outputs: `calendario_brigadas.csv`, one `.ics` per brigade (RFC 5545),
//! `resumen_entidades.csv`, `curva_avance.csv`, `gantt.svg` and `resumen_oleadas.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use crate::output::{write_atomic, write_csv, write_json};
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::waves::WavesPlan;

fn state_name(code: u8) -> String {
    state::name(code).unwrap_or("").to_string()
}

/// One row per unit visit and day: fecha, brigada, entidad, zona, sede, clues, unidad, actividad,
/// orden (position in the day's route from the host).
pub fn write_calendar_csv(path: &Path, plan: &WavesPlan, units: &[Unit]) -> Result<(), Error> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &plan.states {
        for z in &s.zones {
            for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                for (k, stop) in day.iter().enumerate() {
                    let u = &units[stop.unit];
                    rows.push(vec![
                        date.to_string(),
                        z.brigade.clone(),
                        state_name(s.state),
                        z.zone.clone(),
                        units[z.sede].clues.clone(),
                        u.clues.clone(),
                        u.name.clone(),
                        if stop.continued { "visita (continuación)" } else { "visita" }.to_string(),
                        (k + 1).to_string(),
                    ]);
                }
            }
        }
    }
    rows.sort();
    write_csv(path, &["fecha", "brigada", "entidad", "zona", "sede", "clues", "unidad", "actividad", "orden"], rows)
}

fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(ch);
        count += len;
    }
    out.push_str("\r\n");
    out
}

/// One calendar per brigade with an all-day event per unit and day.
pub fn write_ics(dir: &Path, plan: &WavesPlan, units: &[Unit]) -> Result<Vec<String>, Error> {
    let mut by_brigade: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let stamp = plan.states.iter().map(|s| s.installation).min().unwrap_or(plan.deadline).format("%Y%m%dT000000Z").to_string();
    for s in &plan.states {
        for z in &s.zones {
            for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                for (k, stop) in day.iter().enumerate() {
                    let u = &units[stop.unit];
                    let next = *date + Duration::days(1);
                    let mut e = String::new();
                    e.push_str(&fold("BEGIN:VEVENT"));
                    e.push_str(&fold(&format!("UID:{}-{}-{}@almaplan", z.brigade, date.format("%Y%m%d"), u.clues)));
                    e.push_str(&fold(&format!("DTSTAMP:{stamp}")));
                    e.push_str(&fold(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d"))));
                    e.push_str(&fold(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d"))));
                    let what = if stop.continued { "Continuación de visita" } else { "Visita" };
                    e.push_str(&fold(&format!("SUMMARY:{}", ics_text(&format!("{what} {} {} ({}.º del día)", u.clues, u.name, k + 1)))));
                    e.push_str(&fold(&format!(
                        "DESCRIPTION:{}",
                        ics_text(&format!("{} · {} · sede {}", state_name(s.state), z.zone, units[z.sede].clues))
                    )));
                    e.push_str(&fold(&format!("LOCATION:{}", ics_text(&format!("{}, {}", u.locality_name, u.municipality_name)))));
                    e.push_str(&fold(&format!("GEO:{:.6};{:.6}", u.location.lat, u.location.lon)));
                    e.push_str(&fold("END:VEVENT"));
                    by_brigade.entry(z.brigade.clone()).or_default().push(e);
                }
            }
        }
    }
    let mut files = Vec::new();
    for (brigade, events) in by_brigade {
        let name = format!("brigada_{brigade}.ics");
        let mut text = String::new();
        text.push_str(&fold("BEGIN:VCALENDAR"));
        text.push_str(&fold("VERSION:2.0"));
        text.push_str(&fold("PRODID:-//almaplan//Comando Alma-Ata//ES"));
        text.push_str(&fold("CALSCALE:GREGORIAN"));
        text.push_str(&fold(&format!("X-WR-CALNAME:Brigada {brigade}")));
        events.iter().for_each(|e| text.push_str(e));
        text.push_str(&fold("END:VCALENDAR"));
        write_atomic(&dir.join(&name), |w| w.write_all(text.as_bytes()))?;
        files.push(name);
    }
    Ok(files)
}

/// Per state: stage, dates of installation, preparation, field and diagnostics, brigades, units.
pub fn write_states_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    write_csv(
        path,
        &[
            "clave_entidad",
            "entidad",
            "etapa",
            "instalacion",
            "inicio_preparacion",
            "inicio_campo",
            "fin_campo",
            "envio_diagnosticos",
            "brigadas",
            "unidades",
            "zonas",
            "dias_campo",
            "cota_dias_campo",
            "a_tiempo",
            "prioridad",
        ],
        plan.states.iter().map(|s| {
            vec![
                format!("{:02}", s.state),
                state_name(s.state),
                s.stage.to_string(),
                s.installation.to_string(),
                s.installation.to_string(),
                s.field_start.to_string(),
                s.field_end.to_string(),
                s.diagnostics.to_string(),
                s.brigades.to_string(),
                s.units.to_string(),
                s.zones.len().to_string(),
                s.field_days.to_string(),
                s.field_bound.to_string(),
                if s.diagnostics <= plan.deadline { "si" } else { "no" }.to_string(),
                format!("{:.3}", s.priority),
            ]
        }),
    )
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// One week of a state's planned progress.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressPoint {
    /// Monday of the week.
    pub week: NaiveDate,
    /// INEGI state code.
    pub state: u8,
    /// Units whose visit ends by the end of that week.
    pub visited: usize,
    /// Units of the state in the plan.
    pub units: usize,
}

impl ProgressPoint {
    /// `visited` as a percentage of `units` (0–100).
    pub fn pct(&self) -> f64 {
        100.0 * self.visited as f64 / self.units.max(1) as f64
    }
}

/// Planned cumulative units visited per week and state, from installation to diagnostics.
pub fn progress_curve(plan: &WavesPlan) -> Vec<ProgressPoint> {
    let mut points = Vec::new();
    for s in &plan.states {
        let mut done_by_week: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for z in &s.zones {
            // A unit counts as visited on the last day of its visit.
            let mut last_day: BTreeMap<usize, NaiveDate> = BTreeMap::new();
            for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                day.iter().for_each(|stop| {
                    last_day.insert(stop.unit, *date);
                });
            }
            for date in last_day.values() {
                *done_by_week.entry(monday(*date)).or_default() += 1;
            }
        }
        let (first, last) = (monday(s.installation), monday(s.diagnostics));
        let mut visited = 0;
        let mut week = first;
        while week <= last {
            visited += done_by_week.get(&week).copied().unwrap_or(0);
            points.push(ProgressPoint { week, state: s.state, visited, units: s.units });
            week += Duration::days(7);
        }
    }
    points
}

/// Planned cumulative % of units visited per week and state (the progress baseline).
pub fn write_progress_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let rows = progress_curve(plan).into_iter().map(|p| {
        vec![
            p.week.to_string(),
            format!("{:02}", p.state),
            state_name(p.state),
            p.visited.to_string(),
            p.units.to_string(),
            format!("{:.1}", p.pct()),
        ]
    });
    write_csv(path, &["semana", "clave_entidad", "entidad", "unidades_visitadas", "unidades", "porcentaje_planeado"], rows)
}

/// A Gantt chart: one row per state, preparation and field bars, deadline line.
pub fn write_gantt_svg(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let svg = gantt_svg(plan);
    write_atomic(path, |w| w.write_all(svg.as_bytes()))
}

/// The Gantt chart as SVG text (also inlined in the report).
pub fn gantt_svg(plan: &WavesPlan) -> String {
    let Some(start) = plan.states.iter().map(|s| s.installation).min() else {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"10\" height=\"10\"/>\n".into();
    };
    let end = plan.states.iter().map(|s| s.diagnostics).max().unwrap_or(start).max(plan.deadline);
    let days = (end - start).num_days().max(1) as f64;
    let (left, width, row) = (260.0, 900.0, 22.0);
    let x = |d: NaiveDate| left + width * (d - start).num_days() as f64 / days;
    let height = 40.0 + row * plan.states.len() as f64;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">",
        w = left + width + 20.0
    );
    let _ = writeln!(
        svg,
        "<text x=\"4\" y=\"14\">Comando Alma-Ata: instalación y preparación (gris), campo (verde), diagnósticos (azul)</text>"
    );
    for (k, s) in plan.states.iter().enumerate() {
        let y = 30.0 + row * k as f64;
        let _ = writeln!(svg, "<text x=\"4\" y=\"{}\">E{} {}</text>", y + 12.0, s.stage, state_name(s.state));
        let _ = writeln!(
            svg,
            "<rect class=\"prep\" x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"14\" fill=\"#bbbbbb\"/>",
            x(s.installation),
            (x(s.field_start) - x(s.installation)).max(1.0)
        );
        let _ = writeln!(
            svg,
            "<rect class=\"campo\" x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"14\" fill=\"#2e8b57\"/>",
            x(s.field_start),
            (x(s.field_end + Duration::days(1)) - x(s.field_start)).max(1.0)
        );
        let _ = writeln!(svg, "<rect x=\"{:.1}\" y=\"{y}\" width=\"3\" height=\"14\" fill=\"#1f4e9c\"/>", x(s.diagnostics));
    }
    let dx = x(plan.deadline);
    let _ = writeln!(svg, "<line x1=\"{dx:.1}\" y1=\"20\" x2=\"{dx:.1}\" y2=\"{height}\" stroke=\"#c00000\" stroke-dasharray=\"4 3\"/>");
    let _ = writeln!(svg, "<text x=\"{:.1}\" y=\"28\" fill=\"#c00000\">fecha límite {}</text>", dx - 60.0, plan.deadline);
    svg.push_str("</svg>\n");
    svg
}

/// `resumen_oleadas.json`: stages with makespan, bound and gap, and the deadline analysis.
pub fn write_summary_json(path: &Path, plan: &WavesPlan, brigades_needed: Option<u32>, solve_seconds: f64) -> Result<(), Error> {
    let makespan: usize = plan.stages.iter().map(|s| s.makespan_days).sum();
    let lower: usize = plan.stages.iter().map(|s| s.lower_bound_days).sum();
    let doc = serde_json::json!({
        "stages": plan.stages,
        "makespan_days": makespan,
        "lower_bound_days": lower,
        "gap_pct": almaplan_core::lp::relative_gap(makespan as f64, lower as f64) * 100.0,
        "units_scheduled": plan.units_scheduled(),
        "units_after_deadline": plan.units_after_deadline(),
        "states_after_deadline": plan.late_states(),
        "brigades_per_state": plan.brigades_per_state,
        "brigade_pool": plan.pool,
        "brigades_needed_for_deadline": brigades_needed,
        "deadline": plan.deadline,
        "solve_seconds": solve_seconds,
    });
    write_json(path, &doc)
}
