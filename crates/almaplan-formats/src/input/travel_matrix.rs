//! A user-supplied travel-time matrix: CSV `from,to,minutes`, where `from` and `to` are CLUES or
//! locality CVEGEO keys. A pair given in one direction only is taken to hold both ways.

use std::path::Path;

use crate::input::table::Table;
use almaplan_core::error::{Diagnostics, Error};

pub use almaplan_core::territory::travel::TravelMatrix;

/// Reads a travel-time matrix; keys are matched against the network later. Negative minutes and a
/// pair listed twice in the same direction are errors recorded in `d`.
pub fn read(path: &Path, d: &mut Diagnostics) -> Result<TravelMatrix, Error> {
    let table = Table::read(path)?;
    from_table(&table, d)
}

/// [`read`] on a table already in memory.
pub fn from_table(table: &Table, d: &mut Diagnostics) -> Result<TravelMatrix, Error> {
    let c = table.require_columns(["from", "to", "minutes"])?;
    let mut given = TravelMatrix::new();
    for row in table.rows(d) {
        let (Some(from), Some(to)) = (row.required(c.get(0), d), row.required(c.get(1), d)) else { continue };
        let Some(minutes) = row.f64(c.get(2), d) else { continue };
        if minutes < 0.0 {
            d.push(row.problem(c.get(2), "tiempo negativo", "minutos ≥ 0"));
            continue;
        }
        if given.insert((from.to_string(), to.to_string()), minutes).is_some() {
            d.push(row.problem(c.get(1), "par duplicado", "cada par (from, to) una sola vez"));
        }
    }
    let mut matrix = given.clone();
    for ((a, b), m) in given {
        matrix.entry((b, a)).or_insert(m);
    }
    Ok(matrix)
}
