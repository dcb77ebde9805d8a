//! The page's one reducer: the document text, what the core made of it (diagnostics and the run), and
//! the playback state. Reducers are pure: the clock comes in through `Tick`, re-runs are plain function
//! calls of the core (deterministic and cheap), timers live in effects.

use crate::i18n::Notice;
use crate::playback::{PlaybackAction, PlaybackState};
use lifecycle::sim::config::MAX_HORIZON_MS;
use lifecycle::sim::{run_document, DocumentRun, RunOverrides, Trace};
use lifecycle::view::timeline::Timeline;
use lifecycle::Diagnostic;
use lifecycle::Loaded;
use std::cell::OnceCell;
use std::rc::Rc;
use yew::prelude::*;

/// A finished run and its view-models.
#[derive(Debug)]
pub struct Run {
    /// The run as the core returned it (trace, configuration, notices).
    pub doc: DocumentRun,
    /// The document it ran, for what is computed on demand (explanations, the kubectl script).
    pub loaded: Loaded,
    /// Lanes, segments and markers.
    pub timeline: Timeline,
    /// Key figures (`lifecycle::insight::figures`): the header chips and the A/B comparison.
    pub key: lifecycle::insight::Figures,
    /// The seed it ran with.
    pub seed: u64,
    /// The Kubernetes release it simulated.
    pub version: lifecycle::phase::KubeVersion,
    /// Why each event happened, worked out the first time someone asks (a 24-hour run has thousands
    /// of explanations; typing should not pay for them).
    why: OnceCell<Vec<Option<Why>>>,
}

/// Why an event happened (`lifecycle::insight::explain`) and the text lines involved.
pub type Why = (lifecycle::insight::Explanation, Vec<u32>);

impl Run {
    /// What happened.
    pub fn trace(&self) -> &Trace {
        &self.doc.trace
    }

    /// Why event `i` happened, and the lines of the text involved.
    pub fn why(&self, i: usize) -> Option<&Why> {
        let all = self.why.get_or_init(|| {
            let mut why = vec![None; self.doc.trace.events.len()];
            for e in lifecycle::insight::explain(&self.loaded, &self.doc) {
                if let lifecycle::insight::Subject::Event(i) = e.subject {
                    let lines = lifecycle::insight::field_lines(&self.loaded.source, &e.fields);
                    if let Some(slot) = why.get_mut(i) {
                        *slot = Some((e, lines));
                    }
                }
            }
            why
        });
        all.get(i).and_then(Option::as_ref)
    }

    /// The run as a shell script of kubectl commands (`lifecycle::insight::kubectl_script`).
    pub fn script(&self) -> String {
        lifecycle::insight::kubectl_script(&self.loaded, &self.doc)
    }

    /// A run with its view-models (timeline, key figures); explanations wait until asked for.
    fn new(doc: DocumentRun, loaded: Loaded) -> Run {
        let timeline = Timeline::build(&doc.trace);
        let key = lifecycle::insight::figures(&doc.trace);
        let (seed, version) = (doc.config.seed, doc.config.version);
        Run { doc, loaded, timeline, key, seed, version, why: OnceCell::new() }
    }
}

/// Loads and runs `text`: the load's diagnostics plus the run's notices, and the run with its document
/// (`None`: errors or no Pod).
fn run_text(text: &str, overrides: RunOverrides) -> (Vec<Diagnostic>, Option<(DocumentRun, Loaded)>) {
    let loaded = lifecycle::load(text);
    let mut diagnostics = loaded.diagnostics.clone();
    match run_document(&loaded, overrides) {
        Some(doc) => {
            diagnostics.extend(doc.notices.iter().cloned());
            (diagnostics, Some((doc, loaded)))
        }
        None => (diagnostics, None),
    }
}

impl PartialEq for Pinned {
    /// By identity, as [`Run`]: a new pin is a new allocation.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl PartialEq for Run {
    /// Runs are compared by identity: a new run is a new allocation, which is all props need to know.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The user's text, exactly as typed.
    pub text: AttrValue,
    /// Bumped on every edit; the debounce effect re-runs when it settles.
    pub generation: u64,
    /// The generation `diagnostics` and `run` belong to.
    pub ran_generation: u64,
    /// Diagnostics of the last load, plus the Scenario notices of the run.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The last successful run (kept while the text has errors, marked stale).
    pub run: Option<Rc<Run>>,
    /// True when `run` belongs to an older text (the current one has errors or no Pod).
    pub stale: bool,
    /// Play/pause, speed and the playhead.
    pub playback: PlaybackState,
    /// Horizon set by playback extending the run (None: the Scenario's).
    pub horizon_override: Option<i64>,
    /// Seed set by a share link (None: the Scenario's).
    pub seed_override: Option<u64>,
    /// The event selected on the timeline (index into `trace.events`).
    pub selected_event: Option<usize>,
    /// A message for the user (restored link, corrupt storage, …).
    pub notice: Option<Notice>,
    /// The pinned document "A" of an A/B comparison (the text being edited is "B"); `None`: off.
    pub compare: Option<Rc<Pinned>>,
}

