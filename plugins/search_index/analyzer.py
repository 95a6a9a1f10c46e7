"""French text analysis of the site search, identical at build time and in the browser.

The browser runs ``theme/static/js/search/analyzer.js``, a line-by-line port of this module; the
data both sides need (stop words, lowercase and accent-folding tables, limits) is *not* duplicated:
it lives in ``data/`` and is shipped to the browser inside the search manifest (``config()``).
``tests/plugins/test_search_parity.py`` runs both implementations on the same inputs.

Pipeline, in this order:

1. **Unicode NFKC** (``unicodedata.normalize`` / ``String.prototype.normalize``): composes
   ``e`` + combining acute into ``é``, turns no-break and thin spaces into spaces, ligatures (``ﬁ``)
   into letters, full-width and superscript digits into ASCII digits.
2. **Tokenizer**: a token is a maximal run of *letters* (ASCII letters and the Latin letters of
   ``data/charmap-fr.json``) or of ASCII *digits*; everything else separates tokens: spaces,
   hyphens (``sage-femme``), both apostrophes (``l'emprise``, ``d’un``), punctuation, emoji,
   non-Latin scripts. Letters and digits also split each other (``L223`` → ``l``, ``223``).
   Tokens are cut to ``MAX_TOKEN_LENGTH`` characters.
3. **Digit groups**: consecutive digit tokens separated by exactly one of ``JOIN_SEPARATORS``
   (space, dot, hyphen) form a *run*: ``116 006``, ``01 23 45 67 89``, ``223-15-2``. At index
   time a run yields every group *and* the joined digits (``116``, ``006``, ``116006``;
   ``223``, ``15``, ``2``, ``223152``), so a number is found whether it was written with or
   without spaces. In a query a run is one word that matches either the joined form or all of
   its groups (``analyze_query``), so ``116 006``, ``116006``, ``223-15-2`` and ``17 15 112`` all
   work. Runs longer than ``MAX_JOIN_GROUPS`` groups or ``MAX_JOIN_DIGITS`` digits are not joined.
   Digits are never stemmed nor dropped.
4. **Lowercase** letters with the shipped table (not ``str.lower``: ``İ`` → ``i``, one character
   in, one out, same result in every browser).
5. **Stop words**: a token whose accent-folded form is in the folded stop list is dropped
   (``l``, ``d``, ``les``, ``à``...). Comparing folded forms makes ``a``/``à``, ``ou``/``où`` equal.
6. **Stemming then folding**: Snowball French runs on the *accented* lowercase word, because
   the algorithm needs the accents (``créée`` → ``cré``), then the stem is folded (``é`` → ``e``,
   ``œ`` → ``oe``, ``æ`` → ``ae``, ``ç`` → ``c``...): ``cre``. The stemmer is NLTK 3.10.4's
   ``FrenchStemmer`` algorithm: ``stem`` is a faster rewrite of its code (``nltk_stem`` calls
   NLTK itself; tests compare them), analyzer.js a line-by-line port. Users often type without
   accents and ``creee`` stems differently (``cree``), so when the word has accents the stem of
   its folded form is emitted as well (``créée`` → ``cre``, ``cree``). Every term is therefore
   ``[a-z0-9]+``, and sorts the same in Python and JavaScript (lunr's token set needs sorted
   terms).

lunr sees this as a tokenizer (``tokenize``) followed by two registered pipeline functions,
``STOP_LABEL`` and ``STEM_LABEL`` (``register_lunr_pipeline``); analyzer.js registers the same
labels with ``lunr.Pipeline.registerFunction`` so ``lunr.Index.load`` accepts the index.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from itertools import chain
from pathlib import Path

ANALYZER_ID = "fr-mvl-1"
STOP_LABEL = "stopWordFilter-fr-mvl"
STEM_LABEL = "stemmer-fr-mvl"
MAX_TOKEN_LENGTH = 40
MAX_JOIN_GROUPS = 6
MAX_JOIN_DIGITS = 15
MAX_QUERY_WORDS = 10
JOIN_SEPARATORS = " .-\u2010\u2011"

DATA = Path(__file__).resolve().parent / "data"
STOPWORDS_FILE = DATA / "stopwords-fr.txt"
CHARMAP_FILE = DATA / "charmap-fr.json"

# Letters whose compatibility decomposition is not an ASCII letter.
_FOLD_SPECIAL = {
    "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i",
    "ħ": "h", "ŧ": "t", "ĸ": "k", "ŋ": "n", "ſ": "s", "ŀ": "l", "ŉ": "n", "ƀ": "b", "ƚ": "l",
    "ɨ": "i", "ʉ": "u", "ƶ": "z", "ǥ": "g", "ȥ": "z", "ɇ": "e", "ɉ": "j", "ɍ": "r", "ɏ": "y",
    "ⱥ": "a", "ƈ": "c", "ɗ": "d", "ƒ": "f", "ɠ": "g", "ƙ": "k", "ɲ": "n", "ƥ": "p", "ʠ": "q",
    "ƭ": "t", "ʋ": "v", "ƴ": "y", "ȼ": "c", "ɓ": "b", "ƌ": "d", "ɦ": "h",
}
_ASCII_WORD = re.compile("[a-z]+")


def _fold_char(lower: str) -> str | None:
    if lower in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[lower]
    decomposed = unicodedata.normalize("NFKD", lower)
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    folded = "".join(_FOLD_SPECIAL.get(c, c) for c in stripped).lower()
    return folded if _ASCII_WORD.fullmatch(folded) else None


def generate_charmap() -> dict:
    """The lowercase and folding tables (source of ``data/charmap-fr.json``).

    Latin letters of U+00C0–U+024F and U+1E00–U+1EFF that fold to ASCII letters. ``lower`` is a
    string of (uppercase, lowercase) pairs; ``fold`` maps an ASCII replacement to the string of
    the lowercase letters it replaces.
    """
    lower_pairs: dict[str, str] = {}
    fold: dict[str, str] = {}
    for cp in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        char = chr(cp)
        if not unicodedata.category(char).startswith("L"):
            continue
        low = "i" if char == "\u0130" else char.lower()
        if len(low) != 1:
            continue
        folded = _fold_char(low) if low not in "abcdefghijklmnopqrstuvwxyz" else low
        if folded is None:
            continue
        if low != char:
            lower_pairs[char] = low
        if low != folded:
            fold[low] = folded
    groups: dict[str, list[str]] = defaultdict(list)
    for char, folded in fold.items():
        groups[folded].append(char)
    return {
        "lower": "".join(upper + low for upper, low in sorted(lower_pairs.items())),
        "fold": {folded: "".join(sorted(chars)) for folded, chars in sorted(groups.items())},
    }


def _read_stopwords() -> list[str]:
    words = []
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


def _ranges(chars: set[str]) -> str:
    """A regex character class body (``\\uXXXX`` escapes, ranges) valid in Python and JS."""
    cps = sorted(ord(c) for c in chars)
    out, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"\\u{cps[i]:04x}" if i == j else f"\\u{cps[i]:04x}-\\u{cps[j]:04x}")
        i = j + 1
    return "".join(out)


STOPWORDS: list[str] = _read_stopwords()
CHARMAP: dict = json.loads(CHARMAP_FILE.read_text(encoding="utf-8"))

_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_LOWER.update({ord(CHARMAP["lower"][i]): CHARMAP["lower"][i + 1] for i in range(0, len(CHARMAP["lower"]), 2)})
_FOLD = {ord(c): folded for folded, chars in CHARMAP["fold"].items() for c in chars}
_LETTERS = (set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | set(CHARMAP["lower"])
            | {c for chars in CHARMAP["fold"].values() for c in chars})
LETTER_CLASS = _ranges(_LETTERS)
_TOKEN_RE = re.compile(f"([{LETTER_CLASS}]+)|([0-9]+)")
_STOP_FOLDED = frozenset(w.translate(_LOWER).translate(_FOLD) for w in STOPWORDS)
_SEP_CLASS = "".join("\\u%04x" % ord(c) for c in JOIN_SEPARATORS)
_FAST_RE = re.compile(f"[{LETTER_CLASS}]+|[0-9]+(?:[{_SEP_CLASS}][0-9]+)*")
_DIGITS_RE = re.compile("[0-9]+")
_RAW_CACHE: dict[str, tuple[str, ...]] = {}
_TERMS_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_MAX = 500_000  # entries; both caches are emptied beyond (long-running dev server)


# ---------------------------------------------------------------- Snowball French
# NLTK's FrenchStemmer.stem, rewritten for speed (3x): its suffix lists are sorted by decreasing
# length and at most one suffix of a given length can end a word, so "first suffix of the list
# that ends the word" is "longest suffix that ends the word": one set lookup per length instead
# of a scan of the list. Everything else (substring tests such as ``suffix in r2``, Python
# negative indexes) is NLTK's code; tests check it against NLTK and analyzer.js on word lists.
# NLTK 3.10.4 FrenchStemmer data (tests compare with NLTK itself, imported lazily: nltk_stem).
_V = "aeiouy\xe2\xe0\xeb\xe9\xea\xe8\xef\xee\xf4\xfb\xf9"
_NLTK_STEP1 = (
    "issements", "issement", "atrices", "atrice", "ateurs", "ations", "logies", "usions", "utions",
    "ements", "amment", "emment", "ances", "iqUes", "ismes", "ables", "istes", "ateur", "ation",
    "logie", "usion", "ution", "ences", "ement", "euses", "ments", "ance", "iqUe", "isme", "able",
    "iste", "ence", "it\xe9s", "ives", "eaux", "euse", "ment", "eux", "it\xe9", "ive", "ifs", "aux",
    "if")
_NLTK_STEP2A = (
    "issaIent", "issantes", "iraIent", "issante", "issants", "issions", "irions", "issais",
    "issait", "issant", "issent", "issiez", "issons", "irais", "irait", "irent", "iriez", "irons",
    "iront", "isses", "issez", "\xeemes", "\xeetes", "irai", "iras", "irez", "isse", "ies", "ira",
    "\xeet", "ie", "ir", "is", "it", "i")
_NLTK_STEP2B = (
    "eraIent", "assions", "erions", "assent", "assiez", "\xe8rent", "erais", "erait", "eriez",
    "erons", "eront", "aIent", "antes", "asses", "ions", "erai", "eras", "erez", "\xe2mes",
    "\xe2tes", "ante", "ants", "asse", "\xe9es", "era", "iez", "ais", "ait", "ant", "\xe9e",
    "\xe9s", "er", "ez", "\xe2t", "ai", "as", "\xe9", "a")
_NLTK_STEP4 = ("i\xe8re", "I\xe8re", "ion", "ier", "Ier", "e", "\xeb")


def _by_length(suffixes) -> list[tuple[int, frozenset]]:
    assert all(len(a) >= len(b) for a, b in zip(suffixes, suffixes[1:]))
    lengths = sorted({len(x) for x in suffixes}, reverse=True)
    return [(n, frozenset(x for x in suffixes if len(x) == n)) for n in lengths]


_STEP1 = _by_length(_NLTK_STEP1)
_STEP2A = _by_length(_NLTK_STEP2A)
_STEP2B = _by_length(_NLTK_STEP2B)
_STEP4 = _by_length(_NLTK_STEP4)
_R_RE = re.compile(f"[{_V}][^{_V}]")
_V_RE = re.compile(f"[{_V}]")
_STEP2B_DELETE = frozenset(("eraIent", "erions", "\xe8rent", "erais", "erait", "eriez", "erons",
                            "eront", "erai", "eras", "erez", "\xe9es", "era", "iez", "\xe9e",
                            "\xe9s", "er", "ez", "\xe9"))
_STEP2B_DELETE_E = frozenset(("assions", "assent", "assiez", "aIent", "antes", "asses", "\xe2mes",
                              "\xe2tes", "ante", "ants", "asse", "ais", "ait", "ant", "\xe2t",
                              "ai", "as", "a"))
_STEP1_R2 = frozenset(("ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes",
                       "ables", "istes"))
_STEP1_ATION = frozenset(("atrice", "ateur", "ation", "atrices", "ateurs", "ations"))


def _longest(word: str, table) -> str | None:
    for n, suffixes in table:
        end = word[-n:]
        if end in suffixes:
            return end
    return None


def _french_stem(word: str) -> str:
    vowels = _V
    word = word.lower()
    step1_success = rv_ending_found = step2a_success = step2b_success = False
    if "u" in word or "i" in word or "y" in word:
        chars = list(word)
        for i in range(1, len(chars)):
            if chars[i - 1] == "q" and chars[i] == "u":
                chars[i] = "U"
        for i in range(1, len(chars) - 1):
            if chars[i - 1] in vowels and chars[i + 1] in vowels:
                if chars[i] == "u":
                    chars[i] = "U"
                elif chars[i] == "i":
                    chars[i] = "I"
            if chars[i - 1] in vowels or chars[i + 1] in vowels:
                if chars[i] == "y":
                    chars[i] = "Y"
        word = "".join(chars)

    match = _R_RE.search(word)
    r1 = word[match.end():] if match else ""
    match = _R_RE.search(r1)
    r2 = r1[match.end():] if match else ""
    rv = ""
    if len(word) >= 2:
        if word.startswith(("par", "col", "tap")) or (word[0] in vowels and word[1] in vowels):
            rv = word[3:]
        else:
            match = _V_RE.search(word, 1)
            if match:
                rv = word[match.end():]

    # STEP 1: standard suffix removal
    suffix = _longest(word, _STEP1)
    if suffix is not None:
        if suffix == "eaux":
            word = word[:-1]
            step1_success = True
        elif suffix in ("euse", "euses"):
            if suffix in r2:
                word = word[: -len(suffix)]
                step1_success = True
            elif suffix in r1:
                word = word[: -len(suffix)] + "eux"
                step1_success = True
        elif suffix in ("ement", "ements") and suffix in rv:
            word = word[: -len(suffix)]
            step1_success = True
            if word[-2:] == "iv" and "iv" in r2:
                word = word[:-2]
                if word[-2:] == "at" and "at" in r2:
                    word = word[:-2]
            elif word[-3:] == "eus":
                if "eus" in r2:
                    word = word[:-3]
                elif "eus" in r1:
                    word = word[:-1] + "x"
            elif word[-3:] in ("abl", "iqU"):
                if "abl" in r2 or "iqU" in r2:
                    word = word[:-3]
            elif word[-3:] in ("i\xe8r", "I\xe8r"):
                if "i\xe8r" in rv or "I\xe8r" in rv:
                    word = word[:-3] + "i"
        elif suffix == "amment" and suffix in rv:
            word = word[:-6] + "ant"
            rv = rv[:-6] + "ant"
            rv_ending_found = True
        elif suffix == "emment" and suffix in rv:
            word = word[:-6] + "ent"
            rv_ending_found = True
        elif (suffix in ("ment", "ments") and suffix in rv and not rv.startswith(suffix)
              and rv[rv.rindex(suffix) - 1] in vowels):
            word = word[: -len(suffix)]
            rv = rv[: -len(suffix)]
            rv_ending_found = True
        elif suffix == "aux" and suffix in r1:
            word = word[:-2] + "l"
            step1_success = True
        elif (suffix in ("issement", "issements") and suffix in r1
              and word[-len(suffix) - 1] not in vowels):
            word = word[: -len(suffix)]
            step1_success = True
        elif suffix in _STEP1_R2 and suffix in r2:
            word = word[: -len(suffix)]
            step1_success = True
        elif suffix in _STEP1_ATION and suffix in r2:
            word = word[: -len(suffix)]
            step1_success = True
            if word[-2:] == "ic":
                word = word[:-2] if "ic" in r2 else word[:-2] + "iqU"
        elif suffix in ("logie", "logies") and suffix in r2:
            word = word[: -len(suffix)] + "log"
            step1_success = True
        elif suffix in ("usion", "ution", "usions", "utions") and suffix in r2:
            word = word[: -len(suffix)] + "u"
            step1_success = True
        elif suffix in ("ence", "ences") and suffix in r2:
            word = word[: -len(suffix)] + "ent"
            step1_success = True
        elif suffix in ("it\xe9", "it\xe9s") and suffix in r2:
            word = word[: -len(suffix)]
            step1_success = True
            if word[-4:] == "abil":
                word = word[:-4] if "abil" in r2 else word[:-2] + "l"
            elif word[-2:] == "ic":
                word = word[:-2] if "ic" in r2 else word[:-2] + "iqU"
            elif word[-2:] == "iv":
                if "iv" in r2:
                    word = word[:-2]
        elif suffix in ("if", "ive", "ifs", "ives") and suffix in r2:
            word = word[: -len(suffix)]
            step1_success = True
            if word[-2:] == "at" and "at" in r2:
                word = word[:-2]
                if word[-2:] == "ic":
                    word = word[:-2] if "ic" in r2 else word[:-2] + "iqU"

    # STEP 2a: verb suffixes beginning with "i"; STEP 2b: other verb suffixes
    if not step1_success or rv_ending_found:
        suffix = _longest(word, _STEP2A)
        if suffix is not None and (suffix in rv and len(rv) > len(suffix)
                                   and rv[rv.rindex(suffix) - 1] not in vowels):
            word = word[: -len(suffix)]
            step2a_success = True
        if not step2a_success:
            suffix = _longest(rv, _STEP2B)
            if suffix is not None:
                if suffix == "ions" and "ions" in r2:
                    word = word[:-4]
                    step2b_success = True
                elif suffix in _STEP2B_DELETE:
                    word = word[: -len(suffix)]
                    step2b_success = True
                elif suffix in _STEP2B_DELETE_E:
                    word = word[: -len(suffix)]
                    rv = rv[: -len(suffix)]
                    step2b_success = True
                    if rv.endswith("e"):
                        word = word[:-1]

    if step1_success or step2a_success or step2b_success:
        # STEP 3
        if word[-1] == "Y":
            word = word[:-1] + "i"
        elif word[-1] == "\xe7":
            word = word[:-1] + "c"
    else:
        # STEP 4: residual suffixes
        if len(word) >= 2 and word[-1] == "s" and word[-2] not in "aiou\xe8s":
            word = word[:-1]
        for n, suffixes in _STEP4:
            suffix = word[-n:]
            if suffix in suffixes and suffix in rv:
                if suffix == "ion" and suffix in r2 and rv[-4] in "st":
                    word = word[:-3]
                elif suffix in ("ier", "i\xe8re", "Ier", "I\xe8re"):
                    word = word[: -len(suffix)] + "i"
                elif suffix == "e":
                    word = word[:-1]
                elif suffix == "\xeb" and word[-3:-1] == "gu":
                    word = word[:-1]
                break

    # STEP 5: undouble
    if word.endswith(("enn", "onn", "ett", "ell", "eill")):
        word = word[:-1]

    # STEP 6: un-accent
    for i in range(1, len(word)):
        if word[-i] in vowels:
            if i != 1 and word[-i] in ("\xe9", "\xe8"):
                word = word[:-i] + "e" + word[-i + 1:]
            break

    return word.replace("I", "i").replace("U", "u").replace("Y", "y")


def config() -> dict:
    """Everything analyzer.js needs, shipped in the search manifest (``manifest["analyzer"]``)."""
    return {
        "id": ANALYZER_ID,
        "labels": {"stop": STOP_LABEL, "stem": STEM_LABEL},
        "maxTokenLength": MAX_TOKEN_LENGTH,
        "maxJoinGroups": MAX_JOIN_GROUPS,
        "maxJoinDigits": MAX_JOIN_DIGITS,
        "maxQueryWords": MAX_QUERY_WORDS,
        "joinSeparators": JOIN_SEPARATORS,
        "stopWords": STOPWORDS,
        "lower": CHARMAP["lower"],
        "fold": CHARMAP["fold"],
    }


def fold(text: str) -> str:
    """Accent folding of lowercase letters (``é`` → ``e``, ``œ`` → ``oe``)."""
    return text.translate(_FOLD)


def lower(text: str) -> str:
    return text.translate(_LOWER)


def stem(word: str) -> str:
    """Snowball French stem of a lowercase (accented) word (the word itself if NLTK raises)."""
    try:
        return _french_stem(word)
    except IndexError:  # NLTK would raise too; analyzer.js mirrors this (PyIndexError)
        return word


_NLTK = []


def nltk_stem(word: str) -> str:
    """NLTK's own FrenchStemmer: the reference ``stem`` is tested against (needs no NLTK data)."""
    if not _NLTK:
        from nltk.stem.snowball import FrenchStemmer

        _NLTK.append(FrenchStemmer())
    try:
        return _NLTK[0].stem(word)
    except IndexError:
        return word


