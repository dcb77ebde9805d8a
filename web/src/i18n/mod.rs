//! The page in English and Simplified Chinese (简体中文). Every piece of UI text podlife writes is a
//! [`Msg`]; each language is one catalog (`en.rs`, `zh.rs`) with an exhaustive `match`, so a key
//! missing in either language does not compile, and a unit test fails when a key is used nowhere.
//!
//! What Kubernetes itself prints (kubectl columns, STATUS strings, event reasons and messages, apiserver
//! messages, YAML) is never translated: the Chinese UI only adds a short gloss beside a reason or
//! condition ([`Lang::gloss`]), so learners recognise the real thing on a cluster.
//!
//! Parameters are positional placeholders `{0}`, `{1}`, … filled by [`Lang::f`]; a unit test checks
//! both catalogs use the same ones.
//!
//! The core's own words (run notes, Scenario notices, podlife's hints in diagnostics) arrive as
//! [`Phrase`]s; [`Lang::phrase`] renders one, with the English template from the core and the Chinese
//! one from `zh::phrase`, an exhaustive match over [`Key`].

mod en;
mod zh;

use lifecycle::{Diagnostic, Phrase};
use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// The language the page shows now, for code outside components (the panic banner).
static CURRENT: AtomicU8 = AtomicU8::new(0);

impl Lang {
    /// The code used in storage and in share links (`l=zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The value of `<html lang>` (also picks CJK glyph forms for Chinese).
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Reads a code; any `zh…` (zh, zh-CN, zh-Hans, zh-TW…) is Chinese, `en…` English.
    pub fn parse(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c == "zh" || c.starts_with("zh-") || c.starts_with("zh_") {
            Some(Lang::Zh)
        } else if c == "en" || c.starts_with("en-") || c.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The page language for a browser's `navigator.languages`: Chinese when any of them is `zh*`.
    pub fn from_browser<S: AsRef<str>>(languages: &[S]) -> Lang {
        if languages.iter().any(|l| Lang::parse(l.as_ref()) == Some(Lang::Zh)) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The other language (the header toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The text of `m`.
    pub fn t(self, m: Msg) -> &'static str {
        match self {
            Lang::En => en::text(m),
            Lang::Zh => zh::text(m),
        }
    }

    /// The text of `m` with `{0}`, `{1}`, … replaced by `args`.
    pub fn f(self, m: Msg, args: &[&str]) -> String {
        fill(self.t(m), args)
    }

    /// A message of the core in this language; Kubernetes' own text inside it (an argument) stays as is.
    pub fn phrase(self, p: &Phrase) -> String {
        match self {
            Lang::En => p.english(),
            Lang::Zh => p.render(zh::phrase(p.key)),
        }
    }

    /// A diagnostic as `path: message`: podlife's own words translated, the apiserver's verbatim.
    pub fn diagnostic(self, d: &Diagnostic) -> String {
        match &d.phrase {
            Some(p) if d.path.is_empty() => self.phrase(p),
            Some(p) => format!("{}: {}", d.path, self.phrase(p)),
            None => d.path_and_message(),
        }
    }

    /// A short Chinese gloss of a Kubernetes word (phase, condition, state or event reason), shown
    /// beside it, never instead of it. English has none.
    pub fn gloss(self, term: &str) -> Option<&'static str> {
        match self {
            Lang::En => None,
            Lang::Zh => zh::GLOSS.iter().find(|(k, _)| *k == term).map(|(_, v)| *v),
        }
    }

    /// The gloss of a state label such as `Waiting (CrashLoopBackOff)`, `Error (exit 1)`, `Init:0/2`
    /// or `True (SchedulingGated)`: the reason in parentheses when known, else the first word.
    pub fn gloss_label(self, label: &str) -> Option<&'static str> {
        let inner = label.split_once('(').and_then(|(_, r)| r.split_once(')')).map(|(r, _)| r.trim());
        let first = label.split([' ', '(', ':']).next().unwrap_or(label);
        inner.and_then(|r| self.gloss(r)).or_else(|| self.gloss(first))
    }

    /// `term（gloss）` in Chinese, `term` in English.
    pub fn with_gloss(self, term: &str) -> String {
        match self.gloss_label(term) {
            Some(g) => format!("{term}（{g}）"),
            None => term.to_string(),
        }
    }

    /// Records the page's language for [`Lang::current`].
    pub fn set_current(self) {
        CURRENT.store(self as u8, Ordering::Relaxed);
    }

