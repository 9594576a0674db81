//! `reporte.html`: one self-contained page (inline CSS, SVG and a few lines of script; no network)
//! that presents a run to people who will not open the CSVs: headline figures with the solver
//! evidence behind them, maps, the wave Gantt chart and progress curve, sortable gap tables, and
//! the data and parameters that produced it.
//!
//! Maps are drawn from coordinates on an equirectangular projection scaled by the cosine of the
//! mean latitude. However many units there are, a map has one SVG `<path>` per colour class
//! (units are short sub-paths inside it; points that fall on the same 0.1 px are drawn once), so
//! a national map of 80,000 units stays a few DOM elements and renders quickly.
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

use chrono::NaiveDate;

use crate::gaps::{unit_coverage, GapRow, GAP_KINDS};
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

impl Tr {
    fn t<'a>(&self, es: &'a str, en: &'a str) -> &'a str {
        match self.0 {
            Lang::Es => es,
            Lang::En => en,
        }
    }
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
    headline_section(&mut h, &tr, indicators);
    maps_section(&mut h, &tr, r);
    waves_section(&mut h, &tr, r);
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

fn headline_section(h: &mut String, tr: &Tr, indicators: &[Indicator]) {
    let _ = writeln!(h, "<section id=\"indicadores\"><h2>{}</h2>", tr.t("Cifras principales", "Headline figures"));
    if indicators.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", tr.t("El escenario no habilita ningún planificador.", "The scenario enables no planner."));
    }
    let groups = [
        ("roster.", tr.t("Rol de fin de semana", "Weekend roster")),
        ("zones.", tr.t("Zonas de servicios médicos", "Medical service zones")),
        ("waves.", tr.t("Calendario del Comando Alma-Ata", "Comando Alma-Ata calendar")),
        ("routes.", tr.t("Unidades médicas móviles", "Mobile medical units")),
    ];
    for (prefix, name) in groups {
        let items: Vec<&Indicator> = indicators.iter().filter(|i| i.key.starts_with(prefix)).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(h, "<h3>{name}</h3><div class=\"tarjetas\">");
        for i in items {
            let label = if tr.0 == Lang::Es { &i.label_es } else { &i.label_en };
            let evidence = match (&i.status, i.gap_pct) {
                (Some(st), Some(g)) => format!(
                    "{} {} · {} {}%",
                    tr.t("solver:", "solver:"),
                    esc(&status_label(st, tr)),
                    tr.t("brecha", "gap"),
                    thousands(g, 3)
                ),
                (Some(st), None) => esc(&status_label(st, tr)),
                _ => String::new(),
            };
            let _ = writeln!(
                h,
                "<div class=\"tarjeta\" data-clave=\"{}\"><div class=\"etq\">{}</div><div class=\"valor\">{}</div><div class=\"unidad\">{}</div><div class=\"evidencia\">{}</div></div>",
                esc(&i.key),
                esc(label),
                esc(&i.display()),
                if i.unit == "%" || i.text.is_some() { String::new() } else { esc(&i.unit) },
                evidence
            );
        }
        let _ = writeln!(h, "</div>");
    }
    let _ = writeln!(h, "</section>");
}

fn status_label(code: &str, tr: &Tr) -> String {
    match code {
        "Optimal" => tr.t("óptimo", "optimal").into(),
        "GapLimit" => tr.t("óptimo dentro de la brecha pedida", "optimal within the requested gap").into(),
        "TimeLimit" => tr.t("límite de tiempo", "time limit").into(),
        other => other.into(),
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
}

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

struct Map<'a> {
    id: &'static str,
    title: String,
    layers: Vec<Layer>,
    /// Polylines drawn under the points (mobile-unit routes).
    lines: Vec<Vec<LatLon>>,
    lines_label: String,
    states: &'a BTreeSet<u8>,
}

