//! Supervision outputs: `supervision_asignacion.csv` (one row per unit: team or reason),
//! `supervision_calendario.csv` (one row per visit and day), `supervision_equipos.csv` (load per
//! team), `supervision_necesidad.csv` (teams needed per state and zone against the published
//! count), one `.ics` per team in `supervision_ics/`, `supervision.geojson` (team territories,
//! polygons), `supervision_bases.geojson` (bases, points) and `resumen_supervision.json`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use geo::{Area, ConvexHull, MultiPoint, Point};
use serde_json::{json, Value};

use crate::output::waves::{fold, ics_text};
use crate::output::{fixed, write_atomic, write_csv, write_geojson, write_json};
use almaplan_core::domain::calendar::weekday_es;
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::supervision::{SupervisionParams, SupervisionPlan, TripDay};
use almaplan_core::planners::{Evidence, Plan};

fn state_name(code: u8) -> String {
    state::name(code).unwrap_or("").to_string()
}

/// Columns of `supervision_asignacion.csv`.
pub const ASSIGNMENT_HEADER: [&str; 12] = [
    "clues",
    "entidad",
    "zona",
    "unidad",
    "tipologia",
    "equipo",
    "base",
    "minutos_a_base",
    "minutos_supervision",
    "pernocta",
    "razon",
    "detalle",
];

