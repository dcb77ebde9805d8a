//! The image manager: pull policy, the node's image cache, pull durations, ErrImagePull /
//! ImagePullBackOff with its own per-image back-off (10 s doubling to 300 s), ErrImageNeverPull.

use super::engine::{
    normalize_image, pull_policy, Backoff, Engine, Task, CREATE_MS, IMAGE_BACKOFF_INITIAL_MS,
    IMAGE_BACKOFF_MAX_MS, PULL_CACHED_MS, PULL_FAIL_MS, PULL_JITTER_PERCENT,
};
use super::events;
use super::rng::fnv1a;
use crate::behavior::image::image_base;

/// A plausible, stable size in bytes for an image (derived from its name, not from the run's RNG).
pub fn image_size(image: &str) -> u64 {
    let h = fnv1a(image);
    match image_base(image) {
        "busybox" => 2_150_000 + h % 100_000,
        "alpine" => 3_600_000 + h % 200_000,
        "nginx" => 72_000_000 + h % 2_000_000,
        "httpd" => 58_000_000 + h % 2_000_000,
        _ => 20_000_000 + h % 160_000_000,
    }
}

impl Engine<'_> {
    /// EnsureImageExists for container `ci`: begins a pull or the create, or records the error.
    pub(crate) fn ensure_image(&mut self, ci: usize) {
        let Some(c) = self.ctrs.get(ci) else { return };
        let image = c.spec.image.clone().unwrap_or_default();
        let norm = normalize_image(&image);
        let policy = pull_policy(&c.spec);
        let present = self.images_present.contains(&norm);
        let v = self.cfg.version;
        if policy == "Never" && !present {
            let msg = events::never_pull(&image);
            self.kubelet_event(Some(ci), "Warning", "ErrImageNeverPull", msg.clone());
            self.kubelet_event(Some(ci), "Warning", "Failed", "Error: ErrImageNeverPull".to_string());
            self.ctrs[ci].reason = Some(("ErrImageNeverPull".to_string(), msg));
            self.worker.error.get_or_insert(None);
            return;
        }
        if policy != "Always" && present {
            self.kubelet_event(Some(ci), "Normal", "Pulled", events::already_present(v, &image));
            let d = self.lat(CREATE_MS);
            self.begin_task(Task::Create { ci }, d);
            return;
        }
        let now = self.now();
        if let Some(b) = self.image_backoff.get(&norm) {
            let expired = now.since(b.last_update) > 2 * IMAGE_BACKOFF_MAX_MS;
            if !expired && now.since(b.last_update) < b.backoff_ms {
                let msg = format!("Back-off pulling image {image:?}");
                self.kubelet_event(Some(ci), "Normal", "BackOff", msg.clone());
                self.kubelet_event(Some(ci), "Warning", "Failed", "Error: ImagePullBackOff".to_string());
                // Newer kubelets append the previous pull error to the waiting message [INF: ≥1.30].
                let detail = match (&self.ctrs[ci].reason, v.at_least(1, 30)) {
                    (Some((r, m)), true) if r == "ErrImagePull" || r == "ImagePullBackOff" => {
                        let err = m.rsplit_once("ErrImagePull: ").map(|(_, e)| e).unwrap_or(m);
                        format!("{msg}: ErrImagePull: {err}")
                    }
                    _ => msg,
                };
                self.ctrs[ci].reason = Some(("ImagePullBackOff".to_string(), detail));
                self.worker.error.get_or_insert(None);
                return;
            }
        }
        self.kubelet_event(Some(ci), "Normal", "Pulling", events::pulling(&image));
        let ok = !self.cfg.unavailable_images.iter().any(|u| u == &image || normalize_image(u) == norm);
        let ms = if !ok {
            self.lat(PULL_FAIL_MS)
        } else if present {
            self.lat(PULL_CACHED_MS)
        } else {
            let base = self.cfg.pull_ms.max(1);
            let spread = base * PULL_JITTER_PERCENT / 100;
            self.rng.range(base - spread, base + spread).max(1)
        };
        self.begin_task(Task::Pull { ci, ms, ok }, ms);
    }

    /// A pull finished.
    pub(crate) fn pull_done(&mut self, ci: usize, ms: i64, ok: bool) {
        let image = self.ctrs.get(ci).and_then(|c| c.spec.image.clone()).unwrap_or_default();
        let norm = normalize_image(&image);
        if ok {
            let msg = events::pulled(&image, ms, ms, image_size(&norm));
            self.kubelet_event(Some(ci), "Normal", "Pulled", msg);
            self.images_present.insert(norm);
            let d = self.lat(CREATE_MS);
            self.begin_task(Task::Create { ci }, d);
            return;
        }
        let err = events::pull_not_found(&norm);
        self.kubelet_event(Some(ci), "Warning", "Failed", format!("Failed to pull image {image:?}: {err}"));
        self.kubelet_event(Some(ci), "Warning", "Failed", "Error: ErrImagePull".to_string());
        if let Some(c) = self.ctrs.get_mut(ci) {
            c.reason = Some(("ErrImagePull".to_string(), err));
        }
        let now = self.now();
        let next = match self.image_backoff.get(&norm) {
            Some(b) if now.since(b.last_update) <= 2 * IMAGE_BACKOFF_MAX_MS => {
                (b.backoff_ms * 2).min(IMAGE_BACKOFF_MAX_MS)
            }
            _ => IMAGE_BACKOFF_INITIAL_MS,
        };
        self.image_backoff.insert(norm, Backoff { backoff_ms: next, last_update: now });
        self.worker.error.get_or_insert(None);
    }
}
