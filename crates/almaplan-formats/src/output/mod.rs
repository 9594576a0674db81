//! Output files. Every file is written to a temporary name in the target directory and renamed
//! into place, so a failed run never leaves a half-written file behind.

pub mod network;
pub mod roster;
pub mod roster_ics;
pub mod roster_models;
pub mod routes;
pub mod supervision;
pub mod umm_programme;
pub mod waves;
pub mod waves_supply;
pub mod zones;

use std::io::Write;
use std::path::{Path, PathBuf};

use almaplan_core::error::Error;

/// Writes `path` atomically: `write` fills a temporary file that is renamed over `path` only when
/// everything succeeded.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Error> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut buf = std::io::BufWriter::new(file);
        write(&mut buf)?;
        buf.flush()?;
        buf.get_ref().sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Output { path: path.to_path_buf(), message: e.to_string() });
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::Output { path: path.to_path_buf(), message: e.to_string() }
    })
}

static CSV_BOM: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Whether [`write_csv`] starts every file with a UTF-8 byte-order mark (the default: Excel on
/// Windows then reads the accents right, where without it "sábado" shows as "sÃ¡bado"). The CLI's
/// `--sin-bom` turns it off for the whole process.
pub fn set_csv_bom(on: bool) {
    CSV_BOM.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether CSVs are written with a byte-order mark ([`set_csv_bom`]).
pub fn csv_bom() -> bool {
    CSV_BOM.load(std::sync::atomic::Ordering::Relaxed)
}

/// Writes a CSV file (UTF-8 with BOM unless [`set_csv_bom`]`(false)`, comma-separated, header
/// first) atomically.
pub fn write_csv<R: AsRef<[String]>>(path: &Path, header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<(), Error> {
    write_atomic(path, |w| {
        if csv_bom() {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(header)?;
        for r in rows {
            csv.write_record(r.as_ref())?;
        }
        csv.flush()?;
        Ok(())
    })
}

/// Writes pretty JSON atomically.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
}

/// Writes a GeoJSON `FeatureCollection` of `features` atomically. Every file almaplan writes holds
/// one geometry type (what GIS clients such as QGIS and GDAL open as one layer) and types its
/// properties: numbers as JSON numbers, yes/no as booleans, unknown values as `null`.
pub fn write_geojson(path: &Path, features: Vec<serde_json::Value>) -> Result<(), Error> {
    let doc = serde_json::json!({ "type": "FeatureCollection", "features": features });
    write_atomic(path, |w| {
        serde_json::to_writer(&mut *w, &doc)?;
        w.write_all(b"\n")
    })
}

/// Text escaped for HTML content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number with a fixed number of decimals, for stable, diff-friendly CSVs.
pub fn fixed(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escape_covers_markup_and_quotes() {
        assert_eq!(html_escape(r#"<a href="x">O'Higgins & Cía</a>"#), "&lt;a href=&quot;x&quot;&gt;O&#39;Higgins &amp; Cía&lt;/a&gt;");
    }

    #[test]
    fn failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let r = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_csv(&path, &["a", "b"], [vec!["1".to_string(), "2".to_string()]]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "\u{feff}a,b\n1,2\n");
    }
}
