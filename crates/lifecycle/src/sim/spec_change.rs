//! Changes to a running pod's spec: `kubectl debug` adds an ephemeral container (started once, never
//! restarted, not counted in READY); `kubectl set image` restarts an app or sidecar container with
//! `Killing: Container X definition changed, will be restarted`; an ordinary init container is not
//! restarted (the kubelet ignores its definition once it ran), only later starts use the new image.

use super::behavior::ContainerKind;
use super::engine::{new_ctr, Engine};
use crate::model::Container;
use crate::text::{Key, Phrase};
use std::rc::Rc;

impl Engine<'_> {
    fn spec_changed(&mut self) {
        self.spec_rc = Some(Rc::new(self.pod.spec.clone()));
        // The QoS class is computed from the spec.
        self.status_consts = None;
        self.spec_changes += 1;
        self.dirty = true;
    }

    /// `kubectl debug --image=… [--target=…]`.
    pub(crate) fn add_ephemeral(&mut self, c: Container, target: Option<String>) {
        let now = self.now();
        if self.admitted.is_none() || self.terminal || self.termination.is_some() {
            self.notes.push(Phrase::new(Key::DebugPodNotRunning, [now.to_string(), format!("{:?}", c.name)]));
            return;
        }
        if self.ctrs.iter().any(|x| x.spec.name == c.name) {
            self.notes.push(Phrase::new(Key::DebugNameTaken, [now.to_string(), format!("{:?}", c.name)]));
            return;
        }
        if let Some(t) = &target {
            if !self.ctrs.iter().any(|x| &x.spec.name == t) {
                self.notes.push(Phrase::new(Key::DebugNoTarget, [now.to_string(), format!("{t:?}")]));
            }
        }
        let field_path = format!("spec.ephemeralContainers{{{}}}", c.name);
        self.ctrs.push(new_ctr(&c, ContainerKind::Ephemeral, field_path));
        self.pod.spec.ephemeral_containers.get_or_insert_with(Vec::new).push(c);
        self.spec_changed();
        self.trigger_sync();
    }

    /// `kubectl set image pod/NAME CONTAINER=IMAGE`.
    pub(crate) fn set_image(&mut self, name: &str, image: &str) {
        let now = self.now();
        let Some(ci) = self.ctrs.iter().position(|c| c.spec.name == name) else {
            self.notes
                .push(Phrase::new(Key::SetImageNoSuchContainer, [now.to_string(), format!("{name:?}")]));
            return;
        };
        if self.ctrs[ci].spec.image.as_deref() == Some(image) {
            return;
        }
        self.ctrs[ci].spec.image = Some(image.to_string());
        let kind = self.ctrs[ci].kind;
        let lists = [
            self.pod.spec.init_containers.as_mut(),
            Some(&mut self.pod.spec.containers),
            self.pod.spec.ephemeral_containers.as_mut(),
        ];
        for list in lists.into_iter().flatten() {
            for c in list.iter_mut().filter(|c| c.name == name) {
                c.image = Some(image.to_string());
            }
        }
        self.spec_changed();
        if self.terminal || self.termination.is_some() || self.admitted.is_none() {
            return;
        }
        match kind {
            ContainerKind::Init => {
                // [SRC computeInitContainerActions] a running ordinary init container is left to
                // finish and, once the pod has initialized, ordinary init containers are never
                // looked at again: the new image only applies to a later start of this one.
                if self.pod_has_initialized {
                    self.notes
                        .push(Phrase::new(Key::SetImageInitialized, [now.to_string(), format!("{name:?}")]));
                }
                return;
            }
            ContainerKind::Ephemeral => {
                self.notes.push(Phrase::new(Key::SetImageEphemeral, [now.to_string()]));
                return;
            }
            ContainerKind::App | ContainerKind::Sidecar => {
                if self.ctrs[ci].running() {
                    self.ctrs[ci].definition_changed = true;
                }
            }
        }
        self.trigger_sync();
    }
}
