//! `reporte.html`: one self-contained page (inline CSS, SVG and a few lines of script; no network)
//! that presents a run to people who will not open the CSVs: headline figures in plain words,
//! maps, the wave Gantt chart and progress curve, sortable gap tables, and the data and parameters
//! that produced it.
//!
//! Words: «brecha» is only the service gap (unit-days uncovered, units after the deadline,
//! localities without a mobile unit). The solver's status («óptimo», «óptimo dentro de la
//! tolerancia», «detenido por tiempo») and its optimality gap («holgura de optimalidad») are in a
//! folded «Cómo se calcularon estas cifras» table, never in the headline cards; reason and kind
//! codes of `brechas.csv` are shown as phrases ([`crate::gaps::reason_words`]).
//!
//! Maps are drawn from coordinates on an equirectangular projection scaled by the cosine of the
//! mean latitude. However many units there are, a map has one SVG `<path>` per colour class
//! (units are short sub-paths inside it; points that fall on the same 0.1 px are drawn once), so
//! a national map of 80,000 units stays a few DOM elements and renders quickly. Tooltips: one per
//! zone (an invisible convex hull), per mobile unit's routes, and, up to `TIP_LIMIT` per map,
//! per unit, host or locality (invisible hit targets, smallest layers first).
//!
//! Print (`@media print`): no navigation, folded details left out, every figure (caption, drawing,
//! legend) kept on one page, long tables cut to their first `PRINT_ROWS` rows with a note.
//!
//! Every number comes from the run's results; the page carries no timing so that the same
//! inputs and seed give a byte-identical file.

/// Language of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// reporte.html en español.
    #[default]
    Es,
    /// reporte.html en inglés.
    En,
}

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::gaps::{kind_words, reason_words, unit_coverage, GapRow, GAP_KINDS};
use crate::headline::{thousands, Indicator};
use crate::pipeline::RunResults;
use almaplan_core::domain::{state, LatLon};
use almaplan_core::error::Error;
use almaplan_core::planners::umm::UncoveredReason;
use almaplan_formats::output::{html_escape as esc, write_atomic};
use almaplan_formats::scenario::LoadedScenario;

/// Rows of the detailed gap table in the page (the CSV has them all).
const DETAIL_ROWS: usize = 300;
/// Rows of the by-zone table in the page.
const ZONE_ROWS: usize = 400;
const MAP_WIDTH: f64 = 900.0;
const MAP_MAX_HEIGHT: f64 = 640.0;

struct Tr(Lang);

#[path = "report_roster.rs"]
mod roster_standing;

impl Tr {
    fn t<'a>(&self, es: &'a str, en: &'a str) -> &'a str {
        match self.0 {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

mod comando;

/// Opens a table: `<table id="…" class="…"><thead><tr><th>…</th>…</tr></thead><tbody>` and a
/// newline; the headers are written as given (they are the report's own words, not data).
pub(crate) fn table_head(h: &mut String, id: &str, class: Option<&str>, headers: &[&str]) {
    let _ = write!(h, "<table id=\"{id}\"");
    if let Some(class) = class {
        let _ = write!(h, " class=\"{class}\"");
    }
    h.push_str("><thead><tr>");
    for head in headers {
        let _ = write!(h, "<th>{head}</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
}

fn state_name(code: u8) -> String {
    state::name(code).map(str::to_string).unwrap_or_else(|| format!("entidad {code}"))
}

/// Writes the report.
pub fn write_report(
    path: &Path,
    s: &LoadedScenario,
    r: &RunResults,
    indicators: &[Indicator],
    gaps: &[GapRow],
    lang: Lang,
) -> Result<(), Error> {
    let html = render(s, r, indicators, gaps, lang);
    write_atomic(path, |w| w.write_all(html.as_bytes()))
}

/// The report as HTML text.
pub fn render(s: &LoadedScenario, r: &RunResults, indicators: &[Indicator], gaps: &[GapRow], lang: Lang) -> String {
    let tr = Tr(lang);
    let l = &r.loaded;
    let mut h = String::with_capacity(1 << 20);
    let title = format!("{} «{}»", tr.t("Reporte de almaplan: escenario", "almaplan report: scenario"), s.scenario.name);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        tr.t("es", "en"),
        esc(&title)
    );
    let _ = writeln!(h, "<header><h1>{}</h1>", esc(&title));
    if !s.scenario.description.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&s.scenario.description));
    }
    if l.network.synthetic {
        let _ = writeln!(
            h,
            "<p class=\"aviso\">{}</p>",
            tr.t(
                "DATOS SINTÉTICOS: red generada para pruebas; las cifras no describen unidades reales.",
                "SYNTHETIC DATA: a generated network for testing; figures do not describe real units."
            )
        );
    } else if l.network.synthetic_staffing {
        let _ = writeln!(
            h,
            "<p class=\"aviso\">{}</p>",
            tr.t(
                "PLANTILLA SINTÉTICA: un médico por núcleo básico; el catálogo y las localidades son reales.",
                "SYNTHETIC STAFFING: one physician per núcleo básico; the catalogue and localities are real."
            )
        );
    }
    let _ = writeln!(
        h,
        "<nav><a href=\"#indicadores\">{}</a> · <a href=\"#mapas\">{}</a> · <a href=\"#oleadas\">{}</a> · <a href=\"#brechas\">{}</a> · <a href=\"#datos\">{}</a></nav></header>",
        tr.t("Cifras principales", "Headline figures"),
        tr.t("Mapas", "Maps"),
        tr.t("Comando Alma-Ata", "Comando Alma-Ata"),
        tr.t("Brechas", "Gaps"),
        tr.t("Datos y parámetros", "Data and parameters")
    );
    headline_section(&mut h, &tr, r, indicators);
    roster_standing::section(&mut h, &tr, r);
    let mut figure = 0;
    maps_section(&mut h, &tr, r, &mut figure);
    waves_section(&mut h, &tr, r, &mut figure);
    crate::umm_programme::report_section(&mut h, lang, r);
    supervision_section(&mut h, &tr, r, &mut figure);
    gaps_section(&mut h, &tr, r, gaps);
    data_section(&mut h, &tr, s, r);
    let _ = write!(
        h,
        "<footer>almaplan {} · {}</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        tr.t("generado sin conexión; abre desde disco", "generated offline; opens from disk")
    );
    h
}

fn headline_section(h: &mut String, tr: &Tr, r: &RunResults, indicators: &[Indicator]) {
    let _ = writeln!(h, "<section id=\"indicadores\"><h2>{}</h2>", tr.t("Cifras principales", "Headline figures"));
    if indicators.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", tr.t("El escenario no habilita ningún planificador.", "The scenario enables no planner."));
    }
    let groups = [
        ("roster.", tr.t("Rol de fin de semana", "Weekend roster")),
        ("zones.", tr.t("Zonas de servicios médicos", "Medical service zones")),
        ("waves.", tr.t("Calendario del Comando Alma-Ata", "Comando Alma-Ata calendar")),
        ("routes.", tr.t("Unidades médicas móviles", "Mobile medical units")),
        ("supervision.", tr.t("Supervisión zonal", "Zonal supervision")),
    ];
    for (prefix, name) in groups {
        let items: Vec<&Indicator> = indicators.iter().filter(|i| i.key.starts_with(prefix)).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(h, "<h3>{name}</h3><div class=\"tarjetas\">");
        for i in items {
            // Plain words only: how the solver got there is in «Cómo se calcularon» below.
            let preliminary = if i.status.as_deref() == Some("TimeLimit") {
                format!(
                    "<div class=\"preliminar\">{}</div>",
                    tr.t(
                        "cifra preliminar: con más tiempo de cálculo puede mejorar",
                        "preliminary figure: more computing time may improve it"
                    )
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                h,
                "<div class=\"tarjeta\" data-clave=\"{}\"><div class=\"etq\">{}</div><div class=\"valor\">{}</div><div class=\"unidad\">{}</div>{preliminary}</div>",
                esc(&i.key),
                esc(&card_label(i, tr)),
                esc(&card_value(i, tr)),
                if i.unit == "%" || i.text.is_some() { String::new() } else { esc(unit_words(&i.unit, tr)) },
            );
        }
        let _ = writeln!(h, "</div>");
    }
    computation_details(h, tr, r, indicators);
    let _ = writeln!(h, "</section>");
}

/// How each figure was obtained: the solver's status and optimality gap, apart from the cards.
fn computation_details(h: &mut String, tr: &Tr, r: &RunResults, indicators: &[Indicator]) {
    let solved: Vec<&Indicator> = indicators.iter().filter(|i| i.status.is_some()).collect();
    if solved.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<details id=\"calculo\"><summary>{}</summary><p class=\"nota\">{}</p>",
        tr.t("Cómo se calcularon estas cifras (estado del solver y holgura de optimalidad)", "How these figures were computed (solver status and optimality gap)"),
        tr.t(
            "Cada cifra sale de un modelo de optimización o de una heurística. «Óptimo»: ninguna solución es mejor. «Óptimo dentro de la tolerancia»: la cifra está a menos de la holgura pedida de la mejor posible. «Detenido por tiempo»: el cálculo terminó por su límite de tiempo. La holgura de optimalidad es cuánto podría mejorar la cifra, como máximo, según la cota que probó el solver (0 % = es la mejor posible). No es una brecha de servicio.",
            "Each figure comes from an optimisation model or a heuristic. «optimal»: no solution is better. «optimal within the tolerance»: the figure is within the requested gap of the best possible. «stopped by the time limit»: the computation ended at its time limit. The optimality gap is how much the figure could improve at most, by the bound the solver proved (0 % = it is the best possible). It is not a service gap."
        )
    );
    table_head(
        h,
        "calculo-tabla",
        None,
        &[tr.t("cifra", "figure"), tr.t("cómo se obtuvo", "how it was obtained"), tr.t("holgura de optimalidad", "optimality gap")],
    );
    for i in solved {
        let status = i.status.as_deref().unwrap_or_default();
        let how = match (status, &r.routes) {
            (s, Some(o)) if s.starts_with("heurística") && tr.0 == Lang::En => {
                format!("verified heuristic ({} of {} mobile units)", o.plan.verified_units, o.plan.units.len())
            }
            (s, _) => status_label(s, tr),
        };
        let gap = match i.gap_pct {
            Some(g) => format!("{} %", thousands(g, 2)),
            None => tr.t("sin cota (heurística)", "no bound (heuristic)").into(),
        };
        let _ = writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&card_label(i, tr)), esc(&how), esc(&gap));
    }
    let _ = writeln!(h, "</tbody></table></details>");
}