    /// The page's language as last recorded (English before the app starts).
    pub fn current() -> Lang {
        if CURRENT.load(Ordering::Relaxed) == Lang::Zh as u8 {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.split_once('}').and_then(|(n, tail)| Some((n.parse::<usize>().ok()?, tail))) {
            Some((n, tail)) => {
                out.push_str(args.get(n).copied().unwrap_or(""));
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares [`Msg`] and, for the tests, the list of its keys.
macro_rules! messages {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// Every piece of UI text podlife writes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$doc])* $key,)*
        }

        #[cfg(test)]
        impl Msg {
            /// Every key with its name.
            pub const ALL: &'static [(Msg, &'static str)] = &[$((Msg::$key, stringify!($key)),)*];
        }
    };
}

messages! {
    // Header
    Tagline, VersionTitle, FiguresLabel, ShareButton, ShareTitle, ThemeLabel, ThemeTitle, HelpLabel,
    HelpTitle, LangButton, LangLabel, LangTitle, Dismiss, SimulationLabel,
    // Status line and key figures
    StatusOk, StatusProblem1, StatusProblems, StatusStale, ReadyAt, NeverReady, Restart1, Restarts,
    EndedAt, DeletedAt, ProbeFailures,
    // Editor
    EditorLabel, EditorArea, JumpTitle, NoProblems, Notes1, NotesN, NotesTitle,
    // Playback
    PlaybackLabel, Restart, RestartTitle, PrevChange, PrevTitle, NextChange, NextTitle, Play, Pause,
    PlayTitle, PlayButton, PauseButton, Speed, Playhead,
    // Timeline
    TimelineLabel, TimelineImage, LegendReady, LegendRunning, LegendWaiting, LegendBackOff, LegendExit0,
    LegendExitError, ZoomIn, ZoomInTitle, ZoomOut, Fit, FitLabel, PhaseLane, EventsLane, GroupInit,
    GroupSidecar, GroupEphemeral, ProbeTip, ProbeStartup, ProbeLiveness, ProbeReadiness, ProbeSuccess,
    ProbeFailure, RestartTip, RunningNotStarted,
    // Init containers
    InitLabel, InitCount, SidecarBadge, NotCreated, Attempts, ExitCodes,
    // Actions
    ActionsLabel, ActionField, VerbExec, VerbDeletePod, VerbApplyService, VerbDeleteService,
    VerbCondition, VerbNodeDown, VerbNodeUp, VerbDebug, VerbSetImage, FieldContainer, FieldCommand,
    FieldGrace, FieldService, FieldPort, FieldConditionType, FieldStatus, FieldImage, FieldTarget, AddAt,
    AddTitle, ActionRejected,
    // kubectl panels
    PanelsLabel, Copy, CopyLabel,
    // Help
    KeySpace, KeyWheel, HelpPlay, HelpStep, HelpHome, HelpRerun, HelpComment, HelpTab, HelpZoom,
    HelpHelp, HelpAbout, HelpLanguage, Close,
    // Gallery
    Examples, ExamplesPlaceholder, ConfirmReplace, ExampleNotice,
    // Notices and errors
    LinkLoaded, SavedUnreadable, LinkFallback, LinkSeed, LinkTime, LinkBase64, LinkInflate, LinkUtf8,
    ShareCopied, PanicBanner,
    // Gallery examples: title and what to watch for
    PodLiveExecTitle, PodLiveExecWatch, MyappPodTitle, MyappPodWatch, InitServicesTitle,
    InitServicesWatch, PodLiveHttpgetTitle, PodLiveHttpgetWatch, LivenessTcpTitle, LivenessTcpWatch,
    Readiness404Title, Readiness404Watch, StartupSlowTitle, StartupSlowWatch, PodPoststartTitle,
    PodPoststartWatch, PoststartFailTitle, PoststartFailWatch, PrestopGraceTitle, PrestopGraceWatch,
    CrashloopTitle, CrashloopWatch, JobNeverTitle, JobNeverWatch, JobOnfailureTitle, JobOnfailureWatch,
    NativeSidecarTitle, NativeSidecarWatch, ReadinessGateTitle, ReadinessGateWatch, ActiveDeadlineTitle,
    ActiveDeadlineWatch, ImagePullTitle, ImagePullWatch, SchedulingGatesTitle, SchedulingGatesWatch,
    SharedEmptydirTitle, SharedEmptydirWatch,
    // web-ui
    EndpointsNone, KubeVersionLabel, KubeVersionTitle, KubeVersionRejected, SemanticsLabel, SemanticsLater, ExportButton, ExportTitle, ExportJson, ExportSvg, ExportPng, ExportText,
    WhyLabel, WhyDocs, WhyLinesTitle, ExportScript,
    // web2
    NeverScheduled, NeverInitialized, ScheduledAt, InitializedAt, NotReadyFor, BackoffCapAt, FigNever, FigHorizon, FigScheduled,
    FigInitialized, FigReady, FigNotReady, FigRestarts, FigRestartsOf, FigBackoffCap, FigPhase, FigStatus,
    FigEnded, FigDeleted, CompareButton, CompareTitle, CompareLabel, CompareA, CompareB, CompareSwap,
    CompareSwapTitle, CompareClose, CompareFigure, CompareDelta, CompareSame, CompareNoRun,
}

/// Something to tell the user, rendered in the language of the moment (so it follows the toggle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The page was opened from a share link.
    LinkLoaded,
    /// The saved text was unreadable; the default example is shown.
    SavedUnreadable,
    /// The share link was damaged; the saved text (or the default) is shown.
    LinkDamaged(crate::share::LinkError),
    /// The share link was copied; it has this many characters.
    ShareCopied(usize),
    /// An example was loaded from the gallery (index into `examples::ALL`).
    Example(usize),
}

