//! The timeline, drawn as SVG from `lifecycle::view::timeline`: an axis, one lane per phase, condition
//! and container, probe ticks, restart marks, an events lane and the playhead. Only what is visible is
//! drawn (the core decimates to one mark per pixel), and cheaply: a lane's probe ticks are one `<path>`
//! per probe kind and outcome, its restart marks one `<g>`, and hover text is computed from the
//! pointer (`Lane::hit`) into one tooltip instead of a `<title>` per mark. Lanes and events are one
//! component with equality-compared props, so moving the playhead redraws only the playhead.
//! Ctrl+wheel zooms around the pointer, Shift+wheel (or a horizontal wheel) pans; pressing or dragging
//! on the plot moves the playhead; clicking an event selects it.

use crate::i18n::{Lang, Msg};
use crate::playback::PlaybackAction;
use crate::state::{AppAction, Run};
use lifecycle::view::timeline::{axis_ticks, Hit, Lane, LaneGroup, Restart, Segment, Tick};
use lifecycle::view::{offset_label, secs};
use std::cell::Cell;
use std::fmt::Write as _;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, PointerEvent, WheelEvent};
use yew::prelude::*;

const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 20.0;
const EVENTS_H: f64 = 24.0;

/// Timeline properties.
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run.
    pub run: Rc<Run>,
    /// Playhead.
    pub t_ms: i64,
    /// Selected event.
    pub selected: Option<usize>,
    /// Playing (the view follows the playhead).
    pub playing: bool,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
    /// The page language.
    pub lang: Lang,
    /// Draw the axis to this time instead of the run's horizon (A/B: the longer of the two).
    #[prop_or_default]
    pub axis_end_ms: Option<i64>,
    /// A zoom window shared with another timeline (A/B: both keep the same scale); `None`: its own.
    #[prop_or_default]
    pub window: Option<UseStateHandle<Window>>,
    /// A caption before the legend (A/B: which document this is).
    #[prop_or_default]
    pub caption: Option<AttrValue>,
}

/// The visible window, ms; `None` shows the whole run.
pub type Window = Option<(i64, i64)>;