/// `supervision_asignacion.csv`: every supervised unit with its team (or, without one, the gap
/// reason code and its figures), sorted by state, zone and CLUES.
pub fn write_assignment_csv(path: &Path, plan: &SupervisionPlan, units: &[Unit], params: &SupervisionParams) -> Result<(), Error> {
    let team_of: BTreeMap<usize, &almaplan_core::planners::supervision::Team> =
        plan.teams.iter().flat_map(|t| t.units.iter().map(move |&k| (k, t))).collect();
    let gap_of: BTreeMap<usize, &almaplan_core::planners::supervision::SupervisionGap> = plan.gaps.iter().map(|g| (g.unit, g)).collect();
    let overnight: std::collections::BTreeSet<usize> = plan
        .teams
        .iter()
        .flat_map(|t| &t.months)
        .flat_map(|m| &m.days)
        .filter(|d| d.kind == TripDay::OvernightOut)
        .flat_map(|d| d.stops.iter().map(|s| s.unit))
        .collect();
    let mut rows: Vec<(u8, String, String, Vec<String>)> = Vec::new();
    for t in &plan.territories {
        let base = &units[t.base];
        let members: Vec<usize> = plan
            .teams
            .iter()
            .filter(|x| x.territory == t.name && x.state == t.state)
            .flat_map(|x| x.units.iter().copied())
            .chain(plan.gaps.iter().filter(|g| g.territory == t.name && g.state == t.state).map(|g| g.unit))
            .collect();
        for k in members {
            let u = &units[k];
            let gap = gap_of.get(&k);
            rows.push((
                t.state,
                t.name.clone(),
                u.clues.clone(),
                vec![
                    u.clues.clone(),
                    state_name(t.state),
                    t.name.clone(),
                    u.name.clone(),
                    u.typology.clone(),
                    team_of.get(&k).map_or(String::new(), |x| x.id.clone()),
                    base.clues.clone(),
                    fixed(plan.base_minutes.get(&k).copied().unwrap_or(0.0), 1),
                    fixed(almaplan_core::planners::supervision::visit_minutes(params, u), 0),
                    if overnight.contains(&k) { "sí" } else { "no" }.to_string(),
                    gap.map_or(String::new(), |g| g.reason.code().to_string()),
                    gap.map_or(String::new(), |g| g.detail.clone()),
                ],
            ));
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    write_csv(path, &ASSIGNMENT_HEADER, rows.into_iter().map(|r| r.3))
}

/// Columns of `supervision_calendario.csv`.
pub const CALENDAR_HEADER: [&str; 14] = [
    "equipo",
    "entidad",
    "zona",
    "fecha",
    "dia",
    "tipo_dia",
    "orden",
    "clues",
    "unidad",
    "llegada",
    "minutos_traslado",
    "minutos_supervision",
    "vencida",
    "minutos_del_dia",
];

fn day_kind(k: TripDay) -> &'static str {
    match k {
        TripDay::DayTrip => "viaje_del_dia",
        TripDay::OvernightOut => "pernocta_ida",
        TripDay::OvernightReturn => "pernocta_regreso",
    }
}

fn clock(start_hour: f64, minutes: f64) -> String {
    let m = (start_hour * 60.0 + minutes).round() as i64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// `supervision_calendario.csv`: per team and working day, each visit in order with its arrival
/// time, travel and supervision minutes; an overnight return day is one row without unit.
pub fn write_calendar_csv(path: &Path, plan: &SupervisionPlan, units: &[Unit], params: &SupervisionParams) -> Result<(), Error> {
    let mut rows = Vec::new();
    for t in &plan.teams {
        for m in &t.months {
            for d in &m.days {
                let head = |orden: String| {
                    vec![
                        t.id.clone(),
                        state_name(t.state),
                        t.territory.clone(),
                        d.date.to_string(),
                        weekday_es(d.date).to_string(),
                        day_kind(d.kind).to_string(),
                        orden,
                    ]
                };
                if d.stops.is_empty() {
                    let mut r = head(String::new());
                    r.extend([String::new(), String::new(), String::new(), fixed(d.return_minutes, 1), String::new(), String::new()]);
                    r.push(fixed(d.total_minutes, 1));
                    rows.push(r);
                }
                for (i, s) in d.stops.iter().enumerate() {
                    let u = &units[s.unit];
                    let mut r = head((i + 1).to_string());
                    r.extend([
                        u.clues.clone(),
                        u.name.clone(),
                        clock(params.day_start_hour, s.arrival),
                        fixed(s.travel_minutes, 1),
                        fixed(s.visit_minutes, 0),
                        if s.overdue { "sí" } else { "no" }.to_string(),
                        fixed(d.total_minutes, 1),
                    ]);
                    rows.push(r);
                }
            }
        }
    }
    write_csv(path, &CALENDAR_HEADER, rows)
}

/// `supervision_equipos.csv`: per team its zone, base, units, monthly workload (visit + round trip
/// per unit, what the assignment balances), capacity and the days its first month uses.
pub fn write_teams_csv(path: &Path, plan: &SupervisionPlan, units: &[Unit]) -> Result<(), Error> {
    let capacity: BTreeMap<(u8, &str), f64> = plan.territories.iter().map(|t| ((t.state, t.name.as_str()), t.capacity_minutes)).collect();
    write_csv(
        path,
        &[
            "equipo",
            "entidad",
            "zona",
            "base",
            "unidades",
            "carga_minutos",
            "capacidad_minutos",
            "carga_pct",
            "dias_usados",
            "dias_habiles",
        ],
        plan.teams.iter().map(|t| {
            let cap = capacity.get(&(t.state, t.territory.as_str())).copied().unwrap_or(0.0);
            let m = &t.months[0];
            vec![
                t.id.clone(),
                state_name(t.state),
                t.territory.clone(),
                units[t.base].clues.clone(),
                t.units.len().to_string(),
                fixed(t.load_minutes, 0),
                fixed(cap, 0),
                fixed(if cap > 0.0 { 100.0 * t.load_minutes / cap } else { 0.0 }, 1),
                m.days.len().to_string(),
                m.working_days.to_string(),
            ]
        }),
    )
}

/// `supervision_necesidad.csv`: per zone, then a state total row (`zona` = `TOTAL`), units,
/// reachable units, teams assigned, teams needed, published teams (state rows) and units without
/// a monthly visit.
pub fn write_needs_csv(path: &Path, plan: &SupervisionPlan) -> Result<(), Error> {
    let mut missed: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    plan.gaps.iter().for_each(|g| *missed.entry((g.state, g.territory.as_str())).or_default() += 1);
    let mut rows = Vec::new();
    for s in &plan.states {
        for t in plan.territories.iter().filter(|t| t.state == s.state) {
            rows.push(vec![
                state_name(s.state),
                t.name.clone(),
                t.units.to_string(),
                t.reachable.to_string(),
                t.teams.to_string(),
                t.teams_needed.to_string(),
                String::new(),
                missed.get(&(t.state, t.name.as_str())).copied().unwrap_or(0).to_string(),
            ]);
        }
        rows.push(vec![
            state_name(s.state),
            "TOTAL".to_string(),
            s.units.to_string(),
            plan.territories.iter().filter(|t| t.state == s.state).map(|t| t.reachable).sum::<usize>().to_string(),
            s.teams.to_string(),
            s.teams_needed.to_string(),
            s.published_teams.map_or(String::new(), |p| p.to_string()),
            (s.units - s.units_visited).to_string(),
        ]);
    }
    write_csv(
        path,
        &[
            "entidad",
            "zona",
            "unidades",
            "alcanzables",
            "equipos_asignados",
            "equipos_necesarios",
            "equipos_publicados",
            "sin_visita_mensual",
        ],
        rows,
    )
}

/// UID of a unit's monthly supervision visit: `sup-<CLUES>-<yyyymm>.<team>.<scenario>@almaplan`.
/// It never names the day, so a visit moved within its month keeps its UID.
pub fn visit_uid(clues: &str, month: NaiveDate, team: &str, scenario: &str) -> String {
    let part = |s: &str| {
        let mut out = String::new();
        for c in state::fold(s).to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').to_string()
    };
    format!("sup-{clues}-{:04}{:02}.{}.{}@almaplan", month.year(), month.month(), part(team), part(scenario))
}

/// One calendar per team in `dir` (`equipo_<id>.ics`): one event per visit, with hour, place and
/// coordinates; an overnight stay says so in its summary and the return day is its own event.
/// `DTSTAMP` is the first planned month, never the clock. Returns the file names.
pub fn write_ics(
    dir: &Path,
    plan: &SupervisionPlan,
    units: &[Unit],
    params: &SupervisionParams,
    scenario: &str,
) -> Result<Vec<String>, Error> {
    let stamp = plan.months.first().map_or("19700101T000000Z".to_string(), |m| m.format("%Y%m%dT000000Z").to_string());
    let day_start = Duration::minutes((params.day_start_hour * 60.0).round() as i64);
    let mut files = Vec::new();
    for t in &plan.teams {
        let mut text = String::new();
        for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//almaplan//Supervisión zonal//ES", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
            text.push_str(&fold(l));
        }
        text.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(&format!("Equipo de supervisión {}", t.id)))));
        let mut last_away: Option<usize> = None;
        for m in &t.months {
            for d in &m.days {
                let midnight = d.date.and_hms_opt(0, 0, 0).expect("midnight") + day_start;
                let mut events: Vec<(String, Vec<String>)> = Vec::new();
                if d.kind == TripDay::OvernightReturn {
                    let end = midnight + Duration::minutes(d.return_minutes.round().max(1.0) as i64);
                    // Named after the unit of the night away, so the event keeps its UID when moved.
                    let away = last_away.map_or(String::new(), |k: usize| units[k].clues.clone());
                    events.push((
                        visit_uid(&format!("{away}-regreso"), m.month, &t.id, scenario),
                        vec![
                            format!("DTSTART:{}", midnight.format("%Y%m%dT%H%M%S")),
                            format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")),
                            format!("SUMMARY:{}", ics_text(&format!("Regreso a la base tras pernocta ({away})"))),
                        ],
                    ));
                }
                if d.kind == TripDay::OvernightOut {
                    last_away = d.stops.first().map(|s| s.unit);
                }
                for (i, s) in d.stops.iter().enumerate() {
                    let u = &units[s.unit];
                    let start = midnight + Duration::minutes(s.arrival.round() as i64);
                    let end = start + Duration::minutes(s.visit_minutes.round().max(1.0) as i64);
                    let what = match (d.kind, s.overdue) {
                        (TripDay::OvernightOut, true) => "Supervisión vencida (con pernocta)",
                        (TripDay::OvernightOut, false) => "Supervisión (con pernocta)",
                        (_, true) => "Supervisión vencida",
                        _ => "Supervisión",
                    };
                    events.push((
                        visit_uid(&u.clues, m.month, &t.id, scenario),
                        vec![
                            format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
                            format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")),
                            format!("SUMMARY:{}", ics_text(&format!("{what} {} {} ({}.ª del día)", u.clues, u.name, i + 1))),
                            format!(
                                "DESCRIPTION:{}",
                                ics_text(&format!(
                                    "{} · {} · base {} · equipo {}",
                                    state_name(t.state),
                                    t.territory,
                                    units[t.base].clues,
                                    t.id
                                ))
                            ),
                            format!("LOCATION:{}", ics_text(&format!("{}, {}, {}", u.name, u.municipality_name, state_name(t.state)))),
                            format!("GEO:{:.6};{:.6}", u.location.lat, u.location.lon),
                        ],
                    ));
                }
                for (uid, body) in events {
                    text.push_str(&fold("BEGIN:VEVENT"));
                    text.push_str(&fold(&format!("UID:{uid}")));
                    text.push_str(&fold(&format!("DTSTAMP:{stamp}")));
                    text.push_str(&fold("SEQUENCE:0"));
                    body.iter().for_each(|l| text.push_str(&fold(l)));
                    text.push_str(&fold("STATUS:CONFIRMED"));
                    text.push_str(&fold("END:VEVENT"));
                }
            }
        }
        text.push_str(&fold("END:VCALENDAR"));
        let name = format!("equipo_{}.ics", t.id);
        write_atomic(&dir.join(&name), |w| w.write_all(text.as_bytes()))?;
        files.push(name);
    }
    Ok(files)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Convex hull of the places (lon, lat), padded by ±0.001° when they span no area.
