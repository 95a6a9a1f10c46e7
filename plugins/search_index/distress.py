"""Help first: a search query that expresses distress or danger shows help numbers before any result.

Editors keep the triggers in ``content/data/detresse.yaml``::

    situations:
      - titre: Idées suicidaires
        mots: [suicide, envie de mourir, en finir, me tuer]
        contacts: ["3114", "15"]

    listes:
      - nom: enfant
        mots: [enfant, fils, ado, "de 0-17 ans"]
      - nom: violence
        mots: [frapper, gifle, des coups]
    situations:
      - titre: Un enfant en danger
        mots: [maltraitance]
        ensembles: [enfant + violence]
        contacts: ["119", "17"]

Each entry of ``mots`` is a word or an expression; ``contacts`` are ids of
``content/data/contacts.yaml`` reachable by phone or SMS (never a number typed here). A situation
is shown when one of its ``mots`` is in the query, or when, for one of its ``ensembles``
(« enfant + violence »: names of ``listes``), the query holds an expression of *each* named list,
anywhere and in any order: the lists carry the vocabulary of a kind of words (a child, a blow, a
partner, being kept from leaving…) so that distress written in words nobody listed together still
finds help. ``N-M`` in an expression is any number from N to M (« de 0-17 ans » : « de 6 ans »).
The build checks the file (``fichier:ligne: message``, in French, like the synonym file) and
compiles it into the search manifest (``help``, see ``compile_help``);
``theme/static/js/search/search.js`` (``helpFor``) and ``help_for`` here match a query identically
(tests/plugins/test_search_distress.py).

Matching (same analyzer as the search: case, accents, elisions, stems): an expression matches when
its words appear in the query in order, each one right after the previous or one word later. A
query word matches a trigger word when their folded forms are equal, or (not for stop words) when
they share a stem, or when both are 5+ letters, start with the same letter and differ by one typo
(one letter added, dropped, changed, or two neighbours swapped) or both are 4+ letters, start with
the same letter and sound the same (``sound``) — not for a trigger one typo or one sound away from
a common French word (``needs_exact``, marked « = »); a number range matches a number of the query
within it.
"""
from __future__ import annotations

import re

from . import analyzer, datafile

MAX_FILE_BYTES = 100_000
MAX_SITUATIONS = 100
MAX_LISTS = 60
MAX_PARTS = 4          # lists of one « ensemble »
MAX_WORDS = 6          # words of one trigger expression
MAX_CHARS = 60
TYPO_MIN = 5           # letters of both words for a one-typo match
GAP = 1                # query words allowed between two words of an expression
SOUND_MIN = 4          # letters of both words for a sound-alike match (sound())
COMMON_ZIPF = 3.5      # French words this frequent or more are not taken for typos of a trigger
PLURAL_MIN = 6         # letters of a query word in « -ent » also read as its singular
_ASCII = re.compile("[a-z]+")
# An elided little word is the same as the whole one (« privé d’école » holds « privé de », « s’est
# tué » holds « se tuer »); « la » is « le ».
ELISIONS = {"d": "de", "l": "le", "la": "le", "m": "me", "t": "te", "s": "se", "j": "je", "n": "ne",
            "qu": "que", "c": "ce"}
_SOFT_C = re.compile("c(?=[ei])")
_DOUBLE = re.compile(r"(.)\1+")
_RANGE = re.compile("([0-9]{1,3})-([0-9]{1,3})")
_LIST_NAME = re.compile("[a-zà-ÿœæ]+(?:-[a-zà-ÿœæ]+)*")


_message = datafile.message