/// The card's label; the duration bound is named for what it means to a reader.
fn card_label(i: &Indicator, tr: &Tr) -> String {
    match i.key.as_str() {
        "waves.lower_bound_days" => {
            tr.t("Duración mínima posible de la etapa más larga", "Shortest possible duration of the longest stage").into()
        }
        _ => if tr.0 == Lang::Es { &i.label_es } else { &i.label_en }.clone(),
    }
}

fn card_value(i: &Indicator, tr: &Tr) -> String {
    match i.text.as_deref() {
        Some("no alcanzable en la búsqueda") if tr.0 == Lang::En => "not reachable within the search".into(),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| tr.date(d)).unwrap_or_else(|_| t.to_string()),
        None => i.display(),
    }
}

/// An indicator's unit (Spanish in `indicadores.json`) in the report's language.
fn unit_words<'a>(unit: &'a str, tr: &Tr) -> &'a str {
    if tr.0 == Lang::Es {
        return unit;
    }
    match unit {
        "unidades" => "units",
        "unidades-día" => "unit-days",
        "médicos" => "physicians",
        "zonas" => "zones",
        "días hábiles" => "working days",
        "días desde la primera instalación" => "days since the first installation",
        "entidades" => "states",
        "brigadas" => "brigades",
        "localidades" => "localities",
        "personas" => "people",
        "UMM" => "mobile units",
        "equipos" => "teams",
        other => other,
    }
}

/// A solver status code in words (`indicadores.json` keeps the code).
fn status_label(code: &str, tr: &Tr) -> String {
    match code {
        "Optimal" => tr.t("óptimo", "optimal").into(),
        "GapLimit" => tr.t("óptimo dentro de la tolerancia", "optimal within the tolerance").into(),
        "TimeLimit" => tr.t("detenido por tiempo", "stopped by the time limit").into(),
        other => other.into(),
    }
}

const MONTHS_ES: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Tr {
    fn month(&self, d: NaiveDate) -> &'static str {
        let k = d.month0() as usize;
        match self.0 {
            Lang::Es => MONTHS_ES[k],
            Lang::En => MONTHS_EN[k],
        }
    }

    /// `4 ene 2027` / `4 Jan 2027`.
    fn date(&self, d: NaiveDate) -> String {
        format!("{} {} {}", d.day(), self.month(d), d.year())
    }
}

/// First days of the months after `first` up to `last`, thinned so that at most about 12 remain.
fn month_ticks(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut ticks = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    while d <= last {
        if d >= first {
            ticks.push(d);
        }
        d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
    }
    let step = ticks.len().div_ceil(12).max(1);
    ticks.into_iter().enumerate().filter(|(k, _)| k % step == 0).map(|(_, d)| d).collect()
}

/// Month gridlines and labels between `top` and `bottom`, the label above `top` (year on the
/// first tick and wherever it changes).
fn month_axis(h: &mut String, tr: &Tr, ticks: &[NaiveDate], x: impl Fn(NaiveDate) -> f64, top: f64, bottom: f64, label_y: f64) {
    for (k, d) in ticks.iter().enumerate() {
        let xd = x(*d);
        let new_year = k == 0 || ticks[k - 1].year() != d.year();
        let label = if new_year { format!("{} {}", tr.month(*d), d.year()) } else { tr.month(*d).to_string() };
        let _ = writeln!(
            h,
            "<line class=\"mes\" x1=\"{xd:.1}\" x2=\"{xd:.1}\" y1=\"{top:.1}\" y2=\"{bottom:.1}\" stroke=\"#dde3ea\"/><text class=\"mes\" x=\"{xd:.1}\" y=\"{label_y:.1}\" text-anchor=\"middle\">{label}</text>"
        );
    }
}

/// Equirectangular projection fitted to a set of points.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    scale: f64,
    cos_lat: f64,
    width: f64,
    height: f64,
}

impl Projection {
    fn fit(points: &[LatLon]) -> Option<Projection> {
        let (mut lo_lat, mut hi_lat, mut lo_lon, mut hi_lon) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            lo_lat = lo_lat.min(p.lat);
            hi_lat = hi_lat.max(p.lat);
            lo_lon = lo_lon.min(p.lon);
            hi_lon = hi_lon.max(p.lon);
        }
        if lo_lat > hi_lat {
            return None;
        }
        let pad = 0.05 * (hi_lat - lo_lat).max(hi_lon - lo_lon).max(0.05);
        let (lo_lat, hi_lat, lo_lon, hi_lon) = (lo_lat - pad, hi_lat + pad, lo_lon - pad, hi_lon + pad);
        let cos_lat = ((lo_lat + hi_lat) / 2.0).to_radians().cos();
        let span_x = (hi_lon - lo_lon) * cos_lat;
        let span_y = hi_lat - lo_lat;
        let scale = (MAP_WIDTH / span_x).min(MAP_MAX_HEIGHT / span_y);
        Some(Projection {
            min_lon: lo_lon,
            max_lat: hi_lat,
            scale,
            cos_lat,
            width: (span_x * scale).ceil(),
            height: (span_y * scale).ceil(),
        })
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        ((lon - self.min_lon) * self.cos_lat * self.scale, (self.max_lat - lat) * self.scale)
    }
}

/// One colour class of points drawn as a single path.
struct Layer {
    class: &'static str,
    colour: String,
    label: String,
    shape: Shape,
    points: Vec<LatLon>,
    /// One tooltip per point (empty: the layer's label only); drawn as invisible hit targets
    /// while the map's budget ([`TIP_LIMIT`]) allows.
    tips: Vec<String>,
}

/// Per-element tooltips a map carries at most (invisible hit targets); larger layers keep the
/// layer's tooltip only, so that a national map stays a few DOM elements.
const TIP_LIMIT: usize = 3000;

#[derive(Clone, Copy)]
enum Shape {
    Square(f64),
    Triangle(f64),
    Diamond(f64),
}

impl Shape {
    fn sub_path(self, x: f64, y: f64) -> String {
        match self {
            Shape::Square(s) => format!("M{:.1} {:.1}h{s}v{s}h-{s}z", x - s / 2.0, y - s / 2.0),
            Shape::Triangle(s) => format!("M{:.1} {:.1}l{s} {:.1}h-{:.1}z", x, y - s, 1.8 * s, 2.0 * s),
            Shape::Diamond(s) => format!("M{:.1} {:.1}l{s} {s}l-{s} {s}l-{s} -{s}z", x, y - s),
        }
    }
}

/// Polylines of one element (a mobile unit's daily routes), one path with its tooltip.
struct LineGroup {
    title: String,
    lines: Vec<Vec<LatLon>>,
}

/// An invisible area with a tooltip (a zone's convex hull), outlined on hover.
struct Area {
    title: String,
    points: Vec<LatLon>,
}

struct Map<'a> {
    id: &'static str,
    title: String,
    /// One sentence under the title: what the map shows and how to read it.
    note: String,
    layers: Vec<Layer>,
    /// Polylines drawn under the points (mobile-unit routes).
    lines: Vec<LineGroup>,
    lines_label: String,
    areas: Vec<Area>,
    /// Extra legend HTML (zone names).
    legend_extra: String,
    states: &'a BTreeSet<u8>,
}

