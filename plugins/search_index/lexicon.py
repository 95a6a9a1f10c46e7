"""The French dictionary guard of the search (issue 21): a correct French word is never "fixed".

A word typed that the index does not hold may be a typo ("psichoterapie") or a correct French word
the site does not use ("envie", "impôt", "récupérer"): only the first may be corrected into a word
of the site. The build takes the most frequent French words of the ``wordfreq`` package (its own
data, nothing downloaded), keeps those of ``MIN_LETTERS``+ letters (shorter words are never
corrected), folded like the index (lowercase, no accents), and writes one Bloom filter per first
letter (``fr.<hash>.json``: ``{"m": bits, "k": hashes, "bits": base64}``). The browser fetches the
filter of a word's first letter only when a typed word has no exact match (search.js: isFrench),
so the filter costs nothing to a query the index answers.

Hashes (same in search.js): h = FNV-1a 32 bits of the word, h1 = fmix32(h), h2 = fmix32(h xor
0x5bd1e995) | 1 (MurmurHash3's finalizer), bit i = (h1 + i * h2) mod m, for i < k (Kirsch and Mitzenmacher). Bit b is bit (b & 7) of byte b >> 3.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import math
import pickle
import re
from pathlib import Path

from plugins.common.files import write_bytes_atomic

from . import analyzer

TOP_WORDS = 50_000      # most frequent French words of wordfreq kept
MIN_LETTERS = 5         # typos are corrected in words of 5+ letters only (search.js fuzzyMin)
FALSE_POSITIVES = 0.01  # share of typos taken for French words (then not corrected)
_WORD = re.compile("[a-z]+")


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("ascii"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def fmix32(h: int) -> int:
    """MurmurHash3's finalizer: spreads every bit of h over the whole word."""
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def positions(word: str, m: int, k: int) -> list[int]:
    h = fnv1a(word)
    h1, h2 = fmix32(h), fmix32(h ^ 0x5BD1E995) | 1
    return [(h1 + i * h2) % m for i in range(k)]


def french_words(top: int = TOP_WORDS) -> list[str]:
    """Folded French words of MIN_LETTERS+ letters among the `top` most frequent (sorted)."""
    import wordfreq

    out = set()
    for word in wordfreq.top_n_list("fr", top):
        folded = analyzer.fold(analyzer.lower(word))
        if len(folded) >= MIN_LETTERS and _WORD.fullmatch(folded):
            out.add(folded)
    return sorted(out)