/// The document pinned as "A": a snapshot of its text and its run, made once when pinned.
#[derive(Debug)]
pub struct Pinned {
    /// The text as it was when pinned.
    pub text: AttrValue,
    /// Its run (`None`: the text had errors or no Pod).
    pub run: Option<Rc<Run>>,
}

/// What can happen.
#[derive(Debug, Clone)]
pub enum AppAction {
    /// The user typed: keep the text now, re-run after the debounce.
    Edit(String),
    /// The debounce for `generation` elapsed.
    Settle(u64),
    /// Re-run the current text now (Ctrl+Enter).
    Rerun,
    /// Replace the whole text and run it now (example, action appended, share link).
    Replace(String),
    /// A playback action.
    Playback(PlaybackAction),
    /// Select an event (and move the playhead to it).
    SelectEvent(usize),
    /// Show or clear a notice.
    Notice(Option<Notice>),
    /// Pin the current text as "A" and keep editing it as "B".
    ComparePin,
    /// Edit A's text and pin the current text as A.
    CompareSwap,
    /// Discard A and leave the comparison.
    CompareClose,
}

impl AppState {
    /// The state for `text`, loaded and run, playhead at `t_ms`.
    pub fn new(text: &str, seed: Option<u64>, t_ms: i64) -> AppState {
        let mut s = AppState {
            text: AttrValue::from(text.to_string()),
            generation: 0,
            ran_generation: 0,
            diagnostics: Rc::default(),
            run: None,
            stale: false,
            playback: PlaybackState::default(),
            horizon_override: None,
            seed_override: seed,
            selected_event: None,
            notice: None,
            compare: None,
        };
        s.recompute();
        s.playback = s.playback.apply(PlaybackAction::Seek(t_ms), &[]);
        s
    }

    /// The run's stops (for stepping), or none.
    pub fn stops(&self) -> &[i64] {
        self.run.as_ref().map_or(&[], |r| r.timeline.stops.as_slice())
    }

    fn overrides(&self) -> RunOverrides {
        RunOverrides { seed: self.seed_override, horizon_ms: self.horizon_override }
    }

    fn recompute(&mut self) {
        let (mut diagnostics, run) = run_text(&self.text, self.overrides());
        match run {
            Some((doc, loaded)) => {
                diagnostics.extend(lifecycle::insight::lint(&loaded, &doc).into_iter().map(|l| l.diagnostic));
                self.run = Some(Rc::new(Run::new(doc, loaded)));
                self.stale = false;
                if self
                    .selected_event
                    .is_some_and(|i| self.run.as_ref().is_none_or(|r| i >= r.trace().events.len()))
                {
                    self.selected_event = None;
                }
            }
            None => self.stale = self.run.is_some(),
        }
        lifecycle::sort::by_key(&mut diagnostics, |d| (d.pos.is_none(), d.pos));
        self.diagnostics = Rc::new(diagnostics);
        self.ran_generation = self.generation;
        self.sync_end();
    }

    /// The playback's end: the run's horizon, or while comparing the longer of A's and B's (both
    /// timelines share one time axis).
    fn sync_end(&mut self) {
        let b = self.run.as_ref().map_or(0, |r| r.timeline.horizon_ms);
        let a = self.compare.as_ref().and_then(|p| p.run.as_ref()).map_or(0, |r| r.timeline.horizon_ms);
        self.playback.end_ms = a.max(b);
        self.playback.t_ms = self.playback.t_ms.min(self.playback.end_ms);
    }

    /// The horizon both timelines of a comparison are drawn to (`None`: not comparing).
    pub fn compare_horizon(&self) -> Option<i64> {
        self.compare.as_ref().map(|_| self.playback.end_ms)
    }

    /// Pins `text` as A, running it (A is run only here, never while B is edited).
    fn pin(&mut self, text: AttrValue) {
        let (_, run) = run_text(&text, self.overrides());
        let run = run.map(|(doc, loaded)| Rc::new(Run::new(doc, loaded)));
        self.compare = Some(Rc::new(Pinned { text, run }));
        self.sync_end();
    }