def trigger_words(text: str) -> list[list]:
    """[[fold, [terms]], ...] of an expression (every word, stop words included: « en finir »);
    a number range « 0-17 » is [0, 17]; the words of a piece marked « = » (compile_help: one typo
    away from another French word) are [fold, [terms], 1]: no typo match."""
    out = []
    for piece in text.split():
        strict = piece.startswith("=")
        piece = piece.lstrip("=")
        bounds = _RANGE.fullmatch(piece)
        if bounds:
            out.append([int(bounds.group(1)), int(bounds.group(2))])
            continue
        for token in analyzer.tokenize(piece):
            if token[:1] in "0123456789":
                out.append([token, [token]])
            else:
                out.append([analyzer.fold(token), list(analyzer.word_terms(token))] + ([1] if strict else []))
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
    """Does a query word (analyze_query) match a trigger word [fold, terms(, strict)]?"""
    fold, terms = trigger[0], trigger[1]
    qfold = query_word["fold"]
    if isinstance(fold, int):  # a number range
        return bool(query_word.get("digits")) and len(qfold) <= 3 and fold <= int(qfold) <= terms
    if qfold == fold or ELISIONS.get(qfold, qfold) == ELISIONS.get(fold, fold):
        return True
    if not terms or not query_word["terms"] or query_word.get("digits"):
        return False
    if any(t in terms for t in query_word["terms"]):
        return True
    if len(trigger) > 2 and trigger[2]:
        return False
    if _ASCII.fullmatch(qfold) is None or qfold[0] != fold[0]:
        return False
    return ((len(qfold) >= TYPO_MIN and len(fold) >= TYPO_MIN and _one_typo(qfold, fold))
            or (len(qfold) >= SOUND_MIN and len(fold) >= SOUND_MIN and sound(qfold) == sound(fold)))


def sound(fold: str) -> str:
    """A word as it sounds, roughly (« menasse » and « menace », « suissider » and « suicider »,
    « batu » and « battu »): ph/f, qu/k, y/i, c/s before e and i, doubled letters."""
    text = fold.replace("ph", "f").replace("qu", "k").replace("y", "i")
    return _DOUBLE.sub(r"\1", _SOFT_C.sub("s", text))


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
            words.append({"fold": analyzer.fold(token), "terms": word_family(token), "digits": False})
    return words


def word_family(token: str) -> list[str]:
    """Terms of a query word, and, for a verb in the third person plural the stemmer keeps whole
    (« ils me frappent », « m’enferment »), the terms of its singular (« frappe »): a cry for help
    is often written « ils … »."""
    terms = list(analyzer.word_terms(token))
    if terms and len(token) >= PLURAL_MIN and token.endswith("ent"):
        terms += [t for t in analyzer.word_terms(token[:-2]) if t not in terms]
    return terms


def help_for(text, compiled: dict) -> list[str]:
    """Contact ids to show first for a query, in the order of the file (no duplicates)."""
    words = query_words(text)
    out: list[str] = []
    if not words or not compiled:
        return out
    lists = compiled.get("lists", [])
    found: dict[int, bool] = {}

    def holds(expression: str) -> bool:
        return phrase_matches(words, _analyzed(expression))

    def in_query(index: int) -> bool:
        if index not in found:
            found[index] = 0 <= index < len(lists) and any(holds(e) for e in lists[index])
        return found[index]

    for situation in compiled.get("situations", []):
        if (any(holds(e) for e in situation["mots"])
                or any(parts and all(in_query(i) for i in parts) for parts in situation.get("ensembles", []))):
            out += [c for c in situation["contacts"] if c not in out]
    return out


_ANALYZED: dict[str, list] = {}


def _analyzed(expression: str) -> list:
    """trigger_words of an expression, cached (the browser does the same once per page)."""
    words = _ANALYZED.get(expression)
    if words is None:
        if len(_ANALYZED) > 20_000:
            _ANALYZED.clear()
        words = _ANALYZED[expression] = trigger_words(expression)
    return words


_FRENCH: dict = {}


