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
import math
import re

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