fn draw_map(h: &mut String, tr: &Tr, r: &RunResults, map: &Map<'_>, figure: &mut usize) {
    let mut all: Vec<LatLon> = map.layers.iter().flat_map(|l| l.points.iter().copied()).collect();
    all.extend(map.lines.iter().flat_map(|g| g.lines.iter().flatten()).copied());
    let Some(p) = Projection::fit(&all) else { return };
    *figure += 1;
    let _ = writeln!(
        h,
        "<figure class=\"mapa\" id=\"fig-{}\"><figcaption id=\"pie-{}\"><b>{} {figure}.</b> {}<span class=\"nota\"> {}</span></figcaption>",
        map.id,
        map.id,
        tr.t("Figura", "Figure"),
        esc(&map.title),
        esc(&map.note)
    );
    let _ = writeln!(
        h,
        "<svg id=\"{}\" class=\"mapa\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">",
        map.id, p.width, p.height, p.width, p.height
    );
    let _ = writeln!(h, "<rect width=\"{}\" height=\"{}\" fill=\"#f4f7fa\"/>", p.width, p.height);
    if let Some(b) = &r.loaded.boundaries {
        let mut d = String::new();
        for (code, geom) in &b.states {
            if !map.states.contains(code) {
                continue;
            }
            for poly in geom.0.iter() {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors().iter()) {
                    ring_path(&mut d, &p, ring.0.iter().map(|c| (c.y, c.x)));
                }
            }
        }
        if !d.is_empty() {
            let _ = writeln!(h, "<path class=\"limites\" d=\"{d}\" fill=\"#ffffff\" stroke=\"#8a9bb0\" stroke-width=\"0.7\"/>");
        }
    }
    for group in &map.lines {
        let mut d = String::new();
        for line in &group.lines {
            for (k, q) in line.iter().enumerate() {
                let (x, y) = p.xy(q.lat, q.lon);
                let _ = write!(d, "{}{:.1} {:.1}", if k == 0 { "M" } else { "L" }, x, y);
            }
        }
        if d.is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<path class=\"capa rutas\" data-n=\"{}\" d=\"{d}\" fill=\"none\" stroke=\"#5b6bd6\" stroke-width=\"0.8\" stroke-opacity=\"0.7\"><title>{}</title></path>",
            group.lines.len(),
            esc(&group.title)
        );
    }
    for layer in &map.layers {
        let mut seen: BTreeSet<(i64, i64)> = BTreeSet::new();
        let mut d = String::new();
        for q in &layer.points {
            let (x, y) = p.xy(q.lat, q.lon);
            if seen.insert(((x * 10.0).round() as i64, (y * 10.0).round() as i64)) {
                d.push_str(&layer.shape.sub_path(x, y));
            }
        }
        let title = if layer.label.is_empty() { String::new() } else { format!("<title>{}</title>", esc(&layer.label)) };
        let _ = writeln!(
            h,
            "<path class=\"capa {}\" data-n=\"{}\" d=\"{d}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.3\">{title}</path>",
            layer.class,
            layer.points.len(),
            layer.colour,
            if matches!(layer.shape, Shape::Square(_)) { "none" } else { "#222" },
        );
    }
    if !map.areas.is_empty() {
        let _ = writeln!(h, "<g class=\"areas\" fill=\"transparent\">");
        for area in &map.areas {
            let pts: Vec<(f64, f64)> = area.points.iter().map(|q| p.xy(q.lat, q.lon)).collect();
            let hull = convex_hull(pts);
            if hull.len() >= 3 {
                let d: String =
                    hull.iter().enumerate().map(|(k, (x, y))| format!("{}{x:.1} {y:.1}", if k == 0 { "M" } else { "L" })).collect();
                let _ = writeln!(h, "<path class=\"area\" d=\"{d}z\"><title>{}</title></path>", esc(&area.title));
            } else if let Some((x, y)) = hull.first() {
                let _ =
                    writeln!(h, "<circle class=\"area\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"><title>{}</title></circle>", esc(&area.title));
            }
        }
        let _ = writeln!(h, "</g>");
    }
    // Per-element tooltips: the smallest layers first, while the budget lasts.
    let mut order: Vec<&Layer> = map.layers.iter().filter(|l| !l.tips.is_empty()).collect();
    order.sort_by_key(|l| l.tips.len());
    let mut budget = TIP_LIMIT;
    let mut tips = String::new();
    for layer in order {
        if layer.tips.len() > budget {
            break;
        }
        budget -= layer.tips.len();
        for (q, tip) in layer.points.iter().zip(&layer.tips) {
            let (x, y) = p.xy(q.lat, q.lon);
            let _ = writeln!(tips, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"><title>{}</title></circle>", esc(tip));
        }
    }
    if !tips.is_empty() {
        let _ = write!(h, "<g class=\"pistas\" fill=\"transparent\">\n{tips}</g>\n");
    }
    let _ = writeln!(h, "</svg><div class=\"leyenda\" id=\"ley-{}\">", map.id);
    if !map.lines.is_empty() {
        let n: usize = map.lines.iter().map(|g| g.lines.len()).sum();
        let _ = writeln!(h, "<span><i style=\"background:#5b6bd6\"></i>{} ({})</span>", esc(&map.lines_label), thousands(n as f64, 0));
    }
    for layer in &map.layers {
        if layer.label.is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<span><i style=\"background:{}\"></i>{} ({})</span>",
            layer.colour,
            esc(&layer.label),
            thousands(layer.points.len() as f64, 0)
        );
    }
    h.push_str(&map.legend_extra);
    let _ = writeln!(h, "</div></figure>");
}

/// Convex hull (Andrew's monotone chain), counter-clockwise, without repeated points.
fn convex_hull(mut pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup_by(|a, b| (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05);
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(2 * pts.len());
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &(f64, f64)>> = if pass == 0 { Box::new(pts.iter()) } else { Box::new(pts.iter().rev()) };
        for &q in iter {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0 {
                hull.pop();
            }
            hull.push(q);
        }
        hull.pop();
    }
    hull
}

/// Appends one ring, dropping vertices closer than half a pixel to the last one kept.
fn ring_path(d: &mut String, p: &Projection, ring: impl Iterator<Item = (f64, f64)>) {
    let mut last: Option<(f64, f64)> = None;
    let mut n = 0;
    let start = d.len();
    for (lat, lon) in ring {
        let (x, y) = p.xy(lat, lon);
        if let Some((lx, ly)) = last {
            if (x - lx).abs() < 0.5 && (y - ly).abs() < 0.5 {
                continue;
            }
        }
        let _ = write!(d, "{}{:.1} {:.1}", if n == 0 { "M" } else { "L" }, x, y);
        last = Some((x, y));
        n += 1;
    }
    if n < 3 {
        d.truncate(start);
    } else {
        d.push('z');
    }
}

const ZONE_COLOURS: [&str; 10] =
    ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const ZONE_CLASSES: [&str; 10] = ["zona0", "zona1", "zona2", "zona3", "zona4", "zona5", "zona6", "zona7", "zona8", "zona9"];