def french_folds() -> frozenset:
    """Folded common French words: wordfreq's (as the dictionary guard, lexicon.py) of Zipf
    frequency COMMON_ZIPF or more; rarer ones are often misspellings (« mourrir »: 3.2)."""
    if "words" not in _FRENCH:
        import wordfreq

        from .charmap import FOLD_TABLE, LOWER_TABLE
        from .lexicon import TOP_WORDS

        top = wordfreq.top_n_list("fr", TOP_WORDS)
        lo, hi = 0, len(top)   # the list is sorted by frequency: keep the words above the cut
        while lo < hi:
            mid = (lo + hi) // 2
            if wordfreq.zipf_frequency(top[mid], "fr") >= COMMON_ZIPF:
                lo = mid + 1
            else:
                hi = mid
        _FRENCH["words"] = frozenset(w.translate(LOWER_TABLE).translate(FOLD_TABLE) for w in top[:lo])
    return _FRENCH["words"]


def _sounds(words: frozenset) -> dict:
    """{sound(): [words]} of a word set (computed once per set)."""
    key = ("sounds", id(words))
    if key not in _FRENCH:
        table: dict[str, list] = {}
        for word in words:
            if _ASCII.fullmatch(word):
                table.setdefault(sound(word), []).append(word)
        _FRENCH[key] = table
    return _FRENCH[key]


