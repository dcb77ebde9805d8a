//! DOM tests of the playground's components, run in headless Chromium by `wasm-pack test`; playback
//! is tested with the real browser timers.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use gloo_timers::future::TimeoutFuture;
use podlife_web::i18n::Lang;
use podlife_web::persist::LANG_KEY;
use podlife_web::{examples, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit,
};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app with `text` in a fresh element, in English, and waits for the first render.
async fn mount(text: &'static str) -> Element {
    mount_in(text, Some(Lang::En)).await
}

/// Mounts the app in `lang` (`None`: the saved choice, else the browser's).
async fn mount_in(text: &'static str, lang: Option<Lang>) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        initial_text: AttrValue::Static(text),
        seed: None,
        t_ms: 0,
        notice: None,
        lang,
        persist: false,
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle(0).await;
    root
}

/// Lets timers fire for `ms`, then flushes Yew's scheduler.
async fn settle(ms: u32) {
    TimeoutFuture::new(ms).await;
    yew::scheduler::flush().await;
}

fn q(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn textarea(root: &Element) -> HtmlTextAreaElement {
    q(root, "textarea").dyn_into().unwrap()
}

async fn click(root: &Element, selector: &str) {
    q(root, selector).dyn_into::<HtmlElement>().unwrap().click();
    settle(0).await;
}

/// The playhead in ms, from the scrubber.
fn playhead(root: &Element) -> i64 {
    q(root, "input.scrub").dyn_into::<HtmlInputElement>().unwrap().value().parse::<f64>().unwrap() as i64
}

fn bubbling_input() -> InputEvent {
    let init = InputEventInit::new();
    init.set_bubbles(true);
    InputEvent::new_with_event_init_dict("input", &init).unwrap()
}

/// Types `text` as a user would: new value, then a bubbling `input` event (Yew delegates at the root).
async fn type_text(root: &Element, text: &str) {
    let area = textarea(root);
    area.set_value(text);
    area.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
}

async fn key(target: &web_sys::EventTarget, key: &str, ctrl: bool) -> KeyboardEvent {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    settle(0).await;
    ev
}

async fn select(root: &Element, selector: &str, value: &str) {
    let s: HtmlSelectElement = q(root, selector).dyn_into().unwrap();
    s.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    s.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    settle(0).await;
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2\"]\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

fn example(id: &str) -> &'static str {
    examples::ALL.iter().find(|e| e.id == id).unwrap().text
}

#[wasm_bindgen_test]
async fn default_example_is_simulated_with_key_figures() {
    let root = mount(examples::DEFAULT.text).await;
    assert!(textarea(&root).value().contains("name: pod-live-exec"));
    assert_eq!(text_of(&root, ".status"), "pod \"pod-live-exec\" simulated to 10m");
    assert!(text_of(&root, ".figures").contains("Ready at "), "{}", text_of(&root, ".figures"));
    assert_eq!(text_of(&root, ".problems"), "No problems");
    assert!(count(&root, "[data-lane='c:container-live-exec'] .seg") > 1);
    assert!(count(&root, ".lane .tick") > 0);
    assert!(count(&root, ".restart") > 0);
    assert!(text_of(&root, ".kubectl-watch").starts_with("NAME"));
    assert_eq!(root.query_selector(".version").unwrap().unwrap().text_content().unwrap(), "v0.1.0");
}

#[wasm_bindgen_test]
async fn edits_rerun_after_the_debounce_and_keep_the_text() {
    let root = mount(examples::DEFAULT.text).await;
    type_text(&root, POD).await;
    // Not yet: the run waits for typing to pause.
    assert!(text_of(&root, ".status").contains("pod-live-exec") || text_of(&root, ".status") == "…");
    settle(250).await;
    assert_eq!(text_of(&root, ".status"), "pod \"web\" simulated to 10m");
    assert_eq!(textarea(&root).value(), POD);
    assert_eq!(count(&root, ".gutter .ln"), POD.split('\n').count() as u32);
    let lanes: Vec<String> = {
        let l = root.query_selector_all(".lane").unwrap();
        (0..l.length())
            .map(|i| l.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("data-lane").unwrap())
            .collect()
    };
    assert_eq!(lanes.first().map(String::as_str), Some("phase"));
    assert_eq!(&lanes[lanes.len() - 2..], ["c:setup", "c:nginx"]);
}

#[wasm_bindgen_test]
async fn a_syntax_error_is_marked_on_its_line_and_listed() {
    let root = mount(POD).await;
    type_text(&root, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n").await;
    settle(250).await;
    let marked = root.query_selector(".gutter .mark-error").unwrap().expect("a marked line");
    assert!(text_of(&root, ".status").contains("problem"), "status: {}", text_of(&root, ".status"));
    assert!(text_of(&root, ".status").contains("last valid run"));
    let pos = text_of(&root, ".problem-pos");
    let line: u32 = pos.split(':').next().unwrap().parse().unwrap();
    assert_eq!(marked.text_content().unwrap(), line.to_string());
    assert_eq!(textarea(&root).value(), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n");
}

#[wasm_bindgen_test]
async fn clicking_a_problem_moves_the_caret_to_it() {
    let root = mount("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n").await;
    let pos = text_of(&root, ".problem-pos");
    let mut it = pos.split(':').map(|n| n.parse::<u32>().unwrap());
    let (line, col) = (it.next().unwrap(), it.next().unwrap());
    click(&root, ".problem-jump").await;
    let area = textarea(&root);
    let want = podlife_web::components::editor::utf16_offset(&area.value(), line, col);
    assert_eq!(area.selection_start().unwrap(), Some(want));
}

#[wasm_bindgen_test]
async fn tab_inserts_two_spaces_and_ctrl_slash_comments() {
    let root = mount("a:\n").await;
    let area = textarea(&root);
    area.set_selection_range(3, 3).unwrap();
    let ev = key(&area, "Tab", false).await;
    assert!(ev.default_prevented(), "Tab must not move focus");
    assert_eq!(area.value(), "a:\n  ");
    assert_eq!(area.selection_start().unwrap(), Some(5));
    area.set_selection_range(0, 1).unwrap();
    key(&area, "/", true).await;
    assert_eq!(area.value(), "# a:\n  ");
    key(&area, "/", true).await;
    assert_eq!(area.value(), "a:\n  ");
}

#[wasm_bindgen_test]
async fn playback_advances_on_real_timers_pauses_steps_and_scrubs() {
    let root = mount(examples::DEFAULT.text).await;
    assert_eq!(playhead(&root), 0);
    select(&root, ".controls select", "60").await;
    click(&root, ".controls .play").await;
    assert_eq!(q(&root, ".controls .play").get_attribute("aria-label").unwrap(), "Pause");
    settle(400).await;
    let t1 = playhead(&root);
    assert!(t1 > 5_000, "60× for 0.4 s moves ≥ 5 s, got {t1}");
    click(&root, ".controls .play").await;
    let paused = playhead(&root);
    settle(200).await;
    assert_eq!(playhead(&root), paused, "no timer runs while paused");
    // Step to the next change and back.
    click(&root, ".controls .step-next").await;
    let next = playhead(&root);
    assert!(next > paused);
    click(&root, ".controls .step-prev").await;
    assert!(playhead(&root) < next);
    // Scrub.
    let scrub: HtmlInputElement = q(&root, "input.scrub").dyn_into().unwrap();
    scrub.set_value("95000");
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    assert_eq!(playhead(&root), 95_000);
    assert_eq!(text_of(&root, ".clock .now"), "95s");
    // Restart plays from zero.
    click(&root, ".controls .restart").await;
    assert!(playhead(&root) < 95_000);
    click(&root, ".controls .play").await;
}

#[wasm_bindgen_test]
async fn space_toggles_play_outside_the_editor() {
    let root = mount(examples::DEFAULT.text).await;
    let doc: web_sys::EventTarget = web_sys::window().unwrap().document().unwrap().body().unwrap().into();
    key(&doc, " ", false).await;
    assert_eq!(q(&root, ".controls .play").get_attribute("aria-label").unwrap(), "Pause");
    key(&doc, " ", false).await;
    assert_eq!(q(&root, ".controls .play").get_attribute("aria-label").unwrap(), "Play");
    let before = playhead(&root);
    key(&doc, "ArrowRight", false).await;
    assert!(playhead(&root) > before, "{before} -> {}", playhead(&root));
    // In the editor, Space types.
    let ev = key(&textarea(&root), " ", false).await;
    assert!(!ev.default_prevented());
}

#[wasm_bindgen_test]
async fn clicking_an_event_selects_it_and_moves_the_playhead() {
    let root = mount(example("crashloop")).await;
    let marks = root.query_selector_all(".event").unwrap();
    assert!(marks.length() > 3);
    let mark: Element = marks.item(3).unwrap().dyn_into().unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    mark.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap())
        .unwrap();
    settle(0).await;
    assert!(count(&root, ".event.selected") == 1);
    assert!(!text_of(&root, ".selected-event").is_empty());
    assert!(playhead(&root) > 0);
}

#[wasm_bindgen_test]
async fn kubectl_panels_follow_the_playhead() {
    let root = mount(example("crashloop")).await;
    let scrub: HtmlInputElement = q(&root, "input.scrub").dyn_into().unwrap();
    scrub.set_value("60000");
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    assert!(text_of(&root, ".kubectl-watch").contains("CrashLoopBackOff"));
    click(&root, "#tab-get").await;
    let get = text_of(&root, ".kubectl-get");
    assert!(get.starts_with("NAME") && get.contains("crash "), "{get}");
    click(&root, "#tab-describe").await;
    let d = text_of(&root, ".kubectl-describe");
    assert!(d.starts_with("Name:") && d.contains("Events:") && d.contains("BackOff"), "{d}");
    click(&root, "#tab-status").await;
    assert!(text_of(&root, ".kubectl-status").contains("restartCount"));
}

#[wasm_bindgen_test]
async fn init_progress_shows_the_steps() {
    let root = mount(example("init-services")).await;
    assert_eq!(text_of(&root, ".init-label"), "Init:0/2");
    assert_eq!(count(&root, ".steps .step"), 3);
    assert_eq!(text_of(&root, ".step.app .step-name"), "myapp-container");
    // A step is a short row: a page-level class once matched the app step and made it a full-height column.
    let app_step = q(&root, ".step.app");
    let first_step = q(&root, ".steps .step");
    assert_eq!(app_step.get_bounding_client_rect().height(), first_step.get_bounding_client_rect().height());
    click(&root, ".controls .step-next").await;
    let scrub: HtmlInputElement = q(&root, "input.scrub").dyn_into().unwrap();
    scrub.set_value("60000");
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    assert_eq!(text_of(&root, ".init-label"), "Running");
    assert_eq!(count(&root, ".steps .step.done"), 2);
}

#[wasm_bindgen_test]
async fn an_action_is_appended_to_the_scenario_and_rerun() {
    let root = mount(example("crashloop")).await;
    let scrub: HtmlInputElement = q(&root, "input.scrub").dyn_into().unwrap();
    scrub.set_value("30000");
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    select(&root, "select.verb", "delete-pod").await;
    assert_eq!(text_of(&root, ".add-action"), "Add at 30s");
    click(&root, ".add-action").await;
    let text = textarea(&root).value();
    assert!(
        text.ends_with("kind: Scenario\nspec:\n  actions:\n  - {at: 30s, delete: {kind: Pod}}\n"),
        "{text}"
    );
    assert!(text_of(&root, ".figures").contains("deleted at"), "{}", text_of(&root, ".figures"));
}

#[wasm_bindgen_test]
async fn the_gallery_loads_an_example() {
    let root = mount(examples::DEFAULT.text).await;
    select(&root, "select.examples", "native-sidecar").await;
    assert!(textarea(&root).value().contains("name: sidecar-job"));
    assert!(text_of(&root, ".notice").contains("Native sidecar"));
    assert!(text_of(&root, ".steps").contains("sidecar"));
}

#[wasm_bindgen_test]
async fn question_mark_opens_help_and_escape_closes_it() {
    let root = mount(examples::DEFAULT.text).await;
    let body: web_sys::EventTarget = web_sys::window().unwrap().document().unwrap().body().unwrap().into();
    key(&body, "?", false).await;
    assert!(text_of(&root, ".help").contains("Keyboard shortcuts"));
    key(&body, "Escape", false).await;
    assert_eq!(count(&root, ".help"), 0);
}

#[wasm_bindgen_test]
async fn timeline_zoom_and_fit() {
    let root = mount(example("crashloop")).await;
    let before = count(&root, ".axis-tick");
    click(&root, ".timeline-tools [aria-label='Zoom in']").await;
    click(&root, ".timeline-tools [aria-label='Zoom in']").await;
    let labels = text_of(&root, ".axis-tick");
    assert!(!labels.is_empty());
    click(&root, ".timeline-tools [aria-label='Show the whole run']").await;
    assert_eq!(count(&root, ".axis-tick"), before);
}

/// Moves a mouse without a button pressed over the timeline's SVG to its own coordinates (`x`, `y`).
async fn hover(root: &Element, x: f64, y: f64) {
    pointer(root, "pointermove", x, y).await;
}

/// Fires pointer event `kind` on the timeline's SVG at its own coordinates (`x`, `y`).
async fn pointer(root: &Element, kind: &str, x: f64, y: f64) {
    let svg = q(root, ".timeline .plot svg");
    let rect = svg.get_bounding_client_rect();
    let w: f64 = svg.get_attribute("width").unwrap().parse().unwrap();
    let h: f64 = svg.get_attribute("height").unwrap().parse().unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"clientX".into(), &(rect.left() + x * rect.width() / w).into()).unwrap();
    js_sys::Reflect::set(&init, &"clientY".into(), &(rect.top() + y * rect.height() / h).into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&web_sys::window().unwrap(), &"PointerEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let ev: Event = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&kind.into(), &init))
        .unwrap()
        .dyn_into()
        .unwrap();
    svg.dispatch_event(&ev).unwrap();
    settle(0).await;
}

/// The timeline's tooltip text while it is shown, else "".
fn tooltip(root: &Element) -> String {
    let tip: HtmlElement = q(root, ".timeline .tl-tip").dyn_into().unwrap();
    if tip.style().get_property_value("display").unwrap() == "block" {
        tip.text_content().unwrap_or_default()
    } else {
        String::new()
    }
}

/// The numbers of an SVG path's data ("M10.5 3V7" → [10.5, 3, 7]).
fn path_numbers(d: &str) -> Vec<f64> {
    d.split(|c: char| c.is_ascii_alphabetic() || c == ' ')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn timeline_draws_ticks_as_paths_and_hover_names_the_mark_with_its_exact_time() {
    let root = mount(examples::DEFAULT.text).await;
    let lane = q(&root, "[data-lane='c:container-live-exec']");
    let y = attr(&lane, ".lane-bg", "y").parse::<f64>().unwrap() + 11.0;
    // One path per probe kind and outcome, successes under failures; the whole plot stays small
    // (it drew one element and one <title> per probe result before).
    let classes: Vec<String> = {
        let l = lane.query_selector_all(".tick").unwrap();
        (0..l.length())
            .map(|i| l.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("class").unwrap())
            .collect()
    };
    assert_eq!(classes, ["tick liveness ok", "tick liveness fail"]);
    let svg_elements = count(&root, ".timeline svg *");
    assert!(svg_elements < 160, "{svg_elements} SVG elements");
    let fail = path_numbers(&attr(&lane, ".tick.fail", "d"));
    let ok = path_numbers(&attr(&lane, ".tick.ok", "d"));
    // The first failure is drawn at x = fail[0]: its tooltip names it with its exact time.
    hover(&root, fail[0], y).await;
    assert_eq!(tooltip(&root), "container-live-exec liveness failure at 66.065s");
    hover(&root, ok[0] + 1.0, y).await;
    assert_eq!(tooltip(&root), "container-live-exec liveness success at 6.065s");
    // A restart mark, from 2 px away, wins over the probe results around it.
    let mark = path_numbers(&attr(&lane, ".restart .restart-mark", "d"));
    hover(&root, mark[0] + 2.0, y).await;
    assert_eq!(tooltip(&root), "restart #1 at 102.761s after 0s back-off");
    // Over a segment: its state, exact span and duration.
    let phase = q(&root, "[data-lane='phase']");
    let py = attr(&phase, ".lane-bg", "y").parse::<f64>().unwrap() + 11.0;
    let seg = q(&phase, ".seg.phase-running");
    let sx = seg.get_attribute("x").unwrap().parse::<f64>().unwrap();
    let sw = seg.get_attribute("width").unwrap().parse::<f64>().unwrap();
    hover(&root, sx + sw / 2.0, py).await;
    assert_eq!(tooltip(&root), "Running · 3.761s → 600s (9m56.239s)");
    pointer(&root, "pointerleave", sx, py).await;
    assert_eq!(tooltip(&root), "", "hidden when the pointer leaves");
    hover(&root, 20.0, y).await;
    assert_eq!(tooltip(&root), "", "none over the labels");
    // Pressing on the plot moves the playhead to the time under the pointer (to the pixel).
    let w: f64 = attr(&root, ".timeline .plot svg", "width").parse().unwrap();
    pointer(&root, "pointerdown", 170.0 + (w - 178.0) * 0.1, y).await;
    let t = playhead(&root);
    assert!((t - 60_000).abs() <= (600_000.0 / (w - 178.0)) as i64 + 1, "{t}");
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    q(root, selector).get_attribute(name).unwrap_or_default()
}

/// Every kubectl tab's text at the playhead.
async fn kubectl_texts(root: &Element) -> Vec<String> {
    let mut out = Vec::new();
    for (tab, class) in [("get", "get"), ("describe", "describe"), ("status", "status"), ("watch", "watch")] {
        click(root, &format!("#tab-{tab}")).await;
        out.push(format!("{}\n{}", text_of(root, ".prompt"), text_of(root, &format!(".kubectl-{class}"))));
    }
    out
}

#[wasm_bindgen_test]
async fn the_language_toggle_translates_the_page_but_not_kubectl_and_is_remembered() {
    storage().remove_item(LANG_KEY).unwrap();
    let root = mount_in(example("crashloop"), Some(Lang::En)).await;
    let scrub: HtmlInputElement = q(&root, "input.scrub").dyn_into().unwrap();
    scrub.set_value("60000");
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    let english = kubectl_texts(&root).await;
    assert!(english[0].contains("CrashLoopBackOff"), "{}", english[0]);
    assert_eq!(text_of(&root, ".lang-toggle"), "中文");
    assert_eq!(text_of(&root, ".tagline"), "Pod Lifecycle Playground");

    click(&root, ".lang-toggle").await;
    assert_eq!(storage().get_item(LANG_KEY).unwrap().as_deref(), Some("zh"));
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-CN"));
    assert_eq!(text_of(&root, ".lang-toggle"), "English");
    assert_eq!(text_of(&root, ".tagline"), "Pod 生命周期演练场");
    assert_eq!(text_of(&root, ".status"), "pod \"crash\" 已模拟到 10m");
    assert_eq!(attr(&root, ".controls .play", "aria-label"), "播放");
    assert_eq!(text_of(&root, ".timeline-tools .fit"), "全览");
    assert!(text_of(&root, ".figures").contains("重启"), "{}", text_of(&root, ".figures"));
    // The simulation's warning about the crash loop is podlife's own words: Chinese.
    let warning = text_of(&root, ".problem.warning .problem-msg");
    assert!(warning.contains("但重启策略是 Always：它会在 CrashLoopBackOff 中不断重启"), "{warning}");
    assert!(text_of(&root, ".add-action").starts_with("在 "), "{}", text_of(&root, ".add-action"));
    // What kubectl prints is the same, byte for byte.
    assert_eq!(kubectl_texts(&root).await, english);
    // The help is Chinese too, with the Kubernetes key names untouched.
    let body: web_sys::EventTarget = web_sys::window().unwrap().document().unwrap().body().unwrap().into();
    key(&body, "?", false).await;
    assert!(text_of(&root, ".help").contains("键盘快捷键"), "{}", text_of(&root, ".help"));
    key(&body, "Escape", false).await;

    // A remount (a reload) keeps the choice.
    root.remove();
    let again = mount_in(example("crashloop"), None).await;
    assert_eq!(text_of(&again, ".tagline"), "Pod 生命周期演练场");
    click(&again, ".lang-toggle").await;
    assert_eq!(text_of(&again, ".tagline"), "Pod Lifecycle Playground");
    assert_eq!(storage().get_item(LANG_KEY).unwrap().as_deref(), Some("en"));
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    again.remove();
    storage().remove_item(LANG_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn chinese_glosses_sit_beside_kubernetes_states() {
    let root = mount_in(example("init-services"), Some(Lang::Zh)).await;
    assert_eq!(text_of(&root, ".init-label"), "Init:0/2");
    assert_eq!(text_of(&root, ".init-progress .panel-title .gloss"), "初始化中");
    assert!(text_of(&root, ".init-count").contains("已完成 0/2"), "{}", text_of(&root, ".init-count"));
    // The gallery's titles and explanations are Chinese; the seed notes' ids are kept.
    select(&root, "select.examples", "pod-live-exec").await;
    assert!(text_of(&root, ".notice").contains("存活探针"), "{}", text_of(&root, ".notice"));
    assert!(text_of(&root, ".kubectl-watch").starts_with("NAME"));
    root.remove();
}

const LOOSE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: loose\nspec:\n  containers:\n  - name: web\n    image: sun2010wg/my-nginx:v2\n";

#[wasm_bindgen_test]
async fn run_notes_and_podlife_hints_are_shown_in_the_page_language() {
    let root = mount_in(LOOSE, Some(Lang::En)).await;
    assert_eq!(text_of(&root, ".run-notes summary"), "ⓘ 1 note about this run");
    assert_eq!(
        text_of(&root, ".run-notes .note"),
        "image \"sun2010wg/my-nginx:v2\" is modelled as nginx (its name contains \"nginx\")"
    );
    click(&root, ".lang-toggle").await;
    assert_eq!(text_of(&root, ".run-notes summary"), "ⓘ 关于本次运行的 1 条说明");
    assert_eq!(
        text_of(&root, ".run-notes .note"),
        "镜像 \"sun2010wg/my-nginx:v2\" 按 nginx 模拟（它的名字里含有 \"nginx\"）"
    );
    // podlife's hint is Chinese; the YAML parser's own words stay as a cluster prints them.
    type_text(&root, "apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n").await;
    settle(250).await;
    assert_eq!(
        text_of(&root, ".problem-msg"),
        "yaml: line 4: found character that cannot start any token（YAML 不允许用制表符缩进，请改用空格）"
    );
    let gutter = attr(&root, ".gutter .mark-error", "title");
    assert!(gutter.ends_with("请改用空格）"), "{gutter}");
    click(&root, ".lang-toggle").await;
    assert!(text_of(&root, ".problem-msg").ends_with("(YAML forbids tabs for indentation; use spaces)"));
    root.remove();
    storage().remove_item(LANG_KEY).unwrap();
}

const SVC: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    readinessProbe:\n      httpGet: {path: /, port: 80}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";

async fn seek_to(root: &Element, ms: i64) {
    let scrub: HtmlInputElement = q(root, "input.scrub").dyn_into().unwrap();
    scrub.set_value(&ms.to_string());
    scrub.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
}

#[wasm_bindgen_test]
async fn the_editor_layer_colours_yaml_and_follows_edits() {
    let root = mount(POD).await;
    let layer = q(&root, ".code-hl");
    // The layer holds exactly the text, so it lines up with the textarea character for character.
    assert_eq!(layer.text_content().unwrap(), format!("{POD}\n"));
    assert_eq!(text_of(&root, ".code-hl .tk-key"), "apiVersion");
    assert_eq!(count(&root, ".code-hl .tk-key"), 12);
    assert_eq!(text_of(&root, ".code-hl .tk-str"), "\"sh\"");
    assert_eq!(layer.get_attribute("aria-hidden").as_deref(), Some("true"));
    // Typing: the layer follows at once, the caret stays where it was put.
    let area = textarea(&root);
    let edited = POD.replace("name: web", "name: web # the pod");
    area.set_value(&edited);
    area.set_selection_range(20, 20).unwrap();
    area.dispatch_event(&bubbling_input()).unwrap();
    settle(0).await;
    assert_eq!(text_of(&root, ".code-hl .tk-com"), "# the pod");
    settle(250).await;
    assert_eq!(area.selection_start().unwrap(), Some(20));
    assert_eq!(text_of(&root, ".status"), "pod \"web\" simulated to 10m");
}

#[wasm_bindgen_test]
async fn a_diagnostic_is_underlined_where_it_points() {
    let root = mount("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: app\n    image: nginx\n").await;
    assert!(count(&root, ".gutter .mark-error") >= 1);
    let pos = text_of(&root, ".problem-pos");
    assert!(pos.starts_with("6:"), "{pos}");
    // The diagnostic points at the field: its key and value are underlined, nothing else.
    let under: Vec<String> = {
        let l = root.query_selector_all(".code-hl .sq-error").unwrap();
        (0..l.length()).map(|i| l.item(i).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(under.concat(), "restartPolicy: Sometimes");
}

#[wasm_bindgen_test]
async fn the_endpoints_tab_shows_ready_ips_at_the_playhead() {
    let root = mount(SVC).await;
    click(&root, "#tab-endpoints").await;
    assert_eq!(text_of(&root, ".prompt"), "$ podlife run --output endpoints");
    let at_zero = text_of(&root, ".service-endpoints");
    assert_eq!(
        at_zero,
        "TIME      SERVICE   READY         NOT READY\n0.0s      web-svc   <none>        <none>\n"
    );
    seek_to(&root, 60_000).await;
    let later = text_of(&root, ".service-endpoints");
    assert!(later.ends_with("10.065s   web-svc   10.244.0.50   <none>\n"), "{later}");
    assert_eq!(later.lines().count(), 4);
    // No Service: the tab says so, in the page language.
    let root = mount(POD).await;
    click(&root, "#tab-endpoints").await;
    assert!(text_of(&root, ".service-endpoints").starts_with("No Service selects this pod"));
}

#[wasm_bindgen_test]
async fn the_version_selector_writes_the_scenario_and_says_what_applies() {
    let root = mount(POD).await;
    let sel: HtmlSelectElement = q(&root, ".kube-version-select").dyn_into().unwrap();
    assert_eq!(sel.value(), "1.35");
    assert_eq!(count(&root, ".kube-version-select option"), 9);
    assert!(text_of(&root, ".semantics-pop .sem-on")
        .contains("ContainerRestartRules (≥ 1.35): Containers may set"));
    assert!(
        text_of(&root, ".semantics-pop .sem-later").contains("RestartAllContainersOnContainerExits (≥ 1.36)")
    );
    select(&root, ".kube-version-select", "1.30").await;
    settle(50).await;
    assert_eq!(
        textarea(&root).value(),
        format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.30\"\n")
    );
    let sel: HtmlSelectElement = q(&root, ".kube-version-select").dyn_into().unwrap();
    assert_eq!(sel.value(), "1.30");
    let pop = text_of(&root, ".semantics-pop");
    assert!(pop.starts_with("Semantics of 1.30"), "{pop}");
    assert!(text_of(&root, ".semantics-pop .sem-on").contains("SidecarContainers (≥ 1.29)"), "{pop}");
    let later = text_of(&root, ".semantics-pop .sem-later");
    assert!(
        later.starts_with("PodHasInitialized (≥ 1.32)") && later.contains("ContainerRestartRules"),
        "{later}"
    );
    select(&root, ".kube-version-select", "1.36").await;
    assert!(textarea(&root).value().ends_with("kubernetesVersion: \"1.36\"\n"));
    assert!(
        text_of(&root, ".semantics-pop .sem-on").contains("RestartAllContainersOnContainerExits (≥ 1.36)")
    );
    assert_eq!(count(&root, ".semantics-pop .sem-later li"), 0);
}

#[wasm_bindgen_test]
async fn the_export_menu_makes_each_format() {
    use podlife_web::components::export::timeline_svg;
    let root = mount(example("crashloop")).await;
    assert_eq!(count(&root, ".export .export-item"), 5);
    assert_eq!(
        text_of(&root, ".export .menu"),
        "Trace (JSON)Timeline (SVG)Timeline (PNG)kubectl transcript (text)kubectl script (sh)"
    );
    seek_to(&root, 60_000).await;
    let svg = timeline_svg().unwrap();
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"), "{}", &svg[..80]);
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    // Styles are resolved into attributes (the colours themselves come from the site's stylesheet,
    // which this test page lacks: the e2e checks them).
    assert!(svg.contains("class=\"seg terminated-error\""));
    assert!(
        svg.contains("font-family=")
            && svg.contains("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill="),
        "{svg}"
    );
    let state = podlife_web::state::AppState::new(example("crashloop"), None, 0);
    let run = state.run.unwrap();
    let t = lifecycle::insight::transcript(run.trace(), 60_000);
    assert!(t.starts_with("$ kubectl get pod crash -w\nNAME"), "{t}");
    assert!(t.contains("CrashLoopBackOff") && t.contains("\n$ kubectl describe pod crash\nName:"), "{t}");
    assert!(run.trace().to_json().starts_with("{\"pod\": \"crash\""));
}

#[wasm_bindgen_test]
async fn a_selected_event_says_why_marks_its_lines_and_links_the_docs() {
    let root = mount(example("crashloop")).await;
    let state = podlife_web::state::AppState::new(example("crashloop"), None, 0);
    let run = state.run.unwrap();
    let i = run.trace().events.iter().position(|e| e.reason == "BackOff").unwrap();
    let (why, lines) = run.why(i).cloned().unwrap();
    assert!(!lines.is_empty(), "the back-off involves the restartPolicy or the command");
    let mark = q(&root, &format!(".event[data-event='{i}']"));
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    mark.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap())
        .unwrap();
    settle(0).await;
    assert_eq!(text_of(&root, ".why-text"), why.phrase.english());
    assert!(text_of(&root, "p.why").starts_with("Why? "));
    let link = q(&root, ".why-doc");
    assert_eq!(link.get_attribute("href").as_deref(), Some(why.doc_url()));
    assert!(why.doc_url().starts_with("https://kubernetes.io/docs/"));
    let marked: Vec<String> = {
        let l = root.query_selector_all(".gutter .ln.why").unwrap();
        (0..l.length()).map(|k| l.item(k).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(marked, lines.iter().map(u32::to_string).collect::<Vec<_>>());
    // The kubectl script is in the export menu.
    assert!(text_of(&root, ".export .menu").ends_with("kubectl script (sh)"));
    assert!(run.script().contains("kubectl apply"), "{}", run.script());
}

#[wasm_bindgen_test]
async fn simulation_warnings_join_the_problems_list() {
    const SAME: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    readinessProbe:\n      httpGet: {path: /, port: 80}\n    livenessProbe:\n      httpGet: {path: /, port: 80}\n";
    let root = mount(SAME).await;
    let msg = text_of(&root, ".problem.warning .problem-msg");
    assert!(msg.contains("the readinessProbe of app is identical to its livenessProbe"), "{msg}");
    assert_eq!(text_of(&root, ".problem.warning .problem-pos"), "9:5");
    assert_eq!(text_of(&root, ".status"), "pod \"web\" simulated to 10m");
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let l = root.query_selector_all(selector).unwrap();
    (0..l.length()).map(|i| l.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn the_header_shows_the_key_figures_of_the_crash_loop() {
    let root = mount(example("crashloop")).await;
    assert_eq!(
        texts(&root, ".figures li"),
        ["Ready at 3.761s", "not Ready 9m53s", "6 restarts", "back-off cap at 322.761s"]
    );
    let tip = q(&root, ".figures").get_attribute("title").unwrap();
    assert!(tip.starts_with("simulated to: 10m\nPodScheduled: 0.008s\nInitialized: 0.029s\n"), "{tip}");
    assert!(tip.contains("\nnot Ready (total): 9m53s\nrestarts: 6\nrestarts of app: 6\nback-off at its 5-minute cap: 322.761s\n"), "{tip}");
    let root = mount_in(example("crashloop"), Some(Lang::Zh)).await;
    assert_eq!(texts(&root, ".figures li")[1], "未 Ready（就绪）共 9m53s");
    assert_eq!(texts(&root, ".figures li.backoff-cap"), ["退避于 322.761s 封顶"]);
}

/// The compare table's row for `figure`: its cells' texts and whether it is highlighted.
fn compare_row(root: &Element, figure: &str) -> (Vec<String>, bool) {
    let row = q(root, &format!(".compare-table tr[data-figure='{figure}']"));
    (texts(&row, "th, td"), row.get_attribute("class").unwrap_or_default().split(' ').any(|c| c == "diff"))
}

#[wasm_bindgen_test]
async fn compare_pins_a_shows_both_timelines_and_the_difference_then_swaps_and_closes() {
    let root = mount(POD).await;
    assert_eq!(count(&root, ".timeline"), 1);
    click(&root, ".compare-toggle").await;
    assert_eq!(q(&root, ".compare-toggle").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(texts(&root, ".ab-caption"), ["A (pinned)", "B (editing)"]);
    assert_eq!(text_of(&root, ".compare-note"), "A and B have the same key figures.");
    // B's init container sleeps 10 s longer: Initialized and Ready move by exactly that.
    type_text(&root, &POD.replace("sleep 2", "sleep 12")).await;
    settle(250).await;
    let (init, diff) = compare_row(&root, "initialized");
    assert!(diff);
    assert_eq!(init[0], "Initialized");
    assert_eq!(init[3], "+10s");
    let (ready, diff) = compare_row(&root, "ready");
    assert_eq!((ready[3].as_str(), diff), ("+10s", true));
    assert!(!compare_row(&root, "scheduled").1);
    assert_eq!(count(&root, ".compare-table tr.diff"), 3, "initialized, ready, not-ready");
    // Both timelines share one axis: the same tick labels.
    let axes: Vec<Vec<String>> = {
        let l = root.query_selector_all(".timeline").unwrap();
        (0..l.length())
            .map(|i| texts(&l.item(i).unwrap().dyn_into::<Element>().unwrap(), ".axis-label"))
            .collect()
    };
    assert_eq!(axes[0], axes[1]);
    click(&root, ".compare-swap").await;
    assert!(textarea(&root).value().contains("sleep 2\""));
    assert_eq!(compare_row(&root, "initialized").0[3], "−10s");
    click(&root, ".compare-close").await;
    assert_eq!(count(&root, ".timeline"), 1);
    assert_eq!(count(&root, ".compare"), 0);
    assert_eq!(q(&root, ".compare-toggle").get_attribute("aria-pressed").as_deref(), Some("false"));
}
