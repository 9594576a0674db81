//! Opens the HTML outputs in a real headless Chromium, from disk, through the Chrome DevTools
//! protocol: any console error, uncaught exception or failed resource load fails the test; the
//! maps, Gantt chart, progress curve and tables must hold as many elements as the run's CSV/JSON
//! files say; a screenshot is saved under `$CARGO_TARGET_TMPDIR/capturas/`. The report is also
//! printed to PDF (`Page.printToPDF`, US Letter, 0.4 in margins): its page count is printed, and
//! the PDF's named destinations say on which page each figure starts and ends, so a map split
//! from its caption fails the test.
//!
//! Chromium: `$ALMAPLAN_CHROMIUM`, else `chromium` / `chromium-browser` / `google-chrome` on the
//! PATH (`.ci/deps` installs Debian's `chromium`). Without one the test is skipped, except under
//! CI (`CI` set), where it fails. `ALMAPLAN_REPORTES=dir1:dir2` also checks reports already
//! written there (e.g. the national run, too slow for CI).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

use crate::common::almaplan;

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ALMAPLAN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    session: String,
    /// Events received while waiting for replies.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(exe: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1280,1600",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        // Chromium prints its DevTools address on stderr; keep draining it so it never blocks.
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(60)).expect("Chromium printed its DevTools address within 60 s");
        let host = url.trim_start_matches("ws://").split('/').next().unwrap().to_string();
        let stream = TcpStream::connect(&host).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let (ws, _) = tungstenite::client::client(url.as_str(), stream).expect("DevTools websocket handshake");
        let mut b = Browser { child, ws, next_id: 0, session: String::new(), events: Vec::new(), _profile: profile };
        let target = b.call("Target.createTarget", json!({"url": "about:blank"}), false);
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call("Target.attachToTarget", json!({"targetId": target_id, "flatten": true}), false);
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page", "Runtime", "Log", "Network"] {
            b.call(&format!("{domain}.enable"), json!({}), true);
        }
        b
    }

    fn read(&mut self) -> Value {
        loop {
            match self.ws.read().expect("DevTools message") {
                Message::Text(t) => return serde_json::from_str(&t).unwrap(),
                Message::Close(_) => panic!("DevTools closed the connection"),
                _ => {}
            }
        }
    }

    fn call(&mut self, method: &str, params: Value, in_page: bool) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if in_page {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::Text(msg.to_string())).unwrap();
        loop {
            let v = self.read();
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("{method} failed: {e}");
                }
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    /// Opens `file` and waits for its load event; returns the problems the page reported.
    fn open(&mut self, file: &Path) -> Vec<String> {
        self.events.clear();
        let url = format!("file://{}", file.canonicalize().unwrap().display());
        self.call("Page.navigate", json!({"url": url}), true);
        let deadline = Instant::now() + Duration::from_secs(120);
        while !self.events.iter().any(|e| e["method"] == "Page.loadEventFired") {
            assert!(Instant::now() < deadline, "{} did not load within 120 s", file.display());
            let v = self.read();
            self.events.push(v);
        }
        // Let late script errors arrive.
        self.eval("new Promise(r => setTimeout(() => r(1), 300))");
        self.events
            .iter()
            .filter_map(|e| {
                let p = &e["params"];
                match e["method"].as_str()? {
                    "Runtime.exceptionThrown" => Some(format!("exception: {}", p["exceptionDetails"])),
                    "Runtime.consoleAPICalled" if matches!(p["type"].as_str(), Some("error" | "assert" | "warning")) => {
                        Some(format!("console.{}: {}", p["type"], p["args"]))
                    }
                    "Log.entryAdded" if matches!(p["entry"]["level"].as_str(), Some("error" | "warning")) => {
                        Some(format!("log: {}", p["entry"]))
                    }
                    "Network.loadingFailed" => Some(format!("failed load: {p}")),
                    _ => None,
                }
            })
            .collect()
    }

    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({"expression": expression, "returnByValue": true, "awaitPromise": true}), true);
        if let Some(e) = r.get("exceptionDetails") {
            panic!("evaluating {expression}: {e}");
        }
        r["result"]["value"].clone()
    }

    fn count(&mut self, selector: &str) -> u64 {
        self.eval(&format!("document.querySelectorAll({}).length", json!(selector))).as_u64().unwrap()
    }

    /// `data-n` of the elements matching `selector`, summed.
    fn data_n(&mut self, selector: &str) -> u64 {
        let js =
            format!("Array.from(document.querySelectorAll({})).reduce((s, e) => s + Number(e.getAttribute('data-n')), 0)", json!(selector));
        self.eval(&js).as_u64().unwrap()
    }

    /// The page printed to PDF as Chromium's print dialog would: US Letter, 0.4 in margins.
    fn print_pdf(&mut self) -> Vec<u8> {
        let r = self.call(
            "Page.printToPDF",
            json!({"paperWidth": PAPER.0, "paperHeight": PAPER.1, "marginTop": MARGIN, "marginBottom": MARGIN,
                   "marginLeft": MARGIN, "marginRight": MARGIN, "printBackground": true}),
            true,
        );
        base64::engine::general_purpose::STANDARD.decode(r["data"].as_str().unwrap()).unwrap()
    }

    fn screenshot(&mut self, to: &Path) {
        self.screenshot_at(to, 1280.0);
    }

    fn screenshot_at(&mut self, to: &Path, width: f64) {
        let metrics = self.call("Page.getLayoutMetrics", json!({}), true);
        let height = metrics["cssContentSize"]["height"].as_f64().unwrap_or(1600.0).min(12000.0);
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}),
            true,
        );
        let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
        assert!(png.len() > 10_000, "the screenshot is nearly empty ({} bytes)", png.len());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, png).unwrap();
        eprintln!("screenshot: {}", to.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn browser() -> Option<Browser> {
    match find_chromium() {
        Some(exe) => Some(Browser::launch(&exe)),
        None if std::env::var_os("CI").is_some() => panic!("CI is set but no Chromium was found: .ci/deps installs Debian's chromium"),
        None => {
            eprintln!("no Chromium found (set ALMAPLAN_CHROMIUM or install chromium): skipping the browser test");
            None
        }
    }
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = crate::common::output_csv(path);
    r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

fn indicator(dir: &Path, key: &str) -> Option<f64> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("indicadores.json")).unwrap()).unwrap();
    v["indicadores"].as_array().unwrap().iter().find(|i| i["clave"] == key).and_then(|i| i["valor"].as_f64())
}

