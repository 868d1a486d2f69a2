//! The Vietnamese analyzer: folding, word segmentation and the tantivy tokenizers built on them.
//!
//! Vietnamese is written as space-separated syllables carrying tone and vowel marks. Users type
//! with marks, without them, or with a keyboard that emits decomposed (NFD) text, so every
//! searchable field is indexed folded ([`fold`]: no marks, `đ` as `d`) for recall, and the label
//! and body text are indexed a second time "exact" (lowercased, marks kept) so that a query typed
//! with the right marks ranks the right word first (`quế` cinnamon over `quê` home).
//!
//! The tokenizers segment the *original* text and fold each word on its own, so token offsets
//! point into the text as stored, diacritics and all: that is what lets the snippet generator
//! highlight `Tằng Loỏng` for the query `tang loong`.

use tantivy::tokenizer::{
    Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Name of the folded analyzer (labels, alternative labels, names, text).
pub(crate) const FOLD: &str = "vi_fold";
/// Name of the exact analyzer (lowercase, diacritics kept).
pub(crate) const EXACT: &str = "vi_exact";
/// Name of the code analyzer: whitespace-separated tokens, so `II.2.2.7` stays one token.
pub(crate) const CODE: &str = "vi_code";
/// Name of the English analyzer: folded words, then the English (Porter) stemmer.
pub(crate) const ENGLISH: &str = "vi_en";

/// Words longer than this (in bytes, after normalisation) are not indexed: they are base64
/// blobs or URLs, never something a person types.
const MAX_TOKEN_BYTES: usize = 96;

/// Folds text the way the analyzer does: Unicode NFC, lowercase, all tone and vowel marks
/// removed, `đ`/`Đ` as `d`.
///
/// `ð`/`Ð` (eth, which some Vietnamese PDFs carry in place of `Đ`) also become `d`.
///
/// ```
/// assert_eq!(biokg_search::fold("Tằng Loỏng"), "tang loong");
/// assert_eq!(biokg_search::fold("ĐƯƠNG QUY"), "duong quy");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appending to `out`. One pass, no intermediate strings: this runs for every word
/// indexed.
fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Lowercase first: `to_lowercase` may emit combining marks (`İ`), stripped below.
        for lower in c.to_lowercase() {
            if is_hangul_syllable(lower) {
                // Its canonical decomposition is jamo, not marks: keep it whole, as NFC has it.
                out.push(lower);
                continue;
            }
            decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(match d {
                        'đ' | 'ð' | 'ɖ' => 'd',
                        d => d,
                    });
                }
            });
        }
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// A whole name as one term: its words (runs of letters and digits), folded or exact, joined
/// by single spaces, so that "Xã  Tả-Phìn" and "xa ta phin" compare equal when folded. The
/// whole-name fields hold labels this way, and a query equal to a name matches it.
pub(crate) fn whole(s: &str, folded: bool) -> String {
    let mut norm = String::with_capacity(s.len());
    if folded {
        fold_into(s, &mut norm);
    } else {
        exact_into(s, &mut norm);
    }
    norm.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalises text for the exact fields: NFC and lowercase, diacritics kept.
#[cfg(test)]
fn exact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    exact_into(s, &mut out);
    out
}

/// Normalises text for the exact fields (NFC, lowercase, diacritics kept), appending to `out`.
fn exact_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let lower = |c: char| c.to_lowercase().map(|l| if l == 'ð' { 'đ' } else { l });
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        out.extend(s.chars().flat_map(lower));
    } else {
        out.extend(s.nfc().flat_map(lower).nfc());
    }
}

/// NFC form of a string, used for everything we store, so that what we return and sort is
/// independent of how the input was encoded.
pub(crate) fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// How a [`VietTokenizer`] cuts and normalises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Words (letters, digits, combining marks), folded.
    Fold,
    /// Words, lowercased with diacritics kept.
    Exact,
    /// Whitespace-separated chunks with punctuation trimmed at both ends, folded: keeps codes
    /// such as `II.2.2.7` or `36-NQ/TW` as single tokens.
    Code,
}

impl Mode {
    fn is_chunk_char(self, c: char) -> bool {
        match self {
            Mode::Code => !c.is_whitespace() && !matches!(c, ',' | ';' | '(' | ')' | '[' | ']'),
            _ => is_word_char(c),
        }
    }

    /// Writes the normalised form of `chunk` into `out` (cleared first).
    fn normalise(self, chunk: &str, out: &mut String) {
        out.clear();
        match self {
            Mode::Exact => exact_into(chunk, out),
            Mode::Fold | Mode::Code => fold_into(chunk, out),
        }
    }
}

