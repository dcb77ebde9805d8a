//! The YAML editor: a plain textarea with a line-number gutter that marks diagnostics, and a problems
//! list that jumps to the line. A textarea keeps the bundle small and the browser's own undo/redo,
//! selection and IME handling (see the README, "Why a textarea"). Diagnostics are worded as the
//! apiserver words them, in every page language; podlife's own hints and limits, and the run's notes
//! listed under the problems, are in the page language.

use crate::i18n::{Lang, Msg};
use lifecycle::highlight::{squiggle_range, tokenize, Token};
use lifecycle::{Diagnostic, Phrase, Severity};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Editor properties.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The document text.
    pub text: AttrValue,
    /// Diagnostics to mark.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The last run's notes (assumptions podlife made, why it stopped early).
    #[prop_or_default]
    pub notes: Rc<Vec<Phrase>>,
    /// Called with the whole new text after each edit.
    pub on_edit: Callback<String>,
    /// The page language.
    pub lang: Lang,
    /// Lines to mark as involved in the selected event's explanation.
    #[prop_or_default]
    pub why_lines: Rc<Vec<u32>>,
}

/// The editor with its gutter and problems list.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let layer = use_node_ref();
    let lang = props.lang;
    let line_count = props.text.split('\n').count();

    let notes_summary = match props.notes.len() {
        1 => lang.t(Msg::Notes1).to_string(),
        n => lang.f(Msg::NotesN, &[&n.to_string()]),
    };

    // Only the lines around the view are coloured (a window of LAYER_LINES, moved in steps of
    // LAYER_STEP as the editor scrolls): a 2,000-line document then costs the browser no more
    // layout per keystroke than a 300-line one. The tokens are remade only when the text changes.
    let window_start = use_state(|| 0usize);
    let tokens = use_memo(props.text.clone(), |text| tokenize(text));
    let highlighted = use_memo(
        (props.text.clone(), props.diagnostics.clone(), tokens.clone(), *window_start),
        |(text, diags, tokens, start)| {
            let from = start.saturating_sub(LAYER_STEP);
            AttrValue::from(highlight_html(text, tokens, &squiggles(text, diags), from..from + LAYER_LINES))
        },
    );
    let on_pane_scroll = {
        let window_start = window_start.clone();
        let area = area.clone();
        Callback::from(move |e: Event| {
            let (Some(pane), Some(t)) = (
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
                area.cast::<HtmlTextAreaElement>(),
            ) else {
                return;
            };
            let lines = t.value().split('\n').count().max(1) as f64;
            let line_h = f64::from(t.scroll_height()) / lines;
            if line_h > 0.0 {
                let first = (f64::from(pane.scroll_top()) / line_h) as usize;
                let start = first / LAYER_STEP * LAYER_STEP;
                if start != *window_start {
                    window_start.set(start);
                }
            }
        })
    };
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                on_edit.emit(t.value());
            }
        })
    };
    let onkeydown = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "/" && (e.ctrl_key() || e.meta_key()) {
                if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                    e.prevent_default();
                    toggle_comment_at_selection(&t);
                    on_edit.emit(t.value());
                }
                return;
            }
            if e.key() == "Tab" && !e.ctrl_key() && !e.meta_key() && !e.alt_key() {
                if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                    // YAML forbids tabs for indentation: Tab inserts two spaces instead.
                    e.prevent_default();
                    insert_at_selection(&t, "  ");
                    on_edit.emit(t.value());
                }
            }
        })
    };

    // The coloured layer sits under the textarea: it follows the textarea's own scrolling (a long line
    // scrolls the textarea sideways when the caret reaches its end).
    let onscroll = {
        let layer = layer.clone();
        Callback::from(move |e: Event| {
            if let (Some(t), Some(l)) = (
                e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()),
                layer.cast::<web_sys::Element>(),
            ) {
                l.set_scroll_left(t.scroll_left());
                l.set_scroll_top(t.scroll_top());
            }
        })
    };

    // Built as one string and memoised like the coloured layer: thousands of line numbers are then
    // not diffed node by node on each keystroke.
    let gutter = use_memo(
        (line_count, props.diagnostics.clone(), props.why_lines.clone(), lang),
        |(n, diags, why, lang)| AttrValue::from(gutter_html(*n, diags, why, *lang)),
    );

    let problems: Html = props
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let onclick = {
                let area = area.clone();
                let pos = d.pos;
                Callback::from(move |_| {
                    if let (Some(t), Some(p)) = (area.cast::<HtmlTextAreaElement>(), pos) {
                        let offset = utf16_offset(&t.value(), p.line, p.col);
                        let _ = t.focus();
                        let _ = t.set_selection_range(offset, offset);
                    }
                })
            };
            let sev = if d.severity == Severity::Error { "error" } else { "warning" };
            let at = d.pos.map_or(String::new(), |p| format!("{}:{}", p.line, p.col));
            html! {
                <li key={i} class={classes!("problem", sev)}>
                    <button type="button" class="problem-jump" {onclick} title={lang.t(Msg::JumpTitle)}>
                        <span class="problem-pos">{at}</span>
                        <span class="problem-msg">{lang.diagnostic(d)}</span>
                    </button>
                </li>
            }
        })
        .collect();

    html! {
        <section class="editor-pane" aria-label={lang.t(Msg::EditorLabel)}>
            <div class="editor-scroll" onscroll={on_pane_scroll}>
                <div class="gutter" aria-hidden="true">{Html::from_html_unchecked((*gutter).clone())}</div>
                <div class="code-wrap">
                <pre class="code code-hl" aria-hidden="true" ref={layer}>{Html::from_html_unchecked((*highlighted).clone())}</pre>
                <textarea
                    ref={area}
                    class="code code-input"
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    aria-label={lang.t(Msg::EditorArea)}
                    rows={(line_count + 1).to_string()}
                    value={props.text.clone()}
                    {oninput}
                    {onkeydown}
                    {onscroll}
                />
                </div>
            </div>
            <div class="problems" aria-live="polite">
                if props.diagnostics.is_empty() {
                    <p class="problems-none">{lang.t(Msg::NoProblems)}</p>
                } else {
                    <ul class="problem-list">{problems}</ul>
                }
            </div>
            if !props.notes.is_empty() {
                <details class="run-notes" title={lang.t(Msg::NotesTitle)}>
                    <summary>{notes_summary}</summary>
                    <ul class="note-list">
                        { for props.notes.iter().map(|n| html! { <li class="note">{lang.phrase(n)}</li> }) }
                    </ul>
                </details>
            }
        </section>
    }
}

