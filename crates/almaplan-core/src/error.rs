//! Errors and input problems.
//!
//! Every reader reports what it finds wrong as a [`Problem`]: the file, the row, the column, the
//! value and what was expected, printed as `file:row:column: value — expected`. Fatal problems
//! (errors) stop the run before any output is written; tolerable ones (warnings) are counted and
//! summarised by category so that ten thousand rows with the same quirk do not drown the one that
//! matters.
//!
//! The readers live in `almaplan-formats`; the types live here so that planners can report input
//! problems too, and every layer fails with the one [`Error`] type.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Tolerable: counted, summarised by category, and the run goes on.
    Warning,
    /// Fatal: the run stops before anything is solved or written.
    Error,
}

/// One thing wrong with the input, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// Whether the problem stops the run.
    pub severity: Severity,
    /// Short category used to summarise warnings ("tipología desconocida", …).
    pub category: &'static str,
    /// The file (as the user named it) the problem is in.
    pub file: String,
    /// 1-based line in the file, counting the header as line 1.
    pub row: Option<usize>,
    /// Column name, when the problem is in one.
    pub column: Option<String>,
    /// The offending value as read, when there is one.
    pub value: Option<String>,
    /// What was expected instead, or what is wrong, in words for the user.
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ":{column}")?;
        }
        match &self.value {
            Some(value) => write!(f, ": {:?} — {}", value, self.expected),
            None => write!(f, ": {}", self.expected),
        }
    }
}

/// Builds a [`Problem`] for one location; readers fill in the location once and add the details.
#[derive(Debug, Clone)]
pub struct Location<'a> {
    /// The file.
    pub file: &'a str,
    /// 1-based line, the header being line 1.
    pub row: Option<usize>,
    /// Column name.
    pub column: Option<&'a str>,
}

impl Location<'_> {
    /// A [`Problem`] at this location.
    ///
    /// ```
    /// use almaplan_core::error::{Location, Severity};
    ///
    /// let at = Location { file: "cat.csv", row: Some(12), column: Some("latitud") };
    /// let p = at.problem(Severity::Error, "número inválido", Some("19,5x"), "un número decimal");
    /// assert_eq!(p.to_string(), "cat.csv:12:latitud: \"19,5x\" — un número decimal");
    /// ```
    pub fn problem(&self, severity: Severity, category: &'static str, value: Option<&str>, expected: impl Into<String>) -> Problem {
        Problem {
            severity,
            category,
            file: self.file.to_string(),
            row: self.row,
            column: self.column.map(str::to_string),
            value: value.map(str::to_string),
            expected: expected.into(),
        }
    }
}

/// The problems found while reading a scenario's inputs.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Diagnostics {
    /// Fatal problems, in the order found.
    pub errors: Vec<Problem>,
    /// Tolerable problems, in the order found.
    pub warnings: Vec<Problem>,
}

impl Diagnostics {
    /// Files a problem under `errors` or `warnings` by its severity.
    pub fn push(&mut self, problem: Problem) {
        match problem.severity {
            Severity::Error => self.errors.push(problem),
            Severity::Warning => self.warnings.push(problem),
        }
    }

    /// True when any fatal problem was found.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Appends another file's problems (the load step collects every file's before failing).
    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// Warnings grouped by (file, category) with their count and first example.
    pub fn warning_summary(&self) -> Vec<WarningGroup<'_>> {
        let mut groups: BTreeMap<(&str, &str), WarningGroup<'_>> = BTreeMap::new();
        for w in &self.warnings {
            groups.entry((w.file.as_str(), w.category)).and_modify(|g| g.count += 1).or_insert(WarningGroup {
                category: w.category,
                file: &w.file,
                count: 1,
                example: w,
            });
        }
        groups.into_values().collect()
    }

    /// Turns collected errors into a fatal [`Error`], or returns `Ok` when there are none.
    pub fn into_result(self) -> Result<Diagnostics, Error> {
        if self.errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::Input(self.errors))
        }
    }
}

/// Warnings of one category in one file: how many, and the first one as an example.
#[derive(Debug)]
pub struct WarningGroup<'a> {
    /// The category shared by the group.
    pub category: &'static str,
    /// The file shared by the group.
    pub file: &'a str,
    /// Warnings in the group.
    pub count: usize,
    /// The first warning of the group.
    pub example: &'a Problem,
}

