//! The step-until-blocked executor: jobs with explicit task stacks, so a script can stop at a `sleep`
//! and resume later in simulated time.

use super::commands::{self, Cmd, CmdCtx, Io};
use super::parse::{self, Node, NodeId, Part, Program, Redir, RedirOp, Word};
use super::{Flavor, Host, Sig};
use crate::sim::SimTime;
use crate::text::{Key, Phrase};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Tasks one activation may run before the process counts as a busy loop.
pub const STEP_BUDGET: u64 = 100_000;
/// Deepest task stack (function recursion) before the process counts as runaway.
pub const MAX_STACK: usize = 5_000;
/// Output kept per process (the tail).
pub const MAX_OUTPUT: usize = 16 * 1024;
/// Largest value a script may build (a word, a variable, a command's output, a file it writes)
/// before it counts as runaway: `x=$x$x` in a loop doubles without end and would exhaust memory.
pub const MAX_VALUE_BYTES: usize = 4 * 1024 * 1024;
/// Background jobs a process may have.
const MAX_JOBS: usize = 64;

type Code = (Rc<Program>, NodeId);

#[derive(Debug, Clone)]
enum Task {
    Run(Code),
    /// Run `code` only if the last status is zero (`&&`) or non-zero (`||`).
    Cond(bool, Code),
    Negate,
    IfNext(Code, usize),
    LoopCheck(Code),
    LoopBody(Code),
    ForNext {
        code: Code,
        items: Rc<Vec<String>>,
        idx: usize,
    },
    Return(Vec<String>),
    PopOut,
    PopIn(Option<Stdin>),
    Restore(Box<(BTreeMap<String, String>, String)>),
    Background(Code),
}

/// A job's standard input (a pipeline's last stage): the text, shared by the copies of a job that
/// pipelines, subshells and saved states make, and how much of it `read` has taken. Sharing and an
/// offset keep a `… | while read l; do …; done` loop linear: copying the rest of the input for every
/// command and every `read` made it quadratic in the input's size.
#[derive(Debug, Clone)]
struct Stdin {
    text: Rc<str>,
    at: usize,
}

impl Stdin {
    fn new(text: String) -> Self {
        Stdin { text: Rc::from(text), at: 0 }
    }

    /// What is left to read.
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Sink {
    Log,
    File(String),
    Capture,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum JobState {
    #[default]
    Ready,
    Sleep(SimTime),
    /// Blocked for good: a foreground server, `tail -f`, a busy loop.
    Forever,
    /// In `wait`.
    Wait,
    Done,
}

#[derive(Debug, Clone, Default)]
struct Job {
    tasks: Vec<Task>,
    status: i32,
    state: JobState,
    vars: BTreeMap<String, String>,
    funcs: BTreeMap<String, Code>,
    args: Vec<String>,
    cwd: String,
    out: Vec<Sink>,
    err: Vec<Sink>,
    stdin: Option<Stdin>,
    captured: String,
    /// Handlers of the foreground program PID 1 runs (signal, shutdown ms, exit code).
    fg: Vec<(Sig, i64, i32)>,
}

/// What a process is doing after an activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcStatus {
    /// Exited with this code.
    Exited(i32),
    /// Wants to run again at this moment.
    Sleeping(SimTime),
    /// Nothing will wake it but a signal (a server, a busy loop, `wait` on such a job).
    Blocked,
}

/// The result of running a command to its end at once (exec probes and hooks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutcome {
    /// Exit code, or `None` when it never finishes.
    pub code: Option<i32>,
    /// Combined stdout and stderr.
    pub output: String,
    /// Simulated time it took (its sleeps).
    pub elapsed_ms: i64,
}

/// A running program: PID 1 of a container or an exec'd command.
#[derive(Debug, Clone)]
pub struct Process {
    jobs: Vec<Job>,
    output: String,
    traps: BTreeMap<i32, String>,
    pending: Vec<Sig>,
    pid1_shell: bool,
    exited: Option<i32>,
    instant: bool,
    elapsed: i64,
    flavor: Flavor,
    /// Why the process will never finish on its own, when it is blocked for good.
    forever: Option<String>,
    /// Notes for the user; `{0}` of each is the container, which the world fills in.
    notes: Vec<Phrase>,
    /// A value outgrew [`MAX_VALUE_BYTES`]: every job stops where it is, for good.
    runaway: bool,
}

impl Process {
    /// `sh -c SCRIPT [NAME ARGS…]`.
    pub fn shell(
        script: &str,
        args: Vec<String>,
        env: BTreeMap<String, String>,
        cwd: &str,
        flavor: Flavor,
    ) -> Self {
        Self::shell_parsed(&parse::parse(script).map(Rc::new), args, env, cwd, flavor)
    }

    /// [`Process::shell`] with the script already parsed (a container restarting runs the same
    /// script again: it is parsed once).
    pub fn shell_parsed(
        parsed: &Result<Rc<Program>, String>,
        args: Vec<String>,
        env: BTreeMap<String, String>,
        cwd: &str,
        flavor: Flavor,
    ) -> Self {
        let mut p = Self::empty(env, cwd, flavor);
        p.jobs[0].args = if args.is_empty() { vec!["sh".to_string()] } else { args };
        match parsed {
            Ok(prog) => {
                // One simple command: the shell execs it (bash, and dash/ash for `-c`), so it is PID 1.
                if let Some(Node::List(items)) = prog.root.map(|r| prog.node(r)) {
                    if let [(only, false)] = items.as_slice() {
                        if matches!(prog.node(*only), Node::Simple { words, .. } if !words.is_empty()) {
                            p.pid1_shell = false;
                        }
                    }
                }
                if let Some(root) = prog.root {
                    p.jobs[0].tasks.push(Task::Run((Rc::clone(prog), root)));
                }
            }
            Err(e) => {
                p.log(&format!("sh: {e}\n"));
                p.exited = Some(2);
            }
        }
        p
    }