/// The gutter's HTML: a numbered `<div class="ln">` per line; the worst diagnostic of a line marks it
/// and all its messages go in the tooltip.
pub fn gutter_html(line_count: usize, diagnostics: &[Diagnostic], why: &[u32], lang: Lang) -> String {
    let mut by_line: BTreeMap<u32, (Severity, Vec<String>)> = BTreeMap::new();
    for d in diagnostics {
        let line = d.pos.map_or(1, |p| p.line);
        let entry = by_line.entry(line).or_insert((d.severity, Vec::new()));
        entry.0 = entry.0.min(d.severity);
        entry.1.push(lang.diagnostic(d));
    }
    let mut out = String::with_capacity(line_count * 24);
    for n in 1..=line_count as u32 {
        match by_line.get(&n) {
            Some((sev, msgs)) => {
                let class = match (*sev == Severity::Error, why.contains(&n)) {
                    (true, false) => "ln mark-error",
                    (true, true) => "ln mark-error why",
                    (false, false) => "ln mark-warning",
                    (false, true) => "ln mark-warning why",
                };
                out.push_str(&format!("<div class=\"{class}\" title=\""));
                escape_into(&mut out, &msgs.join("\n"));
                out.push_str(&format!("\">{n}</div>"));
            }
            None if why.contains(&n) => out.push_str(&format!("<div class=\"ln why\">{n}</div>")),
            None => out.push_str(&format!("<div class=\"ln\">{n}</div>")),
        }
    }
    out
}

