//! Input encodings: UTF-8 (the default), and the single-byte encodings of
//! pages last saved by old Windows editors. Decoding gives UTF-8 text; spans
//! are byte offsets into that text, never into the file.

/// How the bytes of a page are decoded (docutils' `input_encoding`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String"))]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// ISO-8859-1: each byte is the character of the same number.
    Latin1,
    /// Windows-1252 (cp1252): Latin-1 but for 0x80–0x9F, which hold
    /// typographic quotes, dashes, `€`, `Œ`... What Windows editors write
    /// when they say "Latin-1".
    Windows1252,
}

impl Encoding {
    /// The names accepted, for messages.
    pub const NAMES: &str = "utf-8, latin-1 (iso-8859-1), windows-1252 (cp1252)";

    /// The encoding of a name (case and `-`/`_` do not matter).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "utf-8" | "utf8" | "utf-8-sig" => Encoding::Utf8,
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => Encoding::Latin1,
            "windows-1252" | "cp1252" => Encoding::Windows1252,
            _ => return None,
        })
    }

    /// The usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Latin1 => "latin-1",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Encoding::from_name(s)
            .ok_or_else(|| format!("unknown encoding {s:?} (known: {})", Encoding::NAMES))
    }
}

impl TryFrom<String> for Encoding {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Windows-1252's characters for 0x80–0x9F. The five bytes it leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their Latin-1 control
/// character, as browsers decode them.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decode a single-byte encoding: every byte is one character, so this
/// never fails.
pub(crate) fn decode_single_byte(bytes: &[u8], encoding: Encoding) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let c = match b {
            0x80..=0x9F if encoding == Encoding::Windows1252 => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_encodings() {
        let bytes = b"caf\xE9 \x93ok\x94 \x80 \x81";
        assert_eq!(
            decode_single_byte(bytes, Encoding::Latin1),
            "caf\u{e9} \u{93}ok\u{94} \u{80} \u{81}"
        );
        assert_eq!(
            decode_single_byte(bytes, Encoding::Windows1252),
            "caf\u{e9} \u{201c}ok\u{201d} \u{20ac} \u{81}"
        );
        assert_eq!(Encoding::from_name("ISO_8859-1"), Some(Encoding::Latin1));
        assert_eq!(Encoding::from_name("CP1252"), Some(Encoding::Windows1252));
        assert!("ebcdic".parse::<Encoding>().is_err());
    }
}