    /// A plain argv (no shell): PID 1 is the program itself.
    pub fn argv(argv: &[String], env: BTreeMap<String, String>, cwd: &str, flavor: Flavor) -> Self {
        let mut p = Self::empty(env, cwd, flavor);
        p.pid1_shell = false;
        let words: Vec<Word> =
            argv.iter().map(|a| vec![Part::Lit { text: a.clone(), quoted: true }]).collect();
        let prog = Program {
            nodes: vec![Node::Simple { assigns: Vec::new(), words, redirs: Vec::new() }],
            root: Some(0),
        };
        p.jobs[0].tasks.push(Task::Run((Rc::new(prog), 0)));
        p
    }

    fn empty(env: BTreeMap<String, String>, cwd: &str, flavor: Flavor) -> Self {
        let job = Job {
            vars: env,
            cwd: cwd.to_string(),
            out: vec![Sink::Log],
            err: vec![Sink::Log],
            args: vec!["sh".to_string()],
            ..Job::default()
        };
        Process {
            jobs: vec![job],
            output: String::new(),
            traps: BTreeMap::new(),
            pending: Vec::new(),
            pid1_shell: true,
            exited: None,
            instant: false,
            elapsed: 0,
            flavor,
            forever: None,
            runaway: false,
            notes: Vec::new(),
        }
    }

    /// Combined stdout and stderr so far (the tail).
    pub fn output(&self) -> &str {
        &self.output
    }

    /// The exit code once exited.
    pub fn exit_code(&self) -> Option<i32> {
        self.exited
    }

    /// Why it never finishes, when known (busy loop, server…).
    pub fn forever(&self) -> Option<&str> {
        self.forever.as_deref()
    }

    /// Assumptions made while running (taken).
    pub fn take_notes(&mut self) -> Vec<Phrase> {
        std::mem::take(&mut self.notes)
    }

    fn log(&mut self, s: &str) {
        self.output.push_str(s);
        if self.output.len() > MAX_OUTPUT {
            let cut = self.output.ceil_char_boundary(self.output.len() - MAX_OUTPUT);
            self.output.drain(..cut);
        }
    }

    /// Runs a command to its end at once; sleeps add to the elapsed time instead of blocking.
    pub fn run_to_end(mut self, host: &mut dyn Host) -> ExecOutcome {
        self.instant = true;
        let st = self.run(host);
        let code = match st {
            ProcStatus::Exited(c) => Some(c),
            _ => None,
        };
        ExecOutcome { code, output: self.output, elapsed_ms: self.elapsed }
    }

    /// Runs every job that can run now, until all are blocked or the process exits.
    pub fn run(&mut self, host: &mut dyn Host) -> ProcStatus {
        if let Some(c) = self.exited {
            return ProcStatus::Exited(c);
        }
        let mut budget = STEP_BUDGET;
        loop {
            let now = host.now();
            let mut progressed = false;
            let n = self.jobs.len();
            for j in 0..n {
                let others_done = self.jobs.iter().skip(1).all(|b| b.state == JobState::Done);
                let st = self.jobs[j].state;
                let wake = match st {
                    JobState::Ready => true,
                    JobState::Sleep(t) if t <= now => true,
                    JobState::Wait if others_done => true,
                    _ => false,
                };
                if !wake {
                    continue;
                }
                if matches!(st, JobState::Sleep(_) | JobState::Wait) {
                    self.jobs[j].status = 0;
                    self.jobs[j].fg.clear();
                }
                self.jobs[j].state = JobState::Ready;
                if j == 0 {
                    self.deliver_pending();
                }
                let mut job = std::mem::take(&mut self.jobs[j]);
                self.run_job(&mut job, host, &mut budget, j == 0);
                self.jobs[j] = job;
                progressed = true;
                if self.exited.is_some() {
                    break;
                }
                if budget == 0 {
                    break;
                }
            }
            if let Some(c) = self.exited {
                self.jobs.clear();
                return ProcStatus::Exited(c);
            }
            if budget == 0 {
                // Busy loop: whatever was runnable stays busy forever.
                for j in &mut self.jobs {
                    if j.state == JobState::Ready {
                        j.state = JobState::Forever;
                    }
                }
                let why = "busy loop: the script runs without ever sleeping (step budget exhausted)";
                self.forever = Some(why.to_string());
                self.notes.push(Phrase::new(Key::ShBusyLoop, [""; 0]));
            }
            if self.jobs.first().is_some_and(|j| j.state == JobState::Done) {
                let c = self.jobs[0].status;
                self.exited = Some(c);
                self.jobs.clear();
                return ProcStatus::Exited(c);
            }
            if !progressed || budget == 0 {
                break;
            }
        }
        let next = self
            .jobs
            .iter()
            .filter_map(|j| match j.state {
                JobState::Sleep(t) => Some(t),
                _ => None,
            })
            .min();
        match next {
            Some(t) => ProcStatus::Sleeping(t),
            None => ProcStatus::Blocked,
        }
    }

