"""Help first: a search query that expresses distress or danger shows help numbers before any result.

Editors keep the triggers in ``content/data/detresse.yaml``::

    situations:
      - titre: Idées suicidaires
        mots: [suicide, envie de mourir, en finir, me tuer]
        contacts: ["3114", "15"]

Each entry of ``mots`` is a word or an expression; ``contacts`` are ids of
``content/data/contacts.yaml`` reachable by phone or SMS (never a number typed here). The build
checks the file (``fichier:ligne: message``, in French, like the synonym file) and compiles it into
the search manifest (``help``, see ``compile_help``); ``theme/static/js/search/search.js``
(``helpFor``) and ``help_for`` here match a query identically (tests/plugins/test_search_distress.py).

Matching (same analyzer as the search: case, accents, elisions, stems): an expression matches when
its words appear in the query in order, each one right after the previous or one word later. A
query word matches a trigger word when their folded forms are equal, or (not for stop words) when
they share a stem, or when both are 5+ letters, start with the same letter and differ by one typo
(one letter added, dropped, changed, or two neighbours swapped).
"""
from __future__ import annotations

import re

from . import analyzer, datafile

MAX_FILE_BYTES = 100_000
MAX_SITUATIONS = 100
MAX_WORDS = 6          # words of one trigger expression
MAX_CHARS = 60
TYPO_MIN = 5           # letters of both words for a one-typo match
GAP = 1                # query words allowed between two words of an expression
_ASCII = re.compile("[a-z]+")


_message = datafile.message


def trigger_words(text: str) -> list[list]:
    """[[fold, [terms]], ...] of an expression (every word, stop words included: « en finir »)."""
    out = []
    for token in analyzer.tokenize(text):
        if token[:1] in "0123456789":
            out.append([token, [token]])
        else:
            out.append([analyzer.fold(token), list(analyzer.word_terms(token))])
    return out