def is_stop_word(token: str) -> bool:
    return token[:1] not in "0123456789" and token.translate(_FOLD) in _STOP_FOLDED


def _scan(text: str):
    """Yield ("w", token) for letter tokens and ("n", [groups]) for digit runs."""
    text = unicodedata.normalize("NFKC", text)
    run: list[str] = []
    prev_end = -1
    for match in _TOKEN_RE.finditer(text):
        letters, digits = match.group(1), match.group(2)
        if letters is not None:
            if run:
                yield "n", run
                run = []
            yield "w", letters.translate(_LOWER)[:MAX_TOKEN_LENGTH]
            continue
        if run and match.start() - prev_end == 1 and text[prev_end] in JOIN_SEPARATORS:
            run.append(digits[:MAX_TOKEN_LENGTH])
        else:
            if run:
                yield "n", run
            run = [digits[:MAX_TOKEN_LENGTH]]
        prev_end = match.end()
    if run:
        yield "n", run


def _joinable(run: list[str]) -> bool:
    return 1 < len(run) <= MAX_JOIN_GROUPS and sum(len(g) for g in run) <= MAX_JOIN_DIGITS


def tokenize(text) -> list[str]:
    """Index-time tokens (lowercase words, digit groups, joined digit runs), before the pipeline."""
    if text is None:
        return []
    tokens: list[str] = []
    for kind, value in _scan(str(text)):
        if kind == "w":
            tokens.append(value)
        else:
            tokens.extend(value)
            if _joinable(value):
                tokens.append("".join(value))
    return tokens


