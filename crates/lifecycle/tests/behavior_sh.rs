//! The `sh` interpreter on its own: control flow, expansions, simulated time, signals, limits.
#![allow(clippy::unwrap_used)]

use lifecycle::behavior::fs::{Fs, FsError};
use lifecycle::behavior::sh::{Flavor, Host, Listen, ProcStatus, Process, Sig};
use lifecycle::sim::SimTime;
use std::collections::BTreeMap;

struct MockHost {
    now: SimTime,
    fs: Fs,
    services: Vec<String>,
    listens: Vec<Listen>,
}

impl MockHost {
    fn new() -> Self {
        let mut fs = Fs::new();
        fs.ensure_dir("/tmp");
        MockHost { now: SimTime::ZERO, fs, services: Vec::new(), listens: Vec::new() }
    }
}

impl Host for MockHost {
    fn now(&self) -> SimTime {
        self.now
    }
    fn flavor(&self) -> Flavor {
        Flavor::Busybox
    }
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.fs.read(path).map(str::to_string)
    }
    fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        self.fs.write(path, data, append)
    }
    fn stat(&self, path: &str) -> Option<(bool, usize)> {
        self.fs.get(path).map(|e| match e {
            lifecycle::behavior::fs::Entry::Dir => (true, 0),
            lifecycle::behavior::fs::Entry::File(s) => (false, s.len()),
        })
    }
    fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        self.fs.mkdir(path, parents)
    }
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        self.fs.remove(path, recursive)
    }
    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        Ok(self.fs.list(path))
    }
    fn resolve(&self, name: &str) -> Option<(String, String)> {
        let short = name.split('.').next().unwrap_or(name);
        self.services
            .iter()
            .any(|s| s == short)
            .then(|| (format!("{short}.default.svc.cluster.local"), "10.96.0.20".to_string()))
    }
    fn http(&self, _host: &str, port: i64, _path: &str) -> Result<(u16, String), String> {
        if self.listens.iter().any(|l| l.port == port) {
            Ok((200, "hello".to_string()))
        } else {
            Err("connect: connection refused".to_string())
        }
    }
    fn connect(&self, _host: &str, port: i64) -> bool {
        self.listens.iter().any(|l| l.port == port)
    }
    fn hostname(&self) -> String {
        "pod".to_string()
    }
    fn pod_ip(&self) -> String {
        "10.244.0.9".to_string()
    }
    fn listen(&mut self, l: Listen) {
        self.listens.push(l);
    }
    fn kill(&mut self, _target: &str, _sig: Sig) -> bool {
        true
    }
    fn note(&mut self, _note: lifecycle::text::Phrase) {}
    fn wall_rfc1123z(&self) -> String {
        "Thu, 01 Jan 2026 00:00:05 +0000".to_string()
    }
    fn image_base(&self) -> String {
        "busybox".to_string()
    }
    fn busybox_legacy(&self) -> bool {
        false
    }
    fn assume_server(&mut self, _program: &str) -> Option<Vec<Listen>> {
        None
    }
}

fn sh(script: &str) -> Process {
    Process::shell(script, Vec::new(), BTreeMap::new(), "/", Flavor::Busybox)
}

fn output_of(script: &str) -> (Option<i32>, String) {
    let mut h = MockHost::new();
    let out = sh(script).run_to_end(&mut h);
    (out.code, out.output)
}

#[test]
fn control_flow_and_expansions() {
    let (code, out) = output_of(
        "i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo -n $i; done; echo; \
         for w in a 'b c'; do echo \"[$w]\"; done; \
         f() { echo \"f:$1:$#\"; return 3; }; f x y; echo \"rc=$?\"; \
         if false; then echo no; elif [ -z \"$UNSET\" ]; then echo \"${UNSET:-dflt}\"; else echo no; fi; \
         echo one two | grep -q two && echo piped; ! true || echo neg; \
         x=$(echo inner); echo \"got $x\"",
    );
    assert_eq!(code, Some(0));
    assert_eq!(out, "123\n[a]\n[b c]\nf:x:2\nrc=3\ndflt\npiped\nneg\ngot inner\n");
}

