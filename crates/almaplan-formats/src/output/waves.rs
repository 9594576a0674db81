//! Wave-calendar outputs: `calendario_brigadas.csv`, one `.ics` per brigade (RFC 5545, updatable:
//! see [`write_ics`]),
//! `resumen_entidades.csv`, `curva_avance.csv`, `gantt.svg` and `resumen_oleadas.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use crate::input::calendars::{property_name, property_value, PreviousCalendars};
use crate::output::{write_atomic, write_csv, write_json};
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::waves::WavesPlan;

fn state_name(code: u8) -> String {
    state::name(code).unwrap_or("").to_string()
}

/// One row per unit visit and day: fecha, brigada, entidad, zona, sede, clues, unidad, actividad,
/// orden (position in the day's route from the host); and one per day of each zone's Pacto por la
/// Salud meeting at the sede (empty `clues`, attendees by type in `actividad`).
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
            if let Some(p) = &z.pacto {
                let sede = &units[z.sede];
                for date in &p.dates {
                    rows.push(vec![
                        date.to_string(),
                        z.brigade.clone(),
                        state_name(s.state),
                        z.zone.clone(),
                        sede.clues.clone(),
                        // The meeting is at the sede (column `sede`), not a unit visit: no CLUES.
                        String::new(),
                        sede.name.clone(),
                        format!(
                            "pacto por la salud ({} titulares de unidad, {} del comité de la ZSM, {} COSABI)",
                            p.unit_heads, p.zsm_committee, p.cosabi
                        ),
                        "1".to_string(),
                    ]);
                }
            }
        }
    }
    rows.sort();
    write_csv(path, &["fecha", "brigada", "entidad", "zona", "sede", "clues", "unidad", "actividad", "orden"], rows)
}

/// Text escaped for an iCalendar TEXT value (RFC 5545 §3.3.11).
pub(crate) fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character.
pub(crate) fn fold(line: &str) -> String {
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

/// What [`write_ics`] needs besides the plan.
#[derive(Debug, Clone, Copy)]
pub struct IcsOptions<'a> {
    /// The scenario's name: part of every UID, so two scenarios' calendars never collide.
    pub scenario: &'a str,
    /// Hour the brigades' day starts at the host (`waves.day_start_hour`).
    pub day_start_hour: f64,
    /// The previous run's calendars (`--calendario-previo`), to update instead of duplicate.
    pub previous: Option<&'a PreviousCalendars>,
    /// The re-planning date (`--desde`): previous events before it are history and kept as they
    /// were; later ones missing from the plan are cancelled (also those of units already visited).
    pub replan_from: Option<NaiveDate>,
    /// CLUES already visited (`--avance`): without `replan_from`, their previous events are kept as
    /// they were.
    pub visited: &'a BTreeMap<String, NaiveDate>,
}

/// What [`write_ics`] wrote, and how the events compare with the previous calendars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcsSummary {
    /// The files written (`brigada_<B>.ics`).
    pub files: Vec<String>,
    /// Events with a UID the previous calendars did not have (all of them without previous ones).
    pub new: usize,
    /// Events whose UID was in the previous calendars with other content (SEQUENCE raised).
    pub updated: usize,
    /// Events as they were in the previous calendars (same SEQUENCE).
    pub unchanged: usize,
    /// Previous events the re-plan removed, written as `STATUS:CANCELLED`.
    pub cancelled: usize,
    /// Previous events kept as history: before `--desde` (without it: of a unit already visited).
    pub kept: usize,
}