/// Letters and digits make words; combining marks too, so NFD input stays one word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The tokenizer behind all the analyzers in this crate; see [`Mode`].
#[derive(Debug, Clone)]
pub(crate) struct VietTokenizer {
    mode: Mode,
    token: Token,
}

impl VietTokenizer {
    pub(crate) fn new(mode: Mode) -> Self {
        VietTokenizer {
            mode,
            token: Token::default(),
        }
    }
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokenStream<'a> {
        self.token.reset();
        VietTokenStream {
            text,
            cursor: 0,
            mode: self.mode,
            next_position: 0,
            token: &mut self.token,
        }
    }
}

/// The stream of a [`VietTokenizer`].
pub(crate) struct VietTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    mode: Mode,
    next_position: usize,
    token: &'a mut Token,
}

impl VietTokenStream<'_> {
    /// Fills in the token for `from..to`, whose text is already in `self.token.text`.
    fn emit(&mut self, from: usize, to: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
    }

    /// The byte range of the next chunk at or after the cursor, trimmed for code mode.
    fn next_chunk(&mut self) -> Option<(usize, usize)> {
        let mode = self.mode;
        loop {
            let rest = &self.text[self.cursor..];
            let start = self.cursor + rest.find(|c| mode.is_chunk_char(c))?;
            let len = self.text[start..]
                .find(|c| !mode.is_chunk_char(c))
                .unwrap_or(self.text.len() - start);
            let end = start + len;
            self.cursor = end;
            if mode != Mode::Code {
                return Some((start, end));
            }
            // Trim leading and trailing punctuation ("(II.2.2.7)," -> "II.2.2.7").
            let chunk = &self.text[start..end];
            let Some(lead) = chunk.find(is_word_char) else {
                continue;
            };
            let trail = chunk
                .char_indices()
                .rev()
                .find(|&(_, c)| is_word_char(c))
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(chunk.len());
            return Some((start + lead, start + trail));
        }
    }
}

impl TokenStream for VietTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = self.next_chunk() {
            self.mode
                .normalise(&self.text[from..to], &mut self.token.text);
            // A chunk of marks only folds to nothing; an overlong one is noise.
            let len = self.token.text.len();
            if len == 0 || len > MAX_TOKEN_BYTES {
                continue;
            }
            self.emit(from, to);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Builds the analyzer registered under `name`.
pub(crate) fn analyzer(name: &str) -> Option<TextAnalyzer> {
    Some(match name {
        FOLD => TextAnalyzer::from(VietTokenizer::new(Mode::Fold)),
        EXACT => TextAnalyzer::from(VietTokenizer::new(Mode::Exact)),
        CODE => TextAnalyzer::from(VietTokenizer::new(Mode::Code)),
        ENGLISH => TextAnalyzer::builder(VietTokenizer::new(Mode::Fold))
            .filter(Stemmer::new(Language::English))
            .build(),
        _ => return None,
    })
}

/// A tokenizer manager with tantivy's defaults plus this crate's analyzers.
pub(crate) fn tokenizer_manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    for name in [FOLD, EXACT, CODE, ENGLISH] {
        if let Some(analyzer) = analyzer(name) {
            manager.register(name, analyzer);
        }
    }
    manager
}

/// The words the index keeps for `text` in its folded fields (labels, names, body text): the
/// analyzer's segmentation of the text as written, each word folded. This is the per-word
/// work of every indexed document, so the analyzer benchmark (`benches/analyzer.rs`) times it.
///
/// ```
/// assert_eq!(biokg_search::index_words("Khu công nghiệp Tằng Loỏng"), ["khu", "cong", "nghiep", "tang", "loong"]);
/// ```
pub fn index_words(text: &str) -> Vec<String> {
    token_texts(FOLD, text)
}

/// The token texts an analyzer produces for `text`.
pub(crate) fn token_texts(name: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = analyzer(name) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// One word of a user query, in the forms the fields are indexed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// Folded form, for the folded fields.
    pub(crate) folded: String,
    /// Lowercase with diacritics, for the exact fields.
    pub(crate) exact: String,
    /// Folded and English-stemmed, for `label_en`.
    pub(crate) stemmed: String,
    /// Byte range of the word in the query as typed (for synonym substitution).
    pub(crate) span: (usize, usize),
}

