//! The export menu: the trace as JSON (`Trace::to_json`), the timeline as a standalone SVG (computed
//! styles written in as presentation attributes, so it needs no stylesheet) or PNG (that SVG drawn
//! into a canvas), the kubectl transcript at the playhead, and the run as a kubectl script
//! (`lifecycle::insight::kubectl_script`). Files are made in the page and saved
//! through a Blob, an object URL and `<a download>`: nothing leaves the browser.

use crate::i18n::{Lang, Msg};
use crate::state::Run;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Url};
use yew::prelude::*;

/// Export menu properties.
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The run.
    pub run: Rc<Run>,
    /// Playhead.
    pub t_ms: i64,
    /// The page language.
    pub lang: Lang,
}

/// The style properties the timeline's look depends on, copied into the exported SVG.
const STYLED: [&str; 13] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "visibility",
];

/// The timeline on the page as a standalone SVG document (None when it is not drawn).
pub fn timeline_svg() -> Option<String> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    let svg = doc.query_selector(".timeline .plot svg").ok()??;
    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let originals = svg.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    inline_styles(&window, &svg, None, &copy);
    for i in 0..originals.length() {
        let (Some(o), Some(c)) = (originals.item(i), copies.item(i)) else { continue };
        if let (Ok(o), Ok(c)) = (o.dyn_into::<Element>(), c.dyn_into::<Element>()) {
            if o.tag_name() != "title" {
                inline_styles(&window, &o, o.parent_element().as_ref(), &c);
            }
        }
    }
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    // The page's background, so the file reads the same in any viewer and either theme.
    let bg = doc
        .query_selector(".timeline")
        .ok()
        .flatten()
        .and_then(|p| window.get_computed_style(&p).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .filter(|c| !c.is_empty() && c != "rgba(0, 0, 0, 0)")
        .or_else(|| {
            doc.body()
                .and_then(|b| window.get_computed_style(&b).ok().flatten())
                .and_then(|s| s.get_property_value("background-color").ok())
        })
        .unwrap_or_else(|| "#ffffff".into());
    let rect = doc.create_element_ns(Some("http://www.w3.org/2000/svg"), "rect").ok()?;
    for (k, v) in [("x", "0"), ("y", "0"), ("width", "100%"), ("height", "100%"), ("fill", bg.as_str())] {
        let _ = rect.set_attribute(k, v);
    }
    let _ = copy.insert_before(&rect, copy.first_child().as_ref());
    // Pointer handlers and classes mean nothing outside the page.
    let _ = copy.remove_attribute("role");
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        web_sys::XmlSerializer::new().ok()?.serialize_to_string(&copy).ok()?
    ))
}

/// Writes the computed look of `original` onto `copy` as presentation attributes (not a `style`
/// attribute: the page's CSP forbids inline styles, and attributes need no stylesheet either). Only
/// what differs from the parent is written: the rest is inherited, and the file stays small.
fn inline_styles(window: &web_sys::Window, original: &Element, parent: Option<&Element>, copy: &Element) {
    let computed = |e: &Element| window.get_computed_style(e).ok().flatten();
    let Some(style) = computed(original) else { return };
    let parent_style = parent.and_then(computed);
    for prop in STYLED {
        let Ok(v) = style.get_property_value(prop) else { continue };
        let inherited = parent_style.as_ref().and_then(|p| p.get_property_value(prop).ok());
        if !v.is_empty() && inherited.as_deref() != Some(v.as_str()) {
            let _ = copy.set_attribute(prop, &v);
        }
    }
}

/// Saves `blob` as `name` through an object URL and a clicked `<a download>`.
fn save_blob(blob: &Blob, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(url) = Url::create_object_url_with_blob(blob) else { return };
    if let Some(a) = doc.create_element("a").ok().and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    // The download has started from the click; the URL can go once the event loop has moved on.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
}

fn text_blob(text: &str, mime: &str) -> Option<Blob> {
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&JsValue::from_str(text)), &opts).ok()
}

/// Saves `text` as a file.
pub fn save_text(text: &str, mime: &str, name: &str) {
    if let Some(b) = text_blob(text, mime) {
        save_blob(&b, name);
    }
}

/// Draws the SVG into a canvas at twice its size and saves it as PNG.
fn save_png(svg: &str, name: String) {
    let Some(blob) = text_blob(svg, "image/svg+xml") else { return };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else { return };
    let Ok(img) = HtmlImageElement::new() else { return };
    let image = img.clone();
    let src = url.clone();
    let onload = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&src);
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(canvas) =
            doc.create_element("canvas").ok().and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        else {
            return;
        };
        let (w, h) = (image.natural_width(), image.natural_height());
        canvas.set_width(w * 2);
        canvas.set_height(h * 2);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.scale(2.0, 2.0);
        let _ = ctx.draw_image_with_html_image_element(&image, 0.0, 0.0);
        let done = Closure::once_into_js(move |b: JsValue| {
            if let Ok(b) = b.dyn_into::<Blob>() {
                save_blob(&b, &name);
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
}

/// The export menu.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportProps) -> Html {
    let lang = props.lang;
    let menu = use_node_ref();
    let menu_ref = menu.clone();
    let pod = props.run.trace().pod.clone();
    let at = lifecycle::view::offset_label(props.t_ms - props.t_ms % 100);
    let item = |class: &'static str, label: Msg, f: Rc<dyn Fn()>| {
        let menu = menu.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            f();
            if let Some(m) = menu.cast::<Element>() {
                let _ = m.remove_attribute("open");
            }
        });
        html! { <button type="button" role="menuitem" class={classes!("btn", "export-item", class)} {onclick}>{lang.t(label)}</button> }
    };
    let run = props.run.clone();
    let json = {
        let (run, pod) = (run.clone(), pod.clone());
        Rc::new(move || save_text(&run.trace().to_json(), "application/json", &format!("{pod}-trace.json")))
    };
    let svg = {
        let pod = pod.clone();
        Rc::new(move || {
            if let Some(s) = timeline_svg() {
                save_text(&s, "image/svg+xml", &format!("{pod}-timeline.svg"));
            }
        })
    };
    let png = {
        let pod = pod.clone();
        Rc::new(move || {
            if let Some(s) = timeline_svg() {
                save_png(&s, format!("{pod}-timeline.png"));
            }
        })
    };
    let script = {
        let (run, pod) = (run.clone(), pod.clone());
        Rc::new(move || save_text(&run.script(), "text/x-shellscript", &format!("{pod}-kubectl.sh")))
    };
    let text = {
        let t = props.t_ms;
        Rc::new(move || {
            save_text(
                &lifecycle::insight::transcript(run.trace(), t),
                "text/plain",
                &format!("{pod}-kubectl-{at}.txt"),
            )
        })
    };
    html! {
        <details class="export" ref={menu_ref}>
            <summary class="btn" title={lang.t(Msg::ExportTitle)}>{lang.t(Msg::ExportButton)}</summary>
            <div class="menu" role="menu">
                { item("export-json", Msg::ExportJson, json) }
                { item("export-svg", Msg::ExportSvg, svg) }
                { item("export-png", Msg::ExportPng, png) }
                { item("export-text", Msg::ExportText, text) }
                { item("export-script", Msg::ExportScript, script) }
            </div>
        </details>
    }
}