/// A name as a UID part: lower-case ASCII letters, digits and `-`.
fn uid_part(s: &str) -> String {
    let folded = state::fold(s).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The UID of a visit's `day`-th day (1 for the first): `<CLUES>-<day>.<brigade>.<scenario>@almaplan`.
/// It names only what identifies the visit, never its date, so a moved visit keeps its UID.
pub fn visit_uid(clues: &str, day: usize, brigade: &str, scenario: &str) -> String {
    format!("{clues}-{day}.{}.{}@almaplan", uid_part(brigade), uid_part(scenario))
}

/// The CLUES of a [`visit_uid`].
fn uid_clues(uid: &str) -> Option<&str> {
    uid.split('.').next()?.rsplit_once('-').map(|(c, _)| c)
}

/// One event to write: its brigade, UID, SEQUENCE and content lines (without UID, DTSTAMP and
/// SEQUENCE, unfolded).
struct Event {
    brigade: String,
    uid: String,
    sequence: u32,
    body: Vec<String>,
}

impl Event {
    fn start(&self) -> &str {
        self.body.iter().find(|l| property_name(l) == "DTSTART").map_or("", |l| property_value(l))
    }
}

/// One calendar per brigade (`brigada_<B>.ics`, RFC 5545, `METHOD:PUBLISH`) with a timed event
/// per unit and day: from `day_start_hour` + the stop's arrival, for the minutes worked there, in
/// the unit's local time (floating time: no time zone, so 08:00 is 08:00 wherever the unit is),
/// with `LOCATION` (unit, municipality, state) and `GEO`.
///
/// UIDs are stable ([`visit_uid`]). With `previous` calendars (a re-plan), events are compared by
/// UID: same content keeps its `SEQUENCE`, changed content (a moved visit) gets the previous
/// `SEQUENCE` + 1, and a previous event missing now is written with `STATUS:CANCELLED` and a higher
/// `SEQUENCE`, in its brigade's file (written even when the brigade has no visits left) — except
/// history: previous events before `replan_from` (without it: of units already visited) are kept
/// as they were, and so are events cancelled before.
/// `DTSTAMP` is the plan's first installation day, never the clock.
pub fn write_ics(dir: &Path, plan: &WavesPlan, units: &[Unit], options: &IcsOptions) -> Result<IcsSummary, Error> {
    let stamp = plan.states.iter().map(|s| s.installation).min().unwrap_or(plan.deadline).format("%Y%m%dT000000Z").to_string();
    let mut events: Vec<Event> = Vec::new();
    let day_start = Duration::minutes((options.day_start_hour * 60.0).round() as i64);
    for s in &plan.states {
        for z in &s.zones {
            let mut visit_day: BTreeMap<usize, usize> = BTreeMap::new();
            for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                for (k, stop) in day.iter().enumerate() {
                    let u = &units[stop.unit];
                    let nth = visit_day.entry(stop.unit).or_default();
                    *nth += 1;
                    let start = date.and_hms_opt(0, 0, 0).expect("midnight") + day_start + Duration::minutes(stop.arrival.round() as i64);
                    let end = start + Duration::minutes(stop.minutes.round().max(1.0) as i64);
                    let what = if stop.continued { "Continuación de visita" } else { "Visita" };
                    let body = vec![
                        format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
                        format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")),
                        format!("SUMMARY:{}", ics_text(&format!("{what} {} {} ({}.º del día)", u.clues, u.name, k + 1))),
                        format!(
                            "DESCRIPTION:{}",
                            ics_text(&format!(
                                "{} · {} · sede {} · brigada {}",
                                state_name(s.state),
                                z.zone,
                                units[z.sede].clues,
                                z.brigade
                            ))
                        ),
                        format!("LOCATION:{}", ics_text(&format!("{}, {}, {}", u.name, u.municipality_name, state_name(s.state)))),
                        format!("GEO:{:.6};{:.6}", u.location.lat, u.location.lon),
                        "STATUS:CONFIRMED".to_string(),
                    ];
                    let uid = visit_uid(&u.clues, *nth, &z.brigade, options.scenario);
                    events.push(Event { brigade: z.brigade.clone(), uid, sequence: 0, body });
                }
            }
            if let Some(p) = &z.pacto {
                let sede = &units[z.sede];
                for (n, date) in p.dates.iter().enumerate() {
                    let start = date.and_hms_opt(0, 0, 0).expect("midnight") + day_start;
                    let end = start + Duration::hours(4);
                    let body = vec![
                        format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
                        format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")),
                        format!("SUMMARY:{}", ics_text(&format!("Pacto por la Salud {} en la sede {} {}", z.zone, sede.clues, sede.name))),
                        format!(
                            "DESCRIPTION:{}",
                            ics_text(&format!(
                                "{} · {} · asistentes: {} titulares de unidad, {} del comité de la ZSM, {} COSABI · brigada {}",
                                state_name(s.state),
                                z.zone,
                                p.unit_heads,
                                p.zsm_committee,
                                p.cosabi,
                                z.brigade
                            ))
                        ),
                        format!("LOCATION:{}", ics_text(&format!("{}, {}, {}", sede.name, sede.municipality_name, state_name(s.state)))),
                        format!("GEO:{:.6};{:.6}", sede.location.lat, sede.location.lon),
                        "STATUS:CONFIRMED".to_string(),
                    ];
                    let uid = visit_uid(&format!("PACTO-{}", uid_part(&z.zone)), n + 1, &z.brigade, options.scenario);
                    events.push(Event { brigade: z.brigade.clone(), uid, sequence: 0, body });
                }
            }
        }
    }
    let mut summary = IcsSummary::default();
    if let Some(previous) = options.previous {
        let now: std::collections::BTreeSet<String> = events.iter().map(|e| e.uid.clone()).collect();
        for e in &mut events {
            match previous.events.get(&e.uid) {
                None => summary.new += 1,
                Some(p) if !p.cancelled && p.body == e.body => {
                    e.sequence = p.sequence;
                    summary.unchanged += 1;
                }
                Some(p) => {
                    e.sequence = p.sequence + 1;
                    summary.updated += 1;
                }
            }
        }
        let mut gone: Vec<Event> = Vec::new();
        for (uid, p) in &previous.events {
            if now.contains(uid) {
                continue;
            }
            let history = match options.replan_from {
                Some(from) => p.date < from,
                None => uid_clues(uid).is_some_and(|c| options.visited.contains_key(c)),
            };
            if history || p.cancelled {
                // Kept as it was: a visit made (or due) before the re-plan, or one cancelled before.
                if p.cancelled {
                    summary.cancelled += 1;
                } else {
                    summary.kept += 1;
                }
                gone.push(Event { brigade: p.brigade.clone(), uid: uid.clone(), sequence: p.sequence, body: p.body.clone() });
                continue;
            }
            summary.cancelled += 1;
            let body = p
                .body
                .iter()
                .filter(|l| property_name(l) != "STATUS")
                .map(|l| if property_name(l) == "SUMMARY" { format!("SUMMARY:Cancelada: {}", property_value(l)) } else { l.clone() })
                .chain(std::iter::once("STATUS:CANCELLED".to_string()))
                .collect();
            gone.push(Event { brigade: p.brigade.clone(), uid: uid.clone(), sequence: p.sequence + 1, body });
        }
        events.extend(gone);
    } else {
        summary.new = events.len();
    }
    let mut by_brigade: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for e in events {
        by_brigade.entry(e.brigade.clone()).or_default().push(e);
    }
    for (brigade, mut events) in by_brigade {
        events.sort_by(|a, b| a.start().cmp(b.start()).then_with(|| a.uid.cmp(&b.uid)));
        let name = format!("brigada_{brigade}.ics");
        let mut text = String::new();
        text.push_str(&fold("BEGIN:VCALENDAR"));
        text.push_str(&fold("VERSION:2.0"));
        text.push_str(&fold("PRODID:-//almaplan//Comando Alma-Ata//ES"));
        text.push_str(&fold("CALSCALE:GREGORIAN"));
        text.push_str(&fold("METHOD:PUBLISH"));
        text.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(&format!("Brigada {brigade}")))));
        for e in &events {
            text.push_str(&fold("BEGIN:VEVENT"));
            text.push_str(&fold(&format!("UID:{}", e.uid)));
            text.push_str(&fold(&format!("DTSTAMP:{stamp}")));
            text.push_str(&fold(&format!("SEQUENCE:{}", e.sequence)));
            e.body.iter().for_each(|l| text.push_str(&fold(l)));
            text.push_str(&fold("END:VEVENT"));
        }
        text.push_str(&fold("END:VCALENDAR"));
        write_atomic(&dir.join(&name), |w| w.write_all(text.as_bytes()))?;
        summary.files.push(name);
    }
    Ok(summary)
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