/// Paper (inches) and margin the report is printed on.
const PAPER: (f64, f64) = (8.5, 11.0);
const MARGIN: f64 = 0.4;

/// Page objects of a PDF: `/Type /Page` dictionaries (not the `/Pages` tree nodes).
fn pdf_page_objects(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut at = 0;
    while let Some(k) = find(&pdf[at..], b"/Type") {
        let mut i = at + k + 5;
        while pdf.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        if pdf[i..].starts_with(b"/Page") && !pdf.get(i + 5).is_some_and(|c| c.is_ascii_alphanumeric()) {
            n += 1;
        }
        at = i;
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The dictionary text of every object of the PDF, by object number (stream data left out).
fn pdf_objects(pdf: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(pdf);
    let mut objects = HashMap::new();
    for (at, _) in text.match_indices(" 0 obj") {
        let digits = text[..at].bytes().rev().take_while(u8::is_ascii_digit).count();
        let Ok(number) = text[at - digits..at].parse::<u32>() else { continue };
        let body = &text[at + 6..];
        let end = ["endobj", "stream"].iter().filter_map(|m| body.find(m)).min().unwrap_or(body.len());
        objects.insert(number, body[..end].to_string());
    }
    objects
}

/// `N 0 R` references in `s`, in order.
fn pdf_refs(s: &str) -> Vec<u32> {
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == '[' || c == ']').filter(|w| !w.is_empty()).collect();
    words.windows(3).filter(|w| w[1] == "0" && w[2].starts_with('R')).filter_map(|w| w[0].parse().ok()).collect()
}

/// The value after `/key ` in a dictionary's text, up to the next `/`.
fn pdf_key<'a>(dict: &'a str, key: &str) -> Option<&'a str> {
    let at = dict.find(&format!("/{key} "))? + key.len() + 2;
    let rest = &dict[at..];
    Some(&rest[..rest.find('/').unwrap_or(rest.len())])
}

