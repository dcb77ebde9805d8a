//! Time without a clock: UTC instants in integer milliseconds, RFC 3339 in and out, and the duration
//! texts kubectl prints (apimachinery `HumanDuration`, `ShortHumanDuration`, Go `Duration.String`).
//!
//! Everything is relative to a `now` the host passes in; nothing here reads the wall clock.

use std::fmt;

const MS_PER_SEC: i64 = 1_000;
const MS_PER_DAY: i64 = 86_400_000;

/// A UTC instant: integer milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Why a text is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError {
    /// The rejected text.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid RFC 3339 timestamp {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseTimestampError {}

impl Timestamp {
    /// The Unix epoch.
    pub const EPOCH: Timestamp = Timestamp(0);

    /// From milliseconds since the epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This instant moved by `ms` milliseconds (saturating).
    pub const fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The instant truncated to whole seconds, as the API stores `metav1.Time`.
    pub const fn floor_seconds(self) -> Self {
        Timestamp(self.0.div_euclid(MS_PER_SEC) * MS_PER_SEC)
    }

    /// Parses RFC 3339 (`2026-10-06T11:32:44Z`, `…44.123Z`, `…44+02:00`); never panics.
    pub fn parse_rfc3339(text: &str) -> Result<Self, ParseTimestampError> {
        parse_rfc3339(text).map_err(|reason| ParseTimestampError { input: text.to_string(), reason })
    }

    /// `2026-10-06T11:32:44Z`: UTC, whole seconds, as Kubernetes serialises `metav1.Time`.
    pub fn to_rfc3339(self) -> String {
        let c = Civil::from_millis(self.0);
        format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }

    /// `Tue, 06 Oct 2026 11:32:44 +0000`: Go's `time.RFC1123Z`, rendered in UTC (kubectl describe).
    pub fn to_rfc1123z(self) -> String {
        let c = Civil::from_millis(self.0);
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            WEEKDAYS[c.weekday as usize],
            c.day,
            MONTHS[(c.month - 1) as usize],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl std::str::FromStr for Timestamp {
    type Err = ParseTimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse_rfc3339(s)
    }
}

/// Parses an optional RFC 3339 field; absent or malformed text gives `None` (printers then show `<unknown>`).
pub fn parse_opt(text: Option<&str>) -> Option<Timestamp> {
    text.and_then(|t| Timestamp::parse_rfc3339(t).ok())
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: u32,
}

impl Civil {
    fn from_millis(ms: i64) -> Civil {
        let days = ms.div_euclid(MS_PER_DAY);
        let rem = ms.rem_euclid(MS_PER_DAY) / MS_PER_SEC;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem / 60 % 60) as u32,
            second: (rem % 60) as u32,
            // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Result<u32, &'static str> {
        let end = self.pos + n;
        let slice = self.bytes.get(self.pos..end).ok_or("unexpected end of text")?;
        let mut v = 0u32;
        for b in slice {
            if !b.is_ascii_digit() {
                return Err("expected a digit");
            }
            v = v * 10 + u32::from(b - b'0');
        }
        self.pos = end;
        Ok(v)
    }

    fn expect(&mut self, accepted: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.bytes.get(self.pos) {
            Some(b) if accepted.contains(b) => {
                self.pos += 1;
                Ok(*b)
            }
            _ => Err(what),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
}

fn parse_rfc3339(text: &str) -> Result<Timestamp, &'static str> {
    let mut c = Cursor { bytes: text.as_bytes(), pos: 0 };
    let year = c.digits(4)?;
    c.expect(b"-", "expected '-' after the year")?;
    let month = c.digits(2)?;
    c.expect(b"-", "expected '-' after the month")?;
    let day = c.digits(2)?;
    c.expect(b"Tt", "expected 'T' between date and time")?;
    let hour = c.digits(2)?;
    c.expect(b":", "expected ':' after the hour")?;
    let minute = c.digits(2)?;
    c.expect(b":", "expected ':' after the minutes")?;
    let second = c.digits(2)?;
    let mut millis = 0i64;
    if c.peek() == Some(b'.') {
        c.pos += 1;
        let mut n = 0;
        while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
            // Kubernetes truncates sub-millisecond digits; we keep milliseconds only.
            if n < 3 {
                millis = millis * 10 + i64::from(b - b'0');
            }
            n += 1;
            c.pos += 1;
        }
        if n == 0 {
            return Err("expected digits after '.'");
        }
        for _ in n..3 {
            millis *= 10;
        }
    }
    let offset_min: i64 = match c.expect(b"Zz+-", "expected 'Z' or a numeric offset")? {
        b'Z' | b'z' => 0,
        sign => {
            let oh = c.digits(2)?;
            c.expect(b":", "expected ':' in the offset")?;
            let om = c.digits(2)?;
            if oh > 23 || om > 59 {
                return Err("offset out of range");
            }
            let v = i64::from(oh * 60 + om);
            if sign == b'-' {
                -v
            } else {
                v
            }
        }
    };
    if c.pos != c.bytes.len() {
        return Err("trailing characters");
    }
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("day out of range");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time of day out of range");
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_min * 60;
    Ok(Timestamp(secs * MS_PER_SEC + millis))
}

/// apimachinery `duration.HumanDuration` for a duration in milliseconds (kubectl AGE, RESTARTS, events).
///
/// Sub-second precision only matters through truncation toward zero, exactly as Go's `int(d.Seconds())`.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms / MS_PER_SEC; // truncates toward zero like Go's int(float)
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / 60_000;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / 3_600_000;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        format!("{hours}h{m}m")
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        format!("{}d{}h", hours / 24, h)
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        format!("{}y{}d", hours / 24 / 365, dy)
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// apimachinery `duration.ShortHumanDuration`: a single unit (`59s`, `1m`, `23h`, `364d`, `1y`).
pub fn short_human_duration(ms: i64) -> String {
    let seconds = ms / MS_PER_SEC;
    if seconds < -1 {
        "<invalid>".to_string()
    } else if seconds < 0 {
        "0s".to_string()
    } else if seconds < 60 {
        format!("{seconds}s")
    } else if ms / 60_000 < 60 {
        format!("{}m", ms / 60_000)
    } else if ms / 3_600_000 < 24 {
        format!("{}h", ms / 3_600_000)
    } else if ms / 3_600_000 < 24 * 365 {
        format!("{}d", ms / 3_600_000 / 24)
    } else {
        format!("{}y", ms / 3_600_000 / 24 / 365)
    }
}

/// `HumanDuration(now - t)`, or `<unknown>` when there is no timestamp (kubectl's `translateTimestampSince`).
pub fn since(now: Timestamp, t: Option<Timestamp>) -> String {
    match t {
        Some(t) => human_duration(now.millis_since(t)),
        None => "<unknown>".to_string(),
    }
}

/// Go's `time.Duration.String()` for a whole number of milliseconds: `405ms`, `1.561s`, `1m45.457s`,
/// `5m0s`, `1h0m0s`, `0s` (kubelet event and waiting messages print durations this way).
pub fn go_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let neg = ms < 0;
    let abs = ms.unsigned_abs();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if abs < 1_000 {
        out.push_str(&format!("{abs}ms"));
        return out;
    }
    let hours = abs / 3_600_000;
    let minutes = abs / 60_000 % 60;
    let secs = abs / 1_000 % 60;
    let frac = abs % 1_000;
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&secs.to_string());
    if frac > 0 {
        let f = format!("{frac:03}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out.push('s');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for d in [-800_000i64, -1, 0, 1, 59, 60, 365, 10_957, 20_732, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
