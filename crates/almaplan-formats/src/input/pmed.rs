//! OR-Library p-median instances (Beasley's `pmed1`…`pmed40`) and their best-known values.
//!
//! An instance file starts with `n edges p` and lists `edges` undirected edges `i j cost` over the
//! vertices `1..=n`; the distance between two vertices is the shortest-path length (every vertex is
//! both a client and a candidate median). When an edge is listed twice the last listing wins, as in
//! Beasley's own generator, which overwrote the matrix entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use almaplan_core::error::{Error, Location, Severity};

/// A p-median instance on a graph: `distance` is the `n × n` shortest-path matrix, row-major.
#[derive(Debug, Clone)]
pub struct PmedInstance {
    /// File stem, e.g. `pmed1`.
    pub name: String,
    /// Vertices, numbered `1..=n` in the file and `0..n` in `distance`.
    pub n: usize,
    /// Edge lines the header announces.
    pub edges: usize,
    /// Number of medians to open.
    pub p: usize,
    /// Shortest-path lengths, `distance[i * n + j]` (0-based vertices).
    pub distance: Vec<f64>,
}

fn bad(file: &str, row: usize, column: &str, value: &str, expected: &str) -> Error {
    Error::input(Location { file, row: Some(row), column: Some(column) }.problem(
        Severity::Error,
        "instancia p-mediana inválida",
        Some(value),
        expected,
    ))
}

/// Reads an OR-Library `pmedN.txt` file and computes its shortest-path matrix (Floyd–Warshall).
pub fn read_instance(path: &Path) -> Result<PmedInstance, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    parse_instance(&text, &path.display().to_string(), name)
}

/// The most vertices an instance may have: the distance matrix is dense and completed by
/// Floyd–Warshall (n³ steps).
pub const MAX_VERTICES: usize = 1_000;

/// Parses the text of an instance; `source` names it in error messages.
pub fn parse_instance(text: &str, source: &str, name: String) -> Result<PmedInstance, Error> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((first_index, first)) = lines.next() else {
        return Err(bad(source, 1, "n", "", "una primera línea `n aristas p`; el archivo está vacío"));
    };
    let header = parse_numbers::<3>(first, source, first_index + 1, ["n", "edges", "p"])?;
    let (n, edges, p) = (header[0] as usize, header[1] as usize, header[2] as usize);
    if n == 0 || p == 0 || p > n {
        return Err(bad(source, first_index + 1, "p", &p.to_string(), &format!("1 ≤ p ≤ n = {n}")));
    }
    // Last listing of an edge wins: keep edges in a map keyed by the unordered pair.
    let mut edge_cost: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut read = 0;
    for (index, line) in lines {
        let row = index + 1;
        let v = parse_numbers::<3>(line, source, row, ["i", "j", "cost"])?;
        let (i, j, cost) = (v[0] as usize, v[1] as usize, v[2]);
        for (column, vertex) in [("i", i), ("j", j)] {
            if vertex == 0 || vertex > n || v[if column == "i" { 0 } else { 1 }].fract() != 0.0 {
                return Err(bad(source, row, column, &vertex.to_string(), &format!("un número de vértice entre 1 y {n}")));
            }
        }
        if cost < 0.0 {
            return Err(bad(source, row, "cost", &cost.to_string(), "una longitud de arista no negativa"));
        }
        edge_cost.insert((i.min(j) - 1, i.max(j) - 1), cost);
        read += 1;
    }
    if read != edges {
        return Err(bad(source, 1, "edges", &edges.to_string(), &format!("tantas líneas de aristas como se anuncian; hay {read}")));
    }
    // Checked before the n × n matrix is allocated (and Floyd–Warshall's n³ steps run): a header
    // can announce any n.
    if n > MAX_VERTICES {
        return Err(bad(
            source,
            first_index + 1,
            "n",
            &n.to_string(),
            &format!("hasta {MAX_VERTICES} vértices (las instancias pmed de OR-Library tienen hasta 900)"),
        ));
    }
    if n > read + 1 {
        return Err(bad(
            source,
            first_index + 1,
            "n",
            &n.to_string(),
            &format!("un grafo conexo: {n} vértices necesitan al menos {} aristas; hay {read}", n - 1),
        ));
    }
    let mut distance = vec![f64::INFINITY; n * n];
    for i in 0..n {
        distance[i * n + i] = 0.0;
    }
    for (&(i, j), &c) in &edge_cost {
        if i != j {
            distance[i * n + j] = c;
            distance[j * n + i] = c;
        }
    }
    floyd_warshall(&mut distance, n);
    if let Some(k) = distance.iter().position(|d| !d.is_finite()) {
        return Err(bad(
            source,
            1,
            "edges",
            &edges.to_string(),
            &format!("un grafo conexo; el vértice {} no llega al vértice {}", k / n + 1, k % n + 1),
        ));
    }
    Ok(PmedInstance { name, n, edges, p, distance })
}