/// The printed PDF: its pages in order and, for each named destination (Chromium writes one
/// per element that a same-page link points to), the page it falls on (0-based).
fn pdf_destinations(pdf: &[u8]) -> (usize, HashMap<String, usize>) {
    let objects = pdf_objects(pdf);
    let catalog = objects.values().find(|d| d.contains("/Type /Catalog")).expect("a PDF catalog");
    let root = pdf_refs(pdf_key(catalog, "Pages").expect("/Pages in the catalog"))[0];
    let mut pages = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let dict = &objects[&node];
        match dict.find("/Kids") {
            Some(at) => {
                let kids = &dict[at..];
                let kids = &kids[..kids.find(']').unwrap_or(kids.len())];
                stack.extend(pdf_refs(kids).into_iter().rev());
            }
            None => pages.push(node),
        }
    }
    let page_of: HashMap<u32, usize> = pages.iter().enumerate().map(|(k, &n)| (n, k)).collect();
    let mut dests = HashMap::new();
    if let Some(d) = pdf_key(catalog, "Dests").and_then(|v| pdf_refs(v).first().copied()) {
        for entry in objects[&d].split('/').collect::<Vec<_>>().windows(2) {
            // `/name [12 0 R /XYZ 0 765.75 0]` splits into `name [12 0 R ` and `XYZ …`.
            let (name, target) = entry[0].split_once('[').unwrap_or(("", ""));
            if let Some(page) = pdf_refs(target).first().and_then(|n| page_of.get(n)) {
                dests.insert(name.trim().trim_start_matches("<<").to_string(), *page);
            }
        }
    }
    (pages.len(), dests)
}

/// Prints the report to PDF and checks it as paper: every figure (map or chart) keeps its caption,
/// drawing and legend on one page, the print styles hide the navigation and keep figures whole,
/// and at most `max_pages` pages come out. Returns the page count.
fn check_print(b: &mut Browser, max_pages: Option<usize>, shot_name: &str) -> usize {
    let figures = b.count("figure") as usize;
    assert!(figures >= 1, "the report has figures");
    assert_eq!(b.count("figure > figcaption"), figures as u64, "every figure carries its caption");
    assert_eq!(b.count("figure.mapa > figcaption + svg.mapa"), b.count("svg.mapa"), "each map's caption sits right above it");
    // Print media at the printable width: figures stay whole and fit a page.
    let (width, height) = (96.0 * (PAPER.0 - 2.0 * MARGIN), 96.0 * (PAPER.1 - 2.0 * MARGIN));
    b.call("Emulation.setEmulatedMedia", json!({"media": "print"}), true);
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width.floor() as u64, "height": height.floor() as u64, "deviceScaleFactor": 1, "mobile": false}),
        true,
    );
    assert_eq!(b.eval("getComputedStyle(document.querySelector('nav')).display"), json!("none"), "no navigation on paper");
    let layout: Vec<(String, f64)> = serde_json::from_value(b.eval(
        "Array.from(document.querySelectorAll('figure')).map(f => [getComputedStyle(f).breakInside, f.getBoundingClientRect().height])",
    ))
    .unwrap();
    for (k, (avoid, h)) in layout.iter().enumerate() {
        assert_eq!(avoid, "avoid", "figure {k} may not be split across pages");
        assert!(*h <= height, "figure {k} is {h:.0} px tall in print, more than a page ({height:.0} px)");
    }
    b.screenshot_at(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("capturas").join(shot_name), width.floor());
    b.call("Emulation.clearDeviceMetricsOverride", json!({}), true);
    b.call("Emulation.setEmulatedMedia", json!({"media": ""}), true);
    // Mark where each figure starts and ends; a (hidden) same-page link to each mark makes
    // Chromium write it as a named destination with its page.
    b.eval(
        "(() => { const links = document.createElement('div'); links.style.display = 'none';
          document.querySelectorAll('figure').forEach((f, k) => {
            f.id = f.id || ('figura-' + k);
            const end = document.createElement('div'); end.id = 'fin-figura-' + k; f.appendChild(end);
            for (const id of [f.id, end.id]) { const a = document.createElement('a'); a.href = '#' + id; links.appendChild(a); }
          });
          document.body.appendChild(links); return 1; })()",
    );
    let ids: Vec<String> = serde_json::from_value(b.eval("Array.from(document.querySelectorAll('figure')).map(f => f.id)")).unwrap();
    let pdf = b.print_pdf();
    let pages = pdf_page_objects(&pdf);
    let (tree_pages, dests) = pdf_destinations(&pdf);
    assert_eq!(pages, tree_pages, "page objects and the page tree agree");
    for (k, id) in ids.iter().enumerate() {
        let start = dests.get(id).unwrap_or_else(|| panic!("no destination for figure {id} in the PDF: {dests:?}"));
        let end = dests.get(&format!("fin-figura-{k}")).unwrap_or_else(|| panic!("no destination for the end of figure {id}"));
        assert_eq!(start, end, "figure {id} (caption, drawing and legend) starts on page {} and ends on page {}", start + 1, end + 1);
    }
    eprintln!("printed pages: {pages} ({} figures, each on one page)", ids.len());
    if let Some(max) = max_pages {
        assert!(pages <= max, "the report prints on {pages} pages, more than {max}");
    }
    pages
}