fn maps_section(h: &mut String, tr: &Tr, r: &RunResults, figure: &mut usize) {
    let l = &r.loaded;
    let units = &l.network.units;
    let states: BTreeSet<u8> = units.iter().map(|u| u.state).collect();
    let unit_tip = |i: usize| format!("{} · {}", units[i].clues, units[i].name);
    let _ = writeln!(h, "<section id=\"mapas\"><h2>{}</h2>", tr.t("Mapas", "Maps"));
    let mut drew = false;
    if r.roster.is_some() {
        let coverage = unit_coverage(r);
        let targets: BTreeSet<usize> = coverage.iter().map(|c| c.unit).collect();
        let mut by_status: BTreeMap<&str, (Vec<LatLon>, Vec<String>)> = BTreeMap::new();
        for c in &coverage {
            let e = by_status.entry(c.status()).or_default();
            e.0.push(units[c.unit].location);
            e.1.push(format!(
                "{}: {} {} {} {}",
                unit_tip(c.unit),
                c.days_covered,
                tr.t("de", "of"),
                c.days_required,
                tr.t("días de fin de semana abiertos", "weekend days open")
            ));
        }
        let (others, other_tips): (Vec<LatLon>, Vec<String>) = units
            .iter()
            .enumerate()
            .filter(|(i, u)| u.is_first_level_in_operation() && !targets.contains(i))
            .map(|(i, u)| (u.location, format!("{}: {}", unit_tip(i), tr.t("sin meta de fin de semana", "no weekend target"))))
            .unzip();
        let mut layers = vec![Layer {
            class: "otras",
            colour: "#c8ced6".into(),
            label: tr.t("otras unidades de primer nivel (sin meta de fin de semana)", "other first-level units (no weekend target)").into(),
            shape: Shape::Square(1.4),
            points: others,
            tips: other_tips,
        }];
        for (status, colour, es, en) in [
            ("cubierta", "#2e8b57", "abre todos los días de fin de semana", "open every weekend day"),
            ("parcial", "#e0a000", "abre parte de los días", "open some days"),
            ("sin_cobertura", "#c0392b", "sin cobertura de fin de semana", "no weekend coverage"),
        ] {
            let (points, tips) = by_status.remove(status).unwrap_or_default();
            layers.push(Layer {
                class: status,
                colour: colour.into(),
                label: tr.t(es, en).into(),
                shape: Shape::Square(2.2),
                points,
                tips,
            });
        }
        draw_map(
            h,
            tr,
            r,
            &Map {
                id: "mapa-cobertura",
                title: tr.t("Cobertura de fin de semana por unidad meta", "Weekend coverage by target unit").into(),
                note: tr
                    .t(
                        "Cada cuadro es una unidad; el color dice cuántos días de fin de semana abre con el rol propuesto. Pasa el cursor sobre una unidad para ver su nombre.",
                        "Each square is a unit; its colour says how many weekend days it opens with the proposed roster. Hover over a unit for its name.",
                    )
                    .into(),
                layers,
                lines: Vec::new(),
                lines_label: String::new(),
                areas: Vec::new(),
                legend_extra: String::new(),
                states: &states,
            },
            figure,
        );
        drew = true;
    }
    if let Some(z) = &r.zones {
        let index: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
        let mut colour_points: Vec<Vec<LatLon>> = vec![Vec::new(); ZONE_COLOURS.len()];
        let mut k_in_state: BTreeMap<u8, usize> = BTreeMap::new();
        let (mut sedes, mut sede_tips, mut areas) = (Vec::new(), Vec::new(), Vec::new());
        let mut names: BTreeMap<u8, Vec<(usize, &str)>> = BTreeMap::new();
        for zone in &z.zones {
            let k = k_in_state.entry(zone.state).or_default();
            let colour = *k % ZONE_COLOURS.len();
            for &u in &zone.units {
                colour_points[colour].push(units[u].location);
            }
            names.entry(zone.state).or_default().push((colour, &zone.zone));
            *k += 1;
            let sede = index.get(zone.sede.as_str()).copied();
            if let Some(i) = sede {
                sedes.push(units[i].location);
                sede_tips.push(format!("{} {}: {}", tr.t("sede de", "host of"), zone.zone, unit_tip(i)));
            }
            let mean = if zone.units.is_empty() { 0.0 } else { zone.minutes_to_sede / zone.units.len() as f64 };
            areas.push(Area {
                title: format!(
                    "{} ({}) · {} {} · {} {} · {} {}",
                    zone.zone,
                    state_name(zone.state),
                    tr.t("sede", "host"),
                    sede.map(unit_tip).unwrap_or_else(|| zone.sede.clone()),
                    thousands(zone.units.len() as f64, 0),
                    tr.t("unidades", "units"),
                    thousands(mean, 0),
                    tr.t("min promedio a la sede", "min on average to the host")
                ),
                points: zone.units.iter().map(|&u| units[u].location).collect(),
            });
        }
        let mut layers: Vec<Layer> = colour_points
            .into_iter()
            .enumerate()
            .map(|(k, points)| Layer {
                class: ZONE_CLASSES[k],
                colour: ZONE_COLOURS[k].into(),
                label: String::new(),
                shape: Shape::Square(2.0),
                points,
                tips: Vec::new(),
            })
            .filter(|l| !l.points.is_empty())
            .collect();
        // The colours only tell neighbouring zones apart: the legend names the zones instead.
        let mut legend_extra = String::new();
        if z.zones.len() <= ZONE_NAMES_IN_LEGEND {
            for (state, zones) in &names {
                let _ = write!(legend_extra, "<div class=\"zonas-leyenda\"><b>{}:</b> ", esc(&state_name(*state)));
                for (colour, name) in zones {
                    let _ = write!(legend_extra, "<span><i style=\"background:{}\"></i>{}</span>", ZONE_COLOURS[*colour], esc(name));
                }
                legend_extra.push_str("</div>\n");
            }
        } else {
            let zoned: usize = z.zones.iter().map(|z| z.units.len()).sum();
            let _ = write!(
                legend_extra,
                "<span><i style=\"background:linear-gradient(90deg,{})\"></i>{} ({})</span>",
                ZONE_COLOURS.join(","),
                tr.t("unidades, un color por zona", "units, one colour per zone"),
                thousands(zoned as f64, 0)
            );
        }
        layers.push(Layer {
            class: "sedes",
            colour: "#111111".into(),
            label: tr.t("sede de zona", "zone host").into(),
            shape: Shape::Triangle(4.0),
            points: sedes,
            tips: sede_tips,
        });
        let title = format!(
            "{} ({} {})",
            tr.t("Zonas de servicios médicos y sus sedes", "Medical service zones and their hosts"),
            z.zones.len(),
            tr.t("zonas", "zones")
        );
        let note = tr.t(
            "Cada color agrupa las unidades de una zona (los colores se repiten entre zonas alejadas); el triángulo es su sede. Pasa el cursor sobre una zona para ver su nombre, su sede y su tamaño.",
            "Each colour groups the units of one zone (colours repeat between distant zones); the triangle is its host. Hover over a zone for its name, host and size.",
        );
        draw_map(
            h,
            tr,
            r,
            &Map {
                id: "mapa-zonas",
                title,
                note: note.into(),
                layers,
                lines: Vec::new(),
                lines_label: String::new(),
                areas,
                legend_extra,
                states: &states,
            },
            figure,
        );
        drew = true;
    }
    if let Some(o) = &r.routes {
        let plan = &o.plan;
        let locs = &l.network.localities;
        let base_of = |k: usize| {
            if k < plan.units.len() {
                units[plan.units[k]].location
            } else {
                units[plan.extra_units[k - plan.units.len()].base].location
            }
        };
        let unit_name = |k: usize| {
            if k < plan.units.len() {
                format!("UMM {}", unit_tip(plan.units[k]))
            } else {
                let e = k - plan.units.len();
                format!("UMM-ADICIONAL-{:03} {} {}", e + 1, tr.t("con base en", "based at"), unit_tip(plan.extra_units[e].base))
            }
        };
        let mut by_unit: BTreeMap<usize, (Vec<Vec<LatLon>>, BTreeSet<usize>)> = BTreeMap::new();
        for rt in plan.routes.iter().filter(|rt| !rt.stops.is_empty()) {
            let b = base_of(rt.unit);
            let e = by_unit.entry(rt.unit).or_default();
            e.0.push(
                std::iter::once(b)
                    .chain(rt.stops.iter().map(|s| locs[plan.candidates[s.candidate].locality].location))
                    .chain(std::iter::once(b))
                    .collect(),
            );
            e.1.extend(rt.stops.iter().map(|s| s.candidate));
        }
        let lines: Vec<LineGroup> = by_unit
            .into_iter()
            .map(|(k, (lines, visited))| LineGroup {
                title: format!(
                    "{}: {} {}, {} {}",
                    unit_name(k),
                    lines.len(),
                    tr.t("rutas diarias", "daily routes"),
                    visited.len(),
                    tr.t("localidades", "localities")
                ),
                lines,
            })
            .collect();
        let reason: BTreeMap<usize, UncoveredReason> = plan.uncovered.iter().copied().collect();
        let locality_tip = |c: usize| {
            let cand = &plan.candidates[c];
            let loc = &locs[cand.locality];
            format!("{} ({}): {} {}", loc.name, loc.cvegeo, thousands(f64::from(cand.population), 0), tr.t("habitantes", "inhabitants"))
        };
        let (mut covered, mut covered_tips, mut uncovered, mut uncovered_tips) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (c, cand) in plan.candidates.iter().enumerate() {
            let p = locs[cand.locality].location;
            if let Some(k) = plan.covered_by[c] {
                covered.push(p);
                covered_tips.push(format!("{} · {} {}", locality_tip(c), tr.t("visitada por", "visited by"), unit_name(k)));
            } else if let Some(why) = reason.get(&c) {
                uncovered.push(p);
                uncovered_tips.push(format!(
                    "{} · {}: {}",
                    locality_tip(c),
                    tr.t("sin cobertura", "not covered"),
                    tr.t(why.description(), why.description_en())
                ));
            }
        }
        let layers = vec![
            Layer {
                class: "bases",
                colour: "#222222".into(),
                label: tr.t("base de UMM", "mobile-unit base").into(),
                shape: Shape::Square(3.0),
                points: plan.units.iter().map(|&u| units[u].location).collect(),
                tips: (0..plan.units.len()).map(|k| format!("{} {}", tr.t("base de", "base of"), unit_name(k))).collect(),
            },
            Layer {
                class: "adicionales",
                colour: "#8e44ad".into(),
                label: tr.t("base de UMM adicional propuesta", "proposed additional unit base").into(),
                shape: Shape::Diamond(4.0),
                points: plan.extra_units.iter().map(|e| units[e.base].location).collect(),
                tips: plan
                    .extra_units
                    .iter()
                    .enumerate()
                    .map(|(e, x)| {
                        format!(
                            "{}: {} {}, {} {}",
                            unit_name(plan.units.len() + e),
                            x.candidates.len(),
                            tr.t("localidades", "localities"),
                            thousands(x.population as f64, 0),
                            tr.t("habitantes", "inhabitants")
                        )
                    })
                    .collect(),
            },
            Layer {
                class: "localidades-cubiertas",
                colour: "#2e8b57".into(),
                label: tr.t("localidad cubierta", "covered locality").into(),
                shape: Shape::Diamond(2.5),
                points: covered,
                tips: covered_tips,
            },
            Layer {
                class: "localidades-sin-cobertura",
                colour: "#c0392b".into(),
                label: tr.t("localidad sin cobertura", "locality without coverage").into(),
                shape: Shape::Diamond(3.0),
                points: uncovered,
                tips: uncovered_tips,
            },
        ];
        draw_map(
            h,
            tr,
            r,
            &Map {
                id: "mapa-umm",
                title: tr
                    .t(
                        "Rutas de las unidades médicas móviles y localidades sin cobertura",
                        "Mobile-unit routes and localities without coverage",
                    )
                    .into(),
                note: tr
                    .t(
                        "Las líneas son las rutas diarias de cada UMM desde su base; los rombos, las localidades candidatas. Pasa el cursor sobre una ruta, base o localidad para ver su nombre.",
                        "Lines are each mobile unit's daily routes from its base; diamonds are the candidate localities. Hover over a route, base or locality for its name.",
                    )
                    .into(),
                layers,
                lines,
                lines_label: tr.t("rutas diarias", "daily routes").into(),
                areas: Vec::new(),
                legend_extra: String::new(),
                states: &states,
            },
            figure,
        );
        drew = true;
    }
    if !drew {
        let _ = writeln!(h, "<p>{}</p>", tr.t("Sin planificadores con mapa en este escenario.", "No planner with a map in this scenario."));
    }
    let _ = writeln!(h, "</section>");
}