impl Lang {
    /// The text of a notice.
    pub fn notice(self, n: Notice) -> String {
        match n {
            Notice::LinkLoaded => self.t(Msg::LinkLoaded).to_string(),
            Notice::SavedUnreadable => self.t(Msg::SavedUnreadable).to_string(),
            Notice::LinkDamaged(e) => self.f(Msg::LinkFallback, &[self.t(e.msg())]),
            Notice::ShareCopied(n) => self.f(Msg::ShareCopied, &[&n.to_string()]),
            Notice::Example(i) => match crate::examples::ALL.get(i) {
                Some(e) => self.f(Msg::ExampleNotice, &[self.t(e.title), self.t(e.watch)]),
                None => String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            rest = &rest[i + 1..];
            if let Some((n, tail)) = rest.split_once('}') {
                if n.parse::<usize>().is_ok() {
                    out.insert(n.to_string());
                    rest = tail;
                }
            }
        }
        out
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
    }

    #[test]
    fn both_catalogs_have_every_key_with_the_same_placeholders() {
        // A missing key does not compile (exhaustive matches); here: nothing empty, same parameters,
        // and the Chinese catalog really is Chinese (a forgotten copy of the English text fails).
        // The only exceptions: the toggle names the other language, and a pure "{0} — {1}" layout.
        let not_chinese = [Msg::LangButton, Msg::ExampleNotice];
        for &(m, name) in Msg::ALL {
            let (en, zh) = (Lang::En.t(m), Lang::Zh.t(m));
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{name} is empty");
            assert_eq!(placeholders(en), placeholders(zh), "{name}: placeholders differ");
            if !not_chinese.contains(&m) {
                assert!(zh.chars().any(is_cjk), "{name}: the Chinese text has no Chinese: {zh}");
            }
        }
        assert_eq!(Lang::En.t(Msg::LangButton), "中文");
        assert_eq!(Lang::Zh.t(Msg::LangButton), "English");
    }

    #[test]
    fn every_key_is_used_outside_the_catalogs() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut code = String::new();
        let mut dirs = vec![std::path::PathBuf::from(src)];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{d:?}: {e}")).flatten() {
                let p = entry.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") && !p.starts_with(format!("{src}/i18n")) {
                    code.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                }
            }
        }
        // Keys used by the notices above count as used.
        code.push_str(
            "Msg::LinkLoaded Msg::SavedUnreadable Msg::LinkFallback Msg::ShareCopied Msg::ExampleNotice",
        );
        let unused: Vec<&str> = Msg::ALL
            .iter()
            .map(|&(_, name)| name)
            .filter(|name| {
                let pat = format!("Msg::{name}");
                !code.match_indices(&pat).any(|(i, _)| {
                    !code[i + pat.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            })
            .collect();
        assert!(unused.is_empty(), "keys used nowhere (delete them from the catalogs): {unused:?}");
    }

    #[test]
    fn every_core_phrase_has_a_chinese_template_with_the_same_placeholders() {
        use lifecycle::text::{placeholders, Key};
        for &k in Key::ALL {
            let (en, zh) = (k.english(), zh::phrase(k));
            assert_eq!(placeholders(en), placeholders(zh), "{k:?}: placeholders differ: {en} / {zh}");
            assert!(zh.chars().any(is_cjk), "{k:?}: the Chinese template has no Chinese: {zh}");
        }
        assert!(Key::ALL.len() >= 40, "{}", Key::ALL.len());
    }

    #[test]
    fn phrases_and_diagnostics_render_in_the_page_language() {
        use lifecycle::text::Key;
        let p = Phrase::new(Key::ExecNoSuchContainer, ["12s", "\"app\""]);
        assert_eq!(Lang::En.phrase(&p), "exec at 12s: no container named \"app\"");
        assert_eq!(Lang::Zh.phrase(&p), "12s 时的 exec：没有名为 \"app\" 的容器");
        // podlife's hint is translated; the YAML parser's words inside it are not.
        let tab = lifecycle::load("apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n");
        let d = &tab.diagnostics[0];
        assert_eq!(
            Lang::En.diagnostic(d),
            "yaml: line 4: found character that cannot start any token (YAML forbids tabs for indentation; use spaces)"
        );
        assert_eq!(
            Lang::Zh.diagnostic(d),
            "yaml: line 4: found character that cannot start any token（YAML 不允许用制表符缩进，请改用空格）"
        );
        // The apiserver's own wording stays English in Chinese too, path included.
        let bad =
            lifecycle::load("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: []\n");
        let d = bad.diagnostics.iter().find(|d| d.phrase.is_none()).map(|d| Lang::Zh.diagnostic(d));
        assert_eq!(d.as_deref(), Some("spec.containers: Required value"));
        let limit = lifecycle::Diagnostic::error_said(
            "spec.containers",
            None,
            Phrase::new(Key::TooManyContainers, ["Too many: 40", "32"]),
        );
        assert_eq!(
            Lang::Zh.diagnostic(&limit),
            "spec.containers: Too many: 40：podlife 每个 Pod 最多模拟 32 个容器（初始化容器和普通容器合计）"
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(fill("pod \"{0}\" simulated to {1}", &["web", "10m"]), "pod \"web\" simulated to 10m");
        assert_eq!(fill("{1}{0}{x}{", &["a", "b"]), "ba{x}{");
        assert_eq!(Lang::Zh.f(Msg::StatusOk, &["web", "10m"]), "pod \"web\" 已模拟到 10m");
    }

    #[test]
    fn the_browser_language_decides_and_codes_round_trip() {
        assert_eq!(Lang::from_browser(&["en-US", "zh-CN"]), Lang::Zh);
        assert_eq!(Lang::from_browser(&["zh-TW"]), Lang::Zh);
        assert_eq!(Lang::from_browser(&["en-GB", "fr"]), Lang::En);
        assert_eq!(Lang::from_browser::<&str>(&[]), Lang::En);
        for l in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.other().other(), l);
        }
        assert_eq!(Lang::parse("xx"), None);
    }

    #[test]
    fn chinese_glosses_sit_beside_the_kubernetes_words() {
        assert_eq!(Lang::Zh.with_gloss("CrashLoopBackOff"), "CrashLoopBackOff（崩溃循环退避）");
        assert_eq!(Lang::Zh.gloss_label("Waiting (ImagePullBackOff)"), Some("镜像拉取退避"));
        assert_eq!(Lang::Zh.gloss_label("Error (exit 1)"), Some("错误"));
        assert_eq!(Lang::Zh.gloss_label("Init:0/2"), Some("初始化中"));
        assert_eq!(Lang::En.with_gloss("Running"), "Running");
        for (term, gloss) in [
            ("Pending", "等待中"),
            ("Running", "运行中"),
            ("Succeeded", "成功"),
            ("Failed", "失败"),
            ("Ready", "就绪"),
            ("Initialized", "已初始化"),
            ("ContainersReady", "容器就绪"),
            ("PodScheduled", "已调度"),
            ("Terminating", "终止中"),
            ("ImagePullBackOff", "镜像拉取退避"),
        ] {
            assert_eq!(Lang::Zh.gloss(term), Some(gloss), "{term}");
        }
    }
}
