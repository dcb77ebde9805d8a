//! View-models for the playground: everything the page draws that needs Kubernetes knowledge, as pure
//! data built from a [`Trace`](crate::sim::Trace) or from the document text. The web crate only draws
//! these; the CLI could print them too.
//!
//! - [`timeline`]: lanes (phase, conditions, containers grouped init → sidecar → app → ephemeral),
//!   segments, probe ticks, restart marks and event marks, with range queries that return only what is
//!   visible (decimated to the pixel budget), plus the time axis.
//! - [`init`]: the init-container step view at a moment.
//! - [`panels`]: the kubectl texts at a moment.
//! - [`actions`]: appending a timed action to the Scenario document of the text.

pub mod actions;
pub mod init;
pub mod panels;
pub mod timeline;

/// A compact offset since creation for labels: `0s`, `950ms`, `3.3s`, `1m35s`, `2h`, `1d4h`.
pub fn offset_label(ms: i64) -> String {
    if ms < 0 {
        return format!("-{}", offset_label(-ms));
    }
    if ms < 1000 && ms != 0 {
        return format!("{ms}ms");
    }
    if ms < 60_000 {
        return secs(ms);
    }
    let mut out = String::new();
    let mut rest = ms;
    for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000)] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if rest > 0 {
        out.push_str(&secs(rest));
    }
    out
}

/// Seconds with up to millisecond precision, trailing zeros dropped: `3s`, `3.3s`, `3.25s`.
pub fn secs(ms: i64) -> String {
    let whole = ms / 1000;
    let frac = ms % 1000;
    if frac == 0 {
        format!("{whole}s")
    } else {
        let f = format!("{frac:03}");
        format!("{whole}.{}s", f.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_like_durations() {
        assert_eq!(offset_label(0), "0s");
        assert_eq!(offset_label(950), "950ms");
        assert_eq!(offset_label(3_300), "3.3s");
        assert_eq!(offset_label(95_000), "1m35s");
        assert_eq!(offset_label(7_200_000), "2h");
        assert_eq!(offset_label(100_800_000), "1d4h");
        assert_eq!(offset_label(61_250), "1m1.25s");
    }
}