/// The timeline.
#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineProps) -> Html {
    let lang = props.lang;
    let tl = &props.run.timeline;
    let trace = props.run.trace();
    let end = props.axis_end_ms.unwrap_or(tl.horizon_ms).max(1);
    let own_window = use_state(|| None as Window);
    let window = props.window.clone().unwrap_or(own_window);
    let width = use_plot_width();
    let plot = width.node.clone();
    let w = width.px.max(200.0);
    let label_w = if w < 520.0 { 96.0 } else { 170.0 };
    let plot_w = (w - label_w - 8.0).max(50.0);

    let (from, to) = window.unwrap_or((0, end));
    let (from, to) = (from.max(0), to.min(end).max(from + 100));
    // Follow the playhead while playing when zoomed in.
    {
        let window = window.clone();
        let t = props.t_ms;
        use_effect_with((t, props.playing), move |&(t, playing)| {
            if let (true, Some((a, b))) = (playing, *window) {
                if t > b || t < a {
                    let span = b - a;
                    window.set(Some((t - span / 10, t - span / 10 + span)));
                }
            }
        });
    }

    let span = (to - from) as f64;
    let geo = Geo { from, to, w, label_w, plot_w };
    let lanes_h = tl.lanes.len() as f64 * LANE_H;
    let height = AXIS_H + lanes_h + EVENTS_H;

    // --- axis
    let axis = axis_ticks(from, to, (plot_w / 70.0).max(2.0) as usize).into_iter().map(|(t, label)| {
        let xx = geo.x(t);
        html! {
            <g class="axis-tick" key={t.to_string()}>
                <line x1={xx.to_string()} x2={xx.to_string()} y1={(AXIS_H - 4.0).to_string()} y2={height.to_string()} class="grid" />
                if xx > w - 40.0 {
                    <text x={(xx - 3.0).to_string()} y={(AXIS_H - 7.0).to_string()} class="axis-label" text-anchor="end">{label}</text>
                } else {
                    <text x={(xx + 3.0).to_string()} y={(AXIS_H - 7.0).to_string()} class="axis-label">{label}</text>
                }
            </g>
        }
    });

    // --- lanes and the events lane: one memoised component, so that moving the playhead redraws
    // only the playhead. The SVG's listeners handle the event marks (which one is in `data-event`).
    let body = html! {
        <PlotBody run={Rc::clone(&props.run)} {geo} selected={props.selected} {lang} />
    };
    let onclick = {
        let d = props.dispatch.clone();
        Callback::from(move |ev: MouseEvent| {
            if let Some(i) = event_of(ev.target()) {
                d.emit(AppAction::SelectEvent(i));
            }
        })
    };

    // --- playhead
    let ph = (props.t_ms >= from && props.t_ms <= to).then(|| {
        let xx = geo.x(props.t_ms);
        html! {
            <g class="playhead">
                <line x1={xx.to_string()} x2={xx.to_string()} y1="0" y2={height.to_string()} />
                <polygon points={format!("{},0 {},0 {},7", xx - 5.0, xx + 5.0, xx)} />
            </g>
        }
    });

    // --- interaction
    // Yew listens on its root, so an event's `current_target` is the root, not the SVG: positions are
    // measured against the SVG itself.
    let svg_ref = use_node_ref();
    let t_at = move |client_x: i32, target: &Element| -> i64 {
        geo.t(svg_point(target, client_x, 0, (w, height)).0)
    };
    let onpointerdown = {
        let d = props.dispatch.clone();
        let svg = svg_ref.clone();
        Callback::from(move |e: PointerEvent| {
            // Pressing an event mark selects it (on click) and leaves the playhead to that.
            if event_of(e.target()).is_some() {
                return;
            }
            let Some(el) = svg.cast::<Element>() else { return };
            let _ = el.set_pointer_capture(e.pointer_id());
            d.emit(AppAction::Playback(PlaybackAction::Pause));
            d.emit(AppAction::Playback(PlaybackAction::Seek(t_at(e.client_x(), &el))));
        })
    };
    let tip = use_node_ref();
    let onpointermove = {
        let d = props.dispatch.clone();
        let svg = svg_ref.clone();
        let run = Rc::clone(&props.run);
        let tip = tip.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(el) = svg.cast::<Element>() else { return };
            if e.buttons() & 1 != 0 {
                show_tip(&tip, None, (w, height));
                d.emit(AppAction::Playback(PlaybackAction::Seek(t_at(e.client_x(), &el))));
                return;
            }
            let (px, py) = svg_point(&el, e.client_x(), e.client_y(), (w, height));
            let lane = ((py - AXIS_H) / LANE_H).floor();
            let text = (px >= label_w && lane >= 0.0)
                .then(|| run.timeline.lanes.get(lane as usize))
                .flatten()
                .and_then(|lane| {
                    // Four pixels either side: a mark is easy to hit without covering its neighbours.
                    lane.hit(geo.t(px), ((4.0 / plot_w) * span) as i64)
                })
                .map(|hit| hit_tip(lang, &run, hit));
            show_tip(&tip, text.map(|t| (t, px, py)), (w, height));
        })
    };
    let onpointerleave = {
        let tip = tip.clone();
        Callback::from(move |_: PointerEvent| show_tip(&tip, None, (w, height)))
    };
    let onwheel = {
        let window = window.clone();
        let svg = svg_ref.clone();
        Callback::from(move |e: WheelEvent| {
            let Some(el) = svg.cast::<Element>() else { return };
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                let at = t_at(e.client_x(), &el).clamp(from, to);
                let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
                window.set(zoom((from, to), at, factor, end));
            } else if e.shift_key() || e.delta_x().abs() > e.delta_y().abs() {
                e.prevent_default();
                let d = if e.shift_key() { e.delta_y() } else { e.delta_x() };
                window.set(pan((from, to), (d / plot_w * span) as i64, end));
            }
        })
    };
    let zoom_btn = |factor: f64| {
        let window = window.clone();
        let t = props.t_ms;
        Callback::from(move |_: MouseEvent| window.set(zoom((from, to), t.clamp(from, to), factor, end)))
    };
    let fit = {
        let window = window.clone();
        Callback::from(move |_: MouseEvent| window.set(None))
    };

    let selected = props.selected.and_then(|i| trace.events.get(i)).map(|e| {
        let object = e.object.clone().unwrap_or_else(|| format!("pod/{}", trace.pod));
        html! {
            <p class="selected-event">
                <b>{secs(e.t.ms())}</b>{" "}<span class={classes!("etype", e.type_)}>{e.type_}</span>{" "}
                <b>{&e.reason}</b>{" "}{crate::components::init::gloss(lang, &e.reason)}<span class="eobj">{object}</span>{" — "}{&e.message}
            </p>
        }
    });
    // Why the selected event happened (lifecycle::insight::explain), the YAML lines involved (also
    // marked in the editor's gutter) and the Kubernetes page about the rule.
    let why = props.selected.and_then(|i| props.run.why(i)).map(|(e, lines)| {
        let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
        html! {
            <p class="why" role="note">
                <b>{lang.t(Msg::WhyLabel)}</b>{" "}<span class="why-text">{lang.phrase(&e.phrase)}</span>
                if !lines.is_empty() {
                    {" "}<span class="why-lines" title={lang.t(Msg::WhyLinesTitle)}>{format!("YAML {}", lines.join(", "))}</span>
                }
                {" "}<a class="why-doc" href={e.doc_url()} target="_blank" rel="noopener noreferrer">{lang.t(Msg::WhyDocs)}</a>
            </p>
        }
    });

    html! {
        <section class="timeline" aria-label={lang.t(Msg::TimelineLabel)}>
            <div class="timeline-tools">
                if let Some(c) = &props.caption {
                    <b class="ab-caption">{c.clone()}</b>
                }
                <span class="legend">
                    <i class="sw ready" />{lang.t(Msg::LegendReady)}<i class="sw running" />{lang.t(Msg::LegendRunning)}<i class="sw waiting" />{lang.t(Msg::LegendWaiting)}
                    <i class="sw waiting-error" />{lang.t(Msg::LegendBackOff)}<i class="sw terminated-ok" />{lang.t(Msg::LegendExit0)}<i class="sw terminated-error" />{lang.t(Msg::LegendExitError)}
                </span>
                <span class="spacer" />
                <button type="button" class="btn icon zoom-in" onclick={zoom_btn(0.5)} aria-label={lang.t(Msg::ZoomIn)} title={lang.t(Msg::ZoomInTitle)}>{"+"}</button>
                <button type="button" class="btn icon zoom-out" onclick={zoom_btn(2.0)} aria-label={lang.t(Msg::ZoomOut)} title={lang.t(Msg::ZoomOut)}>{"−"}</button>
                <button type="button" class="btn fit" onclick={fit} aria-label={lang.t(Msg::FitLabel)} title={lang.t(Msg::FitLabel)}>{lang.t(Msg::Fit)}</button>
            </div>
            <div class="plot" ref={plot}>
                <svg ref={svg_ref} width={w.to_string()} height={height.to_string()} viewBox={format!("0 0 {w} {height}")}
                    role="img" aria-label={lang.t(Msg::TimelineImage)}
                    {onpointerdown} {onpointermove} {onpointerleave} {onwheel} {onclick}>
                    { for axis }
                    { body }
                    { ph.unwrap_or_default() }
                </svg>
                // Filled and placed by `show_tip` without a re-render; Yew only ever sees it empty.
                <div class="tl-tip" role="tooltip" ref={tip} />
            </div>
            { selected.unwrap_or_default() }
            { why.unwrap_or_default() }
        </section>
    }
}