def word_terms(token: str) -> tuple[str, ...]:
    """The index terms of one token: () for a stop word, the token itself for digits."""
    cached = _TERMS_CACHE.get(token)
    if cached is not None:
        return cached
    if len(_TERMS_CACHE) > _CACHE_MAX:
        _TERMS_CACHE.clear()
    if token[:1] in "0123456789":
        terms: tuple[str, ...] = (token,) if token else ()
    else:
        folded = token.translate(_FOLD)
        if folded in _STOP_FOLDED:
            terms = ()
        else:
            first = stem(token).translate(_FOLD)
            second = first if folded == token else stem(folded)
            terms = tuple(t for t in dict.fromkeys((first, second)) if t)
    _TERMS_CACHE[token] = terms
    return terms


def _raw_terms(token: str) -> tuple[str, ...]:
    """Terms of a token matched by ``_FAST_RE`` (a letter run, or a digit run with separators)."""
    if token[0] in "0123456789":
        groups = [g[:MAX_TOKEN_LENGTH] for g in _DIGITS_RE.findall(token)]
        return tuple(groups + ["".join(groups)] if _joinable(groups) else groups)
    return word_terms(token.translate(_LOWER)[:MAX_TOKEN_LENGTH])


def analyze(text) -> list[str]:
    """Index terms of a text, in order. Same as chaining ``tokenize`` and ``word_terms`` (tests
    check it), written for speed: one regex pass, digit runs matched whole, terms cached per raw
    (not yet lowercased) token."""
    if text is None:
        return []
    out: list[str] = []
    extend = out.extend
    cache = _RAW_CACHE
    if len(cache) > _CACHE_MAX:
        cache.clear()
    for token in _FAST_RE.findall(unicodedata.normalize("NFKC", str(text))):
        terms = cache.get(token)
        if terms is None:
            terms = cache[token] = _raw_terms(token)
        extend(terms)
    return out


