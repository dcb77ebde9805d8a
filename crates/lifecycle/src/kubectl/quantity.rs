//! Resource quantities (`500m`, `1Gi`, `2`, `1e3`): exact values in nano-units, comparison, sums and
//! the canonical text apimachinery's `Quantity.String()` prints.

use crate::model::Quantity;

/// How a quantity was written, which decides how it is printed back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `m`, `k`, `M`, … or no suffix.
    DecimalSi,
    /// `Ki`, `Mi`, `Gi`, …
    BinarySi,
    /// `1e3`.
    DecimalExponent,
}

/// A parsed quantity: the value in units of 10⁻⁹ (rounded up, as apimachinery does below nano).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedQuantity {
    /// Value × 10⁹.
    pub nanos: i128,
    /// The suffix family it was written with.
    pub format: Format,
}

const NANO: i128 = 1_000_000_000;

/// Parses a quantity string; `None` when it is not a valid quantity or overflows.
pub fn parse(text: &str) -> Option<ParsedQuantity> {
    let t = text.trim();
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let num_end = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    // value = digits × 10^(exp10) × 2^(exp2), digits as an integer.
    let digits: String = format!("{int_part}{frac_part}");
    let mut mant: i128 = 0;
    for b in digits.bytes() {
        mant = mant.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut exp10: i32 = -(frac_part.len() as i32);
    let mut exp2: u32 = 0;
    let format = match suffix {
        "" => Format::DecimalSi,
        "n" => {
            exp10 -= 9;
            Format::DecimalSi
        }
        "u" => {
            exp10 -= 6;
            Format::DecimalSi
        }
        "m" => {
            exp10 -= 3;
            Format::DecimalSi
        }
        "k" => {
            exp10 += 3;
            Format::DecimalSi
        }
        "M" => {
            exp10 += 6;
            Format::DecimalSi
        }
        "G" => {
            exp10 += 9;
            Format::DecimalSi
        }
        "T" => {
            exp10 += 12;
            Format::DecimalSi
        }
        "P" => {
            exp10 += 15;
            Format::DecimalSi
        }
        "E" => {
            exp10 += 18;
            Format::DecimalSi
        }
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            exp2 = match suffix {
                "Ki" => 10,
                "Mi" => 20,
                "Gi" => 30,
                "Ti" => 40,
                "Pi" => 50,
                _ => 60,
            };
            Format::BinarySi
        }
        s if s.starts_with(['e', 'E']) => {
            let e: i32 = s[1..].parse().ok()?;
            if !(-30..=30).contains(&e) {
                return None;
            }
            exp10 += e;
            Format::DecimalExponent
        }
        _ => return None,
    };
    mant = mant.checked_mul(1i128.checked_shl(exp2)?)?;
    let shift = exp10 + 9;
    let nanos = if shift >= 0 {
        mant.checked_mul(10i128.checked_pow(shift as u32)?)?
    } else {
        let div = 10i128.checked_pow((-shift) as u32)?;
        // apimachinery rounds up values finer than nano.
        (mant + div - 1) / div
    };
    Some(ParsedQuantity { nanos: if neg { -nanos } else { nanos }, format })
}

/// Parses a model quantity (string, integer or float as written in YAML).
pub fn parse_model(q: &Quantity) -> Option<ParsedQuantity> {
    match q {
        Quantity::String(s) => parse(s),
        Quantity::Int(i) => {
            Some(ParsedQuantity { nanos: i128::from(*i).checked_mul(NANO)?, format: Format::DecimalSi })
        }
        Quantity::Float(f) => parse(&format!("{f}")),
    }
}

/// The canonical text of a quantity (`Quantity.String()`): `0.5` → `500m`, `1024Mi` → `1Gi`, `1000` → `1k`.
pub fn canonical(q: ParsedQuantity) -> String {
    if q.nanos == 0 {
        return "0".to_string();
    }
    let sign = if q.nanos < 0 { "-" } else { "" };
    let v = q.nanos.abs();
    if q.format == Format::BinarySi && v % NANO == 0 {
        let whole = v / NANO;
        let mut unit = 0usize;
        let mut n = whole;
        while unit < 6 && n % 1024 == 0 {
            n /= 1024;
            unit += 1;
        }
        let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][unit];
        return format!("{sign}{n}{suffix}");
    }
    // Decimal: the largest power-of-1000 exponent that keeps an integer mantissa.
    let mut e: i32 = -9;
    let mut n = v;
    while e < 18 && n % 1000 == 0 {
        n /= 1000;
        e += 3;
    }
    if q.format == Format::DecimalExponent {
        return if e == 0 { format!("{sign}{n}") } else { format!("{sign}{n}e{e}") };
    }
    let suffix = match e {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        _ => "E",
    };
    format!("{sign}{n}{suffix}")
}

/// Canonical text of a model quantity; text that does not parse is printed as written.
pub fn display(q: &Quantity) -> String {
    match parse_model(q) {
        Some(p) => canonical(p),
        None => match q {
            Quantity::String(s) => s.clone(),
            Quantity::Int(i) => i.to_string(),
            Quantity::Float(f) => f.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("500m", "500m"),
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1", "1"),
            ("1000", "1k"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("128Mi", "128Mi"),
            ("1e3", "1e3"),
            ("100M", "100M"),
            ("0", "0"),
            ("1.5Gi", "1536Mi"),
        ] {
            let q = parse(input).map(canonical);
            assert_eq!(q.as_deref(), Some(want), "{input}");
        }
        for bad in ["", "abc", "1.2.3", "5x", "."] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