    /// Extends the run when playback comes near its end and the run can go further.
    fn extend_if_needed(&mut self) {
        let Some(run) = &self.run else { return };
        let end = self.playback.end_ms;
        if !self.playback.playing || run.trace().truncated || end >= MAX_HORIZON_MS || self.stale {
            return;
        }
        if self.playback.t_ms * 10 >= end * 9 {
            self.horizon_override = Some((end * 2).min(MAX_HORIZON_MS));
            self.recompute();
        }
    }
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            AppAction::Edit(text) => {
                if text == s.text.as_str() {
                    return self;
                }
                s.text = AttrValue::from(text);
                s.generation += 1;
            }
            AppAction::Settle(generation) => {
                if generation != s.generation || s.ran_generation == generation {
                    return self;
                }
                s.recompute();
            }
            AppAction::Rerun => s.recompute(),
            AppAction::Replace(text) => {
                s.text = AttrValue::from(text);
                s.generation += 1;
                s.recompute();
            }
            AppAction::Playback(a) => {
                let stops = s.stops().to_vec();
                let before = s.playback.clone();
                s.playback = s.playback.apply(a, &stops);
                if s.playback == before {
                    return self;
                }
                s.extend_if_needed();
            }
            AppAction::SelectEvent(i) => {
                let Some(t) = s.run.as_ref().and_then(|r| r.trace().events.get(i)).map(|e| e.t.ms()) else {
                    return self;
                };
                s.selected_event = Some(i);
                s.playback = s.playback.apply(PlaybackAction::Seek(t), &[]);
            }
            AppAction::Notice(n) => s.notice = n,
            AppAction::ComparePin => {
                let text = s.text.clone();
                s.pin(text);
            }
            AppAction::CompareSwap => {
                let Some(a) = s.compare.clone() else { return self };
                let b = s.text.clone();
                s.text = a.text.clone();
                s.generation += 1;
                s.pin(b);
                s.recompute();
            }
            AppAction::CompareClose => {
                if s.compare.is_none() {
                    return self;
                }
                s.compare = None;
                s.sync_end();
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";

    fn reduce(s: AppState, a: AppAction) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn edits_wait_for_the_debounce_then_run() {
        let s = AppState::new(POD, None, 0);
        assert!(s.run.is_some());
        let s = reduce(s, AppAction::Edit(POD.replace("web", "api")));
        assert_eq!(s.run.as_ref().map(|r| r.trace().pod.as_str()), Some("web"));
        let stale_settle = reduce(s.clone(), AppAction::Settle(s.generation - 1));
        assert_eq!(stale_settle.run.as_ref().map(|r| r.trace().pod.as_str()), Some("web"));
        let s = reduce(s.clone(), AppAction::Settle(s.generation));
        assert_eq!(s.run.as_ref().map(|r| r.trace().pod.as_str()), Some("api"));
    }

    #[test]
    fn an_invalid_edit_keeps_the_last_run_marked_stale() {
        let s = AppState::new(POD, None, 0);
        let s = reduce(s, AppAction::Replace("kind: Pod\nmetadata: [".into()));
        assert!(s.stale);
        assert!(s.run.is_some());
        assert!(!s.diagnostics.is_empty());
    }

    #[test]
    fn playback_near_the_end_extends_the_horizon() {
        let s = AppState::new(POD, None, 0);
        let end = s.playback.end_ms;
        let s = reduce(s, AppAction::Playback(PlaybackAction::Play));
        let s = reduce(s, AppAction::Playback(PlaybackAction::Seek(end * 95 / 100)));
        assert_eq!(s.playback.end_ms, end * 2);
        assert!(s.playback.playing);
    }

    #[test]
    fn compare_pins_a_swaps_and_closes() {
        let s = AppState::new(POD, None, 0);
        let s = reduce(s, AppAction::ComparePin);
        let a = s.compare.clone().expect("pinned");
        assert_eq!(a.text.as_str(), POD);
        let slow = POD.replace("nginx:1.27", "nginx:1.27\n    readinessProbe:\n      exec:\n        command: [\"true\"]\n      initialDelaySeconds: 20");
        let s = reduce(s, AppAction::Replace(slow.clone()));
        // Editing B leaves A's run alone.
        assert!(Rc::ptr_eq(&a, s.compare.as_ref().expect("still pinned")));
        let (ra, rb) = (a.run.as_ref().expect("A ran"), s.run.as_ref().expect("B ran"));
        let diffs = lifecycle::insight::compare(&ra.key, &rb.key);
        let ready = diffs.iter().find(|d| d.figure == "ready").expect("ready differs");
        assert!(ready.delta.is_some_and(|d| d >= 20_000), "{ready:?}");
        assert_eq!(s.playback.end_ms, ra.timeline.horizon_ms.max(rb.timeline.horizon_ms));
        let s = reduce(s, AppAction::CompareSwap);
        assert_eq!(s.text.as_str(), POD);
        assert_eq!(s.compare.as_ref().map(|p| p.text.as_str()), Some(slow.as_str()));
        assert_eq!(s.run.as_ref().map(|r| r.key.ready_ms), Some(ra.key.ready_ms));
        let s = reduce(s, AppAction::CompareClose);
        assert!(s.compare.is_none());
        assert_eq!(s.compare_horizon(), None);
    }

    #[test]
    fn selecting_an_event_moves_the_playhead() {
        let s = AppState::new(POD, None, 0);
        let t = s.run.as_ref().map(|r| r.trace().events[2].t.ms()).unwrap_or_default();
        let s = reduce(s, AppAction::SelectEvent(2));
        assert_eq!((s.selected_event, s.playback.t_ms), (Some(2), t));
    }
}
