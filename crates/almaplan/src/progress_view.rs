//! Where a command's progress goes: bars on a terminal, timestamped lines otherwise, and the same
//! lines appended to a log file (`--log`).
//!
//! The planners and the pipeline report [`ProgressEvent`]s (planner, state, step, done/total);
//! [`ProgressView`] turns them into one bar per planner (indicatif, when stderr is a terminal and
//! the command is not `--quiet`) or into lines such as
//!
//! ```text
//! [12:03:41] roster  HIDALGO (13): rol resuelto 3/23
//! ```
//!
//! on stderr otherwise. The wall-clock time goes to the console and the log only, never to an
//! output file. The pipeline marks each planner's start and end (and the load's) with
//! [`started`] and [`finished`], so a long run shows where it is even before a planner reports.

use std::collections::HashMap;
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use almaplan_core::error::Error;
use almaplan_core::progress::{Progress, ProgressEvent};

/// Planner name of the load step's events.
pub const LOAD: &str = "datos";

/// How the step of a planner's last event begins ([`finished`]).
pub const FINISHED: &str = "terminado";

/// How the step of the load's last event begins ([`loaded`]).
pub const LOADED: &str = "datos leídos";

/// Whether `step` is the last of its planner (or of the load).
fn is_end(step: &str) -> bool {
    step.starts_with(FINISHED) || step.starts_with(LOADED)
}

/// Reports that `planner` starts `what` ("resolviendo el rol de fin de semana"): `done` 0, no state.
pub fn started(progress: &dyn Progress, planner: &'static str, what: &str) {
    progress.report(&ProgressEvent { planner, state: None, step: what, done: 0, total: 0 });
}

/// Reports that `planner` is done after `seconds`, with an optional note ("terminado en 3.2 s: …").
pub fn finished(progress: &dyn Progress, planner: &'static str, seconds: f64, note: &str) {
    let step = if note.is_empty() { format!("{FINISHED} en {seconds:.1} s") } else { format!("{FINISHED} en {seconds:.1} s: {note}") };
    progress.report(&ProgressEvent { planner, state: None, step: &step, done: 0, total: 0 });
}

/// Reports that the load step is done after `seconds` ("datos leídos en 0.2 s: …").
pub fn loaded(progress: &dyn Progress, seconds: f64, note: &str) {
    let step = format!("{LOADED} en {seconds:.1} s: {note}");
    progress.report(&ProgressEvent { planner: LOAD, state: None, step: &step, done: 0, total: 0 });
}

/// `HIDALGO (13): rol resuelto 3/23`: an event as one line, without the time and planner.
pub fn describe(e: &ProgressEvent<'_>) -> String {
    let mut out = String::new();
    if let Some(code) = e.state {
        out.push_str(&format!("{} ({code}): ", almaplan_core::domain::state::name(code).unwrap_or("?")));
    }
    out.push_str(e.step);
    if e.total > 0 && !is_end(e.step) {
        out.push_str(&format!(" {}/{}", e.done, e.total));
    }
    out
}

/// `[12:03:41] roster  HIDALGO (13): rol resuelto 3/23`.
pub fn line(time: &str, e: &ProgressEvent<'_>) -> String {
    format!("[{time}] {:<7} {}", e.planner, describe(e))
}

/// Steps of a planner above which lines are written only at each tenth of the way (a national
/// run routes about a thousand mobile units: a hundred lines would drown the rest).
const EVERY_STEP_UP_TO: usize = 50;

/// Whether the line of `e` is written, given the tenth of the way of its planner's last line.
fn worth_a_line(e: &ProgressEvent<'_>, last_tenth: &mut HashMap<&'static str, usize>) -> bool {
    if e.total <= EVERY_STEP_UP_TO || (e.state.is_none() && e.done == 0) {
        if e.done == 0 {
            last_tenth.remove(e.planner);
        }
        return true;
    }
    let tenth = 10 * e.done.min(e.total) / e.total;
    let last = last_tenth.entry(e.planner).or_insert(0);
    if tenth > *last {
        *last = tenth;
        return true;
    }
    false
}

/// A command's progress display; `Sync`, so planners may report from several threads.
pub struct ProgressView {
    bars: Option<Mutex<Bars>>,
    /// Timestamped lines on stderr (not a terminal, not quiet).
    plain: bool,
    log: Option<Mutex<File>>,
    /// Tenth of the way of each planner's last line (see [`EVERY_STEP_UP_TO`]).
    last_tenth: Mutex<HashMap<&'static str, usize>>,
}

struct Bars {
    multi: MultiProgress,
    by_planner: HashMap<&'static str, ProgressBar>,
}

