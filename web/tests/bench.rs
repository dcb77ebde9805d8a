//! In-browser benchmarks of the wasm build, in headless Chromium (`wasm-pack test`).
//!
//! Quick mode (what `./dev test` runs, in the debug build with the DOM tests): one pass of each
//! case, so CI proves the harness still runs. Figures come from the release build:
//!
//! ```sh
//! PODLIFE_BENCH=full wasm-pack test --release --headless --chrome --mode no-install \
//!     --chromedriver /usr/bin/chromedriver web --test bench
//! ```
//!
//! (`./dev bench` runs this and the page-level benchmark `tests/e2e/bench.mjs`.) It prints, per
//! gallery example, the p50/p95 of "edit → updated timeline": what the page does when the editor's
//! debounce settles (load, validate, simulate, build the timeline and figures: `AppState::new`) plus
//! rendering the timeline component into the DOM, split into the two ("state", "render"), with the
//! number of SVG elements drawn (a figure CPU contention cannot blur), the cost of the same edit on a
//! timeline already mounted ("update", as on the page) and of a playback frame ("frame"); and, run
//! first so that the module's memory is still fresh, the 24-hour crash loop in wasm and the wasm
//! memory it needed (wasm memory never shrinks, so its size afterwards is the peak).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use podlife_web::components::timeline::TimelineView;
use podlife_web::i18n::Lang;
use podlife_web::{examples, state::AppState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const CHURN_24H: &str = include_str!("../../tests/fixtures/bench/churn-24h.yaml");

fn full() -> bool {
    option_env!("PODLIFE_BENCH") == Some("full")
}

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn memory_bytes() -> f64 {
    let memory = wasm_bindgen::memory().dyn_into::<js_sys::WebAssembly::Memory>().unwrap();
    memory.buffer().dyn_into::<js_sys::ArrayBuffer>().unwrap().byte_length() as f64
}

/// Lets the page breathe between samples: the test runner talks to the page over WebDriver and gives
/// up when the main thread stays busy for long.
async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// The `p`-th percentile (nearest rank) of `samples`.
fn percentile(samples: &mut [f64], p: f64) -> f64 {
    lifecycle::sort::by(samples, f64::total_cmp);
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

/// The timeline's properties for `state`'s run, playhead at `t_ms`.
fn props_of(state: &AppState, t_ms: i64) -> podlife_web::components::timeline::TimelineProps {
    podlife_web::components::timeline::TimelineProps {
        run: Rc::clone(state.run.as_ref().expect("the example runs")),
        t_ms,
        selected: None,
        playing: false,
        dispatch: Callback::noop(),
        lang: Lang::En,
        axis_end_ms: None,
        window: None,
        caption: None,
    }
}

/// Renders the timeline of `state`'s run into a fresh element and waits until it is in the DOM; the
/// handle unmounts it (a removed element alone would leave the component alive).
async fn render_timeline(state: &AppState) -> (web_sys::Element, yew::AppHandle<TimelineView>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = props_of(state, 0);
    let handle = yew::Renderer::<TimelineView>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, handle)
}

#[wasm_bindgen_test]
async fn crash_loop_of_24_hours_in_wasm() {
    let rounds = if full() { 5 } else { 1 };
    // Quick mode (debug build, in every test run) simulates an hour: proof it runs, not a figure.
    let text = if full() { CHURN_24H.to_string() } else { CHURN_24H.replace("horizon: 24h", "horizon: 1h") };
    let before = memory_bytes();
    let mut samples = Vec::new();
    let mut events = 0;
    let mut probes = 0;
    for _ in 0..rounds {
        let t0 = now_ms();
        let loaded = lifecycle::load(&text);
        let run = lifecycle::sim::run_document(&loaded, Default::default()).expect("the churn pod runs");
        samples.push(now_ms() - t0);
        events = run.trace.events.len();
        probes = run.trace.probes.len();
        yield_to_browser().await;
    }
    let least = if full() { 150_000 } else { 3_000 };
    assert!(probes > least, "the churn should produce > {least} probe results, got {probes}");
    let t0 = now_ms();
    let state = AppState::new(&text, None, 0);
    let (root, handle) = render_timeline(&state).await;
    let page = now_ms() - t0;
    // Only what a pixel can show is drawn: thousands of probe results become a few paths. (One
    // element and one <title> per drawn probe result made this thousands of nodes.)
    let nodes = root.query_selector_all("svg *").unwrap().length();
    let budget = if full() { 2_500 } else { 400 };
    assert!(nodes < budget, "{nodes} SVG elements for the crash loop (budget {budget})");
    handle.destroy();
    root.remove();
    let median = percentile(&mut samples, 50.0);
    console_log!(
        "crash loop ({}), 1 s probes: simulate median {median:.1} ms (budget 50 ms) over {rounds} run(s), \
         {events} events, {probes} probe results; with timeline view-model and render {page:.1} ms, \
         {nodes} SVG elements",
        if full() { "24 h" } else { "1 h, quick mode" }
    );
    console_log!(
        "wasm memory: {:.1} MB before, {:.1} MB after (peak; budget 64 MB)",
        before / 1_048_576.0,
        memory_bytes() / 1_048_576.0
    );
}

#[wasm_bindgen_test]
async fn edit_to_updated_timeline_per_gallery_example() {
    let rounds = if full() { 40 } else { 1 };
    // "state" is `AppState::new` (load, validate, simulate, view-models); "render" is mounting the
    // timeline into the DOM; "nodes" counts the SVG's elements (a figure CPU contention cannot blur);
    // "update" is state plus re-rendering a mounted timeline with the new run (what an edit costs on
    // the page); "frame" is moving the playhead (what a playback frame costs the timeline).
    console_log!(
        "{:<24} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9} {:>9}",
        "example (edit → timeline)",
        "p50 ms",
        "p95 ms",
        "max ms",
        "state p95",
        "render p95",
        "nodes",
        "update p95",
        "frame p95"
    );
    // V8 compiles wasm in tiers (baseline first, optimised once a function is hot): one untimed pass
    // over the whole gallery first, so that the example measured first does not pay for it alone.
    for ex in examples::ALL.iter() {
        let state = AppState::new(ex.text, None, 0);
        let (root, handle) = render_timeline(&state).await;
        handle.destroy();
        root.remove();
        yield_to_browser().await;
    }
    let mut worst_p95: f64 = 0.0;
    for ex in examples::ALL.iter() {
        let mut samples = Vec::with_capacity(rounds);
        let mut states = Vec::with_capacity(rounds);
        let mut renders = Vec::with_capacity(rounds);
        let mut nodes = 0;
        // One untimed round first: the first run of a code path pays for the engine's compilation.
        for round in 0..=rounds {
            let t0 = now_ms();
            let state = AppState::new(ex.text, None, 0);
            let t1 = now_ms();
            let (root, handle) = render_timeline(&state).await;
            let t2 = now_ms();
            if round > 0 {
                samples.push(t2 - t0);
                states.push(t1 - t0);
                renders.push(t2 - t1);
            }
            assert!(root.query_selector("svg").unwrap().is_some(), "{}: no timeline drawn", ex.id);
            nodes = root.query_selector_all("svg *").unwrap().length();
            handle.destroy();
            root.remove();
            yield_to_browser().await;
        }
        // What the page does on an edit: the mounted timeline gets the new run (a new allocation,
        // as after every edit) and Yew diffs it against the old one. Then playback frames: only the
        // playhead moves.
        let state = AppState::new(ex.text, None, 0);
        let (root, mut handle) = render_timeline(&state).await;
        let mut updates = Vec::with_capacity(rounds);
        let mut frames = Vec::with_capacity(rounds);
        for round in 0..=rounds {
            let t0 = now_ms();
            let state = AppState::new(ex.text, None, 0);
            handle.update(props_of(&state, 0));
            yew::scheduler::flush().await;
            let t1 = now_ms();
            handle.update(props_of(&state, 1_000 + round as i64 * 100));
            yew::scheduler::flush().await;
            let t2 = now_ms();
            if round > 0 {
                updates.push(t1 - t0);
                frames.push(t2 - t1);
            }
            yield_to_browser().await;
        }
        handle.destroy();
        root.remove();
        let update_p95 = percentile(&mut updates, 95.0);
        let frame_p95 = percentile(&mut frames, 95.0);
        let max = samples.iter().copied().fold(0.0, f64::max);
        let p50 = percentile(&mut samples, 50.0);
        let p95 = percentile(&mut samples, 95.0);
        let state_p95 = percentile(&mut states, 95.0);
        let render_p95 = percentile(&mut renders, 95.0);
        worst_p95 = worst_p95.max(p95);
        console_log!(
            "{:<24} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>9.2} {:>9.2}",
            ex.id,
            p50,
            p95,
            max,
            state_p95,
            render_p95,
            nodes,
            update_p95,
            frame_p95
        );
    }
    console_log!("worst p95 over the gallery: {worst_p95:.2} ms (budget 16 ms)");
}