fn outline(points: &[(f64, f64)]) -> Vec<[f64; 2]> {
    let pts: Vec<Point<f64>> = points.iter().map(|&(x, y)| Point::new(x, y)).collect();
    let hull = MultiPoint::from(pts.clone()).convex_hull();
    let hull = if hull.unsigned_area() > 0.0 {
        hull
    } else {
        let d = 0.001;
        let padded: Vec<Point<f64>> =
            pts.iter().flat_map(|p| [(-d, -d), (d, -d), (d, d), (-d, d)].map(|(dx, dy)| Point::new(p.x() + dx, p.y() + dy))).collect();
        MultiPoint::from(padded).convex_hull()
    };
    hull.exterior().points().map(|p| [round6(p.x()), round6(p.y())]).collect()
}

/// `supervision.geojson`: one polygon per team (convex hull of its base and units) with
/// `equipo`, `entidad`, `zona`, `base` (CLUES), `base_lat`/`base_lon`, `unidades` and
/// `carga_minutos`.
pub fn write_territories_geojson(path: &Path, plan: &SupervisionPlan, units: &[Unit]) -> Result<(), Error> {
    let features: Vec<Value> = plan
        .teams
        .iter()
        .map(|t| {
            let pts: Vec<(f64, f64)> =
                std::iter::once(t.base).chain(t.units.iter().copied()).map(|k| (units[k].location.lon, units[k].location.lat)).collect();
            let b = &units[t.base];
            json!({
                "type": "Feature",
                "geometry": { "type": "Polygon", "coordinates": [outline(&pts)] },
                "properties": {
                    "equipo": t.id,
                    "clave_entidad": format!("{:02}", t.state),
                    "entidad": state_name(t.state),
                    "zona": t.territory,
                    "base": b.clues,
                    "base_lat": round6(b.location.lat),
                    "base_lon": round6(b.location.lon),
                    "unidades": t.units.len(),
                    "carga_minutos": t.load_minutes.round(),
                },
            })
        })
        .collect();
    write_geojson(path, features)
}