/// Appends `s` with `&`, `<`, `>` and `"` escaped (safe in text and in a quoted attribute).
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// One underline per line: the worst diagnostic of the line decides; (line index, byte range, error).
pub fn squiggles(text: &str, diagnostics: &[Diagnostic]) -> BTreeMap<usize, (usize, usize, bool)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: BTreeMap<usize, (usize, usize, bool)> = BTreeMap::new();
    for d in diagnostics {
        let Some(p) = d.pos else { continue };
        let i = p.line.saturating_sub(1) as usize;
        let Some(line) = lines.get(i) else { continue };
        let error = d.severity == Severity::Error;
        if out.get(&i).is_some_and(|&(_, _, e)| e || !error) {
            continue;
        }
        let (a, b) = squiggle_range(line.strip_suffix('\r').unwrap_or(line), p.col);
        out.insert(i, (a, b, error));
    }
    out
}

/// Lines of the coloured layer.
pub const LAYER_LINES: usize = 300;
/// The layer's window moves in steps of this many lines.
pub const LAYER_STEP: usize = 100;

/// The highlighted layer's HTML for the lines in `lines` (0-based): an empty line for each line
/// before them (keeping them in place), then the escaped text with a `<span class="tk-…">` per token
/// and a `sq-error` / `sq-warning` span under each squiggle.
pub fn highlight_html(
    text: &str,
    tokens: &[Vec<Token>],
    squiggles: &BTreeMap<usize, (usize, usize, bool)>,
    lines: std::ops::Range<usize>,
) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, line) in text.split('\n').enumerate().take(lines.end) {
        if i > 0 {
            out.push('\n');
        }
        if i < lines.start {
            continue;
        }
        let toks = tokens.get(i).map_or(&[][..], Vec::as_slice);
        let sq = squiggles.get(&i).copied();
        let mut cuts: Vec<usize> = vec![0, line.len()];
        cuts.extend(toks.iter().flat_map(|t| [t.start, t.end]));
        if let Some((a, b, _)) = sq {
            cuts.extend([a, b]);
        }
        cuts.retain(|&c| c <= line.len() && line.is_char_boundary(c));
        lifecycle::sort::ascending(&mut cuts);
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let kind = toks.iter().find(|t| t.start <= a && b <= t.end).map(|t| t.kind.class());
            let under =
                sq.filter(|&(s, e, _)| s <= a && b <= e)
                    .map(|(_, _, err)| if err { "sq-error" } else { "sq-warning" });
            if kind.is_none() && under.is_none() {
                escape_into(&mut out, &line[a..b]);
                continue;
            }
            out.push_str("<span class=\"");
            out.push_str(&[kind, under].into_iter().flatten().collect::<Vec<_>>().join(" "));
            out.push_str("\">");
            escape_into(&mut out, &line[a..b]);
            out.push_str("</span>");
        }
    }
    // A final newline keeps the layer as tall as the textarea's last (empty) line.
    out.push('\n');
    out
}

/// Replaces the textarea's selection with `s` and puts the caret after it.
fn insert_at_selection(t: &HtmlTextAreaElement, s: &str) {
    let start = t.selection_start().ok().flatten().unwrap_or(0);
    let end = t.selection_end().ok().flatten().unwrap_or(start);
    // set_range_text keeps the browser's undo stack intact, unlike assigning .value.
    if t.set_range_text_with_start_and_end(s, start, end).is_ok() {
        let caret = start + s.encode_utf16().count() as u32;
        let _ = t.set_selection_range(caret, caret);
    }
}

/// The textarea offset (UTF-16 code units) of a 1-based line and column (in characters).
pub fn utf16_offset(text: &str, line: u32, col: u32) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let in_line: usize = l.chars().take(col.saturating_sub(1) as usize).map(char::len_utf16).sum();
            return offset + in_line as u32;
        }
        offset += l.encode_utf16().count() as u32 + 1;
    }
    offset.saturating_sub(1)
}