def _typo_neighbours(word: str):
    """Every word one typo away (_one_typo) with the same first letter."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, len(word) + 1):
        for c in letters:
            yield word[:i] + c + word[i:]                             # a letter added
        if i < len(word):
            yield word[:i] + word[i + 1:]                             # dropped
            for c in letters:
                yield word[:i] + c + word[i + 1:]                     # changed
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]     # two neighbours swapped


def needs_exact(fold: str, terms, words: frozenset) -> bool:
    key = ("exact", fold, tuple(terms), id(words))
    if key not in _FRENCH:
        _FRENCH[key] = _needs_exact(fold, terms, words)
    return _FRENCH[key]


def _needs_exact(fold: str, terms, words: frozenset) -> bool:
    """Is another French word (not a form of this one) one typo away from a trigger word? Then a
    typo match would take it for the trigger (« étrange » for « étranglé », « chaque » for
    « claque »): the trigger is matched by its forms only."""
    if len(fold) < SOUND_MIN or not _ASCII.fullmatch(fold) or not terms:
        return False
    for other in _sounds(words).get(sound(fold), ()):
        if other != fold and other[0] == fold[0] and not fold.startswith(other) and not other.startswith(fold) \
                and not set(analyzer.word_terms(other)) & set(terms):
            return True
    if len(fold) < TYPO_MIN:
        return False
    for other in _typo_neighbours(fold):
        if (other != fold and len(other) >= TYPO_MIN and other in words and not fold.startswith(other)
                and not any(other.startswith(t) for t in terms)
                and not set(analyzer.word_terms(other)) & set(terms)):
            return True
    return False


def _shipped(expression: str, words: frozenset | None) -> str:
    """The expression as the browser gets it: a piece holding a word that needs an exact match is
    marked « = » (trigger_words)."""
    if not words:
        return expression
    pieces = []
    for piece in expression.split():
        strict = any(needs_exact(fold, terms, words) for fold, terms, *_rest in trigger_words(piece)
                     if not isinstance(fold, int))
        pieces.append("=" + piece if strict else piece)
    return " ".join(pieces)


def compile_help(situations: list[dict], phone_entries: dict, french=None) -> dict:
    """What the browser needs (manifest key ``help``): the trigger expressions as written (the
    browser analyzes them with the same analyzer: ``trigger_words`` / ``helpTriggerWords``,
    smaller than shipping stems), the lists
    the « ensembles » use (``lists``, referred to by index), and the phone or SMS entries of the
    contacts they show, from contacts.yaml only. ``phone_entries``: {id: {"id", "display", "href"
    (tel:/sms:), "label", …}} offered by plugins/contacts through the context
    (CONTACT_PHONE_ENTRIES). ``french``: folded French words (default: ``french_folds()``; an
    empty set turns the typo guard off)."""
    words = french_folds() if french is None else frozenset(french)
    ids = []
    for situation in situations:
        ids += [c for c in situation["contacts"] if c not in ids]
    entries = [phone_entries[c] for c in ids if c in phone_entries]
    known = {e["id"] for e in entries}
    lists: list[list] = []
    index: dict[str, int] = {}
    for situation in situations:
        for parts in situation.get("ensembles", []):
            for name, expressions in parts:
                if name not in index:
                    index[name] = len(lists)
                    lists.append([_shipped(m, words) for m in expressions])
    return {
        "lists": lists,
        "situations": [{"mots": [_shipped(m, words) for m in s["mots"]],
                        "ensembles": [[index[name] for name, _w in parts] for parts in s.get("ensembles", [])],
                        "contacts": [c for c in s["contacts"] if c in known]} for s in situations],
        "contacts": {e["id"]: {"display": e["display"], "href": e["href"], "label": e["label"]}
                     for e in entries},
    }


def load_distress(path, display: str | None = None, reachable=None) -> tuple[list[dict], list[str]]:
    """(situations, errors) of the distress file. ``reachable``: ids of the contacts reachable by
    phone or SMS (None: not checked). A missing file is no situation (no error). Each situation:
    {"titre", "mots", "ensembles": [[(list name, its expressions), ...], ...], "contacts", "line"}."""
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
    node = lists_node = None
    for key, value in root.value:
        name = getattr(key, "value", "?")
        if isinstance(key, yaml.ScalarNode) and name == "situations":
            node = value
        elif isinstance(key, yaml.ScalarNode) and name == "listes":
            lists_node = value
        else:
            errors.append(_message(shown, key.start_mark.line + 1, f"clé inconnue « {name} » "
                                   "— seules « listes » et « situations » sont attendues"))
    if node is None:
        return [], errors + [_message(shown, 1, "la clé « situations » manque — ajoutez « situations: » puis "
                                      "une situation (titre, mots, contacts) par élément")]
    lists = _lists(lists_node, shown, errors) if lists_node is not None else {}
    if not isinstance(node, yaml.SequenceNode):
        return [], errors + [_message(shown, node.start_mark.line + 1,
                                      "« situations » doit être une liste — une situation par élément commençant par « - »")]
    if len(node.value) > MAX_SITUATIONS:
        errors.append(_message(shown, node.start_mark.line + 1,
                               f"trop de situations (plus de {MAX_SITUATIONS}) — regroupez-les"))
    situations, used = [], set()
    for item in node.value[:MAX_SITUATIONS]:
        situation = _situation(item, shown, reachable, lists, used, errors)
        if situation is not None:
            situations.append(situation)
    for name, (_words, line) in lists.items():
        if name not in used:
            errors.append(_message(shown, line, f"la liste « {name} » n’est utilisée par aucune situation — "
                                   f"citez-la dans les « ensembles » d’une situation (« {name} + … ») ou retirez-la"))
    return situations, errors


def _lists(node, shown: str, errors: list[str]) -> dict:
    """{name: (expressions, line)} of ``listes``."""
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        errors.append(_message(shown, node.start_mark.line + 1, "« listes » doit être une liste — une liste de "
                               "mots par élément, avec « nom: » et « mots: »"))
        return {}
    if len(node.value) > MAX_LISTS:
        errors.append(_message(shown, node.start_mark.line + 1, f"trop de listes (plus de {MAX_LISTS}) — "
                               "regroupez-les"))
    lists: dict = {}
    for item in node.value[:MAX_LISTS]:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            errors.append(_message(shown, line, "une liste s’écrit avec « nom: » et « mots: » — voir les exemples "
                                   "en tête du fichier"))
            continue
        fields = {}
        for key, value in item.value:
            name = getattr(key, "value", "?")
            if name not in ("nom", "mots"):
                errors.append(_message(shown, key.start_mark.line + 1, f"clé inconnue « {name} » — une liste n’a "
                                       "que « nom » et « mots »"))
                continue
            fields[name] = value
        if "nom" not in fields or "mots" not in fields:
            missing = "nom" if "nom" not in fields else "mots"
            errors.append(_message(shown, line, f"cette liste n’a pas de « {missing} » — ajoutez-le"))
            continue
        name_node = fields["nom"]
        name = " ".join(str(getattr(name_node, "value", "")).split()) if isinstance(name_node, yaml.ScalarNode) else ""
        if not _LIST_NAME.fullmatch(name):
            errors.append(_message(shown, name_node.start_mark.line + 1, f"nom de liste « {name[:MAX_CHARS]} » "
                                   "refusé — un mot en minuscules, des tirets permis (« enfant », « mise-en-danger »)"))
            continue
        if name in lists:
            errors.append(_message(shown, name_node.start_mark.line + 1, f"la liste « {name} » existe déjà — "
                                   "donnez-lui un autre nom ou fusionnez les deux"))
            continue
        # A list with a wrong word keeps its other words: no cascade of « not a list » errors.
        lists[name] = (_words(fields["mots"], shown, errors, keep=True) or [], name_node.start_mark.line + 1)
    return lists


def _scalars(node, shown: str, name: str, errors: list[str]) -> list[tuple[str, int]] | None:
    import yaml

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        example = {"mots": "suicide, envie de mourir", "ensembles": "enfant + violence"}.get(name, '"3114"')
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


def _words(node, shown: str, errors: list[str], keep: bool = False) -> list[str] | None:
    """The expressions of a ``mots`` list, each checked (length, meaning, number ranges, doubles);
    None on a mistake, unless ``keep``: then the right ones."""
    words = _scalars(node, shown, "mots", errors)
    if words is None:
        return None
    kept, seen, ok = [], set(), True
    family: list[tuple[str, str, set]] = []   # single words kept: (text, fold, terms)
    for value, at in words:
        analyzed = _analyzed(value)
        single = set(analyzed[0][1]) if len(analyzed) == 1 and not isinstance(analyzed[0][0], int) else set()
        # « frappée » after « frappé »: a plural or a feminine adds nothing (a conjugation is kept: its
        # typos reach other words, « sucider » is one from « suicider », not from « suicide »).
        covering = next((text for text, fold, terms in family if single and single <= terms
                         and analyzed[0][0] in (fold + "s", fold + "e", fold + "es")), None)
        ranges = [w for w in analyzed if isinstance(w[0], int)]
        if len(value) > MAX_CHARS or len(analyzed) > MAX_WORDS:
            errors.append(_message(shown, at, f"« {value[:MAX_CHARS]} » est trop long — au plus {MAX_WORDS} mots "
                                   f"et {MAX_CHARS} caractères"))
            ok = False
        elif any(lo > hi for lo, hi in ranges):
            errors.append(_message(shown, at, f"« {value} » : dans un intervalle de nombres, le premier doit être "
                                   "le plus petit — par exemple « de 0-17 ans »"))
            ok = False
        elif not ranges and not any(terms for _fold, terms in analyzed):
            errors.append(_message(shown, at, f"« {value} » ne contient que des mots ignorés par la recherche "
                                   "(le, de, en…) — ajoutez le mot qui porte le sens (« en finir »)"))
            ok = False
        elif tuple(w[0] if not isinstance(w[0], int) else tuple(w) for w in analyzed) in seen:
            errors.append(_message(shown, at, f"« {value} » apparaît deux fois dans cette liste de mots — "
                                   "retirez le doublon"))
            ok = False
        elif covering is not None:
            errors.append(_message(shown, at, f"« {value} » est déjà reconnu grâce à « {covering} » (pluriel ou "
                                   "féminin) — retirez-le"))
            ok = False
        else:
            seen.add(tuple(w[0] if not isinstance(w[0], int) else tuple(w) for w in analyzed))
            if single:
                family.append((value, analyzed[0][0], single))
            kept.append(value)
    return kept if ok or keep else None


def _ensembles(node, shown: str, lists: dict, used: set, errors: list[str]) -> list | None:
    """[[(list name, expressions), ...], ...] of a situation's ``ensembles`` (« enfant + violence »)."""
    values = _scalars(node, shown, "ensembles", errors)
    if values is None:
        return None
    out, seen, ok = [], set(), True
    for value, at in values:
        names = [" ".join(part.split()) for part in value.split("+")]
        unknown = [n for n in names if n not in lists]
        used.update(n for n in names if n in lists)
        if unknown:
            known = ", ".join(sorted(lists)) or "aucune : ajoutez « listes: » en tête"
            errors.append(_message(shown, at, f"« {unknown[0]} » n’est pas le nom d’une liste — écrivez des noms de "
                                   f"« listes » séparés par « + » (listes : {known})"))
            ok = False
        elif len(names) > MAX_PARTS or len(set(names)) != len(names):
            errors.append(_message(shown, at, f"« {value} » : au plus {MAX_PARTS} listes différentes par ensemble — "
                                   "retirez la liste répétée ou en trop"))
            ok = False
        elif frozenset(names) in seen:
            errors.append(_message(shown, at, f"« {value} » apparaît deux fois dans cette situation — retirez le "
                                   "doublon"))
            ok = False
        else:
            seen.add(frozenset(names))
            out.append([(n, lists[n][0]) for n in names])
    return out if ok else None