/// `supervision_bases.geojson`: one point per territory base with its teams and units.
pub fn write_bases_geojson(path: &Path, plan: &SupervisionPlan, units: &[Unit]) -> Result<(), Error> {
    let features: Vec<Value> = plan
        .territories
        .iter()
        .map(|t| {
            let b = &units[t.base];
            json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [round6(b.location.lon), round6(b.location.lat)] },
                "properties": {
                    "base": b.clues,
                    "unidad": b.name,
                    "clave_entidad": format!("{:02}", t.state),
                    "entidad": state_name(t.state),
                    "zona": t.name,
                    "equipos": t.teams,
                    "equipos_necesarios": t.teams_needed,
                    "unidades": t.units,
                },
            })
        })
        .collect();
    write_geojson(path, features)
}

/// `resumen_supervision.json`: the evidence, national and per-state figures, gaps by reason and
/// the solve time.
pub fn write_summary_json(path: &Path, plan: &SupervisionPlan, solve_seconds: f64) -> Result<(), Error> {
    let e: Evidence = plan.evidence();
    let reasons: BTreeMap<&str, usize> = plan.gaps_by_reason().into_iter().map(|(r, n)| (r.code(), n)).collect();
    write_json(
        path,
        &json!({
            "meses": plan.months.iter().map(|m| m.format("%Y-%m").to_string()).collect::<Vec<_>>(),
            "unidades": plan.units(),
            "equipos": plan.team_count(),
            "equipos_necesarios": plan.teams_needed(),
            "equipos_publicados": plan.published_teams(),
            "unidades_sin_visita_mensual": plan.open_gaps(),
            "sin_visita_por_razon": reasons,
            "evidencia": e,
            "entidades": plan.states,
            "modelos": plan.territories.iter().map(|t| json!({
                "zona": t.name,
                "equipos": t.teams,
                "unidades": t.reachable,
                "estado": t.report.status,
                "objetivo": t.report.objective,
                "cota": t.report.bound,
                "brecha": t.report.gap,
                "segundos": (t.report.seconds * 1000.0).round() / 1000.0,
            })).collect::<Vec<_>>(),
            "solve_seconds": (solve_seconds * 1000.0).round() / 1000.0,
        }),
    )
}