/// What the report says in words: the headline cards carry no solver jargon, the solver's status
/// and optimality gap are in the details (as words), and the gap tables show reasons and kinds as
/// phrases, never as codes.
fn check_words(b: &mut Browser) {
    let cards = b.eval("Array.from(document.querySelectorAll('#indicadores .tarjetas')).map(e => e.textContent).join(' ')");
    let cards = cards.as_str().unwrap().to_lowercase();
    for word in [
        "gaplimit",
        "timelimit",
        "optimal",
        "óptim",
        "solver",
        "brecha de optimalidad",
        "holgura",
        "gap",
        "cota",
        "bound",
        "heurística",
        "heuristic",
    ] {
        assert!(!cards.contains(word), "the headline cards say «{word}»: {cards}");
    }
    let page = b.eval("document.body.textContent").as_str().unwrap().to_string();
    for code in ["GapLimit", "TimeLimit", "brecha de optimalidad"] {
        assert!(!page.contains(code), "the report shows «{code}»");
    }
    if b.count("#calculo") == 1 {
        let details = b.eval("document.querySelector('#calculo').textContent").as_str().unwrap().to_string();
        assert!(details.contains("holgura de optimalidad") || details.contains("optimality gap"), "the details name the optimality gap");
        assert!(!details.contains("Optimal"), "solver statuses as words in the details");
    }
    let tables = b.eval("Array.from(document.querySelectorAll('#brechas-detalle tbody tr')).map(r => r.cells[0].textContent + '|' + r.cells[6].textContent).join(' ~ ')");
    for code in [
        "fin_de_semana",
        "comando_alma_ata",
        "sin_medico_al_alcance",
        "medicos_no_disponibles",
        "medicos_agotados_por_limites",
        "capacidad_de_brigadas",
        "fuera_de_alcance",
        "dias_de_umm_llenos",
        "_",
    ] {
        assert!(!tables.as_str().unwrap().contains(code), "the gap table shows the code «{code}»");
    }
}

