//! Share links and saved text: the whole document, compressed (raw DEFLATE) and base64url-encoded in
//! the URL fragment with the seed, the playhead and the language — `#s=1&t=95000&l=zh&d=…` (links
//! from before the language was carried have no `l=` and still open). The fragment never reaches a
//! server. Decoding is defensive: any corruption is an error the page turns into a notice.

use crate::i18n::{Lang, Msg};

/// Longest text a link may expand to (a Pod plus its Scenario is a few KB).
pub const MAX_TEXT: usize = 1 << 20;

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The whole document.
    pub text: String,
    /// Seed override, when given.
    pub seed: Option<u64>,
    /// Playhead, ms.
    pub t_ms: i64,
    /// The sharer's page language (`l=`), when given and known.
    pub lang: Option<Lang>,
}

/// Why a link could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// `s=` is not a number.
    Seed,
    /// `t=` is not a number.
    Time,
    /// `d=` is not base64url.
    Base64,
    /// `d=` does not inflate.
    Inflate,
    /// `d=` is not UTF-8.
    Utf8,
}

impl LinkError {
    /// What to tell the user.
    pub fn msg(self) -> Msg {
        match self {
            LinkError::Seed => Msg::LinkSeed,
            LinkError::Time => Msg::LinkTime,
            LinkError::Base64 => Msg::LinkBase64,
            LinkError::Inflate => Msg::LinkInflate,
            LinkError::Utf8 => Msg::LinkUtf8,
        }
    }
}

/// The fragment (without `#`) for `shared`.
pub fn encode(shared: &Shared) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(shared.text.as_bytes(), 9);
    let mut out = String::new();
    if let Some(seed) = shared.seed {
        out.push_str(&format!("s={seed}&"));
    }
    out.push_str(&format!("t={}&", shared.t_ms.max(0)));
    if let Some(lang) = shared.lang {
        out.push_str(&format!("l={}&", lang.code()));
    }
    out.push_str(&format!("d={}", base64url(&packed)));
    out
}

/// Reads a fragment (with or without `#`). `Ok(None)` when it carries no document.
pub fn decode(fragment: &str) -> Result<Option<Shared>, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    let mut seed = None;
    let mut t_ms = 0;
    let mut data = None;
    let mut lang = None;
    for pair in fragment.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "s" => seed = Some(v.parse().map_err(|_| LinkError::Seed)?),
            "t" => t_ms = v.parse::<i64>().map_err(|_| LinkError::Time)?.max(0),
            // An unknown language is ignored: the reader's own choice applies.
            "l" => lang = Lang::parse(v),
            "d" => data = Some(v),
            _ => {}
        }
    }
    let Some(data) = data else { return Ok(None) };
    let packed = unbase64url(data).ok_or(LinkError::Base64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_TEXT)
        .map_err(|_| LinkError::Inflate)?;
    let text = String::from_utf8(bytes).map_err(|_| LinkError::Utf8)?;
    Ok(Some(Shared { text, seed, t_ms, lang }))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Inverse of [`base64url`] (padding tolerated); `None` on any other character.
pub fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(unbase64url(&base64url(&bytes)), Some(bytes));
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        assert_eq!(unbase64url("a+b"), None);
    }

    #[test]
    fn links_round_trip_and_are_short() {
        let text = include_str!("../examples/pod-live-exec.yaml").to_string();
        let s = Shared { text: text.clone(), seed: Some(7), t_ms: 95_000, lang: Some(Lang::Zh) };
        let f = encode(&s);
        assert!(f.starts_with("s=7&t=95000&l=zh&d="));
        assert!(f.len() < text.len(), "{} vs {}", f.len(), text.len());
        assert_eq!(decode(&format!("#{f}")), Ok(Some(s)));
        let no_seed = Shared { text: text.clone(), seed: None, t_ms: 0, lang: None };
        assert_eq!(decode(&encode(&no_seed)), Ok(Some(no_seed)));
        // Links made before `l=` existed open unchanged; an unknown language is ignored.
        let old = format!("#s=7&t=95000&d={}", f.split("&d=").nth(1).unwrap_or_default());
        assert_eq!(decode(&old).map(|s| s.map(|s| (s.text, s.lang))), Ok(Some((text.clone(), None))));
        let odd = format!("#l=xx&d={}", f.split("&d=").nth(1).unwrap_or_default());
        assert_eq!(decode(&odd).map(|s| s.map(|s| s.lang)), Ok(Some(None)));
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#section-2"), Ok(None));
        assert_eq!(decode("#d=%%%"), Err(LinkError::Base64));
        assert_eq!(decode("#s=x&d="), Err(LinkError::Seed));
        assert!(decode("#d=AAAA").is_err());
        assert!(decode("#t=x&d=").is_err());
        let f = encode(&Shared { text: "x".repeat(1000), seed: None, t_ms: 0, lang: None });
        assert!(decode(&f[..f.len() - 3]).is_err());
    }
}