fn parse_numbers<const N: usize>(line: &str, source: &str, row: usize, columns: [&str; N]) -> Result<[f64; N], Error> {
    let mut out = [0.0; N];
    let mut fields = line.split_whitespace();
    for (k, column) in columns.iter().enumerate() {
        let field = fields.next().unwrap_or("");
        out[k] = field
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| bad(source, row, column, field, "un número no negativo"))?;
    }
    if let Some(extra) = fields.next() {
        return Err(bad(source, row, columns[N - 1], extra, &format!("exactamente {N} números en la línea")));
    }
    Ok(out)
}

/// All-pairs shortest paths in place over a row-major `n × n` matrix.
pub fn floyd_warshall(d: &mut [f64], n: usize) {
    let mut row_k = vec![0.0; n];
    for k in 0..n {
        row_k.copy_from_slice(&d[k * n..(k + 1) * n]);
        for i in 0..n {
            let dik = d[i * n + k];
            if !dik.is_finite() {
                continue;
            }
            let row_i = &mut d[i * n..(i + 1) * n];
            for (dij, dkj) in row_i.iter_mut().zip(&row_k) {
                let via = dik + dkj;
                if via < *dij {
                    *dij = via;
                }
            }
        }
    }
}

/// Best-known (for pmed1–40, proven optimal) values from `bks.csv`
/// (`instance,n_vertices,n_edges,p,optimal`).
pub fn read_best_known(path: &Path) -> Result<BTreeMap<String, f64>, Error> {
    let table = crate::input::Table::read(path)?;
    let cols = table.require_columns(["instance", "optimal"])?;
    let mut d = almaplan_core::error::Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let name = row.required(cols.get(0), &mut d).map(str::to_string);
        let value = row.f64(cols.get(1), &mut d);
        if let (Some(name), Some(value)) = (name, value) {
            out.insert(name, value);
        }
    }
    d.into_result()?;
    Ok(out)
}

/// The file of instance `name` in the benchmark folder: `dir/name.txt` or `dir/test-data/name.txt`.
pub fn instance_path(dir: &Path, name: &str) -> Option<PathBuf> {
    [dir.join(format!("{name}.txt")), dir.join("test-data").join(format!("{name}.txt"))].into_iter().find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_paths_and_last_edge_wins() {
        // Triangle 1-2 (10, then 3: last wins), 2-3 (4), 1-3 (20): d(1,3) = 7 through 2.
        let text = "3 4 1\n1 2 10\n2 3 4\n1 3 20\n2 1 3\n";
        let inst = parse_instance(text, "t.txt", "t".into()).unwrap();
        assert_eq!(inst.distance[1], 3.0);
        assert_eq!(inst.distance[2], 7.0);
        assert_eq!(inst.distance[2 * 3], 7.0);
    }

    #[test]
    fn malformed_lines_are_located() {
        let e = parse_instance("3 2 1\n1 2 5\n1 x 4\n", "t.txt", "t".into()).unwrap_err();
        assert!(e.to_string().contains("t.txt:3:j: \"x\""), "{e}");
        let e = parse_instance("3 2 1\n1 2 5\n1 9 4\n", "t.txt", "t".into()).unwrap_err();
        assert!(e.to_string().contains("t.txt:3:j"), "{e}");
        let e = parse_instance("3 2 1\n1 2 5\n", "t.txt", "t".into()).unwrap_err();
        assert!(e.to_string().contains("hay 1"), "{e}");
        let e = parse_instance("3 1 1\n1 2 5\n", "t.txt", "t".into()).unwrap_err();
        assert!(e.to_string().contains("conexo"), "{e}");
    }
}