    /// The shell's trap handlers run between commands; a foreground `sleep` delays them.
    fn deliver_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        for sig in pending {
            if let Some(handler) = self.traps.get(&sig.number()).cloned() {
                if let Ok(prog) = parse::parse(&handler) {
                    if let (Some(root), Some(job)) = (prog.root, self.jobs.first_mut()) {
                        job.tasks.push(Task::Run((Rc::new(prog), root)));
                        job.status = 128 + sig.number();
                    }
                }
            }
        }
    }

    /// A signal reaches PID 1. Returns the shutdown (ms, code) when it makes the process exit by
    /// itself; `None` when it is ignored or handled by a trap (which may exit later).
    pub fn signal(&mut self, sig: Sig, host: &mut dyn Host) -> Option<(i64, i32)> {
        if self.exited.is_some() {
            return None;
        }
        if sig == Sig::Kill {
            self.exited = Some(137);
            self.jobs.clear();
            return Some((0, 137));
        }
        if self.pid1_shell {
            if !self.traps.contains_key(&sig.number()) {
                // PID 1 without a handler: the kernel drops the signal.
                return None;
            }
            let job0 = self.jobs.first().map(|j| j.state);
            match job0 {
                Some(JobState::Wait | JobState::Ready) => {
                    self.pending.push(sig);
                    if let Some(j) = self.jobs.first_mut() {
                        j.state = JobState::Ready;
                    }
                    if let ProcStatus::Exited(c) = self.run(host) {
                        return Some((0, c));
                    }
                }
                // A foreground command runs: the trap waits for it to finish.
                _ => self.pending.push(sig),
            }
            return None;
        }
        let fg = self.jobs.first().map(|j| j.fg.clone()).unwrap_or_default();
        fg.iter().find(|(s, _, _)| *s == sig).map(|&(_, ms, code)| (ms, code))
    }

    /// Runs one job's tasks until it blocks, finishes, the process exits or the budget is spent.
    fn run_job(&mut self, job: &mut Job, host: &mut dyn Host, budget: &mut u64, main: bool) {
        while job.state == JobState::Ready {
            if self.runaway {
                job.state = JobState::Forever;
                return;
            }
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            if job.tasks.len() > MAX_STACK {
                let why = format!(
                    "runaway recursion or an overlong script (more than {MAX_STACK} pending commands)"
                );
                self.notes.push(Phrase::new(Key::ShOverlong, [MAX_STACK.to_string()]));
                self.forever = Some(why);
                job.state = JobState::Forever;
                return;
            }
            let Some(task) = job.tasks.pop() else {
                job.state = JobState::Done;
                return;
            };
            self.task(job, task, host, budget, main);
            if self.exited.is_some() {
                return;
            }
        }
    }

    fn task(&mut self, job: &mut Job, task: Task, host: &mut dyn Host, budget: &mut u64, main: bool) {
        match task {
            Task::Run((prog, id)) => self.node(job, &prog, id, host, budget, main),
            Task::Cond(and, code) => {
                if (job.status == 0) == and {
                    job.tasks.push(Task::Run(code));
                }
            }
            Task::Negate => job.status = i32::from(job.status == 0),
            Task::IfNext((prog, id), branch) => {
                let Node::If { branches, els } = prog.node(id) else { return };
                if job.status == 0 {
                    if let Some((_, body)) = branches.get(branch) {
                        job.tasks.push(Task::Run((prog.clone(), *body)));
                    }
                } else if let Some((cond, _)) = branches.get(branch + 1) {
                    let cond = *cond;
                    job.tasks.push(Task::IfNext((prog.clone(), id), branch + 1));
                    job.tasks.push(Task::Run((prog, cond)));
                } else if let Some(e) = els {
                    job.tasks.push(Task::Run((prog.clone(), *e)));
                } else {
                    job.status = 0;
                }
            }
            Task::LoopCheck((prog, id)) => {
                let Node::Loop { until, body, .. } = prog.node(id) else { return };
                if (job.status == 0) != *until {
                    let body = *body;
                    job.tasks.push(Task::LoopBody((prog.clone(), id)));
                    job.tasks.push(Task::Run((prog, body)));
                } else {
                    job.status = job.vars.get("\u{0}loop").and_then(|s| s.parse().ok()).unwrap_or(0);
                }
            }
            Task::LoopBody((prog, id)) => {
                let Node::Loop { cond, .. } = prog.node(id) else { return };
                let cond = *cond;
                job.vars.insert("\u{0}loop".to_string(), job.status.to_string());
                job.tasks.push(Task::LoopCheck((prog.clone(), id)));
                job.tasks.push(Task::Run((prog, cond)));
            }
            Task::ForNext { code, items, idx } => {
                let (prog, id) = code;
                let Node::For { var, body, .. } = prog.node(id) else { return };
                if let Some(item) = items.get(idx) {
                    job.vars.insert(var.clone(), item.clone());
                    let body = *body;
                    job.tasks.push(Task::ForNext { code: (prog.clone(), id), items, idx: idx + 1 });
                    job.tasks.push(Task::Run((prog, body)));
                }
            }
            Task::Return(args) => job.args = args,
            Task::PopOut => {
                job.out.pop();
                if job.out.is_empty() {
                    job.out.push(Sink::Log);
                }
            }
            Task::PopIn(saved) => job.stdin = saved,
            Task::Background(code) => {
                if self.jobs.len() >= MAX_JOBS {
                    self.log("sh: too many background jobs\n");
                    job.status = 1;
                    return;
                }
                let bg = Job {
                    tasks: vec![Task::Run(code)],
                    vars: job.vars.clone(),
                    funcs: job.funcs.clone(),
                    args: job.args.clone(),
                    cwd: job.cwd.clone(),
                    out: job.out.clone(),
                    err: job.err.clone(),
                    ..Job::default()
                };
                self.jobs.push(bg);
                job.status = 0;
            }
            Task::Restore(saved) => {
                let (vars, cwd) = *saved;
                job.vars = vars;
                job.cwd = cwd;
            }
        }
    }

    fn node(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        id: NodeId,
        host: &mut dyn Host,
        budget: &mut u64,
        main: bool,
    ) {
        match prog.node(id) {
            Node::List(items) => {
                for &(item, bg) in items.iter().rev() {
                    if bg {
                        job.tasks.push(Task::Background((prog.clone(), item)));
                    } else {
                        job.tasks.push(Task::Run((prog.clone(), item)));
                    }
                }
                if items.is_empty() {
                    job.status = 0;
                }
            }
            Node::AndOr { first, rest } => {
                for &(and, n) in rest.iter().rev() {
                    job.tasks.push(Task::Cond(and, (prog.clone(), n)));
                }
                job.tasks.push(Task::Run((prog.clone(), *first)));
            }
            Node::Pipe { neg, cmds } => {
                if *neg {
                    job.tasks.push(Task::Negate);
                }
                // Earlier stages run to completion at once; the last one reads their output.
                let mut input = job.stdin.clone();
                for &c in &cmds[..cmds.len().saturating_sub(1)] {
                    let (_, out) = self.subshell(job, (prog.clone(), c), input.take(), host, budget);
                    input = Some(Stdin::new(out));
                }
                if let Some(&last) = cmds.last() {
                    job.tasks.push(Task::PopIn(job.stdin.clone()));
                    job.tasks.push(Task::Run((prog.clone(), last)));
                    job.stdin = input;
                }
            }
            Node::If { branches, .. } => {
                if let Some((cond, _)) = branches.first() {
                    job.tasks.push(Task::IfNext((prog.clone(), id), 0));
                    job.tasks.push(Task::Run((prog.clone(), *cond)));
                }
            }
            Node::Loop { cond, .. } => {
                job.vars.insert("\u{0}loop".to_string(), "0".to_string());
                job.tasks.push(Task::LoopCheck((prog.clone(), id)));
                job.tasks.push(Task::Run((prog.clone(), *cond)));
            }
            Node::For { items, .. } => {
                let list = match items {
                    Some(words) => {
                        let mut v = Vec::new();
                        for w in words {
                            v.extend(self.expand(job, prog, w, host, budget));
                        }
                        v
                    }
                    None => job.args.iter().skip(1).cloned().collect(),
                };
                job.status = 0;
                job.tasks.push(Task::ForNext { code: (prog.clone(), id), items: Rc::new(list), idx: 0 });
            }
            Node::Group { body, subshell, redirs } => {
                if *subshell {
                    job.tasks.push(Task::Restore(Box::new((job.vars.clone(), job.cwd.clone()))));
                }
                if let Some(sink) = self.group_redirect(job, prog, redirs, host, budget) {
                    job.tasks.push(Task::PopOut);
                    job.out.push(sink);
                }
                job.tasks.push(Task::Run((prog.clone(), *body)));
            }
            Node::FuncDef { name, body } => {
                job.funcs.insert(name.clone(), (prog.clone(), *body));
                job.status = 0;
            }
            Node::Simple { assigns, words, redirs } => {
                self.simple(job, prog, assigns, words, redirs, host, budget, main);
            }
        }
    }

    fn group_redirect(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        redirs: &[Redir],
        host: &mut dyn Host,
        budget: &mut u64,
    ) -> Option<Sink> {
        let mut sink = None;
        for r in redirs {
            if r.fd != 1 {
                continue;
            }
            let target = self.expand_str(job, prog, &r.target, host, budget);
            let path = super::super::fs::normalize(&job.cwd, &target);
            match r.op {
                RedirOp::Out | RedirOp::Append => {
                    if path == "/dev/null" {
                        sink = Some(Sink::Null);
                    } else if host.write(&path, "", r.op == RedirOp::Append).is_ok() {
                        sink = Some(Sink::File(path));
                    }
                }
                _ => {}
            }
        }
        sink
    }

    /// Runs `code` in a throwaway copy of the job (pipeline stages, `$(…)`), at once.
    fn subshell(
        &mut self,
        job: &Job,
        code: Code,
        stdin: Option<Stdin>,
        host: &mut dyn Host,
        budget: &mut u64,
    ) -> (i32, String) {
        let mut sub = Job {
            tasks: vec![Task::Run(code)],
            vars: job.vars.clone(),
            funcs: job.funcs.clone(),
            args: job.args.clone(),
            cwd: job.cwd.clone(),
            out: vec![Sink::Capture],
            err: job.err.clone(),
            stdin,
            ..Job::default()
        };
        let saved_instant = self.instant;
        let saved_exit = self.exited;
        self.instant = true;
        let saved_elapsed = self.elapsed;
        while sub.state == JobState::Ready && *budget > 0 {
            self.run_job(&mut sub, host, budget, false);
            if let JobState::Sleep(_) = sub.state {
                sub.state = JobState::Ready;
            }
            if self.exited.is_some() {
                break;
            }
        }
        // `exit` inside `$(…)` ends the subshell only.
        let status = match self.exited {
            Some(c) if saved_exit.is_none() => c,
            _ => sub.status,
        };
        self.exited = saved_exit;
        self.instant = saved_instant;
        self.elapsed = saved_elapsed;
        (status, sub.captured)
    }

    /// Stops the process for good: a value outgrew [`MAX_VALUE_BYTES`].
    fn runaway(&mut self, job: &mut Job) {
        job.state = JobState::Forever;
        if !self.runaway {
            self.runaway = true;
            self.notes.push(Phrase::new(Key::ShRunawayData, [MAX_VALUE_BYTES.to_string()]));
            if self.forever.is_none() {
                self.forever = Some(format!("runaway data: a value grew past {MAX_VALUE_BYTES} bytes"));
            }
        }
    }

    fn write(&mut self, job: &mut Job, sink: &Sink, text: &str, host: &mut dyn Host) {
        if text.is_empty() {
            return;
        }
        match sink {
            Sink::Log => self.log(text),
            Sink::Null => {}
            Sink::Capture if job.captured.len() + text.len() > MAX_VALUE_BYTES => self.runaway(job),
            Sink::Capture => job.captured.push_str(text),
            Sink::File(p) if host.stat(p).map_or(0, |(_, size)| size) + text.len() > MAX_VALUE_BYTES => {
                self.runaway(job)
            }
            Sink::File(p) => {
                if let Err(e) = host.write(p, text, true) {
                    self.log(&format!("sh: write error: {}\n", e.text()));
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn simple(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[Redir],
        host: &mut dyn Host,
        budget: &mut u64,
        main: bool,
    ) {
        let mut argv = Vec::new();
        for w in words {
            argv.extend(self.expand(job, prog, w, host, budget));
        }
        let mut values = Vec::new();
        for (name, w) in assigns {
            values.push((name.clone(), self.expand_str(job, prog, w, host, budget)));
        }
        let size = |v: &[String]| v.iter().map(String::len).sum::<usize>();
        if size(&argv) + values.iter().map(|(_, v)| v.len()).sum::<usize>() > MAX_VALUE_BYTES {
            self.runaway(job);
            return;
        }
        if argv.is_empty() {
            for (n, v) in values {
                job.vars.insert(n, v);
            }
            // The status of an assignment is that of its last command substitution.
            job.status = job.vars.get("\u{0}sub").and_then(|s| s.parse().ok()).unwrap_or(0);
            job.vars.remove("\u{0}sub");
            return;
        }
        job.vars.remove("\u{0}sub");
        // Redirections.
        let mut out = job.out.last().cloned().unwrap_or(Sink::Log);
        let mut err = job.err.last().cloned().unwrap_or(Sink::Log);
        // Read from `< file`; otherwise the job's input is lent to the command, not copied.
        let mut redirected: Option<String> = None;
        for r in redirs {
            let target = self.expand_str(job, prog, &r.target, host, budget);
            match r.op {
                RedirOp::Dup => {
                    match (r.fd, target.as_str()) {
                        (2, "1") => err = out.clone(),
                        (1, "2") => out = err.clone(),
                        _ => {}
                    }
                    continue;
                }
                RedirOp::In => {
                    let path = super::super::fs::normalize(&job.cwd, &target);
                    match host.read(&path) {
                        Ok(s) => redirected = Some(s),
                        Err(e) => {
                            let msg = self.cant_open(&target, e.text());
                            self.write(job, &err.clone(), &msg, host);
                            job.status = 1;
                            return;
                        }
                    }
                    continue;
                }
                RedirOp::Out | RedirOp::Append => {}
            }
            let sink = if target == "/dev/null" {
                Sink::Null
            } else if target == "/dev/stdout" {
                Sink::Log
            } else if target == "/dev/stderr" {
                err.clone()
            } else {
                let path = super::super::fs::normalize(&job.cwd, &target);
                if let Err(e) = host.write(&path, "", r.op == RedirOp::Append) {
                    let msg = match self.flavor {
                        Flavor::Busybox => format!(
                            "sh: can't create {target}: {}\n",
                            if e == super::super::fs::FsError::NotFound {
                                "nonexistent directory"
                            } else {
                                e.text()
                            }
                        ),
                        Flavor::Gnu => format!(
                            "/bin/sh: 1: cannot create {target}: {}\n",
                            if e == super::super::fs::FsError::NotFound {
                                "Directory nonexistent"
                            } else {
                                e.text()
                            }
                        ),
                    };
                    let e2 = err.clone();
                    self.write(job, &e2, &msg, host);
                    job.status = if self.flavor == Flavor::Busybox { 1 } else { 2 };
                    return;
                }
                Sink::File(path)
            };
            match r.fd {
                99 => {
                    out = sink.clone();
                    err = sink;
                }
                2 => err = sink,
                _ => out = sink,
            }
        }

        let name = argv[0].clone();
        // Functions.
        if let Some(code) = job.funcs.get(&name).cloned() {
            let mut new_args = vec![job.args.first().cloned().unwrap_or_default()];
            new_args.extend(argv[1..].iter().cloned());
            let saved = std::mem::replace(&mut job.args, new_args);
            job.tasks.push(Task::Return(saved));
            job.tasks.push(Task::Run(code));
            return;
        }
        // Builtins that change the shell itself.
        match name.as_str() {
            "exit" => {
                let code = argv.get(1).and_then(|s| s.parse::<i32>().ok()).unwrap_or(job.status) & 0xff;
                if main {
                    self.exited = Some(code);
                } else {
                    job.tasks.clear();
                    job.status = code;
                    job.state = JobState::Done;
                }
                return;
            }
            "return" => {
                let code = argv.get(1).and_then(|s| s.parse::<i32>().ok()).unwrap_or(job.status);
                while let Some(t) = job.tasks.pop() {
                    if let Task::Return(args) = t {
                        job.args = args;
                        break;
                    }
                }
                job.status = code;
                return;
            }
            "break" | "continue" => {
                let n: usize = argv.get(1).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
                let mut left = n;
                while let Some(t) = job.tasks.pop() {
                    match t {
                        Task::LoopBody(code) => {
                            left -= 1;
                            if left == 0 {
                                if name == "continue" {
                                    job.tasks.push(Task::LoopBody(code));
                                    job.status = 0;
                                    // LoopBody runs the condition next.
                                }
                                break;
                            }
                        }
                        Task::ForNext { code, items, idx } => {
                            left -= 1;
                            if left == 0 {
                                if name == "continue" {
                                    job.tasks.push(Task::ForNext { code, items, idx });
                                }
                                break;
                            }
                        }
                        Task::LoopCheck(_) => {}
                        Task::Return(args) => {
                            job.tasks.push(Task::Return(args));
                            break;
                        }
                        _ => {}
                    }
                }
                job.status = 0;
                return;
            }
            "export" | "readonly" | "local" => {
                for a in &argv[1..] {
                    if let Some((n, v)) = a.split_once('=') {
                        job.vars.insert(n.to_string(), v.to_string());
                    }
                }
                job.status = 0;
                return;
            }
            "unset" => {
                for a in &argv[1..] {
                    job.vars.remove(a);
                    job.funcs.remove(a);
                }
                job.status = 0;
                return;
            }
            "set" => {
                if argv.get(1).map(String::as_str) == Some("--") {
                    let mut a = vec![job.args.first().cloned().unwrap_or_default()];
                    a.extend(argv[2..].iter().cloned());
                    job.args = a;
                }
                job.status = 0;
                return;
            }
            "shift" => {
                let n: usize = argv.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
                if job.args.len() > n {
                    job.args.drain(1..=n);
                    job.status = 0;
                } else {
                    job.status = 1;
                }
                return;
            }
            "cd" => {
                let target = argv.get(1).cloned().unwrap_or_else(|| "/root".to_string());
                let path = super::super::fs::normalize(&job.cwd, &target);
                match host.stat(&path) {
                    Some((true, _)) => {
                        job.cwd = path;
                        job.status = 0;
                    }
                    Some((false, _)) => {
                        let msg = format!("sh: cd: can't cd to {target}: Not a directory\n");
                        self.write(job, &err, &msg, host);
                        job.status = 2;
                    }
                    None => {
                        let msg = match self.flavor {
                            Flavor::Busybox => {
                                format!("sh: cd: can't cd to {target}: No such file or directory\n")
                            }
                            Flavor::Gnu => format!("/bin/sh: 1: cd: can't cd to {target}\n"),
                        };
                        self.write(job, &err, &msg, host);
                        job.status = 2;
                    }
                }
                return;
            }
            "trap" => {
                if argv.len() >= 3 {
                    for s in &argv[2..] {
                        if let Some(sig) = Sig::parse(s) {
                            if argv[1] == "-" {
                                self.traps.remove(&sig.number());
                            } else {
                                self.traps.insert(sig.number(), argv[1].clone());
                            }
                        } else if s == "EXIT" || s == "0" {
                            // EXIT traps are not modelled: the shell ends right after anyway.
                        }
                    }
                }
                job.status = 0;
                return;
            }
            "wait" => {
                if main && self.jobs.len() > 1 {
                    job.state = JobState::Wait;
                    if self.jobs.iter().skip(1).any(|j| j.state == JobState::Forever) && self.instant {
                        job.state = JobState::Forever;
                    }
                }
                job.status = 0;
                return;
            }
            "eval" | "." | "source" => {
                let text = if name == "eval" {
                    argv[1..].join(" ")
                } else {
                    let path = super::super::fs::normalize(&job.cwd, argv.get(1).map_or("", String::as_str));
                    host.read(&path).unwrap_or_default()
                };
                match parse::parse(&text) {
                    Ok(p) => {
                        if let Some(root) = p.root {
                            job.tasks.push(Task::Run((Rc::new(p), root)));
                        }
                    }
                    Err(e) => {
                        let msg = format!("sh: {e}\n");
                        self.write(job, &err, &msg, host);
                        job.status = 2;
                    }
                }
                return;
            }
            "read" => {
                // Takes one line by moving the offset (no input left: status 1, as before).
                let Some(input) = job.stdin.as_mut().filter(|i| !i.rest().is_empty()) else {
                    job.stdin = None;
                    job.status = 1;
                    return;
                };
                let rest = input.rest();
                let line = match rest.find('\n') {
                    Some(k) => {
                        let line = rest[..k].to_string();
                        input.at += k + 1;
                        line
                    }
                    None => {
                        let line = rest.to_string();
                        input.at = input.text.len();
                        line
                    }
                };
                let names: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
                let mut fields: Vec<&str> = line.split_whitespace().collect();
                for (k, n) in names.iter().enumerate() {
                    let v = if k + 1 == names.len() {
                        fields.split_off(fields.len().min(k)).join(" ")
                    } else {
                        fields.get(k).map(|s| s.to_string()).unwrap_or_default()
                    };
                    job.vars.insert((*n).clone(), v);
                }
                if names.is_empty() {
                    job.vars.insert("REPLY".to_string(), line);
                }
                job.status = 0;
                return;
            }
            "exec" if argv.len() == 1 => {
                job.status = 0;
                return;
            }
            _ => {}
        }
        if name == "exec" {
            argv.remove(0);
            job.tasks.clear();
            if main {
                self.pid1_shell = false;
            }
        }
        let prog_name = argv[0].rsplit('/').next().unwrap_or("").to_string();
        // Nested shells run in a subshell of this job.
        if matches!(prog_name.as_str(), "sh" | "bash" | "ash" | "dash") {
            let c_idx = argv.iter().position(|a| a == "-c");
            if let Some(script) = c_idx.and_then(|i| argv.get(i + 1)) {
                match parse::parse(script) {
                    Ok(p) => {
                        if let Some(root) = p.root {
                            let mut args: Vec<String> =
                                argv.iter().skip(c_idx.unwrap_or(0) + 2).cloned().collect();
                            if args.is_empty() {
                                args.push(argv[0].clone());
                            }
                            job.tasks.push(Task::Restore(Box::new((job.vars.clone(), job.cwd.clone()))));
                            job.tasks.push(Task::Return(std::mem::replace(&mut job.args, args)));
                            job.tasks.push(Task::Run((Rc::new(p), root)));
                        }
                    }
                    Err(e) => {
                        let msg = format!("sh: {e}\n");
                        self.write(job, &err, &msg, host);
                        job.status = 2;
                    }
                }
                return;
            }
        }
        let ctx = CmdCtx { vars: &job.vars, cwd: &job.cwd, flavor: self.flavor, instant: self.instant };
        let stdin = match &redirected {
            Some(s) => Some(s.as_str()),
            None => job.stdin.as_ref().map(Stdin::rest),
        };
        let mut io = Io { stdin, out: String::new(), err: String::new(), listen: Vec::new(), runaway: false };
        let res = commands::run(&argv, &mut io, host, &ctx);
        for l in std::mem::take(&mut io.listen) {
            host.listen(l);
        }
        if io.runaway {
            self.runaway(job);
            return;
        }
        let (o, e) = (std::mem::take(&mut io.out), std::mem::take(&mut io.err));
        self.write(job, &out, &o, host);
        self.write(job, &err, &e, host);
        match res {
            Cmd::Status(s) => job.status = s,
            Cmd::NotFound => {
                let msg = match self.flavor {
                    Flavor::Busybox => format!("sh: {}: not found\n", argv[0]),
                    Flavor::Gnu => format!("/bin/sh: 1: {}: not found\n", argv[0]),
                };
                self.write(job, &err, &msg, host);
                self.notes.push(Phrase::new(Key::ShCommandNotModelled, [format!("{:?}", argv[0])]));
                job.status = 127;
            }
            Cmd::Sleep(ms) => {
                job.status = 0;
                if self.instant {
                    self.elapsed = self.elapsed.saturating_add(ms);
                } else {
                    job.state = JobState::Sleep(host.now().plus(ms.max(0)));
                }
            }
            Cmd::Forever { why, handlers } => {
                job.fg = handlers;
                job.state = JobState::Forever;
                if self.forever.is_none() {
                    self.forever = Some(why);
                }
            }
        }
    }

    fn cant_open(&self, path: &str, err: &str) -> String {
        match self.flavor {
            Flavor::Busybox => format!("sh: can't open '{path}': {err}\n"),
            Flavor::Gnu => format!("/bin/sh: 1: cannot open {path}: {err}\n"),
        }
    }

    /// Expands a word into fields (unquoted expansions are split on whitespace).
    fn expand(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        w: &Word,
        host: &mut dyn Host,
        budget: &mut u64,
    ) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut have = false;
        for p in w {
            let (text, quoted) = match p {
                Part::Lit { text, quoted } => {
                    if *quoted {
                        have = true;
                    }
                    cur.push_str(text);
                    if !text.is_empty() {
                        have = true;
                    }
                    continue;
                }
                Part::Var { name, quoted, .. } if name == "@" && *quoted => {
                    // "$@": one field per argument.
                    let args: Vec<String> = job.args.iter().skip(1).cloned().collect();
                    for (k, a) in args.iter().enumerate() {
                        if k > 0 {
                            fields.push(std::mem::take(&mut cur));
                        }
                        cur.push_str(a);
                        have = true;
                    }
                    continue;
                }
                Part::Var { quoted, .. } | Part::Sub { quoted, .. } | Part::Arith { quoted, .. } => {
                    (self.expand_part(job, prog, p, host, budget), *quoted)
                }
            };
            if quoted {
                cur.push_str(&text);
                have = true;
            } else {
                let mut pieces = BlankSplit { text: &text, start: Some(0) }.peekable();
                let starts_ws = text.starts_with(|c: char| c.is_whitespace());
                if starts_ws && have {
                    fields.push(std::mem::take(&mut cur));
                    have = false;
                }
                while let Some(piece) = pieces.next() {
                    if !piece.is_empty() {
                        cur.push_str(piece);
                        have = true;
                    }
                    if pieces.peek().is_some() && have {
                        fields.push(std::mem::take(&mut cur));
                        have = false;
                    }
                }
            }
        }
        if have {
            fields.push(cur);
        }
        fields
    }

    /// Expands a word without field splitting (assignments, redirection targets).
    fn expand_str(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        w: &Word,
        host: &mut dyn Host,
        budget: &mut u64,
    ) -> String {
        let mut s = String::new();
        for p in w {
            match p {
                Part::Lit { text, .. } => s.push_str(text),
                _ => {
                    let t = self.expand_part(job, prog, p, host, budget);
                    s.push_str(&t);
                }
            }
        }
        s
    }

    fn expand_part(
        &mut self,
        job: &mut Job,
        prog: &Rc<Program>,
        p: &Part,
        host: &mut dyn Host,
        budget: &mut u64,
    ) -> String {
        match p {
            Part::Lit { text, .. } => text.clone(),
            Part::Var { name, op, length, .. } => {
                let val = self.var(job, name);
                let v = match op {
                    None => val.unwrap_or_default(),
                    Some((colon, o, word)) => {
                        let unset = val.is_none() || (*colon && val.as_deref() == Some(""));
                        match o {
                            '-' if unset => self.expand_str(job, prog, word, host, budget),
                            '=' if unset => {
                                let v = self.expand_str(job, prog, word, host, budget);
                                job.vars.insert(name.clone(), v.clone());
                                v
                            }
                            '+' if !unset => self.expand_str(job, prog, word, host, budget),
                            '+' => String::new(),
                            _ => val.unwrap_or_default(),
                        }
                    }
                };
                if *length {
                    v.chars().count().to_string()
                } else {
                    v
                }
            }
            Part::Sub { node, .. } => {
                let (status, out) = self.subshell(job, (prog.clone(), *node), None, host, budget);
                job.vars.insert("\u{0}sub".to_string(), status.to_string());
                out.trim_end_matches('\n').to_string()
            }
            Part::Arith { expr, .. } => {
                let text = self.expand_str(job, prog, expr, host, budget);
                arith(&text, &job.vars).to_string()
            }
        }
    }

    fn var(&self, job: &Job, name: &str) -> Option<String> {
        match name {
            "?" => Some(job.status.to_string()),
            "$" => Some("1".to_string()),
            "!" => Some((self.jobs.len() + 1).to_string()),
            "#" => Some(job.args.len().saturating_sub(1).to_string()),
            "@" | "*" => Some(job.args.iter().skip(1).cloned().collect::<Vec<_>>().join(" ")),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                n.parse::<usize>().ok().and_then(|i| job.args.get(i).cloned())
            }
            n => job.vars.get(n).cloned(),
        }
    }
}

/// `text.split([' ', '\t', '\n'])`, found byte by byte: the blanks are ASCII, and an unquoted
/// expansion may be megabytes long (the char-pattern search decoded every character).
struct BlankSplit<'a> {
    text: &'a str,
    /// Where the next piece starts; `None` once the last piece was given.
    start: Option<usize>,
}

