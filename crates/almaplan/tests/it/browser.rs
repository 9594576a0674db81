//! Opens the HTML outputs in a real headless Chromium, from disk, through the Chrome DevTools
//! protocol: any console error, uncaught exception or failed resource load fails the test; the
//! maps, Gantt chart, progress curve and tables must hold as many elements as the run's CSV/JSON
//! files say; a screenshot is saved under `$CARGO_TARGET_TMPDIR/capturas/`.
//!
//! Chromium: `$ALMAPLAN_CHROMIUM`, else `chromium` / `chromium-browser` / `google-chrome` on the
//! PATH (`.ci/deps` installs Debian's `chromium`). Without one the test is skipped, except under
//! CI (`CI` set), where it fails. `ALMAPLAN_REPORTES=dir1:dir2` also checks reports already
//! written there (e.g. the national run, too slow for CI).

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

    fn screenshot(&mut self, to: &Path) {
        let metrics = self.call("Page.getLayoutMetrics", json!({}), true);
        let height = metrics["cssContentSize"]["height"].as_f64().unwrap_or(1600.0).min(12000.0);
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}}),
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
    b.screenshot(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("capturas").join(shot_name));
}

#[test]
fn demo_report_in_a_real_browser() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["run", "--out", "demo", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_report(&mut b, &dir.path().join("demo"), "reporte-demo.png");
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
