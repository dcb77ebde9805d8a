//! The examples gallery: each a `web/examples/ID.yaml` with a one-line "what to watch for". Titles and
//! explanations are catalog keys (English and Chinese, see `i18n`); ids are the course notes' names.

use crate::i18n::Msg;

/// One gallery example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example {
    /// Stable id (the file name), used in tests and links.
    pub id: &'static str,
    /// Title in the gallery.
    pub title: Msg,
    /// What to watch for, one line.
    pub watch: Msg,
    /// The YAML text.
    pub text: &'static str,
}

/// The example loaded on a first visit: the exec liveness pod from the course notes.
pub const DEFAULT: Example = ALL[0];

/// Every example, in gallery order.
pub const ALL: [Example; 19] = [
    Example {
        id: "pod-live-exec",
        title: Msg::PodLiveExecTitle,
        watch: Msg::PodLiveExecWatch,
        text: include_str!("../examples/pod-live-exec.yaml"),
    },
    Example {
        id: "myapp-pod",
        title: Msg::MyappPodTitle,
        watch: Msg::MyappPodWatch,
        text: include_str!("../examples/myapp-pod.yaml"),
    },
    Example {
        id: "init-services",
        title: Msg::InitServicesTitle,
        watch: Msg::InitServicesWatch,
        text: include_str!("../examples/init-services.yaml"),
    },
    Example {
        id: "pod-live-httpget",
        title: Msg::PodLiveHttpgetTitle,
        watch: Msg::PodLiveHttpgetWatch,
        text: include_str!("../examples/pod-live-httpget.yaml"),
    },
    Example {
        id: "liveness-tcp",
        title: Msg::LivenessTcpTitle,
        watch: Msg::LivenessTcpWatch,
        text: include_str!("../examples/liveness-tcp.yaml"),
    },
    Example {
        id: "readiness-404-fixed",
        title: Msg::Readiness404Title,
        watch: Msg::Readiness404Watch,
        text: include_str!("../examples/readiness-404-fixed.yaml"),
    },
    Example {
        id: "startup-probe-slow",
        title: Msg::StartupSlowTitle,
        watch: Msg::StartupSlowWatch,
        text: include_str!("../examples/startup-probe-slow.yaml"),
    },
    Example {
        id: "pod-poststart",
        title: Msg::PodPoststartTitle,
        watch: Msg::PodPoststartWatch,
        text: include_str!("../examples/pod-poststart.yaml"),
    },
    Example {
        id: "poststart-fail",
        title: Msg::PoststartFailTitle,
        watch: Msg::PoststartFailWatch,
        text: include_str!("../examples/poststart-fail.yaml"),
    },
    Example {
        id: "prestop-grace",
        title: Msg::PrestopGraceTitle,
        watch: Msg::PrestopGraceWatch,
        text: include_str!("../examples/prestop-grace.yaml"),
    },
    Example {
        id: "crashloop",
        title: Msg::CrashloopTitle,
        watch: Msg::CrashloopWatch,
        text: include_str!("../examples/crashloop.yaml"),
    },
    Example {
        id: "job-never",
        title: Msg::JobNeverTitle,
        watch: Msg::JobNeverWatch,
        text: include_str!("../examples/job-never.yaml"),
    },
    Example {
        id: "job-onfailure",
        title: Msg::JobOnfailureTitle,
        watch: Msg::JobOnfailureWatch,
        text: include_str!("../examples/job-onfailure.yaml"),
    },
    Example {
        id: "native-sidecar",
        title: Msg::NativeSidecarTitle,
        watch: Msg::NativeSidecarWatch,
        text: include_str!("../examples/native-sidecar.yaml"),
    },
    Example {
        id: "readiness-gate",
        title: Msg::ReadinessGateTitle,
        watch: Msg::ReadinessGateWatch,
        text: include_str!("../examples/readiness-gate.yaml"),
    },
    Example {
        id: "active-deadline",
        title: Msg::ActiveDeadlineTitle,
        watch: Msg::ActiveDeadlineWatch,
        text: include_str!("../examples/active-deadline.yaml"),
    },
    Example {
        id: "image-pull-backoff",
        title: Msg::ImagePullTitle,
        watch: Msg::ImagePullWatch,
        text: include_str!("../examples/image-pull-backoff.yaml"),
    },
    Example {
        id: "scheduling-gates",
        title: Msg::SchedulingGatesTitle,
        watch: Msg::SchedulingGatesWatch,
        text: include_str!("../examples/scheduling-gates.yaml"),
    },
    Example {
        id: "shared-emptydir",
        title: Msg::SharedEmptydirTitle,
        watch: Msg::SharedEmptydirWatch,
        text: include_str!("../examples/shared-emptydir.yaml"),
    },
];

/// The example whose text is exactly `text`, if any.
pub fn find_by_text(text: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.text == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_loads_without_errors_and_runs() {
        for e in ALL {
            let loaded = lifecycle::load(e.text);
            assert!(!loaded.has_errors(), "{}: {:?}", e.id, loaded.diagnostics);
            let run = lifecycle::sim::run_document(&loaded, lifecycle::sim::RunOverrides::default());
            assert!(run.is_some_and(|r| !r.trace.rows.is_empty()), "{}", e.id);
            assert!(e.text.starts_with('#'), "{}: starts with its story as a comment", e.id);
        }
        let mut ids: Vec<&str> = ALL.iter().map(|e| e.id).collect();
        lifecycle::sort::ascending(&mut ids);
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }
}