/// Cuts a user query into words, with the same segmentation as the indexed text.
pub(crate) fn query_words(q: &str) -> Vec<QueryWord> {
    let mut tokenizer = VietTokenizer::new(Mode::Exact);
    let mut stream = tokenizer.token_stream(q);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        let original = &q[token.offset_from..token.offset_to];
        let folded = fold(original);
        let stemmed = token_texts(ENGLISH, &folded)
            .into_iter()
            .next()
            .unwrap_or_else(|| folded.clone());
        words.push(QueryWord {
            folded,
            exact: token.text.clone(),
            stemmed,
            span: (token.offset_from, token.offset_to),
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        let table = [
            ("đ", "d"),
            ("Đ", "d"),
            ("ư", "u"),
            ("Ư", "u"),
            ("ơ", "o"),
            ("ă", "a"),
            ("â", "a"),
            ("ê", "e"),
            ("ô", "o"),
            // The five tones on a, and stacked vowel mark + tone.
            ("à á ả ã ạ", "a a a a a"),
            ("ằ ắ ẳ ẵ ặ", "a a a a a"),
            ("ầ ấ ẩ ẫ ậ", "a a a a a"),
            ("ừ ứ ử ữ ự", "u u u u u"),
            ("ờ ớ ở ỡ ợ", "o o o o o"),
            ("ề ế ể ễ ệ", "e e e e e"),
            ("ỳ ý ỷ ỹ ỵ", "y y y y y"),
            ("ì í ỉ ĩ ị", "i i i i i"),
            ("ĐƯƠNG QUY", "duong quy"),
            ("Sở Y tế", "so y te"),
            ("Tằng Loỏng", "tang loong"),
            ("TẰNG LOỎNG", "tang loong"),
            // Eth used in place of Đ by some PDF converters.
            ("Ðà Lạt", "da lat"),
            ("II.2.2.7", "ii.2.2.7"),
            ("Angelica sinensis", "angelica sinensis"),
            ("İ", "i"),
            ("한국", "한국"),
        ];
        for (input, expected) in table {
            assert_eq!(fold(input), expected, "fold({input:?})");
        }
        // NFD input (base letters + combining marks) folds the same as NFC.
        let nfd: String = "Tằng Loỏng Đương quy".nfd().collect();
        assert_ne!(nfd, "Tằng Loỏng Đương quy");
        assert_eq!(fold(&nfd), "tang loong duong quy");
    }

    #[test]
    fn exact_keeps_marks_and_normalises() {
        assert_eq!(exact("QUẾ"), "quế");
        let nfd: String = "Quế".nfd().collect();
        assert_eq!(exact(&nfd), "quế");
        assert_ne!(exact("quế"), exact("quê"));
    }

    fn tokens(name: &str, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut analyzer = analyzer(name).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn fold_tokens_keep_original_offsets() {
        let text = "Xã Tằng Loỏng, (II.2.2.7)";
        let toks = tokens(FOLD, text);
        let texts: Vec<&str> = toks.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["xa", "tang", "loong", "ii", "2", "2", "7"]);
        let originals: Vec<&str> = toks.iter().map(|t| &text[t.1..t.2]).collect();
        assert_eq!(originals, ["Xã", "Tằng", "Loỏng", "II", "2", "2", "7"]);
        let positions: Vec<usize> = toks.iter().map(|t| t.3).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn nfd_words_are_not_split_on_marks() {
        let nfd: String = "Tằng Loỏng".nfd().collect();
        let toks = tokens(FOLD, &nfd);
        let texts: Vec<&str> = toks.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["tang", "loong"]);
        assert_eq!(
            &nfd[toks[1].1..toks[1].2],
            "Loỏng".nfd().collect::<String>()
        );
        let exact_toks = tokens(EXACT, &nfd);
        assert_eq!(exact_toks[0].0, "tằng");
    }

    #[test]
    fn code_tokens_keep_codes_whole() {
        let toks = tokens(CODE, "Nhiệm vụ (II.2.2.7), 36-NQ/TW; Target 10.");
        let texts: Vec<&str> = toks.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            texts,
            ["nhiem", "vu", "ii.2.2.7", "36-nq/tw", "target", "10"]
        );
    }

    #[test]
    fn english_is_stemmed() {
        assert_eq!(
            token_texts(ENGLISH, "Medicinal plants, processing"),
            ["medicin", "plant", "process"]
        );
    }

    #[test]
    fn query_words_carry_all_forms() {
        let words = query_words("Cây QUẾ plants");
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        let exact: Vec<&str> = words.iter().map(|w| w.exact.as_str()).collect();
        let stemmed: Vec<&str> = words.iter().map(|w| w.stemmed.as_str()).collect();
        assert_eq!(folded, ["cay", "que", "plants"]);
        assert_eq!(exact, ["cây", "quế", "plants"]);
        assert_eq!(stemmed, ["cay", "que", "plant"]);
        assert!(query_words(" ( : \" ").is_empty());
    }
}
