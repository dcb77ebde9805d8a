//! A bounded `sh` interpreter that runs in simulated time.
//!
//! A script is a [`Process`]: a resumable state machine that the pod world advances. `run` executes
//! until every job is blocked — sleeping until a moment, serving a port, waiting — or has exited, and
//! says when it next wants to run. A step budget per activation turns busy loops and unbounded
//! recursion into "runs forever" instead of hanging the page. Commands reach the outside world (files,
//! DNS, local servers, signals) only through the [`Host`] trait.

mod commands;
mod exec;
pub mod parse;

pub use exec::{ExecOutcome, ProcStatus, Process};

use super::fs::FsError;
use crate::sim::SimTime;

/// Which userland the image ships: decides the wording of error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// busybox applets (busybox, alpine): `cat: can't open 'F': No such file or directory`.
    Busybox,
    /// GNU coreutils and dash/bash (debian, ubuntu, nginx, httpd…): `cat: F: No such file or directory`.
    Gnu,
}

/// What a listening socket does with connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerKind {
    /// Serves files from a directory (a container path): 200, 404, 403 for a directory without index.
    Static {
        /// Document root inside the serving container.
        root: String,
        /// Answer a directory without `index.html` with 403 (nginx) rather than 404.
        forbid_dirs: bool,
    },
    /// Answers every HTTP request with this status and body.
    Fixed {
        /// Status code.
        code: u16,
        /// Body.
        body: String,
    },
    /// agnhost `liveness`: `/healthz` answers 200 for the first 10 s after `since`, then 500.
    AgnhostLiveness {
        /// When the server started.
        since: SimTime,
    },
    /// Accepts TCP connections but speaks no HTTP (nc, redis).
    Tcp,
}

/// A port opened by a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    /// TCP port.
    pub port: i64,
    /// Behaviour.
    pub kind: ServerKind,
}

/// A signal a process can receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sig {
    /// SIGTERM (15).
    Term,
    /// SIGKILL (9).
    Kill,
    /// SIGINT (2).
    Int,
    /// SIGQUIT (3): nginx's graceful stop.
    Quit,
    /// SIGHUP (1).
    Hup,
    /// SIGWINCH (28): httpd's graceful stop.
    Winch,
}

impl Sig {
    /// Parses `TERM`, `SIGTERM`, `15`, `-9`…
    pub fn parse(s: &str) -> Option<Sig> {
        let s = s.trim_start_matches('-');
        let s = s.strip_prefix("SIG").unwrap_or(s);
        Some(match s.to_ascii_uppercase().as_str() {
            "TERM" | "15" => Sig::Term,
            "KILL" | "9" => Sig::Kill,
            "INT" | "2" => Sig::Int,
            "QUIT" | "3" => Sig::Quit,
            "HUP" | "1" => Sig::Hup,
            "WINCH" | "28" => Sig::Winch,
            _ => return None,
        })
    }
    /// The signal number.
    pub const fn number(self) -> i32 {
        match self {
            Sig::Term => 15,
            Sig::Kill => 9,
            Sig::Int => 2,
            Sig::Quit => 3,
            Sig::Hup => 1,
            Sig::Winch => 28,
        }
    }
}

/// The world a process runs in, as its commands see it.
pub trait Host {
    /// Simulated now.
    fn now(&self) -> SimTime;
    /// The image's userland.
    fn flavor(&self) -> Flavor;
    /// Reads a file.
    fn read(&self, path: &str) -> Result<String, FsError>;
    /// Writes or appends.
    fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError>;
    /// `Some(true)` for a directory, `Some(false)` for a file, with the file's size.
    fn stat(&self, path: &str) -> Option<(bool, usize)>;
    /// `mkdir [-p]`.
    fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError>;
    /// `rm [-r]`.
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError>;
    /// Directory listing.
    fn list(&self, path: &str) -> Result<Vec<String>, FsError>;
    /// Cluster DNS: the FQDN and address of a name, if it resolves now.
    fn resolve(&self, name: &str) -> Option<(String, String)>;
    /// An HTTP GET to `host:port`; `Err` carries the Go-style dial error suffix (`connect: connection refused`).
    fn http(&self, host: &str, port: i64, path: &str) -> Result<(u16, String), String>;
    /// A TCP connect: true when something listens.
    fn connect(&self, host: &str, port: i64) -> bool;
    /// The pod's hostname.
    fn hostname(&self) -> String;
    /// The pod's IP.
    fn pod_ip(&self) -> String;
    /// The calling process starts listening.
    fn listen(&mut self, l: Listen);
    /// Sends `sig` to the container's processes named `target` (`1` = PID 1); false when none matched.
    fn kill(&mut self, target: &str, sig: Sig) -> bool;
    /// Records an assumption the user should see.
    fn note(&mut self, note: crate::text::Phrase);
    /// Wall-clock now as `Tue, 06 Oct 2026 11:32:44 +0000` (for `date`).
    fn wall_rfc1123z(&self) -> String;
    /// The container image's base name (`nginx`, `busybox`, `agnhost`…).
    fn image_base(&self) -> String;
    /// busybox 1.28 or older (its `nslookup` prints the old format and applies search domains).
    fn busybox_legacy(&self) -> bool;
    /// For an image podlife does not know: the program is assumed to be its server, listening on the
    /// declared container ports (and the assumption is noted). `None` for known images: not found.
    fn assume_server(&mut self, program: &str) -> Option<Vec<Listen>>;
}