def _query_word(fold_form: str, terms, digits: bool) -> dict:
    return {"fold": fold_form, "terms": list(terms), "digits": digits, "open": False}


def analyze_query(text) -> list[dict]:
    """Query words: ``{"fold", "terms", "digits", "open"[, "parts"]}``, at most MAX_QUERY_WORDS with terms
    (_first_words).

    ``fold`` is the folded, unstemmed word (used for prefix matching), ``terms`` its index terms
    (empty for a stop word), ``open`` is true on the last word when the text does not end with a
    separator (the user is still typing it), ``parts`` lists the groups of a digit run.
    """
    if text is None:
        return []
    text = unicodedata.normalize("NFKC", str(text))
    words: list[dict] = []
    for kind, value in _scan(text):
        if kind == "w":
            words.append(_query_word(value.translate(_FOLD), word_terms(value), False))
        elif _joinable(value):
            joined = "".join(value)
            word = _query_word(joined, (joined,), True)
            word["parts"] = [_query_word(g, (g,), True) for g in value]
            words.append(word)
        else:
            words.extend(_query_word(g, (g,), True) for g in value)
    if words and _TOKEN_RE.match(text[-1]):
        # The text ends inside a token: the user is still typing the last word.
        words[-1]["open"] = True
        if "parts" in words[-1]:
            words[-1]["parts"][-1]["open"] = True
    return _first_words(words)