/// The horizontal geometry of the plot: what lanes are drawn against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geo {
    /// The visible window, ms.
    pub from: i64,
    /// Its end, ms.
    pub to: i64,
    /// The SVG's width.
    pub w: f64,
    /// The label column's width.
    pub label_w: f64,
    /// The plot's width (after the labels).
    pub plot_w: f64,
}

impl Geo {
    /// The x of time `t`.
    fn x(&self, t: i64) -> f64 {
        self.label_w + ((t - self.from) as f64 / (self.to - self.from).max(1) as f64) * self.plot_w
    }

    /// The time at x `px` (the inverse of [`Geo::x`]).
    fn t(&self, px: f64) -> i64 {
        self.from + (((px - self.label_w) / self.plot_w) * (self.to - self.from) as f64) as i64
    }
}

/// A pointer's client position in the coordinates of the `w` × `h` SVG `svg` (drawn at any size).
fn svg_point(svg: &Element, client_x: i32, client_y: i32, (w, h): (f64, f64)) -> (f64, f64) {
    let rect = svg.get_bounding_client_rect();
    (
        (f64::from(client_x) - rect.left()) * (w / rect.width().max(1.0)),
        (f64::from(client_y) - rect.top()) * (h / rect.height().max(1.0)),
    )
}

/// The plot body's properties.
#[derive(Properties, PartialEq)]
pub struct PlotProps {
    /// The run.
    pub run: Rc<Run>,
    /// The plot's geometry.
    pub geo: Geo,
    /// The selected event.
    pub selected: Option<usize>,
    /// The page language.
    pub lang: Lang,
}

