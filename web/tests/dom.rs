//! DOM tests of the playground's components, run in headless Chromium by `wasm-pack test`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use podlife_web::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app with `text` in a fresh element and waits for the first render.
async fn mount(text: &'static str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps { initial_text: AttrValue::Static(text) };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

fn textarea(root: &Element) -> HtmlTextAreaElement {
    root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap()
}

/// Types `text` as a user would: new value, then a bubbling `input` event (Yew delegates at the root).
async fn type_text(root: &Element, text: &str) {
    let area = textarea(root);
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

#[wasm_bindgen_test]
async fn default_example_is_loaded_and_valid() {
    let root = mount(podlife_web::examples::DEFAULT.text).await;
    assert!(textarea(&root).value().contains("name: pod-live-exec"));
    assert_eq!(text_of(&root, ".status"), "pod \"pod-live-exec\" is valid");
    assert_eq!(text_of(&root, ".container-row .name"), "container-live-exec");
    assert_eq!(text_of(&root, ".problems"), "No problems");
}

#[wasm_bindgen_test]
async fn editing_lists_the_containers_in_order() {
    let root = mount(podlife_web::examples::DEFAULT.text).await;
    type_text(&root, POD).await;
    let rows = root.query_selector_all(".container-row").unwrap();
    let got: Vec<String> =
        (0..rows.length()).map(|i| rows.item(i).unwrap().text_content().unwrap_or_default()).collect();
    assert_eq!(got, vec!["initsetupbusybox:1.36", "appnginxnginx:1.27"]);
    // Each row lays its cells out side by side (a page-level class once turned rows into columns).
    let row = rows.item(1).unwrap().dyn_into::<web_sys::Element>().unwrap();
    let display = web_sys::window().unwrap().get_computed_style(&row).unwrap().unwrap();
    assert_eq!(display.get_property_value("display").unwrap(), "table-row");
    assert_eq!(text_of(&root, ".status"), "pod \"web\" is valid");
    // The gutter follows the text: one number per line.
    assert_eq!(root.query_selector_all(".gutter .ln").unwrap().length(), POD.split('\n').count() as u32);
}

#[wasm_bindgen_test]
async fn a_syntax_error_is_marked_on_its_line_and_listed() {
    let root = mount(POD).await;
    type_text(&root, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n").await;
    let marked = root.query_selector(".gutter .mark-error").unwrap().expect("a marked line");
    assert!(text_of(&root, ".status").contains("problem"), "status: {}", text_of(&root, ".status"));
    let pos = text_of(&root, ".problem-pos");
    let line: u32 = pos.split(':').next().unwrap().parse().unwrap();
    assert_eq!(marked.text_content().unwrap(), line.to_string());
    assert!(line >= 4, "the error is at or after the unclosed bracket, got {pos}");
    // The user's text is untouched.
    assert_eq!(textarea(&root).value(), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n");
}

#[wasm_bindgen_test]
async fn clicking_a_problem_moves_the_caret_to_it() {
    let root = mount("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n").await;
    let pos = text_of(&root, ".problem-pos");
    let mut it = pos.split(':').map(|n| n.parse::<u32>().unwrap());
    let (line, col) = (it.next().unwrap(), it.next().unwrap());
    root.query_selector(".problem-jump")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    let area = textarea(&root);
    let want = podlife_web::components::editor::utf16_offset(&area.value(), line, col);
    assert_eq!(area.selection_start().unwrap(), Some(want));
}

#[wasm_bindgen_test]
async fn tab_inserts_two_spaces() {
    let root = mount("a:\n").await;
    let area = textarea(&root);
    area.set_selection_range(3, 3).unwrap();
    let init = KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    area.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    assert!(ev.default_prevented(), "Tab must not move focus");
    assert_eq!(area.value(), "a:\n  ");
    assert_eq!(area.selection_start().unwrap(), Some(5));
}
