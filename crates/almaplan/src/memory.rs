//! `--memoria-max`: a memory cap that ends the run cleanly (exit code 1, a Spanish message, no
//! output written) before the kernel's OOM killer would end it mid-write.
//!
//! Two guards share the cap:
//! - [`CappedAlloc`], the binary's global allocator, counts every Rust heap byte and refuses the
//!   allocation that would cross the cap, at once;
//! - a watchdog thread reads the resident set (`/proc/self/statm`) every 20 ms, which also sees the
//!   memory HiGHS allocates in C++ outside Rust's allocator.
//!
//! Outputs are written only after every planner has finished (each file atomically); a run stopped
//! while writing them takes back what it wrote ([`guard_output`]), so it leaves nothing behind.
//! Without a cap both guards cost one relaxed atomic load per allocation, and [`peak_bytes`] still
//! measures the Rust heap's high-water mark for benchmarks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

static CAP: AtomicUsize = AtomicUsize::new(0);
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static MESSAGE: OnceLock<String> = OnceLock::new();

/// The global allocator of the `almaplan` binary: the system allocator, counted and capped.
pub struct CappedAlloc;

// SAFETY: every call is forwarded to `System` with the same layout; the counters never touch the
// returned memory.
unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            over_cap();
        }
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            over_cap();
        }
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !reserve(new_size - old) {
            over_cap();
        }
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > old {
                CURRENT.fetch_sub(new_size - old, Ordering::Relaxed);
            }
        } else if new_size < old {
            CURRENT.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        p
    }
}

/// Counts `bytes` more; `false` when that crosses the cap.
fn reserve(bytes: usize) -> bool {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
    let cap = CAP.load(Ordering::Relaxed);
    cap == 0 || now <= cap
}

/// The output folder of this run, whether it existed before, and when the run started.
static OUTPUT: OnceLock<(std::path::PathBuf, bool, std::time::SystemTime)> = OnceLock::new();

/// Remembers the folder this run writes its outputs to (call before [`set_cap`]): a run stopped by
/// the cap removes what it wrote there (the folder itself when the run created it, else the files
/// written since the run started).
pub fn guard_output(dir: &std::path::Path) {
    let _ = OUTPUT.set((dir.to_path_buf(), dir.exists(), std::time::SystemTime::now()));
}

/// Ends the process. The cap is lifted first, so that taking back the outputs written so far can
/// allocate; the message was formatted when the cap was set.
fn over_cap() -> ! {
    static ENDING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if ENDING.swap(true, Ordering::SeqCst) {
        // Another thread is already ending the run.
        loop {
            std::thread::park();
        }
    }
    CAP.store(0, Ordering::SeqCst);
    if let Some((dir, existed, started)) = OUTPUT.get() {
        if *existed {
            remove_written_since(dir, *started);
        } else {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    let msg = MESSAGE.get().map_or("almaplan: error: memoria insuficiente para --memoria-max\n", String::as_str);
    let _ = std::io::stderr().lock().write_all(msg.as_bytes());
    std::process::exit(1)
}

/// Removes the files under `dir` modified at or after `since` (and folders left empty by that).
fn remove_written_since(dir: &std::path::Path, since: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() {
            remove_written_since(&path, since);
            let _ = std::fs::remove_dir(&path);
        } else if meta.modified().is_ok_and(|m| m >= since) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// High-water mark of the Rust heap since the process started, in bytes.
pub fn peak_bytes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Sets the cap (bytes) and starts the resident-set watchdog. A cap below what the process
/// already holds ends it at the next allocation, with the same message.
pub fn set_cap(bytes: usize) {
    let _ = MESSAGE.set(format!(
        "almaplan: error: memoria insuficiente: el límite --memoria-max de {} MiB no alcanza para este escenario; \
         súbalo o reduzca el escenario (entidades, meses). No se escribió ninguna salida.\n",
        bytes >> 20
    ));
    CAP.store(bytes, Ordering::Relaxed);
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let _ = std::thread::Builder::new().name("memoria-max".into()).spawn(move || loop {
            if let Some(resident) = resident_pages().map(|p| p * page) {
                if resident > bytes {
                    over_cap();
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        });
    }
}

/// Resident pages of this process (second field of `/proc/self/statm`).
#[cfg(target_os = "linux")]
fn resident_pages() -> Option<usize> {
    let mut buf = [0u8; 128];
    let n = {
        use std::io::Read;
        std::fs::File::open("/proc/self/statm").ok()?.read(&mut buf).ok()?
    };
    std::str::from_utf8(&buf[..n]).ok()?.split_whitespace().nth(1)?.parse().ok()
}

/// Parses a size as people write it: `512M`, `4G`, `1.5G`, `800MB`, `2GiB`, or bytes.
///
/// ```
/// use almaplan::memory::parse_size;
/// assert_eq!(parse_size("512M"), Ok(512 << 20));
/// assert_eq!(parse_size("1.5g"), Ok(3 << 29));
/// assert_eq!(parse_size("2GiB"), Ok(2 << 30));
/// assert!(parse_size("mucho").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: f64 = number.replace(',', ".").parse().map_err(|_| format!("«{text}»: un tamaño como 512M o 4G"))?;
    let factor: f64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1.0,
        "K" | "KB" | "KIB" => 1024.0,
        "M" | "MB" | "MIB" => 1024.0 * 1024.0,
        "G" | "GB" | "GIB" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("«{text}»: un tamaño como 512M o 4G (unidades K, M, G)")),
    };
    let bytes = number * factor;
    if !(bytes.is_finite() && bytes >= 1.0) {
        return Err(format!("«{text}»: un tamaño mayor que cero, como 512M o 4G"));
    }
    Ok(bytes as usize)
}