/// The lanes, then the events lane: the visible events (at most one per three pixels, a Warning
/// first) as diamonds with their time, type, reason and message as hover text.
#[function_component(PlotBody)]
pub fn plot_body(props: &PlotProps) -> Html {
    let (g, lang) = (props.geo, props.lang);
    let run = &props.run;
    let trace = run.trace();
    let lanes = (0..run.timeline.lanes.len()).map(|index| lane_html(run, index, g, lang));
    let ey = AXIS_H + run.timeline.lanes.len() as f64 * LANE_H;
    let marks = run.timeline.events_in(g.from, g.to, g.plot_w as usize / 3).into_iter().map(|m| {
        let x = g.x(m.t_ms);
        let Some(e) = trace.events.get(m.index) else { return Html::default() };
        let selected = props.selected == Some(m.index);
        let pts = format!(
            "{x:.1},{} {:.1},{} {x:.1},{} {:.1},{}",
            ey + 5.0,
            x + 5.0,
            ey + 12.0,
            ey + 19.0,
            x - 5.0,
            ey + 12.0
        );
        html! {
            <polygon class={classes!("event", if m.warning { "warning" } else { "normal" }, selected.then_some("selected"))}
                points={pts} data-event={m.index.to_string()} tabindex="-1">
                <title>{format!("{} {} {}: {}", secs(m.t_ms), e.type_, lang.with_gloss(&e.reason), e.message)}</title>
            </polygon>
        }
    });
    html! {
        <>
            { for lanes }
            <g class="events-lane">
                <rect class="lane-bg" x="0" y={num(ey)} width={num(g.w)} height={num(EVENTS_H)} />
                <text class="lane-label" x="6" y={num(ey + 16.0)}>{lang.t(Msg::EventsLane)}</text>
                { for marks }
            </g>
        </>
    }
}

/// The event a click or press landed on: the mark's `data-event`.
fn event_of(target: Option<web_sys::EventTarget>) -> Option<usize> {
    target?.dyn_into::<Element>().ok()?.get_attribute("data-event")?.parse().ok()
}

/// Probe kinds in drawing order.
const PROBES: [&str; 3] = ["startup", "liveness", "readiness"];

/// One lane: background, label, segments (at most one starting per pixel), probe ticks (one path per
/// kind and outcome, failures on top) and restart marks (one group).
fn lane_html(run: &Run, index: usize, g: Geo, lang: Lang) -> Html {
    let Some(lane) = run.timeline.lanes.get(index) else { return Html::default() };
    let (from, to) = (g.from, g.to);
    let y = AXIS_H + index as f64 * LANE_H;
    let segs = lane.segments_drawn(from, to, g.plot_w as usize).into_iter().map(|(start, s)| {
        let x0 = g.x(start.max(from));
        let x1 = g.x(s.to_ms.min(to)).max(x0 + 1.0);
        html! {
            <rect class={classes!("seg", s.class)} x={num(x0)} y={num(y + 3.0)}
                width={num(x1 - x0)} height={num(LANE_H - 6.0)} rx="2" />
        }
    });
    let ticks = tick_paths(lane, g, y).into_iter().map(|(probe, ok, d)| {
        html! { <path class={classes!("tick", probe, if ok { "ok" } else { "fail" })} d={d} /> }
    });
    let restarts = restart_paths(lane.restarts_in(from, to), g, y).map(|(line, mark)| {
        html! {
            <g class="restart">
                <path class="restart-line" d={line} />
                <path class="restart-mark" d={mark} />
            </g>
        }
    });
    let group = match lane.group {
        LaneGroup::Init => Some(Msg::GroupInit),
        LaneGroup::Sidecar => Some(Msg::GroupSidecar),
        LaneGroup::Ephemeral => Some(Msg::GroupEphemeral),
        _ => None,
    };
    let label = match (lane.group, group) {
        (LaneGroup::Phase, _) => lang.t(Msg::PhaseLane).to_string(),
        (_, Some(g)) => format!("{} ({})", lane.label, lang.t(g)),
        _ => lane.label.clone(),
    };
    // Condition names are Kubernetes': glossed in the tooltip, never replaced.
    let full = if lane.group == LaneGroup::Condition { lang.with_gloss(&label) } else { label.clone() };
    html! {
        <g class={classes!("lane", lane.group.as_str())} key={lane.key.clone()} data-lane={lane.key.clone()}>
            <rect class="lane-bg" x="0" y={num(y)} width={num(g.w)} height={num(LANE_H)} />
            <text class="lane-label" x="6" y={num(y + 15.0)}>
                {truncate(&label, if g.label_w < 120.0 { 12 } else { 24 })}
                <title>{full}</title>
            </text>
            { for segs }
            { for ticks }
            { restarts.unwrap_or_default() }
        </g>
    }
}