def bloom(words, rate: float = FALSE_POSITIVES) -> dict:
    """{"m", "k", "bits"} of a Bloom filter holding `words`."""
    n = max(1, len(words))
    m = max(64, int(math.ceil(-n * math.log(rate) / math.log(2) ** 2 / 8)) * 8)
    k = max(1, round(m / n * math.log(2)))
    bits = bytearray(m // 8)
    for word in words:
        for b in positions(word, m, k):
            bits[b >> 3] |= 1 << (b & 7)
    return {"m": m, "k": k, "bits": base64.b64encode(bytes(bits)).decode("ascii")}


def contains(filt: dict, word: str) -> bool:
    bits = base64.b64decode(filt["bits"])
    return all(bits[b >> 3] >> (b & 7) & 1 for b in positions(word, filt["m"], filt["k"]))


_FILTERS: dict = {}


def french_filters(words=None) -> dict[str, dict]:
    """{first letter: Bloom filter of the French words starting with it} (of wordfreq's words
    when `words` is None, computed once per process)."""
    if words is None:
        if "fr" not in _FILTERS:
            _FILTERS["fr"] = french_filters(french_words())
        return _FILTERS["fr"]
    by_letter: dict[str, list[str]] = {}
    for word in words:
        by_letter.setdefault(word[0], []).append(word)
    return {letter: bloom(group) for letter, group in sorted(by_letter.items())}


# ------------------------------------------------------------- words common in French, not here

COMMON_TOP = 20_000     # French words considered for "common" (wordfreq's most frequent)
COMMON_ZIPF = 4.0       # at least this frequent in French (Zipf scale: 4 = once per 10,000 words)
TOPIC_RATIO = 3.0       # a term the site uses this many times more than French does is a topic word
HEADING_RATIO = 10.0    # ... or this many times, when no title, heading or theme of the site holds it


def zipf(word: str) -> float:
    """A word's frequency in French (wordfreq's Zipf scale; 0 for an unknown word)."""
    import wordfreq

    return wordfreq.zipf_frequency(word, "fr")


def _zipf_by_term() -> dict[str, float]:
    """Index term -> highest Zipf frequency of the French words it is a term of."""
    if "zipf" not in _FILTERS:
        import wordfreq

        out: dict[str, float] = {}
        for word in wordfreq.top_n_list("fr", COMMON_TOP):
            zipf = wordfreq.zipf_frequency(word, "fr")
            if zipf < COMMON_ZIPF:
                break
            for term in analyzer.word_terms(analyzer.lower(word)):
                out[term] = max(out.get(term, 0.0), zipf)
        _FILTERS["zipf"] = out
    return _FILTERS["zipf"]


def common_terms(term_counts: dict[str, int], topics=None) -> set[str]:
    """Terms of the index that are frequent in French and not what the site is about (« exactement »,
    « vraiment », « cherche »): they say little about which page is meant, and search.js lowers
    their weight (issue 21). `term_counts`: occurrences of each term in the site; `topics`: terms
    of the site's titles, headings and themes (None: not known). A frequent French term is common
    when the site uses it less than TOPIC_RATIO times as much as French does, or, when no title,
    heading or theme holds it, less than HEADING_RATIO times (on a small site a few uses of an
    everyday word already look over-represented: « exactement » 6 times French's rate)."""
    total = sum(term_counts.values()) or 1
    zipf = _zipf_by_term()
    out = set()
    for term, count in term_counts.items():
        z = zipf.get(term)
        if z is None:
            continue
        ratio = count / total / 10 ** (z - 9)
        if ratio < TOPIC_RATIO or (topics is not None and term not in topics and ratio < HEADING_RATIO):
            out.add(term)
    return out


# ------------------------------------------------------------- kept on disk between builds

def _lexicon_key() -> str:
    """What the French filters and frequencies derive from: wordfreq's data, the stemmer, and this
    package's code and data files (any change there computes them again)."""
    h = hashlib.blake2b(digest_size=12)
    for package in ("wordfreq", "snowballstemmer"):
        h.update(f"{package}={importlib.metadata.version(package)};".encode())
    here = Path(__file__).parent
    for path in sorted(here.glob("*.py")) + sorted((here / "data").glob("*")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(repr((TOP_WORDS, MIN_LETTERS, FALSE_POSITIVES, COMMON_TOP, COMMON_ZIPF)).encode())
    return h.hexdigest()


def load_cached(folder) -> None:
    """Fill this process's French filters and frequencies from `folder` (SEARCH_LEXICON_CACHE,
    warmed by tools/vendor.py at install time), or compute them and keep them there: they depend
    on installed packages only, never on the content, and took most of a small site's index time.
    `folder` None: nothing kept (computed on first use, as before)."""
    if not folder or ("fr" in _FILTERS and "zipf" in _FILTERS):
        return
    path = Path(folder) / f"lexicon-{_lexicon_key()}.pickle"
    try:
        filters, zipf = pickle.loads(path.read_bytes())
        _FILTERS.setdefault("fr", filters)
        _FILTERS.setdefault("zipf", zipf)
        return
    except Exception:  # absent, stale or damaged: only a cache miss
        pass
    data = pickle.dumps((french_filters(), _zipf_by_term()), protocol=pickle.HIGHEST_PROTOCOL)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("lexicon-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)
    write_bytes_atomic(path, data)