impl<'a> Iterator for BlankSplit<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.start?;
        let rest = self.text.as_bytes().get(start..).unwrap_or_default();
        match rest.iter().position(|b| matches!(b, b' ' | b'\t' | b'\n')) {
            Some(k) => {
                self.start = Some(start + k + 1);
                self.text.get(start..start + k)
            }
            None => {
                self.start = None;
                self.text.get(start..)
            }
        }
    }
}

/// Evaluates `$((…))`: integers, variables, `+ - * / %`, comparisons, `&& ||`, parentheses.
pub fn arith(text: &str, vars: &BTreeMap<String, String>) -> i64 {
    let toks = arith_tokens(text);
    let mut pos = 0;
    arith_expr(&toks, &mut pos, vars, 0, 0)
}

/// Deepest nesting of parentheses and prefix operators evaluated; deeper, an operand counts as 0
/// (the evaluator recurses, and `$((- - - … 1))` 100k deep overflowed the stack).
const MAX_ARITH_DEPTH: usize = 200;

/// The tokens of an arithmetic expression, as slices of it (no allocation per token: a hostile
/// expression may hold 200k of them).
fn arith_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(&text[i..end]);
            continue;
        }
        // The two-character operators are ASCII: their bytes are compared directly.
        let two = matches!(
            (text.as_bytes()[i], text.as_bytes().get(i + 1)),
            (b'=' | b'!' | b'<' | b'>', Some(b'=')) | (b'&', Some(b'&')) | (b'|', Some(b'|'))
        );
        if two {
            out.push(&text[i..i + 2]);
            chars.next();
            continue;
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    out
}