/// The visible probe ticks of `lane` as path data, one per probe kind and outcome that has any:
/// a success is a short stroke at the bottom of the lane, a failure one across it.
pub fn tick_paths(lane: &Lane, g: Geo, y: f64) -> Vec<(&'static str, bool, String)> {
    let mut paths: Vec<(&'static str, bool, String)> = Vec::new();
    for tk in lane.ticks_in(g.from, g.to, g.plot_w as usize) {
        let (y0, y1) = if tk.ok { (y + LANE_H - 7.0, y + LANE_H - 3.0) } else { (y + 2.0, y + LANE_H - 2.0) };
        let i = match paths.iter().position(|(p, ok, _)| *p == tk.probe && *ok == tk.ok) {
            Some(i) => i,
            None => {
                paths.push((tk.probe, tk.ok, String::new()));
                paths.len() - 1
            }
        };
        let _ = write!(paths[i].2, "M{:.1} {y0}V{y1}", g.x(tk.t_ms));
    }
    let order = |p: &str| PROBES.iter().position(|q| *q == p).unwrap_or(PROBES.len());
    lifecycle::sort::by_key(&mut paths, |(p, ok, _)| (!*ok, order(p)));
    paths
}

/// The restart marks as path data: dashed lines across the lane and triangles above it; `None`
/// when there are none.
fn restart_paths(restarts: &[Restart], g: Geo, y: f64) -> Option<(String, String)> {
    if restarts.is_empty() {
        return None;
    }
    let (mut line, mut mark) = (String::new(), String::new());
    for r in restarts {
        let x = g.x(r.t_ms);
        let _ = write!(line, "M{x:.1} {}V{}", y + 1.0, y + LANE_H - 1.0);
        let _ = write!(mark, "M{x:.1} {}L{:.1} {}H{:.1}Z", y + 1.0, x - 4.0, y - 5.0, x + 4.0);
    }
    Some((line, mark))
}

/// A coordinate as an attribute: one decimal is a tenth of a pixel, and keeps the DOM's strings short.
fn num(v: f64) -> String {
    format!("{v:.1}")
}

/// Shows `text` beside the pointer at (`x`, `y`) of a `w` × `h` plot in its tooltip, or hides it.
/// The plot clips what overflows, so the tooltip opens towards the middle of the plot.
fn show_tip(tip: &NodeRef, at: Option<(String, f64, f64)>, (w, h): (f64, f64)) {
    let Some(el) = tip.cast::<HtmlElement>() else { return };
    let style = el.style();
    match at {
        Some((text, x, y)) => {
            el.set_text_content(Some(&text));
            let dx = if x > w * 0.6 { "calc(-100% - 10px)" } else { "12px" };
            let dy = if y > h * 0.5 { "calc(-100% - 6px)" } else { "14px" };
            let _ = style.set_property("left", &format!("{x:.0}px"));
            let _ = style.set_property("top", &format!("{y:.0}px"));
            let _ = style.set_property("transform", &format!("translate({dx}, {dy})"));
            let _ = style.set_property("display", "block");
        }
        None => {
            let _ = style.set_property("display", "none");
        }
    }
}

/// The hover text of what the pointer is over.
pub fn hit_tip(lang: Lang, run: &Run, hit: Hit<'_>) -> String {
    match hit {
        Hit::Segment(s) => segment_tip(lang, s),
        Hit::Tick(tk) => tick_tip(lang, run, tk),
        Hit::Restart(r) => restart_tip(lang, r),
    }
}

/// A segment's hover text: its state (Kubernetes' word, glossed in Chinese), span and duration.
fn segment_tip(lang: Lang, s: &Segment) -> String {
    let label = match s.label.as_str() {
        "Running (not started)" => lang.t(Msg::RunningNotStarted).to_string(),
        l => lang.with_gloss(l),
    };
    format!("{label} · {} → {} ({})", secs(s.from_ms), secs(s.to_ms), offset_label(s.to_ms - s.from_ms))
}

/// A probe result's hover text: container, probe, outcome, exact time and the probe's output.
fn tick_tip(lang: Lang, run: &Run, tk: &Tick) -> String {
    let Some(p) = run.trace().probes.get(tk.index) else { return String::new() };
    let out = if p.output.is_empty() { String::new() } else { format!(": {}", p.output.trim_end()) };
    let probe = match p.probe {
        "startup" => lang.t(Msg::ProbeStartup),
        "liveness" => lang.t(Msg::ProbeLiveness),
        "readiness" => lang.t(Msg::ProbeReadiness),
        other => other,
    };
    let result = match p.result {
        "success" => lang.t(Msg::ProbeSuccess),
        "failure" => lang.t(Msg::ProbeFailure),
        other => other,
    };
    lang.f(Msg::ProbeTip, &[&p.container, probe, result, &secs(tk.t_ms)]) + &out
}

/// A restart's hover text: its count, time and the back-off before it.
fn restart_tip(lang: Lang, r: &Restart) -> String {
    lang.f(Msg::RestartTip, &[&r.count.to_string(), &secs(r.t_ms), &offset_label(r.delay_ms)])
}

/// `s` cut to `n` columns with an ellipsis; CJK characters take two columns (as they are drawn).
fn truncate(s: &str, n: usize) -> String {
    let width = |c: char| if ('\u{2e80}'..='\u{ffef}').contains(&c) { 2 } else { 1 };
    if s.chars().map(width).sum::<usize>() <= n {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + width(c) > n.saturating_sub(1) {
            break;
        }
        used += width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// The window scaled by `factor` around `at`, within `[0, end]`; `None` when it covers everything.
fn zoom((from, to): (i64, i64), at: i64, factor: f64, end: i64) -> Window {
    let span = (((to - from) as f64) * factor).clamp(200.0, end as f64) as i64;
    if span >= end {
        return None;
    }
    let left = at - (((at - from) as f64) * factor) as i64;
    let left = left.clamp(0, end - span);
    Some((left, left + span))
}

fn pan((from, to): (i64, i64), by: i64, end: i64) -> Window {
    let span = to - from;
    if span >= end {
        return None;
    }
    let left = (from + by).clamp(0, end - span);
    Some((left, left + span))
}

/// The plot's width in CSS pixels, kept up to date on resize.
pub struct PlotWidth {
    /// The element measured.
    pub node: NodeRef,
    /// Its width.
    pub px: f64,
}

thread_local! {
    /// The plot width measured last, CSS pixels.
    static LAST_WIDTH: Cell<f64> = const { Cell::new(900.0) };
}

#[hook]
fn use_plot_width() -> PlotWidth {
    let node = use_node_ref();
    // Start from the last width measured: a timeline mounted again (A/B, a new run) then draws once
    // at the right size instead of twice.
    let px = use_state_eq(|| LAST_WIDTH.with(Cell::get));
    {
        let node = node.clone();
        let px = px.clone();
        use_effect_with((), move |_| {
            let measure = {
                let node = node.clone();
                let px = px.clone();
                move || {
                    if let Some(el) = node.cast::<Element>() {
                        let w = f64::from(el.client_width());
                        if w > 0.0 && (w - *px).abs() >= 1.0 {
                            LAST_WIDTH.with(|c| c.set(w));
                            px.set(w);
                        }
                    }
                }
            };
            measure();
            let closure = Closure::<dyn FnMut()>::new(measure);
            let win = web_sys::window();
            if let Some(w) = &win {
                let _ = w.add_event_listener_with_callback("resize", closure.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = win {
                    let _ = w.remove_event_listener_with_callback("resize", closure.as_ref().unchecked_ref());
                }
                drop(closure);
            }
        });
    }
    PlotWidth { node, px: *px }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_and_pan_stay_inside_the_run() {
        assert_eq!(zoom((0, 1000), 500, 0.5, 1000), Some((250, 750)));
        assert_eq!(zoom((250, 750), 500, 4.0, 1000), None);
        assert_eq!(pan((250, 750), 1000, 1000), Some((500, 1000)));
        assert_eq!(pan((250, 750), -1000, 1000), Some((0, 500)));
        assert_eq!(pan((0, 1000), 10, 1000), None);
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("a (初始化容器)", 8), "a (初始…");
    }
}