/// Dated axes, named legends and a tooltip per element.
fn check_tooltips_and_axes(b: &mut Browser, dir: &Path) {
    if b.count("svg.gantt") > 0 {
        assert!(b.count("svg.gantt text.mes") >= 1, "month labels on the Gantt chart");
        assert!(b.count("#curva-avance text.mes") >= 1, "month labels on the progress curve");
        assert_eq!(b.count("svg.gantt rect"), b.count("svg.gantt rect > title"), "a tooltip on every Gantt bar");
        assert_eq!(b.count("#curva-avance path"), b.count("#curva-avance path > title"), "a tooltip on every progress curve");
    }
    for map in ["mapa-cobertura", "mapa-zonas", "mapa-umm"] {
        if b.count(&format!("#{map}")) == 0 {
            continue;
        }
        let tips = b.count(&format!("#{map} .pistas circle"));
        assert_eq!(tips, b.count(&format!("#{map} .pistas circle > title")), "{map}: each hit target has its tooltip");
        assert!(b.count(&format!("#{map} path.rutas")) == b.count(&format!("#{map} path.rutas > title")), "{map}: a tooltip per route");
        let points = b.data_n(&format!("#{map} path.capa:not(.rutas)"));
        if map == "mapa-zonas" {
            let zones = indicator(dir, "zones.zones").unwrap() as u64;
            assert_eq!(b.count("#mapa-zonas .areas .area > title"), zones, "a tooltip per zone");
            assert_eq!(tips, zones, "a tooltip per zone host");
            if zones <= 80 {
                assert_eq!(b.count("#ley-mapa-zonas .zonas-leyenda span"), zones, "the legend names every zone");
            }
        } else if points <= 3000 {
            assert_eq!(tips, points, "{map}: a tooltip per element");
        }
    }
}

/// Checks one run's `reporte.html` against the run's own files and saves a screenshot.
fn check_report(b: &mut Browser, dir: &Path, shot_name: &str) {
    let report = dir.join("reporte.html");
    let problems = b.open(&report);
    assert!(problems.is_empty(), "{} reported problems in the browser:\n{}", report.display(), problems.join("\n"));
    assert!(b.eval("document.title").as_str().unwrap().contains("almaplan"));
    let indicators: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("indicadores.json")).unwrap()).unwrap();
    let n_indicators = indicators["indicadores"].as_array().unwrap().len() as u64;
    assert_eq!(b.count(".tarjeta"), n_indicators, "one card per headline figure");
    let mut maps = 0;
    if let Some(targets) = indicator(dir, "roster.units_targeted") {
        maps += 1;
        let drawn = b.data_n("#mapa-cobertura path.cubierta, #mapa-cobertura path.parcial, #mapa-cobertura path.sin_cobertura");
        assert_eq!(drawn as f64, targets, "every target unit on the coverage map");
        let coverage = csv_rows(&dir.join("cobertura_unidades.csv"));
        assert_eq!(coverage.len() as f64, targets);
    }
    if let Some(zones) = indicator(dir, "zones.zones") {
        maps += 1;
        assert_eq!(b.data_n("#mapa-zonas path.sedes") as f64, zones, "one host per zone on the zones map");
        let zonas = csv_rows(&dir.join("zonas.csv"));
        let on_map = b.data_n("#mapa-zonas path.capa") as usize - zones as usize;
        assert_eq!(on_map, zonas.len(), "every zoned unit on the zones map");
    }
    if indicator(dir, "routes.localities_candidate").is_some() {
        maps += 1;
        let routes = csv_rows(&dir.join("rutas_umm.csv"));
        let days: std::collections::BTreeSet<(String, String)> = routes.iter().map(|r| (r[0].clone(), r[2].clone())).collect();
        let drawn = if days.is_empty() { 0 } else { b.data_n("#mapa-umm path.rutas") };
        assert_eq!(drawn as usize, days.len(), "one polyline per mobile unit and day");
        let uncovered = csv_rows(&dir.join("localidades_sin_cobertura.csv")).len() as u64;
        assert_eq!(b.data_n("#mapa-umm path.localidades-sin-cobertura"), uncovered);
    }
    assert_eq!(b.count("svg.mapa"), maps, "one map per planner with a map");
    for m in 0..maps {
        let w = b.eval(&format!("document.querySelectorAll('svg.mapa')[{m}].getBoundingClientRect().width")).as_f64().unwrap();
        assert!(w > 100.0, "map {m} is rendered ({w} px wide)");
    }
    if indicator(dir, "waves.units_scheduled").is_some() {
        let states = csv_rows(&dir.join("resumen_entidades.csv")).len() as u64;
        assert_eq!(b.count("svg.gantt rect.campo"), states, "one field bar per state in the Gantt chart");
        assert_eq!(b.count("#curva-avance path.curva-entidad"), states, "one progress curve per state");
        assert_eq!(b.count("#curva-avance path.curva-total"), 1);
        assert_eq!(b.count("#entidades-oleadas tbody tr"), states);
    }
    let gaps = csv_rows(&dir.join("brechas.csv")).len() as u64;
    assert_eq!(b.count("#brechas-detalle tbody tr"), gaps.min(300), "the largest gaps, at most 300");
    assert!(b.count("#brechas-entidad tbody tr") >= 1);
    // Sorting: a click on «magnitud» sorts ascending, a second click descending.
    if gaps > 1 {
        let column =
            "Array.from(document.querySelectorAll('#brechas-detalle tbody tr')).map(r => Number(r.cells[5].getAttribute('data-v')))";
        b.eval("document.querySelectorAll('#brechas-detalle th')[5].click()");
        let asc: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
        assert!(asc.windows(2).all(|w| w[0] <= w[1]), "ascending after one click");
        b.eval("document.querySelectorAll('#brechas-detalle th')[5].click()");
        let desc: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
        assert!(desc.windows(2).all(|w| w[0] >= w[1]), "descending after two clicks");
    }
    assert!(b.count("#fuentes tbody tr") >= 1, "the data sources are listed");
    check_words(b);
    check_tooltips_and_axes(b, dir);
    b.screenshot(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("capturas").join(shot_name));
}