def _one_typo(a: str, b: str) -> bool:
    """Optimal string alignment distance of a and b is at most 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def word_matches(query_word: dict, trigger: list) -> bool:
    """Does a query word (analyze_query) match a trigger word [fold, terms]?"""
    fold, terms = trigger
    qfold = query_word["fold"]
    if qfold == fold:
        return True
    if not terms or not query_word["terms"] or query_word.get("digits"):
        return False
    if any(t in terms for t in query_word["terms"]):
        return True
    return (len(qfold) >= TYPO_MIN and len(fold) >= TYPO_MIN and qfold[0] == fold[0]
            and _ASCII.fullmatch(qfold) is not None and _one_typo(qfold, fold))


def phrase_matches(words: list[dict], phrase: list) -> bool:
    """Do the query words hold the expression (in order, at most GAP words between two of its words)?"""
    n = len(phrase)
    for start in range(len(words)):
        if not word_matches(words[start], phrase[0]):
            continue
        pos, k = start, 1
        while k < n:
            nxt = next((j for j in range(pos + 1, min(len(words), pos + 2 + GAP))
                        if word_matches(words[j], phrase[k])), None)
            if nxt is None:
                break
            pos, k = nxt, k + 1
        if k == n:
            return True
    return False


def query_words(text) -> list[dict]:
    """Every word of a query (``analyzer.tokenize``, not only the first MAX_QUERY_WORDS of
    ``analyze_query``: the cry for help may come last)."""
    words = []
    for token in analyzer.tokenize(str(text or "")[:1000]):
        if token[:1] in "0123456789":
            words.append({"fold": token, "terms": [token], "digits": True})
        else:
            words.append({"fold": analyzer.fold(token), "terms": list(analyzer.word_terms(token)), "digits": False})
    return words


def help_for(text, compiled: dict) -> list[str]:
    """Contact ids to show first for a query, in the order of the file (no duplicates)."""
    words = query_words(text)
    out: list[str] = []
    if not words or not compiled:
        return out
    for situation in compiled.get("situations", []):
        if any(phrase_matches(words, phrase) for phrase in situation["mots"]):
            out += [c for c in situation["contacts"] if c not in out]
    return out


def compile_help(situations: list[dict], phone_entries: dict) -> dict:
    """What the browser needs (manifest key ``help``): the triggers as analyzed words, and the
    phone or SMS entries of the contacts they show, from contacts.yaml only. ``phone_entries``:
    {id: {"id", "display", "href" (tel:/sms:), "label", …}} offered by plugins/contacts through the
    context (CONTACT_PHONE_ENTRIES)."""
    ids = []
    for situation in situations:
        ids += [c for c in situation["contacts"] if c not in ids]
    entries = [phone_entries[c] for c in ids if c in phone_entries]
    known = {e["id"] for e in entries}
    return {
        "situations": [{"titre": s["titre"], "mots": [trigger_words(m) for m in s["mots"]],
                        "contacts": [c for c in s["contacts"] if c in known]} for s in situations],
        "contacts": {e["id"]: {"display": e["display"], "href": e["href"], "label": e["label"]}
                     for e in entries},
    }


def load_distress(path, display: str | None = None, reachable=None) -> tuple[list[dict], list[str]]:
    """(situations, errors) of the distress file. ``reachable``: ids of the contacts reachable by
    phone or SMS (None: not checked). A missing file is no situation (no error)."""
    import yaml

    shown = display or str(path)
    root, errors = datafile.compose(path, shown, MAX_FILE_BYTES, "les situations utiles")
    if errors:
        return [], errors
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [_message(shown, root.start_mark.line + 1,
                             "le fichier doit commencer par « situations: » suivi de la liste des situations")]
    errors: list[str] = []
    node = None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "situations":
            node = value
        else:
            errors.append(_message(shown, key.start_mark.line + 1, f"clé inconnue « {getattr(key, 'value', '?')} » "
                                   "— seule « situations » est attendue"))
    if node is None:
        return [], errors + [_message(shown, 1, "la clé « situations » manque — ajoutez « situations: » puis "
                                      "une situation (titre, mots, contacts) par élément")]
    if not isinstance(node, yaml.SequenceNode):
        return [], errors + [_message(shown, node.start_mark.line + 1,
                                      "« situations » doit être une liste — une situation par élément commençant par « - »")]
    if len(node.value) > MAX_SITUATIONS:
        errors.append(_message(shown, node.start_mark.line + 1,
                               f"trop de situations (plus de {MAX_SITUATIONS}) — regroupez-les"))
    situations = []
    for item in node.value[:MAX_SITUATIONS]:
        situation = _situation(item, shown, reachable, errors)
        if situation is not None:
            situations.append(situation)
    return situations, errors


def _scalars(node, shown: str, name: str, errors: list[str]) -> list[tuple[str, int]] | None:
    import yaml

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        example = "suicide, envie de mourir" if name == "mots" else '"3114"'
        errors.append(_message(shown, line, f"« {name} » doit être une liste non vide, entre crochets — "
                               f"par exemple « {name}: [{example}] »"))
        return None
    out = []
    for item in node.value:
        value = item.value if isinstance(item, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            errors.append(_message(shown, item.start_mark.line + 1, f"chaque élément de « {name} » doit être un "
                                   "texte — retirez l’élément vide ou la liste imbriquée"))
            return None
        out.append((" ".join(value.split()), item.start_mark.line + 1))
    return out


def _situation(item, shown: str, reachable, errors: list[str]) -> dict | None:
    import yaml

    line = item.start_mark.line + 1
    if not isinstance(item, yaml.MappingNode):
        errors.append(_message(shown, line, "une situation s’écrit avec « titre: », « mots: » et « contacts: » — "
                               "voir les exemples en tête du fichier"))
        return None
    fields = {}
    ok = True
    for key, value in item.value:
        name = getattr(key, "value", "?")
        if name not in ("titre", "mots", "contacts"):
            errors.append(_message(shown, key.start_mark.line + 1, f"clé inconnue « {name} » — utilisez "
                                   "« titre », « mots » et « contacts »"))
            ok = False
            continue
        fields[name] = value
    for name in ("titre", "mots", "contacts"):
        if name not in fields:
            errors.append(_message(shown, line, f"cette situation n’a pas de « {name} » — ajoutez-le"))
            ok = False
    if not ok:
        return None
    title = fields["titre"]
    if not isinstance(title, yaml.ScalarNode) or not str(title.value).strip():
        errors.append(_message(shown, title.start_mark.line + 1, "« titre » doit être un texte court — par exemple "
                               "« titre: Idées suicidaires »"))
        return None
    words = _scalars(fields["mots"], shown, "mots", errors)
    ids = _scalars(fields["contacts"], shown, "contacts", errors)
    if words is None or ids is None:
        return None
    kept, seen = [], set()
    for value, at in words:
        analyzed = trigger_words(value)
        if len(value) > MAX_CHARS or len(analyzed) > MAX_WORDS:
            errors.append(_message(shown, at, f"« {value[:MAX_CHARS]} » est trop long — au plus {MAX_WORDS} mots "
                                   f"et {MAX_CHARS} caractères"))
            ok = False
        elif not any(terms for _fold, terms in analyzed):
            errors.append(_message(shown, at, f"« {value} » ne contient que des mots ignorés par la recherche "
                                   "(le, de, en…) — ajoutez le mot qui porte le sens (« en finir »)"))
            ok = False
        elif tuple(f for f, _t in analyzed) in seen:
            errors.append(_message(shown, at, f"« {value} » apparaît deux fois dans cette situation — retirez le doublon"))
            ok = False
        else:
            seen.add(tuple(f for f, _t in analyzed))
            kept.append(value)
    contact_ids = []
    for cid, at in ids:
        if reachable is not None and cid not in reachable:
            errors.append(_message(shown, at, f"contact « {cid} » inconnu ou sans téléphone ni SMS — utilisez un "
                                   f"identifiant de content/data/contacts.yaml ({', '.join(sorted(reachable))})"))
            ok = False
        elif cid in contact_ids:
            errors.append(_message(shown, at, f"contact « {cid} » cité deux fois — retirez le doublon"))
            ok = False
        else:
            contact_ids.append(cid)
    if not ok:
        return None
    return {"titre": " ".join(str(title.value).split()), "mots": kept, "contacts": contact_ids, "line": line}