/// Zones of each state whose Pacto por la Salud meeting ends by the end of each week: state →
/// (Monday → cumulative zones with a Pacto), and the state's zones.
pub fn pacto_curve(plan: &WavesPlan) -> BTreeMap<u8, (BTreeMap<NaiveDate, usize>, usize)> {
    let mut out = BTreeMap::new();
    for s in &plan.states {
        let mut by_week: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for z in &s.zones {
            if let Some(last) = z.pacto.as_ref().and_then(|p| p.dates.last()) {
                *by_week.entry(monday(*last)).or_default() += 1;
            }
        }
        let mut total = 0;
        let cumulative = by_week
            .into_iter()
            .map(|(w, n)| {
                total += n;
                (w, total)
            })
            .collect();
        out.insert(s.state, (cumulative, s.zones.len()));
    }
    out
}

/// Planned cumulative % of units visited per week and state (the progress baseline), with the
/// zones that have held their Pacto por la Salud meeting by then.
pub fn write_progress_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let pactos = pacto_curve(plan);
    let rows = progress_curve(plan).into_iter().map(|p| {
        let (weeks, zones) = &pactos[&p.state];
        let held = weeks.range(..=p.week).next_back().map_or(0, |(_, n)| *n);
        vec![
            p.week.to_string(),
            format!("{:02}", p.state),
            state_name(p.state),
            p.visited.to_string(),
            p.units.to_string(),
            format!("{:.1}", p.pct()),
            held.to_string(),
            zones.to_string(),
        ]
    });
    write_csv(
        path,
        &["semana", "clave_entidad", "entidad", "unidades_visitadas", "unidades", "porcentaje_planeado", "zonas_con_pacto", "zonas"],
        rows,
    )
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
        "<text x=\"4\" y=\"14\">Comando Alma-Ata: instalación y preparación (gris), campo (verde), Pacto por la Salud (naranja), diagnósticos (azul)</text>"
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
        for z in &s.zones {
            if let Some(p) = &z.pacto {
                for d in &p.dates {
                    let _ = writeln!(
                        svg,
                        "<rect class=\"pacto\" x=\"{:.1}\" y=\"{y}\" width=\"2\" height=\"14\" fill=\"#e67e00\"><title>Pacto por la Salud {} ({d})</title></rect>",
                        x(*d),
                        z.zone
                    );
                }
            }
        }
        let _ = writeln!(svg, "<rect x=\"{:.1}\" y=\"{y}\" width=\"3\" height=\"14\" fill=\"#1f4e9c\"/>", x(s.diagnostics));
    }
    let dx = x(plan.deadline);
    let _ = writeln!(svg, "<line x1=\"{dx:.1}\" y1=\"20\" x2=\"{dx:.1}\" y2=\"{height}\" stroke=\"#c00000\" stroke-dasharray=\"4 3\"/>");
    let _ = writeln!(svg, "<text x=\"{:.1}\" y=\"28\" fill=\"#c00000\">fecha límite {}</text>", dx - 60.0, plan.deadline);
    svg.push_str("</svg>\n");
    svg
}

/// `resumen_oleadas.json`: stages with makespan, bound and gap, and the deadline analysis.
pub fn write_summary_json(path: &Path, plan: &WavesPlan, solve_seconds: f64) -> Result<(), Error> {
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
        "brigades_needed_for_deadline": plan.brigades_needed,
        "supply": plan.supply,
        "deadline": plan.deadline,
        "solve_seconds": solve_seconds,
    });
    write_json(path, &doc)
}
