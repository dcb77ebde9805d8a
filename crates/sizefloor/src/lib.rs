//! How many bytes of the page the core accounts for, layer by layer.
//!
//! The page (web/) is over its size budget, and most of it is the core. This module calls exactly
//! what the page calls in `lifecycle` — load and validate; run; the timeline view-model and kubectl
//! panels; explanations, lints, figures and exports; the highlighter — and nothing of Yew, so its
//! optimised wasm is the floor under any page built on this core. `./dev size` builds it once per
//! cumulative feature set (see Cargo.toml) and prints each layer's gzip cost.

// `no_mangle` counts as unsafe code: an exported symbol is what keeps the linked code alive.
#![allow(unsafe_code)]

/// Gallery examples, so that every input the page feeds the core reaches it.
const EXAMPLES: [&str; 4] = [
    include_str!("../../../web/examples/pod-live-exec.yaml"),
    include_str!("../../../web/examples/init-services.yaml"),
    include_str!("../../../web/examples/native-sidecar.yaml"),
    include_str!("../../../web/examples/crashloop.yaml"),
];

/// Runs example `which` through the core as the page does at `t_ms`; returns the bytes produced.
#[no_mangle]
pub extern "C" fn podlife_floor(which: u32, t_ms: i64) -> usize {
    let text = EXAMPLES[which as usize % EXAMPLES.len()];
    let loaded = lifecycle::load(text);
    let mut out = String::new();
    for d in loaded.diagnostics.iter().chain(&loaded.validation) {
        out.push_str(&d.message);
        if let Some(p) = &d.phrase {
            out.push_str(&p.to_string());
        }
    }
    #[cfg(feature = "highlight")]
    for line in lifecycle::highlight::tokenize(text) {
        out.push_str(&line.len().to_string());
    }
    #[cfg(feature = "sim")]
    if let Some(doc) = lifecycle::sim::run_document(&loaded, lifecycle::sim::RunOverrides::default()) {
        for n in &doc.trace.notes {
            out.push_str(&n.to_string());
        }
        out.push_str(&doc.trace.events.len().to_string());
        #[cfg(feature = "kubectl")]
        {
            use lifecycle::view::panels;
            let timeline = lifecycle::view::timeline::Timeline::build(&doc.trace);
            out.push_str(&timeline.lanes.len().to_string());
            out.push_str(&panels::watch_until(&doc.trace, t_ms));
            out.push_str(&panels::get_at(&doc.trace, t_ms));
            out.push_str(&panels::describe_at(&doc.trace, t_ms));
            out.push_str(&panels::status_yaml_at(&doc.trace, t_ms));
            out.push_str(&panels::status_at(&doc.trace, t_ms));
        }
        #[cfg(feature = "insight")]
        {
            use lifecycle::insight;
            out.push_str(&insight::kubectl_script(&loaded, &doc));
            out.push_str(&insight::transcript(&doc.trace, t_ms));
            let figures = insight::figures(&doc.trace);
            out.push_str(&insight::compare(&figures, &figures).len().to_string());
            for e in insight::explain(&loaded, &doc) {
                out.push_str(&e.phrase.to_string());
                out.push_str(&insight::field_lines(&loaded.source, &e.fields).len().to_string());
            }
            for l in insight::lint(&loaded, &doc) {
                out.push_str(&l.diagnostic.message);
            }
        }
    }
    let _ = t_ms;
    out.len()
}