/// Everything that stops a command. Planners return it through [`Result`]; the CLI prints it and
/// exits with [`Error::exit_code`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Fatal input problems, all of them (printed up to 50, the rest counted); exit code 1.
    #[error("{}", format_input_errors(.0))]
    Input(Vec<Problem>),
    /// A file could not be read or written (raised by `almaplan-formats`; the core crate does
    /// no I/O); exit code 1.
    #[error("{}: {}", path.display(), io_message(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A scenario setting is wrong or does not fit the data; exit code 1.
    #[error("escenario {path}: {message}")]
    Scenario {
        /// The setting's dotted path in the scenario (`zones.zone_file`, `waves.brigade_homes`).
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A model could not be solved (infeasible, unbounded, no solution in time, watchdog); exit
    /// code 2.
    #[error("modelo {model}: {message}")]
    Solver {
        /// The model's name ([`crate::lp::SolveReport::model`]).
        model: String,
        /// What the solver reported, with a hint at the cause.
        message: String,
    },
    /// A model found no feasible solution before its time limit (or its wall-clock watchdog); exit
    /// code 2. Planners that have a plan of their own to fall back on (a greedy start, the rounded
    /// relaxation) catch it and return that plan with status `TimeLimit` instead.
    #[error("modelo {model}: {message}")]
    SolverTimeLimit {
        /// The model's name ([`crate::lp::SolveReport::model`]).
        model: String,
        /// What the solver reported, with the limit.
        message: String,
    },
    /// An output could not be produced; exit code 1.
    #[error("salida {path}: {message}")]
    Output {
        /// The output file or directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// What the operating system said about a file, in Spanish for the usual cases (the standard
/// library's texts are English: «No such file or directory (os error 2)»).
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let spanish = match e.kind() {
        K::NotFound => "no existe",
        K::PermissionDenied => "permiso denegado",
        K::AlreadyExists => "ya existe",
        K::InvalidData => "datos inválidos (¿no es UTF-8?)",
        K::UnexpectedEof => "el archivo termina antes de tiempo",
        K::WriteZero | K::StorageFull => "no hay espacio para escribir",
        K::IsADirectory => "es una carpeta, no un archivo",
        K::NotADirectory => "no es una carpeta",
        K::DirectoryNotEmpty => "la carpeta no está vacía",
        K::ReadOnlyFilesystem => "sistema de archivos de solo lectura",
        K::BrokenPipe => "la salida se cerró",
        _ => return format!("error de entrada/salida: {e}"),
    };
    match e.raw_os_error() {
        Some(code) => format!("{spanish} (error del sistema {code})"),
        None => spanish.to_string(),
    }
}

/// How many errors are printed in full; the rest are counted.
const ERRORS_SHOWN: usize = 50;

fn format_input_errors(errors: &[Problem]) -> String {
    let mut out = String::new();
    for e in errors.iter().take(ERRORS_SHOWN) {
        out.push_str(&e.to_string());
        out.push('\n');
    }
    if errors.len() > ERRORS_SHOWN {
        out.push_str(&format!("… y {} errores más\n", errors.len() - ERRORS_SHOWN));
    }
    out.push_str(&format!("{} error(es) en los datos de entrada; no se escribió ninguna salida", errors.len()));
    out
}

impl Error {
    /// Process exit code: 1 for bad input (and anything the user must fix), 2 for solver failure.
    /// (A usage error, caught by the command-line parser before any command runs, exits with 64.)
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Solver { .. } | Error::SolverTimeLimit { .. } => 2,
            _ => 1,
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// A single fatal input problem.
    pub fn input(problem: Problem) -> Self {
        Error::Input(vec![problem])
    }
}

/// The crate's result type: [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_prints_file_row_column_value_expected() {
        let loc = Location { file: "cat.csv", row: Some(12), column: Some("latitud") };
        let p = loc.problem(Severity::Error, "número inválido", Some("19,5x"), "un número decimal");
        assert_eq!(p.to_string(), "cat.csv:12:latitud: \"19,5x\" — un número decimal");
    }

    #[test]
    fn warnings_are_grouped_by_file_and_category() {
        let mut d = Diagnostics::default();
        for row in 2..5 {
            let loc = Location { file: "a.csv", row: Some(row), column: None };
            d.push(loc.problem(Severity::Warning, "tipología desconocida", Some("X"), "una tipología conocida"));
        }
        let groups = d.warning_summary();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].count, 3);
        assert_eq!(groups[0].example.row, Some(2));
        assert!(d.into_result().is_ok());
    }
}