fn draw_map(h: &mut String, r: &RunResults, map: &Map<'_>) {
    let mut all: Vec<LatLon> = map.layers.iter().flat_map(|l| l.points.iter().copied()).collect();
    all.extend(map.lines.iter().flatten().copied());
    let Some(p) = Projection::fit(&all) else { return };
    let _ = writeln!(h, "<figure class=\"mapa\"><figcaption>{}</figcaption>", esc(&map.title));
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
    if !map.lines.is_empty() {
        let mut d = String::new();
        for line in &map.lines {
            for (k, q) in line.iter().enumerate() {
                let (x, y) = p.xy(q.lat, q.lon);
                let _ = write!(d, "{}{:.1} {:.1}", if k == 0 { "M" } else { "L" }, x, y);
            }
        }
        let _ = writeln!(h, "<path class=\"capa rutas\" data-n=\"{}\" d=\"{d}\" fill=\"none\" stroke=\"#5b6bd6\" stroke-width=\"0.8\" stroke-opacity=\"0.7\"/>", map.lines.len());
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
        let _ = writeln!(
            h,
            "<path class=\"capa {}\" data-n=\"{}\" d=\"{d}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.3\"><title>{}</title></path>",
            layer.class,
            layer.points.len(),
            layer.colour,
            if matches!(layer.shape, Shape::Square(_)) { "none" } else { "#222" },
            esc(&layer.label)
        );
    }
    let _ = writeln!(h, "</svg><div class=\"leyenda\">");
    if !map.lines.is_empty() {
        let _ = writeln!(
            h,
            "<span><i style=\"background:#5b6bd6\"></i>{} ({})</span>",
            esc(&map.lines_label),
            thousands(map.lines.len() as f64, 0)
        );
    }
    for layer in &map.layers {
        let _ = writeln!(
            h,
            "<span><i style=\"background:{}\"></i>{} ({})</span>",
            layer.colour,
            esc(&layer.label),
            thousands(layer.points.len() as f64, 0)
        );
    }
    let _ = writeln!(h, "</div></figure>");
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

fn maps_section(h: &mut String, tr: &Tr, r: &RunResults) {
    let l = &r.loaded;
    let units = &l.network.units;
    let states: BTreeSet<u8> = units.iter().map(|u| u.state).collect();
    let _ = writeln!(h, "<section id=\"mapas\"><h2>{}</h2>", tr.t("Mapas", "Maps"));
    let mut drew = false;
    if r.roster.is_some() {
        let coverage = unit_coverage(r);
        let targets: BTreeSet<usize> = coverage.iter().map(|c| c.unit).collect();
        let mut by_status: BTreeMap<&str, Vec<LatLon>> = BTreeMap::new();
        for c in &coverage {
            by_status.entry(c.status()).or_default().push(units[c.unit].location);
        }
        let others: Vec<LatLon> = units
            .iter()
            .enumerate()
            .filter(|(i, u)| u.is_first_level_in_operation() && !targets.contains(i))
            .map(|(_, u)| u.location)
            .collect();
        let mut layers = vec![Layer {
            class: "otras",
            colour: "#c8ced6".into(),
            label: tr.t("otras unidades de primer nivel (sin meta de fin de semana)", "other first-level units (no weekend target)").into(),
            shape: Shape::Square(1.4),
            points: others,
        }];
        for (status, colour, es, en) in [
            ("cubierta", "#2e8b57", "abre todos los días de fin de semana", "open every weekend day"),
            ("parcial", "#e0a000", "abre parte de los días", "open some days"),
            ("sin_cobertura", "#c0392b", "sin cobertura de fin de semana", "no weekend coverage"),
        ] {
            layers.push(Layer {
                class: status,
                colour: colour.into(),
                label: tr.t(es, en).into(),
                shape: Shape::Square(2.2),
                points: by_status.remove(status).unwrap_or_default(),
            });
        }
        draw_map(
            h,
            r,
            &Map {
                id: "mapa-cobertura",
                title: tr.t("Cobertura de fin de semana por unidad meta", "Weekend coverage by target unit").into(),
                layers,
                lines: Vec::new(),
                lines_label: String::new(),
                states: &states,
            },
        );
        drew = true;
    }
    if let Some(z) = &r.zones {
        let index: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
        let mut colour_points: Vec<Vec<LatLon>> = vec![Vec::new(); ZONE_COLOURS.len()];
        let mut k_in_state: BTreeMap<u8, usize> = BTreeMap::new();
        let mut sedes = Vec::new();
        for zone in &z.zones {
            let k = k_in_state.entry(zone.state).or_default();
            for &u in &zone.units {
                colour_points[*k % ZONE_COLOURS.len()].push(units[u].location);
            }
            *k += 1;
            if let Some(&i) = index.get(zone.sede.as_str()) {
                sedes.push(units[i].location);
            }
        }
        let mut layers: Vec<Layer> = colour_points
            .into_iter()
            .enumerate()
            .map(|(k, points)| Layer {
                class: ZONE_CLASSES[k],
                colour: ZONE_COLOURS[k].into(),
                label: format!("{} {}", tr.t("zonas, color", "zones, colour"), k + 1),
                shape: Shape::Square(2.0),
                points,
            })
            .filter(|l| !l.points.is_empty())
            .collect();
        layers.push(Layer {
            class: "sedes",
            colour: "#111111".into(),
            label: tr.t("sede de zona", "zone host").into(),
            shape: Shape::Triangle(4.0),
            points: sedes,
        });
        let title = format!(
            "{} ({} {})",
            tr.t("Zonas de servicios médicos y sus sedes", "Medical service zones and their hosts"),
            z.zones.len(),
            tr.t("zonas", "zones")
        );
        draw_map(h, r, &Map { id: "mapa-zonas", title, layers, lines: Vec::new(), lines_label: String::new(), states: &states });
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
        let lines: Vec<Vec<LatLon>> = plan
            .routes
            .iter()
            .filter(|rt| !rt.stops.is_empty())
            .map(|rt| {
                let b = base_of(rt.unit);
                std::iter::once(b)
                    .chain(rt.stops.iter().map(|s| locs[plan.candidates[s.candidate].locality].location))
                    .chain(std::iter::once(b))
                    .collect()
            })
            .collect();
        let reason: BTreeMap<usize, UncoveredReason> = plan.uncovered.iter().copied().collect();
        let (mut covered, mut uncovered) = (Vec::new(), Vec::new());
        for (c, cand) in plan.candidates.iter().enumerate() {
            let p = locs[cand.locality].location;
            if plan.covered_by[c].is_some() {
                covered.push(p)
            } else if reason.contains_key(&c) {
                uncovered.push(p)
            }
        }
        let layers = vec![
            Layer {
                class: "bases",
                colour: "#222222".into(),
                label: tr.t("base de UMM", "mobile-unit base").into(),
                shape: Shape::Square(3.0),
                points: plan.units.iter().map(|&u| units[u].location).collect(),
            },
            Layer {
                class: "adicionales",
                colour: "#8e44ad".into(),
                label: tr.t("base de UMM adicional propuesta", "proposed additional unit base").into(),
                shape: Shape::Diamond(4.0),
                points: plan.extra_units.iter().map(|e| units[e.base].location).collect(),
            },
            Layer {
                class: "localidades-cubiertas",
                colour: "#2e8b57".into(),
                label: tr.t("localidad cubierta", "covered locality").into(),
                shape: Shape::Diamond(2.5),
                points: covered,
            },
            Layer {
                class: "localidades-sin-cobertura",
                colour: "#c0392b".into(),
                label: tr.t("localidad sin cobertura", "locality without coverage").into(),
                shape: Shape::Diamond(3.0),
                points: uncovered,
            },
        ];
        draw_map(
            h,
            r,
            &Map {
                id: "mapa-umm",
                title: tr
                    .t(
                        "Rutas de las unidades médicas móviles y localidades sin cobertura",
                        "Mobile-unit routes and localities without coverage",
                    )
                    .into(),
                layers,
                lines,
                lines_label: tr.t("rutas diarias", "daily routes").into(),
                states: &states,
            },
        );
        drew = true;
    }
    if !drew {
        let _ = writeln!(h, "<p>{}</p>", tr.t("Sin planificadores con mapa en este escenario.", "No planner with a map in this scenario."));
    }
    let _ = writeln!(h, "</section>");
}

fn waves_section(h: &mut String, tr: &Tr, r: &RunResults) {
    let Some(w) = &r.waves else { return };
    let plan = &w.plan;
    let _ = writeln!(h, "<section id=\"oleadas\"><h2>{}</h2>", tr.t("Calendario del Comando Alma-Ata", "Comando Alma-Ata calendar"));
    let _ = writeln!(h, "<table id=\"etapas\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr.t("etapa", "stage"), tr.t("entidades", "states"), tr.t("inicio", "start"), tr.t("duración (días hábiles)", "duration (working days)"), tr.t("cota inferior", "lower bound"), tr.t("brecha %", "gap %"), tr.t("secuenciación", "sequencing"));
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
    let _ = writeln!(
        h,
        "<h3>{}</h3><div class=\"grafica\">{}</div>",
        tr.t("Gantt por entidad", "Gantt by state"),
        almaplan_formats::output::waves::gantt_svg(plan)
    );
    let _ = writeln!(
        h,
        "<h3>{}</h3>",
        tr.t("Curva de avance planeada (% de unidades visitadas)", "Planned progress curve (% of units visited)")
    );
    progress_svg(h, tr, &almaplan_formats::output::waves::progress_curve(plan));
    let _ = writeln!(h, "<table id=\"entidades-oleadas\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr.t("etapa", "stage"), tr.t("entidad", "state"), tr.t("unidades", "units"), tr.t("zonas", "zones"), tr.t("brigadas", "brigades"), tr.t("instalación", "installation"), tr.t("inicio de campo", "field start"), tr.t("fin de campo", "field end"), tr.t("diagnósticos", "diagnostics"));
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
    let _ = writeln!(h, "</tbody></table></section>");
}

fn progress_svg(h: &mut String, tr: &Tr, points: &[almaplan_formats::output::waves::ProgressPoint]) {
    let Some(first) = points.iter().map(|p| p.week).min() else { return };
    let last = points.iter().map(|p| p.week).max().unwrap_or(first);
    let weeks = ((last - first).num_days() / 7).max(1) as f64;
    let (left, top, width, height) = (50.0, 15.0, 820.0, 260.0);
    let x = |d: NaiveDate| left + width * ((d - first).num_days() / 7) as f64 / weeks;
    let y = |pct: f64| top + height * (1.0 - pct / 100.0);
    let mut by_state: BTreeMap<u8, Vec<&almaplan_formats::output::waves::ProgressPoint>> = BTreeMap::new();
    for p in points {
        by_state.entry(p.state).or_default().push(p);
    }
    let _ = writeln!(h, "<svg id=\"curva-avance\" class=\"grafica\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 900 310\" width=\"900\" height=\"310\" font-family=\"sans-serif\" font-size=\"11\">");
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
    let _ = writeln!(
        h,
        "<text x=\"{left}\" y=\"300\">{}</text><text x=\"{}\" y=\"300\" text-anchor=\"end\">{}</text>",
        first,
        left + width,
        last
    );
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
    for (k, (code, pts)) in by_state.iter().enumerate() {
        let d: String =
            pts.iter().enumerate().map(|(i, p)| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(p.week), y(p.pct()))).collect();
        let _ = writeln!(
            h,
            "<path class=\"curva-entidad\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.2\"><title>{}</title></path>",
            ZONE_COLOURS[k % ZONE_COLOURS.len()],
            esc(&state_name(*code))
        );
    }
    let d: String = total
        .iter()
        .enumerate()
        .map(|(i, (w, n))| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(*w), y(100.0 * *n as f64 / all_units.max(1) as f64)))
        .collect();
    let _ = writeln!(
        h,
        "<path class=\"curva-total\" d=\"{d}\" fill=\"none\" stroke=\"#111\" stroke-width=\"2.5\"><title>{}</title></path>",
        tr.t("total", "total")
    );
    let _ = writeln!(h, "</svg><p class=\"nota\">{}</p>", tr.t("Línea gruesa: total de las entidades; líneas finas: cada entidad (pasa el cursor para ver su nombre). Es la línea base del indicador de avance (curva_avance.csv).", "Thick line: all states; thin lines: each state (hover for its name). This is the progress indicator's baseline (curva_avance.csv)."));
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
    for g in gaps.iter().filter(|g| g.kind != "fin_de_semana") {
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
    let _ = writeln!(
        h,
        "<table id=\"brechas-entidad\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr.t("entidad", "state"),
        tr.t("unidades-día sin cubrir", "uncovered unit-days"),
        tr.t("sin médico al alcance", "no physician within reach"),
        tr.t("médicos no disponibles", "physicians unavailable"),
        tr.t("médicos agotados por límites", "physicians used up by limits"),
        tr.t("contrataciones", "hires"),
        tr.t("unidades visitadas después de la fecha límite", "units visited after the deadline"),
        tr.t("localidades sin UMM", "localities without mobile unit"),
        tr.t("población sin UMM", "population without mobile unit"),
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
    for g in gaps.iter().filter(|g| g.kind != "umm") {
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
                "<p class=\"nota\">{} {shown} {} {}.</p>",
                tr.t("Se muestran las", "Showing the"),
                tr.t("zonas con más brecha de", "zones with the largest gap of"),
                zones.len()
            );
        }
        let _ = writeln!(
            h,
            "<table id=\"brechas-zona\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr.t("entidad", "state"),
            tr.t("zona", "zone"),
            tr.t("unidades-día sin cubrir", "uncovered unit-days"),
            tr.t("unidades después de la fecha límite", "units after the deadline")
        );
        for ((code, zone), v) in zones.into_iter().take(shown) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td></tr>",
                esc(&state_name(code)),
                esc(&zone),
                v[0],
                thousands(v[0], 0),
                v[1],
                thousands(v[1], 0)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
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
        let _ = writeln!(
            h,
            "<table id=\"brechas-bloque\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr.t("bloque", "block"),
            tr.t("unidades meta", "target units"),
            tr.t("unidades-día sin cubrir", "uncovered unit-days")
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
        "<p class=\"nota\">{} {shown} {} {}.</p>",
        tr.t("Se muestran", "Showing"),
        tr.t("de", "of"),
        thousands(gaps.len() as f64, 0)
    );
    let _ = writeln!(
        h,
        "<table id=\"brechas-detalle\" class=\"ordenable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>CLUES / CVEGEO</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr.t("tipo", "kind"),
        tr.t("entidad", "state"),
        tr.t("zona", "zone"),
        tr.t("descripción", "description"),
        tr.t("magnitud", "magnitude"),
        tr.t("razón", "reason"),
        tr.t("acción sugerida", "suggested action")
    );
    for g in order.into_iter().take(shown) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            g.kind,
            esc(&state_name(g.state)),
            esc(&g.zone),
            esc(&g.key),
            esc(&g.description),
            g.magnitude,
            thousands(g.magnitude, 0),
            esc(&g.reason),
            esc(&g.action)
        );
    }
    let _ = writeln!(h, "</tbody></table></section>");
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
    let _ = writeln!(
        h,
        "<table id=\"fuentes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr.t("uso", "role"),
        tr.t("archivo", "file"),
        tr.t("formato", "layout"),
        tr.t("filas", "rows"),
        tr.t("registros", "records")
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
.etq{font-size:.85em;color:#4a5868}.valor{font-size:1.6em;font-weight:600}.unidad{font-size:.8em;color:#6b7888}.evidencia{font-size:.75em;color:#235b4e;margin-top:4px}\
figure.mapa{margin:18px 0}figcaption{font-weight:600;margin-bottom:6px}svg.mapa{max-width:100%;height:auto;border:1px solid #d5dbe3}\
.leyenda span{display:inline-block;margin-right:14px;font-size:.85em}.leyenda i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}\
.grafica{max-width:100%;height:auto;overflow-x:auto}table{border-collapse:collapse;margin:8px 0 18px;font-size:.85em;width:100%}\
th,td{border:1px solid #d5dbe3;padding:3px 6px;text-align:left;vertical-align:top}td[data-v]{text-align:right}\
table.ordenable th{cursor:pointer;background:#eef2f6;user-select:none}table.ordenable th:after{content:' \\2195';color:#99a}\
tr.tarde td{background:#fdecea}.nota{font-size:.85em;color:#4a5868}pre{background:#f4f6f8;padding:8px;overflow-x:auto;font-size:.8em}\
footer{margin-top:40px;font-size:.8em;color:#6b7888}";

/// Sorting by column: numbers by `data-v`, text otherwise; a second click reverses.
const SCRIPT: &str = "document.querySelectorAll('table.ordenable').forEach(function(t){\
var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){th.addEventListener('click',function(){\
var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows),asc=th.getAttribute('data-orden')!=='asc';\
Array.prototype.forEach.call(hs,function(o){o.removeAttribute('data-orden')});th.setAttribute('data-orden',asc?'asc':'desc');\
rs.sort(function(x,y){var a=x.cells[i],c=y.cells[i],va=a.getAttribute('data-v'),vc=c.getAttribute('data-v'),r;\
if(va!==null&&vc!==null){r=parseFloat(va)-parseFloat(vc)}else{r=a.textContent.localeCompare(c.textContent,'es')}return asc?r:-r});\
rs.forEach(function(x){b.appendChild(x)})})})});";