/// Comments or uncomments the lines of the textarea's selection (Ctrl/Cmd+/), keeping them selected.
fn toggle_comment_at_selection(t: &HtmlTextAreaElement) {
    let text = t.value();
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = t.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = t.selection_end().ok().flatten().unwrap_or(start as u32) as usize;
    let line_start =
        units[..start.min(units.len())].iter().rposition(|&c| c == u16::from(b'\n')).map_or(0, |i| i + 1);
    let line_end = units[end.min(units.len())..]
        .iter()
        .position(|&c| c == u16::from(b'\n'))
        .map_or(units.len(), |i| end + i);
    let block = String::from_utf16_lossy(&units[line_start..line_end]);
    let replaced = toggle_comment(&block);
    if t.set_range_text_with_start_and_end(&replaced, line_start as u32, line_end as u32).is_ok() {
        let new_end = line_start + replaced.encode_utf16().count();
        let _ = t.set_selection_range(line_start as u32, new_end as u32);
    }
}

/// `# `-comments every non-blank line of `block`, or uncomments them all when all are comments.
pub fn toggle_comment(block: &str) -> String {
    let lines: Vec<&str> = block.split('\n').collect();
    let all_commented =
        lines.iter().filter(|l| !l.trim().is_empty()).all(|l| l.trim_start().starts_with('#'));
    let min_indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                (*l).to_string()
            } else if all_commented {
                let ind = l.len() - l.trim_start().len();
                let rest = &l[ind + 1..];
                format!("{}{}", &l[..ind], rest.strip_prefix(' ').unwrap_or(rest))
            } else {
                format!("{}# {}", &l[..min_indent], &l[min_indent..])
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_toggle_round_trips() {
        let block = "  a: 1\n\n    b: 2";
        let c = toggle_comment(block);
        assert_eq!(c, "  # a: 1\n\n  #   b: 2");
        assert_eq!(toggle_comment(&c), block);
        assert_eq!(toggle_comment("# x\ny"), "# # x\n# y");
    }

    #[test]
    fn the_layer_escapes_text_and_wraps_tokens_and_squiggles() {
        let text = "kind: <Pod>\nimage: a&b";
        let diags = vec![Diagnostic::error("spec", Some(lifecycle::Pos { line: 2, col: 8 }), "bad")];
        let html = highlight_html(text, &tokenize(text), &squiggles(text, &diags), 0..LAYER_LINES);
        assert_eq!(
            html,
            "<span class=\"tk-key\">kind</span>: &lt;Pod&gt;\n<span class=\"tk-key\">image</span>: <span class=\"sq-error\">a&amp;b</span>\n"
        );
    }

    #[test]
    fn the_layer_holds_only_its_window_with_the_lines_before_it_left_empty() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4";
        let html = highlight_html(text, &tokenize(text), &BTreeMap::new(), 1..3);
        assert_eq!(html, "\n<span class=\"tk-key\">b</span>: <span class=\"tk-num\">2</span>\n<span class=\"tk-key\">c</span>: <span class=\"tk-num\">3</span>\n");
    }

    #[test]
    fn the_gutter_marks_the_worst_diagnostic_and_escapes_its_messages() {
        let d = |severity, line, message: &str| {
            let pos = Some(lifecycle::Pos { line, col: 1 });
            match severity {
                Severity::Error => Diagnostic::error("", pos, message),
                Severity::Warning => Diagnostic::warning("", pos, message),
            }
        };
        let diags =
            [d(Severity::Warning, 2, "w \"q\""), d(Severity::Error, 2, "<e>"), d(Severity::Warning, 3, "x")];
        assert_eq!(
            gutter_html(3, &diags, &[1], Lang::En),
            "<div class=\"ln why\">1</div><div class=\"ln mark-error\" title=\"w &quot;q&quot;\n&lt;e&gt;\">2</div><div class=\"ln mark-warning\" title=\"x\">3</div>"
        );
    }

    #[test]
    fn offsets_count_utf16_units() {
        assert_eq!(utf16_offset("ab\ncd", 2, 2), 4);
        assert_eq!(utf16_offset("é😀\nx", 2, 1), 4);
    }
}
