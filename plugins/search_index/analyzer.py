"""French text analysis of the site search, identical at build time and in the browser.

The browser runs ``theme/static/js/search/analyzer.js``, a line-by-line port of this module; the
data both sides need (stop words, lowercase and accent-folding tables, stem exceptions, limits) is
*not* duplicated: it lives in ``data/`` (read by ``charmap.py`` and ``stemmer.py``) and is shipped
to the browser inside the search manifest (``config()``). Neither side carries a stemmer of its
own: ``stemmer.py`` calls ``snowballstemmer``, analyzer.js calls ``lunr-languages``' ``lunr.fr.js``.
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
   ``œ`` → ``oe``, ``æ`` → ``ae``, ``ç`` → ``c``...): ``cre``. The stemmer is a library on each
   side (``stemmer.py``: snowballstemmer here, lunr-languages in the browser) with a small
   generated exception table where they differ. Users often type without
   accents and ``creee`` stems differently (``cree``), so when the word has accents the stem of
   its folded form is emitted as well (``créée`` → ``cre``, ``cree``). Every term is therefore
   ``[a-z0-9]+``, and sorts the same in Python and JavaScript (lunr's token set needs sorted
   terms).

lunr sees this as a tokenizer (``tokenize``) followed by two registered pipeline functions,
``STOP_LABEL`` and ``STEM_LABEL`` (``register_lunr_pipeline``); analyzer.js registers the same
labels with ``lunr.Pipeline.registerFunction`` so ``lunr.Index.load`` accepts the index.
"""
from __future__ import annotations

import re
import unicodedata

from .charmap import (
    CHARMAP,
    FOLD_TABLE,
    LETTER_CLASS,
    LOWER_TABLE,
    STOP_FOLDED,
    STOPWORDS,
    fold,
    generate_charmap,
    is_stop_word,
    lower,
)
from .stemmer import EXCEPTIONS, stem

__all__ = ["CHARMAP", "STOPWORDS", "LETTER_CLASS", "fold", "lower", "stem", "is_stop_word", "generate_charmap",
           "config", "tokenize", "word_terms", "accent_form", "analyze", "analyze_query", "register_lunr_pipeline"]

ANALYZER_ID = "fr-mvl-3"
# Over-stemmed words (issue 21): a stem of at most SHORT_STEM letters left of a word of at least
# SHORT_STEM + 3 (« voyant » → « voi », « données » → « don ») also gives the folded word, less a
# final « s », as a term: pages holding the word itself are told from those of its namesakes
# (« voie », « donner »), and search.js counts the short stem of such a word as a stem match.
SHORT_STEM = 3
STOP_LABEL = "stopWordFilter-fr-mvl"
STEM_LABEL = "stemmer-fr-mvl"
MAX_TOKEN_LENGTH = 40
MAX_JOIN_GROUPS = 6
MAX_JOIN_DIGITS = 15
MAX_QUERY_WORDS = 10
JOIN_SEPARATORS = " .-\u2010\u2011"

_TOKEN_RE = re.compile(f"([{LETTER_CLASS}]+)|([0-9]+)")
_SEP_CLASS = "".join("\\u%04x" % ord(c) for c in JOIN_SEPARATORS)
_FAST_RE = re.compile(f"[{LETTER_CLASS}]+|[0-9]+(?:[{_SEP_CLASS}][0-9]+)*")
_DIGITS_RE = re.compile("[0-9]+")
_RAW_CACHE: dict[str, tuple[str, ...]] = {}
_TERMS_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_MAX = 500_000  # entries; both caches are emptied beyond (long-running dev server)


def config() -> dict:
    """Everything analyzer.js needs, shipped in the search manifest (``manifest["analyzer"]``)."""
    return {
        "id": ANALYZER_ID,
        "labels": {"stop": STOP_LABEL, "stem": STEM_LABEL},
        "maxTokenLength": MAX_TOKEN_LENGTH,
        "maxJoinGroups": MAX_JOIN_GROUPS,
        "maxJoinDigits": MAX_JOIN_DIGITS,
        "maxQueryWords": MAX_QUERY_WORDS,
        "shortStem": SHORT_STEM,
        "joinSeparators": JOIN_SEPARATORS,
        "stopWords": STOPWORDS,
        "lower": CHARMAP["lower"],
        "fold": CHARMAP["fold"],
        "stemExceptions": EXCEPTIONS,
    }


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
            yield "w", letters.translate(LOWER_TABLE)[:MAX_TOKEN_LENGTH]
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
        folded = token.translate(FOLD_TABLE)
        if folded in STOP_FOLDED:
            terms = ()
        else:
            first = stem(token).translate(FOLD_TABLE)
            second = first if folded == token else stem(folded)
            whole = ""
            if first and len(first) <= SHORT_STEM and len(folded) >= len(first) + 3:
                whole = folded[:-1] if folded.endswith("s") else folded
            terms = tuple(t for t in dict.fromkeys((first, second, whole)) if t)
    _TERMS_CACHE[token] = terms
    return terms


def _raw_terms(token: str) -> tuple[str, ...]:
    """Terms of a token matched by ``_FAST_RE`` (a letter run, or a digit run with separators)."""
    if token[0] in "0123456789":
        groups = [g[:MAX_TOKEN_LENGTH] for g in _DIGITS_RE.findall(token)]
        return tuple(groups + ["".join(groups)] if _joinable(groups) else groups)
    return word_terms(token.translate(LOWER_TABLE)[:MAX_TOKEN_LENGTH])


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


def accent_form(token: str) -> str:
    """The letters of a lowercase word over its first index term, accents kept (issue 21: « jeûne »
    → « jeûn », « jeune » → « jeun », « élève » → « élèv », « élevé » → « élev »): two words that
    fold to one term are told apart by it (accents.py). "" for digits, a stop word, or a word whose
    term is not its first letters once folded (« œ » folds to two letters)."""
    terms = word_terms(token) if token[:1] not in "0123456789" else ()
    form = token[:len(terms[0])] if terms else ""
    return form if form and form.translate(FOLD_TABLE) == terms[0] else ""


def _query_word(fold_form: str, terms, digits: bool, accent: str = "") -> dict:
    return {"fold": fold_form, "terms": list(terms), "digits": digits, "open": False, "accent": accent}


def analyze_query(text) -> list[dict]:
    """Query words: ``{"fold", "terms", "digits", "open"[, "parts"]}``, at most MAX_QUERY_WORDS with terms
    (_first_words).

    ``fold`` is the folded, unstemmed word (used for prefix matching), ``terms`` its index terms
    (empty for a stop word), ``accent`` its accent_form when it was typed with accents (else ""), ``open`` is true on the last word when the text does not end with a
    separator (the user is still typing it), ``parts`` lists the groups of a digit run.
    """
    if text is None:
        return []
    text = unicodedata.normalize("NFKC", str(text))
    words: list[dict] = []
    for kind, value in _scan(text):
        if kind == "w":
            # « accent »: the word's accented form when it has accents (accent_form), else "".
            folded = value.translate(FOLD_TABLE)
            words.append(_query_word(folded, word_terms(value), False, accent_form(value) if folded != value else ""))
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