/// Every supervision file into `dir`: `supervision_asignacion.csv`, `supervision_calendario.csv`,
/// `supervision_equipos.csv`, `supervision_necesidad.csv`, `supervision_ics/equipo_<id>.ics`,
/// `supervision.geojson`, `supervision_bases.geojson` and `resumen_supervision.json`. Returns the
/// calendar files written.
pub fn write_all(
    dir: &Path,
    plan: &SupervisionPlan,
    units: &[Unit],
    params: &SupervisionParams,
    scenario: &str,
    solve_seconds: f64,
) -> Result<Vec<String>, Error> {
    write_assignment_csv(&dir.join("supervision_asignacion.csv"), plan, units, params)?;
    write_calendar_csv(&dir.join("supervision_calendario.csv"), plan, units, params)?;
    write_teams_csv(&dir.join("supervision_equipos.csv"), plan, units)?;
    write_needs_csv(&dir.join("supervision_necesidad.csv"), plan)?;
    let files = write_ics(&dir.join("supervision_ics"), plan, units, params, scenario)?;
    write_territories_geojson(&dir.join("supervision.geojson"), plan, units)?;
    write_bases_geojson(&dir.join("supervision_bases.geojson"), plan, units)?;
    write_summary_json(&dir.join("resumen_supervision.json"), plan, solve_seconds)?;
    Ok(files)
}
