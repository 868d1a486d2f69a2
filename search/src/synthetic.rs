//! Seeded synthetic entities, for benchmarks and load tests at a scale the bundled data does
//! not reach (`biokg-gen-index` and the `speed` example build a million of them).
//!
//! The entities are deterministic: Vietnamese-looking names made of real syllables, a kind drawn
//! with the proportions of a national registry (most of them enterprises), a commune and a sector
//! facet, a body text of 12 to 40 words, and for taxa a binomial name. Nothing here is data: the
//! IRIs are under `https://example.org/synthetic/`.
//!
//! [`Rng`] and its names ([`Rng::syllable`], [`Rng::words`], [`capitalised`]) are also what the
//! scale-data generator of the bench crate (`biokg-gen`) makes its registry files from, so
//! that there is one seeded generator and one syllable table in the workspace.

use crate::model::EntityDoc;

/// The source (graph name) the synthetic entities are filed under.
pub const SOURCE: &str = "https://example.org/synthetic";

/// The seed of [`entities`]: the same seed gives the same entities.
pub const SEED: u64 = 0x5EED_0001_B10C_0DE5;

/// The first `n` synthetic entities of the seeded sequence.
pub fn entities(n: usize) -> Vec<EntityDoc> {
    let mut rng = Rng::new(SEED);
    (0..n).map(|i| entity(i, &mut rng)).collect()
}

/// Common syllables of the domain, drawn for 3 words in 10.
const SYLLABLES: &[&str] = &[
    "an",
    "bắc",
    "bình",
    "cao",
    "chè",
    "công",
    "dược",
    "dương",
    "đà",
    "đông",
    "giang",
    "hà",
    "hải",
    "hoà",
    "hồng",
    "hưng",
    "khánh",
    "kim",
    "lâm",
    "lào",
    "liệu",
    "long",
    "lúa",
    "mai",
    "minh",
    "mường",
    "nam",
    "nghệ",
    "ngọc",
    "nông",
    "phát",
    "phú",
    "phúc",
    "quang",
    "quế",
    "quy",
    "sa",
    "sâm",
    "sơn",
    "tam",
    "tân",
    "thái",
    "thảo",
    "thất",
    "thịnh",
    "thuận",
    "tiến",
    "trà",
    "trung",
    "trường",
    "tuấn",
    "văn",
    "việt",
    "vinh",
    "xanh",
    "xuân",
    "yên",
    "sinh",
    "học",
    "giống",
    "cây",
    "nấm",
    "men",
    "vi",
    "khuẩn",
    "chiết",
    "xuất",
    "tinh",
    "dầu",
];
/// Onsets, rhymes and tones that make the rest of the syllables: 4 914 of them, so that a
/// word matches about as many names as it would in a real registry, not a tenth of them.
const ONSETS: &[&str] = &[
    "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t",
    "th", "tr", "v", "x",
];
const RHYMES: &[&str] = &[
    "a", "ai", "am", "an", "ang", "anh", "ao", "at", "ay", "e", "em", "en", "eo", "i", "im", "in",
    "inh", "o", "oa", "oc", "oi", "om", "on", "ong", "u", "ui", "um", "un", "ung", "uy", "ương",
    "ươi", "iên", "iêu", "uôn", "ưa", "ơn", "âm", "ân",
];
/// Tone marks (none, acute, grave, hook, tilde, dot), as combining characters; names and
/// texts are composed (NFC) before they are indexed.
const TONES: &[&str] = &["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];

const PREFIXES: &[(&str, &str)] = &[
    ("enterprise", "Công ty TNHH"),
    ("enterprise", "Công ty Cổ phần"),
    ("cooperative", "Hợp tác xã"),
    ("lab", "Phòng thí nghiệm"),
    ("lab", "Trung tâm"),
    ("taxon", ""),
    ("task", "Nhiệm vụ"),
    ("commune", "Xã"),
];
const SECTORS: &[&str] = &[
    "medicinal-plants",
    "agriculture",
    "food",
    "environment",
    "health",
    "forestry",
];
const GENERA: &[&str] = &[
    "Panax",
    "Angelica",
    "Amomum",
    "Paris",
    "Coptis",
    "Cynara",
    "Gynostemma",
    "Fallopia",
];

/// A small deterministic generator (xorshift64*): the same seed gives the same draws.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (a zero seed is replaced: xorshift would stay at zero).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 { SEED } else { seed })
    }

    /// A draw in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }

    /// A Vietnamese syllable: a common one of the domain 3 times in 10, otherwise an onset,
    /// a rhyme and a tone mark (not composed: [`Rng::words`] composes).
    pub fn syllable(&mut self) -> String {
        if self.below(10) < 3 {
            return SYLLABLES[self.below(SYLLABLES.len())].to_owned();
        }
        let rhyme = RHYMES[self.below(RHYMES.len())];
        let tone = TONES[self.below(TONES.len())];
        // The tone goes on the rhyme's first vowel.
        let mut chars = rhyme.chars();
        let first: String = chars.next().into_iter().collect();
        format!(
            "{}{first}{tone}{}",
            ONSETS[self.below(ONSETS.len())],
            chars.as_str()
        )
    }

    /// `n` syllables separated by spaces, in NFC.
    pub fn words(&mut self, n: usize) -> String {
        use unicode_normalization::UnicodeNormalization;
        let text = (0..n)
            .map(|_| self.syllable())
            .collect::<Vec<_>>()
            .join(" ");
        text.nfc().collect()
    }
}

/// Every space-separated word of `s` with its first letter in capitals (`Tả phìn` → `Tả Phìn`).
pub fn capitalised(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Entity `i` of the synthetic set.
fn entity(i: usize, rng: &mut Rng) -> EntityDoc {
    // Enterprises are most of a national registry: 6 draws in 10.
    let (kind, prefix) = match rng.below(10) {
        0..=2 => PREFIXES[0],
        3..=5 => PREFIXES[1],
        6 => PREFIXES[2],
        7 => PREFIXES[3 + rng.below(2)],
        8 => PREFIXES[5 + rng.below(2)],
        _ => PREFIXES[7],
    };
    let n = 2 + rng.below(3);
    let name = capitalised(&rng.words(n));
    let label = if prefix.is_empty() {
        name.clone()
    } else {
        format!("{prefix} {name}")
    };
    let text_len = 12 + rng.below(29);
    let mut doc = EntityDoc {
        iri: format!("https://example.org/synthetic/{kind}/{i}"),
        kind: kind.to_owned(),
        label,
        text: format!("{}.", capitalised(&rng.words(text_len))),
        facets: vec![
            (
                "commune".to_owned(),
                format!("Xã {}", capitalised(&rng.words(2))),
            ),
            (
                "sector".to_owned(),
                SECTORS[rng.below(SECTORS.len())].to_owned(),
            ),
        ],
        source: SOURCE.to_owned(),
        ..EntityDoc::default()
    };
    if kind == "taxon" {
        doc.scientific_names = vec![format!(
            "{} {}",
            GENERA[rng.below(GENERA.len())],
            rng.words(1)
                .replace(['đ', 'ắ', 'ì', 'à', 'á', 'ạ', 'ả', 'ã'], "a")
        )];
    }
    doc
}