def _first_words(words: list[dict]) -> list[dict]:
    """The words up to the MAX_QUERY_WORDS-th one that has terms: stop words do not count, so a
    whole sentence (« est-ce que ce que j'ai vécu est vraiment une secte ») keeps its topic words;
    at most 3 x MAX_QUERY_WORDS words in all."""
    kept = 0
    for i, word in enumerate(words[:3 * MAX_QUERY_WORDS]):
        if word["terms"]:
            kept += 1
            if kept == MAX_QUERY_WORDS:
                return words[:i + 1]
    return words[:3 * MAX_QUERY_WORDS]


def stop_word_filter(token, i=None, tokens=None):
    """lunr pipeline function ``STOP_LABEL``: drops stop words (folded comparison)."""
    return None if is_stop_word(str(token)) else token


def stemmer(token, i=None, tokens=None):
    """lunr pipeline function ``STEM_LABEL``: stem then fold (plus the folded word's stem)."""
    terms = word_terms(str(token))
    if not terms:
        return None
    if len(terms) == 1:
        return token.update(lambda _s, _m: terms[0])
    return [token.clone(lambda _s, _m, t=t: t) for t in terms]


def register_lunr_pipeline():
    """Register both pipeline functions with lunr.py (once) and return them, in order."""
    from lunr.pipeline import Pipeline

    for fn, label in ((stop_word_filter, STOP_LABEL), (stemmer, STEM_LABEL)):
        if Pipeline.registered_functions.get(label) is not fn:
            Pipeline.register_function(fn, label)
    return [stop_word_filter, stemmer]