fn prec(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" => 3,
        "<" | ">" | "<=" | ">=" => 4,
        "+" | "-" => 5,
        "*" | "/" | "%" => 6,
        _ => return None,
    })
}

fn arith_expr(t: &[&str], pos: &mut usize, vars: &BTreeMap<String, String>, min: u8, depth: usize) -> i64 {
    let mut lhs = arith_atom(t, pos, vars, depth);
    while let Some(op) = t.get(*pos) {
        let Some(p) = prec(op) else { break };
        if p < min {
            break;
        }
        let op = *op;
        *pos += 1;
        let rhs = arith_expr(t, pos, vars, p + 1, depth);
        lhs = match op {
            "+" => lhs.wrapping_add(rhs),
            "-" => lhs.wrapping_sub(rhs),
            "*" => lhs.wrapping_mul(rhs),
            "/" => lhs.checked_div(rhs).unwrap_or(0),
            "%" => lhs.checked_rem(rhs).unwrap_or(0),
            "==" => i64::from(lhs == rhs),
            "!=" => i64::from(lhs != rhs),
            "<" => i64::from(lhs < rhs),
            ">" => i64::from(lhs > rhs),
            "<=" => i64::from(lhs <= rhs),
            ">=" => i64::from(lhs >= rhs),
            "&&" => i64::from(lhs != 0 && rhs != 0),
            "||" => i64::from(lhs != 0 || rhs != 0),
            _ => lhs,
        };
    }
    lhs
}