#[test]
fn files_and_busybox_errors() {
    let (code, out) =
        output_of("echo hi > /tmp/a; echo more >> /tmp/a; cat /tmp/a; rm /tmp/a; cat /tmp/a; mkdir -p /x/y; test -d /x/y");
    assert_eq!(code, Some(0));
    assert_eq!(out, "hi\nmore\ncat: can't open '/tmp/a': No such file or directory\n");
    let (code, out) = output_of("echo x > /nope/file");
    assert_eq!((code, out.as_str()), (Some(1), "sh: can't create /nope/file: nonexistent directory\n"));
}

#[test]
fn unknown_commands_exit_127() {
    let (code, out) = output_of("frobnicate --now");
    assert_eq!((code, out.as_str()), (Some(127), "sh: frobnicate: not found\n"));
}

#[test]
fn sleeps_happen_in_simulated_time() {
    let mut h = MockHost::new();
    let mut p = sh("touch /tmp/h; sleep 1.5; rm /tmp/h; sleep 2; exit 4");
    assert_eq!(p.run(&mut h), ProcStatus::Sleeping(SimTime(1_500)));
    assert!(h.fs.read("/tmp/h").is_ok());
    h.now = SimTime(1_500);
    assert_eq!(p.run(&mut h), ProcStatus::Sleeping(SimTime(3_500)));
    assert!(h.fs.read("/tmp/h").is_err());
    h.now = SimTime(3_500);
    assert_eq!(p.run(&mut h), ProcStatus::Exited(4));
    let mut inf = sh("sleep infinity");
    assert_eq!(inf.run(&mut h), ProcStatus::Blocked);
}

#[test]
fn busy_loops_and_recursion_are_bounded() {
    let mut h = MockHost::new();
    let mut p = sh("while true; do :; done");
    assert_eq!(p.run(&mut h), ProcStatus::Blocked);
    assert!(p.forever().unwrap().contains("busy loop"));
    let mut r = sh("f() { f; }; f");
    assert_eq!(r.run(&mut h), ProcStatus::Blocked);
    let out = sh("while :; do :; done").run_to_end(&mut h);
    assert_eq!(out.code, None);
}

#[test]
fn pid1_signals_and_traps() {
    let mut h = MockHost::new();
    // A shell without a trap, as PID 1, ignores SIGTERM.
    let mut p = sh("sleep 3600; echo after");
    p.run(&mut h);
    assert_eq!(p.signal(Sig::Term, &mut h), None);
    assert_eq!(p.signal(Sig::Kill, &mut h), Some((0, 137)));
    // With a trap and `wait`, the handler runs at once.
    let mut t = sh("trap 'echo bye; exit 0' TERM; sleep 3600 & wait");
    assert_eq!(t.run(&mut h), ProcStatus::Sleeping(SimTime(3_600_000)));
    assert_eq!(t.signal(Sig::Term, &mut h), Some((0, 0)));
    assert_eq!(t.output(), "bye\n");
    // A trap waits for the foreground sleep to end.
    let mut f = sh("trap 'exit 7' TERM; sleep 10; sleep 100");
    f.run(&mut h);
    assert_eq!(f.signal(Sig::Term, &mut h), None);
    h.now = SimTime(10_000);
    assert_eq!(f.run(&mut h), ProcStatus::Exited(7));
}

#[test]
fn nslookup_follows_services() {
    let mut h = MockHost::new();
    let mut p = sh("until nslookup mydb; do echo waiting; sleep 2; done; echo found");
    assert_eq!(p.run(&mut h), ProcStatus::Sleeping(SimTime(2_000)));
    assert!(p.output().contains("** server can't find mydb: NXDOMAIN"));
    h.services.push("mydb".to_string());
    h.now = SimTime(2_000);
    assert_eq!(p.run(&mut h), ProcStatus::Exited(0));
    assert!(p.output().ends_with("found\n"));
}

#[test]
fn servers_listen_while_they_run() {
    let mut h = MockHost::new();
    let mut p = sh("mkdir -p /www; httpd -f -p 8080 -h /www");
    assert_eq!(p.run(&mut h), ProcStatus::Blocked);
    assert_eq!(h.listens[0].port, 8080);
    let (code, out) = {
        let o = sh("wget -qO- http://localhost:8080/; nc -z localhost 9; echo $?").run_to_end(&mut h);
        (o.code, o.output)
    };
    assert_eq!((code, out.as_str()), (Some(0), "hello1\n"));
}

#[test]
fn syntax_errors_exit_2() {
    let (code, out) = output_of("if true; then echo x");
    assert_eq!((code, out.as_str()), (Some(2), "sh: syntax error: unexpected end of file\n"));
}