#[test]
fn demo_report_in_a_real_browser() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["run", "--out", "demo", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_report(&mut b, &dir.path().join("demo"), "reporte-demo.png");
    // On paper: a few pages, each figure whole with its caption.
    check_print(&mut b, Some(10), "reporte-demo-impresion.png");
    // The same run in English.
    let out = almaplan(dir.path(), &["run", "--out", "demo-en", "-q", "--lang", "en"]);
    assert!(out.status.success());
    check_report(&mut b, &dir.path().join("demo-en"), "reporte-demo-en.png");
    assert_eq!(b.eval("document.documentElement.lang"), json!("en"));
    // A real state with every planner: Hidalgo's catalogue, localities and staffing.
    if crate::common::data_dir().is_some() {
        let scenario = crate::common::workspace_root().join("scenarios/hidalgo.toml");
        let out = almaplan(dir.path(), &["run", scenario.to_str().unwrap(), "--out", "hidalgo", "-q"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        check_report(&mut b, &dir.path().join("hidalgo"), "reporte-hidalgo.png");
        check_print(&mut b, None, "reporte-hidalgo-impresion.png");
    }
    if let Some(extra) = std::env::var_os("ALMAPLAN_REPORTES") {
        for (k, d) in std::env::split_paths(&extra).enumerate() {
            check_report(&mut b, &d, &format!("reporte-extra-{k}.png"));
        }
    }
}

/// `comparacion.html` of two small demo runs (20 and 90 minutes of weekend travel): no console
/// error or failed load, one row per indicator, per changed element and per differing parameter,
/// as the CSV files say.
#[test]
fn comparison_in_a_real_browser() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (minutes, out) in [("20", "a"), ("90", "b")] {
        let set = format!("roster.max_travel_minutes={minutes}");
        let o = almaplan(dir.path(), &["run", "--set", "data.synthetic.units=200", "--set", &set, "--out", out, "-q"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = almaplan(dir.path(), &["compare", "a", "b", "--out", "cmp", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cmp = dir.path().join("cmp");
    let problems = b.open(&cmp.join("comparacion.html"));
    assert!(problems.is_empty(), "comparacion.html reported problems in the browser:\n{}", problems.join("\n"));
    assert_eq!(b.eval("document.documentElement.lang"), json!("es"));
    let indicators = csv_rows(&cmp.join("comparacion.csv")).len() as u64;
    assert!(indicators > 10);
    assert_eq!(b.count("#indicadores tbody tr"), indicators);
    let changes = csv_rows(&cmp.join("cambios.csv")).len() as u64;
    assert!(changes > 0);
    assert_eq!(b.count("#cambios tbody tr"), changes.min(5000));
    assert_eq!(b.count("#parametros tbody tr"), 1, "only the travel limit differs");
    let better = b.count("#indicadores td.diferencia.mejor") + b.count("#indicadores td.diferencia.peor");
    assert!(better >= 1, "some figure changed for better or worse");
    b.screenshot(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("capturas").join("comparacion-demo.png"));
}
