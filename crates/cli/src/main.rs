//! The `podlife` command line. It reads files and the clock; everything else is the core's.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: podlife check FILE\n\nFILE may be - for standard input.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() == 2 => check(&args[1]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Reads FILE, or standard input for `-`.
fn read_input(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("-: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("{file}: {e}"))?
    };
    String::from_utf8(bytes)
        .map_err(|e| format!("{file}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

fn check(file: &str) -> ExitCode {
    let text = match read_input(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("podlife: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = lifecycle::load(&text);
    for d in &loaded.diagnostics {
        println!("{file}:{d}");
    }
    if loaded.diagnostics.iter().any(|d| d.severity == lifecycle::Severity::Error) {
        ExitCode::from(1)
    } else {
        if let Some(pod) = &loaded.pod {
            let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
            println!("{file}: pod \"{}\" is valid ({})", pod.name(), names.join(", "));
        }
        ExitCode::SUCCESS
    }
}
