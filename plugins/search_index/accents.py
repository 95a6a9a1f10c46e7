"""Accented forms of the index terms two different words share once folded (issue 21).

Index terms are folded (``[a-z0-9]+``: the shard writer, the related-map filters and the
hostile-query reasoning rely on it), so « jeûne » and « jeune », « élève » and « élevé »,
« pêcher » and « pécher » are one term each. When the site itself writes one term under two or
more accented forms (``analyzer.accent_form``: the word's letters over its stem, « jeûn » /
« jeun ») and two of its words fold alike (``ambiguous_terms``: « jeune » / « jeûne », not the
inflections « complète » / « compléter », nor a lazy spelling « francais »), the shard holding the term also carries, beside the lunr index, which documents hold
which form (``accents``); search.js counts a document that holds the term only under another
form than the one typed as half a match (kind SHORT), when the typed word has accents and its
form is one the site uses. A word typed without accents stays neutral.

Shipped per term: ``[[form, [refs]], ...]``, the form the most documents hold first. The refs of
the first form list only the documents that also hold another form: a document the table does
not list holds the first form only. Bounded: at most ``MAX_LISTED`` listed refs per term (a
term beyond is left out: too ambiguous to be worth the bytes) and ``MAX_TERMS`` terms.
"""
from __future__ import annotations

from collections import defaultdict

from . import analyzer

MAX_TERMS = 400
MAX_LISTED = 200
LAZY_ZIPF = 0.8  # an unaccented spelling this much rarer in French than its accented sibling is no word of its own


def _two_words(plain: str, other: str, zipf) -> bool:
    """Two site words that fold alike are two words, unless one is written without any accent and
    French writes it with accents far more often (« francais », « derive »: lazy spellings)."""
    if zipf is None:
        return True
    for bare, accented in ((plain, other), (other, plain)):
        if analyzer.fold(bare) == bare and zipf(accented) - zipf(bare) >= LAZY_ZIPF:
            return False
    return True


def ambiguous_terms(tokens, zipf=None) -> set[str]:
    """The first terms of the site's words that fold like another word of the site with other
    accents over their stem (« jeune » / « jeûne »; not « annonce » / « annoncé », whose accent the
    stemmer strips): the only terms worth a table."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for token in sorted(tokens):
        if token[:1] not in "0123456789" and analyzer.accent_form(token):
            by_fold[analyzer.fold(token)].append(token)
    out = set()
    for words in by_fold.values():
        for i, one in enumerate(words):
            for two in words[i + 1:]:
                term = analyzer.word_terms(one)[0]
                if (term == analyzer.word_terms(two)[0] and analyzer.accent_form(one) != analyzer.accent_form(two)
                        and _two_words(one, two, zipf)):
                    out.add(term)
    return out


def accent_table(token_sets, zipf=None) -> dict[str, list]:
    """{term: [[form, [refs]], ...]} from ``token_sets`` (per document, in ref order: the set of its
    lowercase tokens), for the ambiguous terms (``ambiguous_terms``; ``zipf``: a word's French
    frequency, wordfreq's Zipf scale, or None to count every pair of words as two)."""
    wanted = ambiguous_terms(set().union(*token_sets) if token_sets else set(), zipf)
    holders: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    seen: dict[str, tuple[str, str] | None] = {}
    for ref, tokens in enumerate(token_sets):
        for token in sorted(tokens):
            pair = seen.get(token, False)
            if pair is False:
                form = analyzer.accent_form(token) if token[:1] not in "0123456789" else ""
                pair = seen[token] = (analyzer.word_terms(token)[0], form) if form else None
            if pair is not None and pair[0] in wanted:
                refs = holders[pair[0]][pair[1]]
                if not refs or refs[-1] != ref:
                    refs.append(ref)
    table: dict[str, list] = {}
    for term in sorted(holders):
        forms = holders[term]
        if len(forms) < 2:
            continue
        ordered = sorted(forms, key=lambda f: (-len(forms[f]), f))
        others = set().union(*(forms[f] for f in ordered[1:]))
        entries = [[ordered[0], sorted(set(forms[ordered[0]]) & others)]]
        entries += [[f, forms[f]] for f in ordered[1:]]
        if sum(len(refs) for _f, refs in entries) <= MAX_LISTED:
            table[term] = entries
        if len(table) == MAX_TERMS:
            break
    return table
