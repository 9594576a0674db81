//! Errors and input problems.
//!
//! Every reader reports what it finds wrong as a [`Problem`]: the file, the row, the column, the
//! value and what was expected, printed as `file:row:column: value — expected`. Fatal problems
//! (errors) stop the run before any output is written; tolerable ones (warnings) are counted and
//! summarised by category so that ten thousand rows with the same quirk do not drown the one that
//! matters.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One thing wrong with the input, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// Short category used to summarise warnings ("tipología desconocida", …).
    pub category: &'static str,
    pub file: String,
    /// 1-based line in the file, counting the header as line 1.
    pub row: Option<usize>,
    pub column: Option<String>,
    pub value: Option<String>,
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
    pub file: &'a str,
    pub row: Option<usize>,
    pub column: Option<&'a str>,
}

impl Location<'_> {
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
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Diagnostics {
    pub fn push(&mut self, problem: Problem) {
        match problem.severity {
            Severity::Error => self.errors.push(problem),
            Severity::Warning => self.warnings.push(problem),
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

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

#[derive(Debug)]
pub struct WarningGroup<'a> {
    pub category: &'static str,
    pub file: &'a str,
    pub count: usize,
    pub example: &'a Problem,
}

/// Everything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", format_input_errors(.0))]
    Input(Vec<Problem>),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("escenario {path}: {message}")]
    Scenario { path: String, message: String },
    #[error("modelo {model}: {message}")]
    Solver { model: String, message: String },
    #[error("salida {path}: {message}")]
    Output { path: PathBuf, message: String },
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
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Solver { .. } => 2,
            _ => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// A single fatal input problem.
    pub fn input(problem: Problem) -> Self {
        Error::Input(vec![problem])
    }
}

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
