//! # almaplan-formats
//!
//! Everything almaplan reads and writes, and nothing it plans: the readers of the official
//! formats, the scenario schema, the one step that loads a scenario's inputs, the writers of every
//! output file and the schema of a run's output directory. The domain types and the planners live
//! in `almaplan-core`, which knows no file; this crate turns files into those types and back.
//!
//! ## Readers ([`input`])
//!
//! Each reader takes a file (CSV in UTF-8, UTF-8 with BOM or Windows-1252, separated by `,`, `;`
//! or tab as sniffed from the header, LF or CRLF; or XLSX), recognises its layout from the header
//! ([`input::table::Table`] hides the encoding and separator; a header without rows is an error,
//! `sin filas de datos`), checks every field and
//! returns domain records. Problems are *located*: a [`Problem`](almaplan_core::error::Problem)
//! prints as `file:row:column: "value" — what was expected`, with the row as the file's line
//! number (the header is line 1). A problem that makes the file unreadable (no such file, an
//! unknown header, a missing required column) is an `Err`; a bad row is pushed to the
//! [`Diagnostics`](almaplan_core::error::Diagnostics) the caller passes in, and the reader goes
//! on, so one run reports every bad row of every file at once. Warnings (a unit slightly outside
//! its state, an unknown care level) are reported but do not stop the run.
//!
//! ```
//! use almaplan_core::error::Diagnostics;
//! use almaplan_formats::input::{travel_matrix, Table};
//!
//! let csv = b"from,to,minutes\nA,B,12\nA,C,-3\n";
//! let table = Table::from_csv_bytes(csv, "tiempos.csv".to_string())?;
//! let mut d = Diagnostics::default();
//! let matrix = travel_matrix::from_table(&table, &mut d)?;
//! // A pair given in one direction holds both ways; the bad row is left out and located.
//! assert_eq!(matrix[&("B".to_string(), "A".to_string())], 12.0);
//! assert_eq!(d.errors[0].to_string(), "tiempos.csv:3:minutes: \"-3\" — minutos ≥ 0");
//! # Ok::<(), almaplan_core::error::Error>(())
//! ```
//!
//! ## The scenario ([`scenario`])
//!
//! One TOML file names the data and the policy of a run (the module documents the format). A
//! scenario may `extends = "other.toml"` (or `"demo"`, the embedded demo) and change only what
//! differs; `--fijar seccion.clave=valor` overrides ([`scenario::Override`]) are applied on top; paths
//! may use `${VAR}` from the environment, typically `${ALMAPLAN_DATA}`. Unknown keys are errors,
//! and the merged result is checked before anything is read.
//!
//! ```
//! use almaplan_formats::scenario::{LoadedScenario, Override};
//!
//! let set = Override::parse("roster.max_travel_minutes=90")?;
//! let s = LoadedScenario::demo_with(&[set])?;
//! assert_eq!(s.scenario.roster.unwrap().max_travel_minutes, 90.0);
//! assert_eq!(s.overrides, ["roster.max_travel_minutes=90"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Loading ([`load`])
//!
//! [`load::load`] reads (or generates) everything a scenario names in one step, before any planner
//! runs: the network, travel times, calendar, boundaries and published figures, joined and
//! checked, with every problem of every file collected. Any error-level problem fails the load
//! with the whole list; [`load::load_all`] returns what it could read with all the problems, which
//! is what `almaplan validate` prints.
//!
//! ## Writers ([`output`])
//!
//! One module per planner writes its files (CSV with Spanish column names, in UTF-8 with a BOM so
//! that Excel reads the accents, unless [`output::set_csv_bom`]`(false)`; XLSX; GeoJSON; iCalendar;
//! SVG; JSON). Every file goes through [`output::write_atomic`]: it is written to a temporary file
//! in the target directory and renamed into place only when complete, so a failed run never
//! leaves a half-written file. Numbers are written with fixed decimals ([`output::fixed`]), so two
//! runs of the same scenario give byte-identical files.
//!
//! ## A run's directory ([`run_schema`])
//!
//! The run-output schema, defined once: the file names of a run directory and the records that
//! `almaplan run` writes and `almaplan compare` and `almaplan sweep` read back, so they cannot drift
//! apart: `indicadores.json` (headline figures), `estado_elementos.csv` (the status of every unit,
//! locality and state) and `ejecucion.json` (the scenario as planned).
#![warn(missing_docs)]

pub mod fuzzing;
pub mod input;
pub mod load;
pub mod load_team;
pub mod output;
pub mod run_schema;
pub mod scenario;