def _covered(value: str, ensembles: list) -> str:
    """The ensemble (« enfant + violence ») that finds every query holding the expression ``value``
    (typos aside), or ''."""
    key = ("covered", value, tuple((name, tuple(exprs)) for parts in ensembles for name, exprs in parts + [("+", ())]))
    if key in _FRENCH:
        return _FRENCH[key]
    if len(_FRENCH) > 50_000:   # a long-running dev server: start again
        _FRENCH.clear()
    _FRENCH[key] = _covering(value, ensembles)
    return _FRENCH[key]


def _covering(value: str, ensembles: list) -> str:
    words = query_words(value)
    for parts in ensembles:
        if all(any(phrase_matches(words, _analyzed(" ".join("=" + p for p in e.split()))) for e in exprs)
               for _name, exprs in parts):
            return " + ".join(name for name, _e in parts)
    return ""


def _situation(item, shown: str, reachable, lists: dict, used: set, errors: list[str]) -> dict | None:
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
        if name not in ("titre", "mots", "ensembles", "contacts"):
            errors.append(_message(shown, key.start_mark.line + 1, f"clé inconnue « {name} » — utilisez "
                                   "« titre », « mots », « ensembles » et « contacts »"))
            ok = False
            continue
        fields[name] = value
    for name in ("titre", "contacts"):
        if name not in fields:
            errors.append(_message(shown, line, f"cette situation n’a pas de « {name} » — ajoutez-le"))
            ok = False
    if "mots" not in fields and "ensembles" not in fields:
        errors.append(_message(shown, line, "cette situation n’a pas de « mots » (ni d’« ensembles ») — "
                               "ajoutez les mots qui la font reconnaître"))
        ok = False
    if not ok:
        return None
    title = fields["titre"]
    if not isinstance(title, yaml.ScalarNode) or not str(title.value).strip():
        errors.append(_message(shown, title.start_mark.line + 1, "« titre » doit être un texte court — par exemple "
                               "« titre: Idées suicidaires »"))
        return None
    words = _words(fields["mots"], shown, errors) if "mots" in fields else []
    ensembles = _ensembles(fields["ensembles"], shown, lists, used, errors) if "ensembles" in fields else []
    ids = _scalars(fields["contacts"], shown, "contacts", errors)
    if words is None or ensembles is None or ids is None:
        return None
    if words and ensembles:
        lines = {" ".join(str(n.value).split()): n.start_mark.line + 1 for n in fields["mots"].value}
        for value in words:
            covering = _covered(value, ensembles)
            if covering:
                errors.append(_message(shown, lines.get(value, line), f"« {value} » est déjà reconnu par l’ensemble "
                                       f"« {covering} » de cette situation — retirez-le des « mots »"))
                ok = False
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
    return {"titre": " ".join(str(title.value).split()), "mots": words, "ensembles": ensembles,
            "contacts": contact_ids, "line": line}