impl ProgressView {
    /// Bars when stderr is a terminal and not `quiet`, lines on stderr when it is not a terminal
    /// and not `quiet`, nothing on the console when `quiet`; and the lines appended to `log`.
    pub fn new(quiet: bool, log: Option<&Path>) -> Result<ProgressView, Error> {
        let terminal = std::io::stderr().is_terminal();
        let log = match log {
            Some(path) => {
                Some(Mutex::new(std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| Error::io(path, e))?))
            }
            None => None,
        };
        let bars = (!quiet && terminal)
            .then(|| Mutex::new(Bars { multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()), by_planner: HashMap::new() }));
        Ok(ProgressView { bars, plain: !quiet && !terminal, log, last_tenth: Mutex::new(HashMap::new()) })
    }

    /// A view that shows nothing and logs nothing.
    pub fn silent() -> ProgressView {
        ProgressView { bars: None, plain: false, log: None, last_tenth: Mutex::new(HashMap::new()) }
    }

    fn draw(&self, e: &ProgressEvent<'_>) {
        let Some(bars) = &self.bars else { return };
        let mut bars = bars.lock().unwrap_or_else(|p| p.into_inner());
        let Bars { multi, by_planner } = &mut *bars;
        let start = e.done == 0 && e.state.is_none() && !is_end(e.step);
        let bar = by_planner.entry(e.planner).or_insert_with(|| {
            let pb = multi.add(ProgressBar::new_spinner());
            pb.set_prefix(e.planner);
            pb
        });
        if start {
            bar.reset();
            bar.set_style(spinner_style());
            bar.set_length(0);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar.set_message(format!("{}…", e.step));
        } else if is_end(e.step) {
            if let Some(len) = bar.length().filter(|l| *l > 0) {
                bar.set_position(len);
            }
            bar.finish_with_message(e.step.to_string());
        } else {
            if e.total > 0 {
                if bar.length() != Some(e.total as u64) {
                    bar.set_style(bar_style());
                    bar.set_length(e.total as u64);
                }
                bar.set_position(e.done as u64);
            }
            bar.set_message(describe(&ProgressEvent { total: 0, ..*e }));
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {prefix:<7} {msg} [{elapsed}]").expect("a valid template")
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {prefix:<7} [{bar:30}] {pos}/{len} {msg} [{elapsed}]")
        .expect("a valid template")
        .progress_chars("=> ")
}

impl Progress for ProgressView {
    fn report(&self, e: &ProgressEvent<'_>) {
        self.draw(e);
        if !self.plain && self.log.is_none() {
            return;
        }
        if !worth_a_line(e, &mut self.last_tenth.lock().unwrap_or_else(|p| p.into_inner())) {
            return;
        }
        let text = line(&chrono::Local::now().format("%H:%M:%S").to_string(), e);
        if self.plain {
            eprintln!("{text}");
        }
        if let Some(log) = &self.log {
            let mut f = log.lock().unwrap_or_else(|p| p.into_inner());
            // A log that cannot be written must not stop the planning.
            let _ = writeln!(f, "{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_the_time_planner_state_step_and_count() {
        let e = ProgressEvent { planner: "roster", state: Some(13), step: "rol resuelto", done: 3, total: 23 };
        assert_eq!(line("12:03:41", &e), "[12:03:41] roster  HIDALGO (13): rol resuelto 3/23");
        let e = ProgressEvent { planner: LOAD, state: None, step: "leyendo datos", done: 0, total: 0 };
        assert_eq!(line("08:00:00", &e), "[08:00:00] datos   leyendo datos");
    }

    #[test]
    fn long_planners_get_a_line_per_tenth_of_the_way() {
        let mut last = HashMap::new();
        let event = |done| ProgressEvent { planner: "routes", state: Some(7), step: "rutas de una UMM resueltas", done, total: 1000 };
        let written: Vec<usize> = (1..=1000).filter(|&d| worth_a_line(&event(d), &mut last)).collect();
        assert_eq!(written, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
        let short = |done| ProgressEvent { planner: "roster", state: Some(7), step: "rol", done, total: 23 };
        assert!((1..=23).all(|d| worth_a_line(&short(d), &mut last)), "every state of a short planner");
        // A new start (a sweep's next combination) starts counting again.
        assert!(worth_a_line(&ProgressEvent { planner: "routes", state: None, step: "planeando", done: 0, total: 0 }, &mut last));
        assert!(worth_a_line(&event(150), &mut last));
    }

    #[test]
    fn the_log_gets_every_event_as_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("avance.log");
        std::fs::write(&path, "antes\n").unwrap();
        let view = ProgressView::new(true, Some(&path)).unwrap();
        started(&view, "roster", "resolviendo el rol de fin de semana");
        view.report(&ProgressEvent { planner: "roster", state: Some(13), step: "rol resuelto", done: 1, total: 2 });
        finished(&view, "roster", 1.25, "");
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "antes", "the log is appended to");
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[1].ends_with("] roster  resolviendo el rol de fin de semana"), "{text}");
        assert!(lines[2].ends_with("] roster  HIDALGO (13): rol resuelto 1/2"), "{text}");
        assert!(lines[3].ends_with("] roster  terminado en 1.2 s") || lines[3].ends_with("] roster  terminado en 1.3 s"), "{text}");
    }
}