/// Zones named one by one in the zones map's legend up to this many (beyond, the tooltips name
/// them).
const ZONE_NAMES_IN_LEGEND: usize = 80;

fn waves_section(h: &mut String, tr: &Tr, r: &RunResults, figure: &mut usize) {
    let Some(w) = &r.waves else { return };
    let plan = &w.plan;
    let _ = writeln!(h, "<section id=\"oleadas\"><h2>{}</h2>", tr.t("Calendario del Comando Alma-Ata", "Comando Alma-Ata calendar"));
    table_head(
        h,
        "etapas",
        Some("ordenable"),
        &[
            tr.t("etapa", "stage"),
            tr.t("entidades", "states"),
            tr.t("inicio", "start"),
            tr.t("duración (días hábiles)", "duration (working days)"),
            tr.t("duración mínima posible", "shortest possible duration"),
            tr.t("holgura de optimalidad %", "optimality gap %"),
            tr.t("secuenciación", "sequencing"),
        ],
    );
    for st in &plan.stages {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{:.3}\">{:.1}</td><td>{}</td></tr>",
            st.stage,
            st.states.len(),
            st.start,
            st.makespan_days,
            st.makespan_days,
            st.lower_bound_days,
            st.lower_bound_days,
            st.gap_pct,
            st.gap_pct,
            esc(&status_label(crate::headline::status_code(st.report.status), tr))
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    *figure += 1;
    let _ = writeln!(
        h,
        "<figure class=\"grafica\" id=\"fig-gantt\"><figcaption><b>{} {figure}.</b> {}<span class=\"nota\"> {}</span></figcaption>",
        tr.t("Figura", "Figure"),
        tr.t("Gantt por entidad", "Gantt by state"),
        tr.t(
            "Una fila por entidad: instalación y preparación, trabajo de campo y envío de diagnósticos; la línea roja es la fecha límite. Pasa el cursor sobre una barra para ver sus fechas.",
            "One row per state: installation and preparation, field work and diagnostics sent; the red line is the deadline. Hover over a bar for its dates."
        )
    );
    gantt_svg(h, tr, plan);
    let _ = writeln!(
        h,
        "<div class=\"leyenda\"><span><i style=\"background:#bbbbbb\"></i>{}</span><span><i style=\"background:#2e8b57\"></i>{}</span><span><i style=\"background:#1f4e9c\"></i>{}</span><span><i style=\"background:#c00000\"></i>{}</span></div></figure>",
        tr.t("instalación y preparación", "installation and preparation"),
        tr.t("trabajo de campo", "field work"),
        tr.t("envío de diagnósticos", "diagnostics sent"),
        tr.t("fecha límite", "deadline")
    );
    progress_svg(h, tr, plan, &almaplan_formats::output::waves::progress_curve(plan), figure);
    table_head(
        h,
        "entidades-oleadas",
        Some("ordenable"),
        &[
            tr.t("etapa", "stage"),
            tr.t("entidad", "state"),
            tr.t("unidades", "units"),
            tr.t("zonas", "zones"),
            tr.t("brigadas", "brigades"),
            tr.t("instalación", "installation"),
            tr.t("inicio de campo", "field start"),
            tr.t("fin de campo", "field end"),
            tr.t("diagnósticos", "diagnostics"),
        ],
    );
    for st in &plan.states {
        let late = st.diagnostics > plan.deadline;
        let _ = writeln!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if late { " class=\"tarde\"" } else { "" },
            st.stage,
            esc(&state_name(st.state)),
            st.units,
            thousands(st.units as f64, 0),
            st.zones.len(),
            st.brigades,
            st.installation,
            st.field_start,
            st.field_end,
            st.diagnostics
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    comando::section(h, tr, plan);
    let _ = writeln!(h, "</section>");
}

/// The Gantt chart: one row per state (installation and preparation, field work, diagnostics),
/// month gridlines with dates, the deadline, and a tooltip with the dates on every bar.
fn gantt_svg(h: &mut String, tr: &Tr, plan: &almaplan_core::planners::waves::WavesPlan) {
    let Some(start) = plan.states.iter().map(|s| s.installation).min() else { return };
    let end = plan.states.iter().map(|s| s.diagnostics).max().unwrap_or(start).max(plan.deadline) + chrono::Duration::days(1);
    let days = (end - start).num_days().max(1) as f64;
    let (left, width, row, top) = (180.0, 690.0, 20.0, 34.0);
    let x = |d: NaiveDate| left + width * (d - start).num_days() as f64 / days;
    let height = top + row * plan.states.len() as f64 + 6.0;
    let _ = writeln!(
        h,
        "<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 900 {height}\" width=\"900\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    month_axis(h, tr, &month_ticks(start, end), x, top - 8.0, height, 12.0);
    let range = |a: NaiveDate, b: NaiveDate| format!("{} {} {} {}", tr.t("del", "from"), tr.date(a), tr.t("al", "to"), tr.date(b));
    for (k, s) in plan.states.iter().enumerate() {
        let y = top + row * k as f64;
        let name = state_name(s.state);
        let late = s.diagnostics > plan.deadline;
        let _ = writeln!(
            h,
            "<text x=\"4\" y=\"{:.1}\"{}>{} {} · {}</text>",
            y + 11.0,
            if late { " fill=\"#c00000\"" } else { "" },
            tr.t("E", "S"),
            s.stage,
            esc(&name)
        );
        let _ = writeln!(
            h,
            "<rect class=\"prep\" x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"14\" fill=\"#bbbbbb\"><title>{}: {} {}</title></rect>",
            x(s.installation),
            (x(s.field_start) - x(s.installation)).max(1.0),
            esc(&name),
            tr.t("instalación y preparación", "installation and preparation"),
            range(s.installation, (s.field_start - chrono::Duration::days(1)).max(s.installation))
        );
        let _ = writeln!(
            h,
            "<rect class=\"campo\" x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"14\" fill=\"#2e8b57\"><title>{}: {} {} · {} {} · {} {}</title></rect>",
            x(s.field_start),
            (x(s.field_end + chrono::Duration::days(1)) - x(s.field_start)).max(1.0),
            esc(&name),
            tr.t("trabajo de campo", "field work"),
            range(s.field_start, s.field_end),
            thousands(s.units as f64, 0),
            tr.t("unidades", "units"),
            s.brigades,
            tr.t("brigadas", "brigades")
        );
        let _ = writeln!(
            h,
            "<rect class=\"diagnosticos\" x=\"{:.1}\" y=\"{y}\" width=\"3\" height=\"14\" fill=\"#1f4e9c\"><title>{}: {} {}{}</title></rect>",
            x(s.diagnostics),
            esc(&name),
            tr.t("envío de diagnósticos el", "diagnostics sent on"),
            tr.date(s.diagnostics),
            if late { tr.t(", después de la fecha límite", ", after the deadline") } else { "" }
        );
    }
    let dx = x(plan.deadline);
    let _ = writeln!(
        h,
        "<line class=\"fecha-limite\" x1=\"{dx:.1}\" y1=\"{:.1}\" x2=\"{dx:.1}\" y2=\"{height}\" stroke=\"#c00000\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>{} {}</title></line>",
        top - 8.0,
        tr.t("fecha límite:", "deadline:"),
        tr.date(plan.deadline)
    );
    let _ = writeln!(
        h,
        "<text x=\"{:.1}\" y=\"26\" fill=\"#c00000\" text-anchor=\"{}\">{} {}</text>",
        dx + if dx > left + width / 2.0 { -4.0 } else { 4.0 },
        if dx > left + width / 2.0 { "end" } else { "start" },
        tr.t("fecha límite", "deadline"),
        tr.date(plan.deadline)
    );
    let _ = writeln!(h, "</svg>");
}

fn progress_svg(
    h: &mut String,
    tr: &Tr,
    plan: &almaplan_core::planners::waves::WavesPlan,
    points: &[almaplan_formats::output::waves::ProgressPoint],
    figure: &mut usize,
) {
    let Some(first) = points.iter().map(|p| p.week).min() else { return };
    let last = points.iter().map(|p| p.week).max().unwrap_or(first);
    let span = (last - first).num_days().max(1) as f64;
    let (left, top, width, height) = (50.0, 28.0, 820.0, 250.0);
    let x = |d: NaiveDate| left + width * (d - first).num_days() as f64 / span;
    let y = |pct: f64| top + height * (1.0 - pct / 100.0);
    let mut by_state: BTreeMap<u8, Vec<&almaplan_formats::output::waves::ProgressPoint>> = BTreeMap::new();
    for p in points {
        by_state.entry(p.state).or_default().push(p);
    }
    *figure += 1;
    let _ = writeln!(
        h,
        "<figure class=\"grafica\" id=\"fig-curva\"><figcaption><b>{} {figure}.</b> {}<span class=\"nota\"> {}</span></figcaption>",
        tr.t("Figura", "Figure"),
        tr.t("Curva de avance planeada (% de unidades visitadas)", "Planned progress curve (% of units visited)"),
        tr.t(
            "Línea gruesa: total de las entidades; líneas finas: cada entidad (pasa el cursor para ver su nombre). Es la línea base del indicador de avance (curva_avance.csv).",
            "Thick line: all states; thin lines: each state (hover for its name). This is the progress indicator's baseline (curva_avance.csv)."
        )
    );
    let _ = writeln!(h, "<svg id=\"curva-avance\" class=\"grafica\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 900 300\" width=\"900\" height=\"300\" font-family=\"sans-serif\" font-size=\"11\">");
    month_axis(h, tr, &month_ticks(first, last), x, top, top + height, top + height + 16.0);
    for pct in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#dde3ea\"/><text x=\"8\" y=\"{:.1}\">{pct}%</text>",
            left + width,
            y(pct),
            y(pct),
            y(pct) + 4.0
        );
    }
    if plan.deadline >= first && plan.deadline <= last {
        let dx = x(plan.deadline);
        let _ = writeln!(
            h,
            "<line class=\"fecha-limite\" x1=\"{dx:.1}\" x2=\"{dx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c00000\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>{} {}</title></line><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c00000\" text-anchor=\"end\">{} {}</text>",
            top - 10.0,
            top + height,
            tr.t("fecha límite:", "deadline:"),
            tr.date(plan.deadline),
            dx - 4.0,
            top - 2.0,
            tr.t("fecha límite", "deadline"),
            tr.date(plan.deadline)
        );
    }
    // The total: each state's cumulative count carried between its own weeks.
    let mut total: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let all_units: usize = by_state.values().map(|v| v.first().map_or(0, |p| p.units)).sum();
    let mut week = first;
    while week <= last {
        let mut sum = 0;
        for pts in by_state.values() {
            sum += pts.iter().take_while(|p| p.week <= week).last().map_or(0, |p| p.visited);
        }
        total.insert(week, sum);
        week += chrono::Duration::days(7);
    }
    let mut legend = String::new();
    for (k, (code, pts)) in by_state.iter().enumerate() {
        let colour = ZONE_COLOURS[k % ZONE_COLOURS.len()];
        let d: String =
            pts.iter().enumerate().map(|(i, p)| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(p.week), y(p.pct()))).collect();
        let done = pts.iter().find(|p| p.visited >= p.units).map(|p| p.week);
        let _ = writeln!(
            h,
            "<path class=\"curva-entidad\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\"><title>{}{}</title></path>",
            esc(&state_name(*code)),
            done.map(|w| format!(": {} {}", tr.t("100 % la semana del", "100 % in the week of"), tr.date(w))).unwrap_or_default()
        );
        let _ = write!(legend, "<span><i style=\"background:{colour}\"></i>{}</span>", esc(&state_name(*code)));
    }
    let d: String = total
        .iter()
        .enumerate()
        .map(|(i, (w, n))| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(*w), y(100.0 * *n as f64 / all_units.max(1) as f64)))
        .collect();
    let _ = writeln!(
        h,
        "<path class=\"curva-total\" d=\"{d}\" fill=\"none\" stroke=\"#111\" stroke-width=\"2.5\"><title>{}</title></path>",
        tr.t("total de las entidades", "all states")
    );
    let _ = writeln!(
        h,
        "</svg><div class=\"leyenda\"><span><i style=\"background:#111\"></i>{}</span>{legend}</div></figure>",
        tr.t("total", "total")
    );
}