fn arith_atom(t: &[&str], pos: &mut usize, vars: &BTreeMap<String, String>, depth: usize) -> i64 {
    let Some(&tok) = t.get(*pos) else { return 0 };
    *pos += 1;
    let depth = depth + 1;
    if depth > MAX_ARITH_DEPTH && matches!(tok, "(" | "-" | "+" | "!") {
        return 0;
    }
    match tok {
        "(" => {
            let v = arith_expr(t, pos, vars, 0, depth);
            if t.get(*pos) == Some(&")") {
                *pos += 1;
            }
            v
        }
        "-" => arith_atom(t, pos, vars, depth).wrapping_neg(),
        "+" => arith_atom(t, pos, vars, depth),
        "!" => i64::from(arith_atom(t, pos, vars, depth) == 0),
        s if s.starts_with(|c: char| c.is_ascii_digit()) => s.parse().unwrap_or(0),
        s => vars.get(s).and_then(|v| v.trim().parse().ok()).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as it was, one `String` per token.
    fn arith_tokens_owned(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let cs: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i];
            if c.is_whitespace() {
                i += 1;
            } else if c.is_ascii_alphanumeric() || c == '_' {
                let s = i;
                while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                    i += 1;
                }
                out.push(cs[s..i].iter().collect());
            } else {
                let two: String = cs[i..cs.len().min(i + 2)].iter().collect();
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(&two.as_str()) {
                    out.push(two);
                    i += 2;
                } else {
                    out.push(c.to_string());
                    i += 1;
                }
            }
        }
        out
    }

    #[test]
    fn arithmetic_tokens_are_the_same_slices() {
        for text in [
            "",
            "1+2*3",
            " i + 1 ",
            "a_1>=b&&c||!d",
            "x==y!=z<=w",
            "((1))",
            "é+中=😀",
            "=!<>&|",
            "a=",
            "-- 5",
            "1\t\n2",
        ] {
            let owned = arith_tokens_owned(text);
            assert_eq!(arith_tokens(text), owned.iter().map(String::as_str).collect::<Vec<_>>(), "{text:?}");
        }
        let vars: BTreeMap<String, String> = [("i".to_string(), "41".to_string())].into();
        assert_eq!(arith("i + 1", &vars), 42);
        assert_eq!(arith("(i + 1) * 2 >= 84 && !0", &vars), 1);
    }

    #[test]
    fn blank_split_gives_the_pieces_of_str_split() {
        for text in ["", " ", "a", "a b", "  a\tb\n\nc  ", "é 中\t😀\n", "x\r\ny", "\n\n"] {
            let want: Vec<&str> = text.split([' ', '\t', '\n']).collect();
            let got: Vec<&str> = BlankSplit { text, start: Some(0) }.collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn arithmetic_nesting_is_evaluated_up_to_its_limit() {
        let vars = BTreeMap::new();
        let parens = |n: usize| format!("{}7{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(arith(&parens(MAX_ARITH_DEPTH - 1), &vars), 7);
        assert_eq!(arith(&format!("{}7", "- ".repeat(MAX_ARITH_DEPTH - 1)), &vars), -7);
        assert_eq!(arith(&format!("2 * {} + 1", parens(10)), &vars), 15);
        // Past the limit the deep operand is 0 and nothing recurses further (the remaining `- 7`
        // then reads as subtractions: a finite answer, not a meaningful one).
        assert_eq!(arith(&parens(100_000), &vars), 0);
        assert_eq!(arith(&format!("{}7", "- ".repeat(100_000)), &vars), -7);
    }
}