fn gaps_section(h: &mut String, tr: &Tr, r: &RunResults, gaps: &[GapRow]) {
    let _ = writeln!(h, "<section id=\"brechas\"><h2>{}</h2>", tr.t("Brechas", "Gaps"));
    let _ = writeln!(
        h,
        "<p class=\"nota\">{} <code>brechas.csv</code>.</p>",
        tr.t(
            "Haz clic en el encabezado de una columna para ordenar. Todas las brechas, una por fila, están en",
            "Click a column header to sort. Every gap, one per row, is in"
        )
    );
    // By state: one column per planner's gap, roster reasons broken down.
    let reasons = ["sin_medico_al_alcance", "medicos_no_disponibles", "medicos_agotados_por_limites"];
    #[derive(Default)]
    struct StateGaps {
        reasons: [f64; 3],
        hires: u32,
        late_units: usize,
        localities: usize,
        population: f64,
    }
    let mut by_state: BTreeMap<u8, StateGaps> = BTreeMap::new();
    // Weekend unit-days by reason come from the roster itself below (a gap row carries only its
    // unit's main reason).
    for g in gaps.iter().filter(|g| g.kind != "fin_de_semana" && g.kind != "supervision") {
        let e = by_state.entry(g.state).or_default();
        if g.kind == "comando_alma_ata" {
            e.late_units += 1;
        } else {
            e.localities += 1;
            e.population += g.magnitude;
        }
    }
    if let Some(plan) = &r.roster {
        for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
            let e = by_state.entry(st.state).or_default();
            for g in &sp.gaps {
                if let Some(k) = reasons.iter().position(|c| *c == g.reason.code()) {
                    e.reasons[k] += 1.0;
                }
            }
            e.hires += sp.hiring.hires.iter().map(|x| x.count).sum::<u32>();
        }
    }
    let _ = writeln!(h, "<h3>{}</h3>", tr.t("Por entidad", "By state"));
    table_head(
        h,
        "brechas-entidad",
        Some("ordenable"),
        &[
            tr.t("entidad", "state"),
            tr.t("unidades-día sin cubrir", "uncovered unit-days"),
            tr.t("sin médico al alcance", "no physician within reach"),
            tr.t("médicos no disponibles", "physicians unavailable"),
            tr.t("médicos agotados por límites", "physicians used up by limits"),
            tr.t("contrataciones", "hires"),
            tr.t("unidades visitadas después de la fecha límite", "units visited after the deadline"),
            tr.t("localidades sin UMM", "localities without mobile unit"),
            tr.t("población sin UMM", "population without mobile unit"),
        ],
    );
    for (code, e) in &by_state {
        let total: f64 = e.reasons.iter().sum();
        let _ = write!(h, "<tr><td>{}</td>", esc(&state_name(*code)));
        for v in
            [total, e.reasons[0], e.reasons[1], e.reasons[2], f64::from(e.hires), e.late_units as f64, e.localities as f64, e.population]
        {
            let _ = write!(h, "<td data-v=\"{v}\">{}</td>", thousands(v, 0));
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = writeln!(h, "</tbody></table>");
    // By zone.
    let mut by_zone: BTreeMap<(u8, String), [f64; 2]> = BTreeMap::new();
    for g in gaps.iter().filter(|g| !g.kind.starts_with("umm")) {
        let e = by_zone.entry((g.state, g.zone.clone())).or_default();
        if g.kind == "fin_de_semana" {
            e[0] += g.magnitude;
        } else {
            e[1] += 1.0;
        }
    }
    if !by_zone.is_empty() {
        let mut zones: Vec<_> = by_zone.into_iter().collect();
        zones.sort_by(|a, b| (b.1[0] + b.1[1]).total_cmp(&(a.1[0] + a.1[1])).then(a.0.cmp(&b.0)));
        let shown = zones.len().min(ZONE_ROWS);
        let _ = writeln!(h, "<h3>{}</h3>", tr.t("Por zona", "By zone"));
        if zones.len() > shown {
            let _ = writeln!(
                h,
                "<p class=\"nota solo-pantalla\">{} {shown} {} {}.</p>",
                tr.t("Se muestran las", "Showing the"),
                tr.t("zonas con más brecha de", "zones with the largest gap of"),
                zones.len()
            );
        }
        table_head(
            h,
            "brechas-zona",
            Some("ordenable recortable"),
            &[
                tr.t("entidad", "state"),
                tr.t("zona", "zone"),
                tr.t("unidades-día sin cubrir", "uncovered unit-days"),
                tr.t("unidades después de la fecha límite", "units after the deadline"),
            ],
        );
        for ((code, zone), v) in zones.iter().take(shown) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td></tr>",
                esc(&state_name(*code)),
                esc(zone),
                v[0],
                thousands(v[0], 0),
                v[1],
                thousands(v[1], 0)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
        print_note(h, tr, shown, zones.len());
    }
    // By weekend block (published figures).
    if r.roster.is_some() {
        let mut by_block: BTreeMap<String, (usize, f64)> = BTreeMap::new();
        for c in unit_coverage(r) {
            let u = &r.loaded.network.units[c.unit];
            let block = r
                .loaded
                .figures
                .get(&u.state)
                .and_then(|f| f.weekend_block)
                .map(|b| b.to_string())
                .unwrap_or_else(|| tr.t("sin bloque publicado", "no published block").into());
            let e = by_block.entry(block).or_default();
            e.0 += 1;
            e.1 += (c.days_required - c.days_covered) as f64;
        }
        let _ = writeln!(h, "<h3>{}</h3>", tr.t("Por bloque de fin de semana", "By weekend block"));
        table_head(
            h,
            "brechas-bloque",
            Some("ordenable"),
            &[tr.t("bloque", "block"), tr.t("unidades meta", "target units"), tr.t("unidades-día sin cubrir", "uncovered unit-days")],
        );
        for (block, (n, days)) in by_block {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td data-v=\"{n}\">{}</td><td data-v=\"{days}\">{}</td></tr>",
                esc(&block),
                thousands(n as f64, 0),
                thousands(days, 0)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    // The largest gaps, each with its reason and the suggested action.
    let mut order: Vec<&GapRow> = gaps.iter().collect();
    order.sort_by(|a, b| {
        let ka = GAP_KINDS.iter().position(|k| *k == a.kind);
        let kb = GAP_KINDS.iter().position(|k| *k == b.kind);
        b.magnitude.total_cmp(&a.magnitude).then(ka.cmp(&kb)).then(a.key.cmp(&b.key))
    });
    let shown = order.len().min(DETAIL_ROWS);
    let _ =
        writeln!(h, "<h3>{}</h3>", tr.t("Brechas principales con razón y acción sugerida", "Main gaps with reason and suggested action"));
    let _ = writeln!(
        h,
        "<p class=\"nota solo-pantalla\">{} {shown} {} {}.</p>",
        tr.t("Se muestran", "Showing"),
        tr.t("de", "of"),
        thousands(gaps.len() as f64, 0)
    );
    table_head(
        h,
        "brechas-detalle",
        Some("ordenable recortable"),
        &[
            tr.t("tipo", "kind"),
            tr.t("entidad", "state"),
            tr.t("zona", "zone"),
            "CLUES / CVEGEO",
            tr.t("descripción", "description"),
            tr.t("magnitud", "magnitude"),
            tr.t("razón", "reason"),
            tr.t("acción sugerida", "suggested action"),
        ],
    );
    for g in order.into_iter().take(shown) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(tr.t(kind_words(g.kind).0, kind_words(g.kind).1)),
            esc(&state_name(g.state)),
            esc(&g.zone),
            esc(&g.key),
            esc(tr.t(&g.description, &g.description_en)),
            g.magnitude,
            magnitude_words(g, tr),
            esc(reason_words(&g.reason).map_or(g.reason.as_str(), |(es, en)| tr.t(es, en))),
            esc(tr.t(&g.action, &g.action_en))
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    print_note(h, tr, shown, gaps.len());
    let _ = writeln!(h, "</section>");
}

/// A gap's magnitude with its unit: weekend days, days late, or inhabitants.
fn magnitude_words(g: &GapRow, tr: &Tr) -> String {
    let unit = match g.kind {
        "fin_de_semana" => tr.t("días", "days"),
        "comando_alma_ata" => tr.t("días tarde", "days late"),
        "supervision" if g.reason == crate::gaps_supervision::TEAMS_SHORT => tr.t("equipos faltantes", "teams missing"),
        "supervision" => tr.t("meses sin visita", "months without visit"),
        _ => tr.t("habitantes", "inhabitants"),
    };
    format!("{} {unit}", thousands(g.magnitude, 0))
}

/// Rows of a long table that go to paper (`@media print`, the CSS's `nth-child(n+26)`); the
/// screen and the CSV have them all.
const PRINT_ROWS: usize = 25;

/// Under a table trimmed on paper (`table.recortable`, `rows` rows of `total`), a line that
/// only prints.
fn print_note(h: &mut String, tr: &Tr, rows: usize, total: usize) {
    if rows > PRINT_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"nota solo-impresion\">{} {PRINT_ROWS} {} {}; {}</p>",
            tr.t("Impresas las primeras", "Printed: the first"),
            tr.t("filas de", "rows of"),
            thousands(total as f64, 0),
            tr.t("todas están en el reporte en pantalla y en brechas.csv.", "all of them are in the on-screen report and in brechas.csv.")
        );
    }
}

fn data_section(h: &mut String, tr: &Tr, s: &LoadedScenario, r: &RunResults) {
    let l = &r.loaded;
    let _ = writeln!(h, "<section id=\"datos\"><h2>{}</h2>", tr.t("Datos y parámetros", "Data and parameters"));
    let _ = writeln!(
        h,
        "<p>almaplan {} · {} <code>{}</code> · {} {} · {} {}</p>",
        env!("CARGO_PKG_VERSION"),
        tr.t("escenario", "scenario"),
        esc(&s.source),
        tr.t("semilla", "seed"),
        s.scenario.seed,
        tr.t("advertencias de datos:", "data warnings:"),
        l.diagnostics.warnings.len()
    );
    table_head(
        h,
        "fuentes",
        None,
        &[tr.t("uso", "role"), tr.t("archivo", "file"), tr.t("formato", "layout"), tr.t("filas", "rows"), tr.t("registros", "records")],
    );
    for src in &l.sources {
        let file = Path::new(&src.path).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| src.path.clone());
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(src.role),
            esc(&src.path),
            esc(&file),
            esc(&src.layout),
            thousands(src.rows as f64, 0),
            thousands(src.records as f64, 0)
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    let params = toml::to_string_pretty(&s.scenario).unwrap_or_default();
    let _ = writeln!(
        h,
        "<details><summary>{}</summary><pre>{}</pre></details></section>",
        tr.t("Parámetros del escenario (TOML efectivo)", "Scenario parameters (effective TOML)"),
        esc(&params)
    );
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:0 18px 40px;color:#1d2733;background:#fff}\
header{border-bottom:3px solid #9d2449;margin-bottom:12px}h1{font-size:1.5em;color:#9d2449}h2{border-bottom:1px solid #ccd;padding-bottom:4px;margin-top:34px}\
nav a{color:#235b4e}.aviso{background:#fff4d6;border-left:4px solid #e0a000;padding:6px 10px}\
.tarjetas{display:flex;flex-wrap:wrap;gap:10px}.tarjeta{border:1px solid #d5dbe3;border-radius:6px;padding:8px 12px;min-width:190px;flex:1 1 190px;background:#fafbfd}\
.etq{font-size:.85em;color:#4a5868}.valor{font-size:1.6em;font-weight:600}.unidad{font-size:.8em;color:#6b7888}.preliminar{font-size:.75em;color:#8a5a00;margin-top:4px}\
details{margin:14px 0}summary{cursor:pointer;color:#235b4e}\
figure{margin:18px 0}figcaption{margin-bottom:6px}figcaption .nota{display:block;font-weight:400}svg.mapa{max-width:100%;height:auto;border:1px solid #d5dbe3}\
.areas .area:hover{stroke:#111;stroke-width:1.2}.pistas circle:hover{stroke:#111}\
.leyenda span{display:inline-block;margin-right:14px;font-size:.85em}.leyenda i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}\
.zonas-leyenda{font-size:.85em;margin-top:4px}.zonas-leyenda span{margin-right:8px}\
.grafica{max-width:100%;height:auto;overflow-x:auto}svg.gantt{max-width:100%;height:auto}table{border-collapse:collapse;margin:8px 0 18px;font-size:.85em;width:100%}\
th,td{border:1px solid #d5dbe3;padding:3px 6px;text-align:left;vertical-align:top}td[data-v]{text-align:right}\
table.ordenable th{cursor:pointer;background:#eef2f6;user-select:none}table.ordenable th:after{content:' \\2195';color:#99a}\
tr.tarde td{background:#fdecea}.nota{font-size:.85em;color:#4a5868}pre{background:#f4f6f8;padding:8px;overflow-x:auto;font-size:.8em}\
.solo-impresion{display:none}footer{margin-top:40px;font-size:.8em;color:#6b7888}\
@media print{@page{size:auto}\
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
body{max-width:none;padding:0;font-size:10pt}nav,details:not([open]){display:none}\
h1{font-size:16pt;margin:0 0 4pt}h2{font-size:13pt;margin:14pt 0 6pt;break-after:avoid}h3{font-size:11pt;margin:10pt 0 4pt;break-after:avoid}\
.tarjetas{gap:5pt}.tarjeta{min-width:0;flex:1 1 130pt;padding:3pt 6pt;break-inside:avoid}.valor{font-size:14pt}\
figure{break-inside:avoid;margin:8pt 0}figcaption{break-after:avoid}svg.mapa{width:auto;height:auto;max-width:100%;max-height:160mm}\
table{font-size:7.5pt;margin:4pt 0 8pt}th,td{padding:1pt 3pt}thead{display:table-header-group}tr{break-inside:avoid}\
table.ordenable th{background:#eef2f6}table.ordenable th:after{content:none}\
table.recortable tbody tr:nth-child(n+26){display:none}.solo-impresion{display:block}.solo-pantalla{display:none}\
pre{white-space:pre-wrap}a{color:inherit;text-decoration:none}footer{margin-top:10pt}}";

/// Sorting by column: numbers by `data-v`, text otherwise; a second click reverses.
const SCRIPT: &str = "document.querySelectorAll('table.ordenable').forEach(function(t){\
var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){th.addEventListener('click',function(){\
var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows),asc=th.getAttribute('data-orden')!=='asc';\
Array.prototype.forEach.call(hs,function(o){o.removeAttribute('data-orden')});th.setAttribute('data-orden',asc?'asc':'desc');\
rs.sort(function(x,y){var a=x.cells[i],c=y.cells[i],va=a.getAttribute('data-v'),vc=c.getAttribute('data-v'),r;\
if(va!==null&&vc!==null){r=parseFloat(va)-parseFloat(vc)}else{r=a.textContent.localeCompare(c.textContent,'es')}return asc?r:-r});\
rs.forEach(function(x){b.appendChild(x)})})})});";

/// The zonal supervision section: teams needed per state against the published count (with the
/// difference in words), then the monthly load of every team.
fn supervision_section(h: &mut String, tr: &Tr, r: &RunResults, figure: &mut usize) {
    let Some(o) = &r.supervision else { return };
    let plan = &o.plan;
    let units = &r.loaded.network.units;
    let _ = writeln!(h, "<section id=\"supervision\"><h2>{}</h2>", tr.t("Supervisión zonal", "Zonal supervision"));
    let _ = writeln!(
        h,
        "<p>{} {} {} {} {} {} {}.</p>",
        thousands(plan.team_count() as f64, 0),
        tr.t("equipos zonales de supervisión visitan", "zonal supervision teams visit"),
        thousands((plan.units() - plan.gaps.len()) as f64, 0),
        tr.t("de", "of"),
        thousands(plan.units() as f64, 0),
        tr.t(
            "unidades cada mes; para visitar todas las alcanzables harían falta",
            "units every month; visiting every reachable unit would take"
        ),
        format_args!("{} {}", thousands(f64::from(plan.teams_needed()), 0), tr.t("equipos", "teams")),
    );
    let _ = writeln!(
        h,
        "<p class=\"nota\">{}</p>",
        tr.t(
            "Equipos necesarios por zona: el mayor de unidades ÷ 25 y minutos de trabajo al mes ÷ minutos hábiles de un equipo (visita más ida y vuelta desde la sede). Difieren de los publicados porque éstos no se reparten por zona con esa regla: una zona con más de 25 unidades por equipo o con unidades lejanas necesita más, una zona pequeña menos. Las unidades a las que ni con pernocta se llega en una jornada no se cierran con más equipos.",
            "Teams needed per zone: the larger of units ÷ 25 and monthly work minutes ÷ one team's working minutes (visit plus the round trip from the sede). They differ from the published count, which is not spread by zone with that rule: a zone with more than 25 units per team or with remote units needs more, a small zone fewer. Units a working day cannot reach even with an overnight stay are not closed by more teams."
        )
    );
    table_head(
        h,
        "supervision-entidades",
        Some("ordenable"),
        &[
            tr.t("entidad", "state"),
            tr.t("unidades", "units"),
            tr.t("equipos publicados", "published teams"),
            tr.t("equipos en el plan", "teams in the plan"),
            tr.t("equipos necesarios", "teams needed"),
            tr.t("sin visita mensual", "without monthly visit"),
            tr.t("diferencia", "difference"),
        ],
    );
    for st in &plan.states {
        let diff = match st.published_teams {
            Some(p) if st.teams_needed > p => format!("{} {}", st.teams_needed - p, tr.t("más de los publicados", "more than published")),
            Some(p) if st.teams_needed < p => {
                format!("{} {}", p - st.teams_needed, tr.t("menos de los publicados", "fewer than published"))
            }
            Some(_) => tr.t("igual a lo publicado", "as published").to_string(),
            None => tr.t("sin cifra publicada", "no published figure").to_string(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&state_name(st.state)),
            st.units,
            st.published_teams.map_or("—".to_string(), |p| p.to_string()),
            st.teams,
            st.teams_needed,
            st.units - st.units_visited,
            esc(&diff)
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    supervision_map(h, tr, plan, units, figure);
    let _ = writeln!(h, "<h3>{}</h3>", tr.t("Carga mensual por equipo", "Monthly load per team"));
    table_head(
        h,
        "supervision-equipos",
        Some("ordenable recortable"),
        &[
            tr.t("equipo", "team"),
            tr.t("entidad", "state"),
            tr.t("zona", "zone"),
            tr.t("sede (base)", "sede (base)"),
            tr.t("unidades", "units"),
            tr.t("carga del mes (% de su tiempo)", "monthly load (% of its time)"),
            tr.t("días con visitas / hábiles", "days with visits / working"),
        ],
    );
    for t in &plan.teams {
        let cap = plan.territories.iter().find(|z| z.state == t.state && z.name == t.territory).map_or(0.0, |z| z.capacity_minutes);
        let m = &t.months[0];
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td></tr>",
            esc(&t.id),
            esc(&state_name(t.state)),
            esc(&t.territory),
            esc(&units[t.base].name),
            t.units.len(),
            thousands(if cap > 0.0 { 100.0 * t.load_minutes / cap } else { 0.0 }, 1),
            m.days.len(),
            m.working_days
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    if plan.teams.len() > PRINT_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"nota solo-impresion\">{} {PRINT_ROWS} {} {}; {}</p>",
            tr.t("Impresas las primeras", "Printed: the first"),
            tr.t("filas de", "rows of"),
            thousands(plan.teams.len() as f64, 0),
            tr.t(
                "todas están en el reporte en pantalla y en supervision_equipos.csv.",
                "all of them are in the on-screen report and in supervision_equipos.csv."
            )
        );
    }
    let _ = writeln!(h, "</section>");
}

/// Team territories (convex hull of each team's base and units, one colour per team) and the
/// bases (black squares), with a tooltip per territory and base.
fn supervision_map(
    h: &mut String,
    tr: &Tr,
    plan: &almaplan_core::planners::supervision::SupervisionPlan,
    units: &[almaplan_core::domain::Unit],
    figure: &mut usize,
) {
    let points: Vec<LatLon> =
        plan.teams.iter().flat_map(|t| std::iter::once(t.base).chain(t.units.iter().copied())).map(|k| units[k].location).collect();
    let Some(p) = Projection::fit(&points) else { return };
    *figure += 1;
    let _ = writeln!(
        h,
        "<figure class=\"grafica\" id=\"fig-supervision\"><figcaption><b>{} {figure}.</b> {}<span class=\"nota\"> {}</span></figcaption>",
        tr.t("Figura", "Figure"),
        tr.t("Territorios de los equipos zonales de supervisión", "Zonal supervision team territories"),
        tr.t(
            "Cada área es el territorio de un equipo (sus unidades y su sede); los cuadros negros son las sedes. Pase el cursor para ver el equipo.",
            "Each area is one team's territory (its units and its sede); black squares are the sedes. Hover for the team."
        )
    );
    let _ = writeln!(
        h,
        "<svg class=\"mapa-supervision\" id=\"mapa-supervision\" viewBox=\"0 0 {w} {hgt}\" width=\"{w}\" height=\"{hgt}\" style=\"max-width:100%;height:auto;border:1px solid #d5dbe3\" role=\"img\">",
        w = p.width,
        hgt = p.height
    );
    for (k, t) in plan.teams.iter().enumerate() {
        let pts: Vec<(f64, f64)> =
            std::iter::once(t.base).chain(t.units.iter().copied()).map(|u| p.xy(units[u].location.lat, units[u].location.lon)).collect();
        let hull = convex_hull(pts);
        if hull.is_empty() {
            continue;
        }
        let mut d = String::new();
        for (i, (x, y)) in hull.iter().enumerate() {
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        if hull.len() >= 3 {
            d.push('z');
        }
        let colour = ZONE_COLOURS[k % ZONE_COLOURS.len()];
        let _ = writeln!(
            h,
            "<path class=\"territorio\" d=\"{d}\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{}</title></path>",
            esc(&format!("{} · {} · {} {}", t.id, t.territory, t.units.len(), tr.t("unidades", "units")))
        );
    }
    for z in &plan.territories {
        let b = &units[z.base];
        let (x, y) = p.xy(b.location.lat, b.location.lon);
        let _ = writeln!(
            h,
            "<path class=\"sede\" d=\"M{:.1} {:.1}h6v6h-6z\" fill=\"#111\"><title>{}</title></path>",
            x - 3.0,
            y - 3.0,
            esc(&format!("{} {} · {} · {} {}", tr.t("sede", "sede"), b.name, z.name, z.teams, tr.t("equipos", "teams")))
        );
    }
    let _ = writeln!(h, "</svg></figure>");
}
