"""Related terms of the search index: word families and the editors' synonyms.

Both are computed at build time and shipped inside the index shards (``related`` key of a shard:
``{term: [related, ...]}``, each entry in the shard whose term range holds its key), so a query
fetches only the relations of the words it holds. The browser matches related terms below the
word's own terms (search.js, kind RELATED).

**Word families.** Snowball French does not merge derivations such as secte/sectaire/sectarisme
(``sect``, ``sectair``, ``sectar``), guérir/guérison (``guer``, ``gueris``) or
influenceuse/influenceur (``influenc``, ``influenceur``). ``families(terms)`` groups the index
terms that are a common *core* of at least ``CORE_MIN`` letters followed by nothing or by one of
the French derivational endings of ``SUFFIXES`` (as the stemmer leaves them). The core itself is
a key even when no page holds it (« secte » then finds « sectaire » on a site that never says
« secte »). Groups larger than ``MAX_FAMILY`` are dropped (a short core catching unrelated words).

**Synonyms** (``content/data/synonymes.yaml``, maintained by editors): groups of words or
expressions that mean the same thing to a reader. ``load_synonyms(path)`` returns the groups and
the editor's mistakes (``fichier:ligne: message`` in French). Each one-word entry of a group is a
key; the other entries of its group are its related terms; an expression is written as its terms
joined by a space (all of them must be in a page for it to match). A group none of whose words
a page holds borrows the groups sharing one of its words (``bridged_groups``, one step).
"""
from __future__ import annotations

from collections import defaultdict

from . import analyzer, datafile

CORE_MIN = 4
MAX_FAMILY = 8
MAX_RELATED = 24
MAX_FILE_BYTES = 200_000
MAX_GROUPS = 500
MAX_ENTRY_CHARS = 60
MAX_ENTRY_WORDS = 4
MAX_GROUP_ENTRIES = 24  # words of one group (more would never be shown: MAX_RELATED related terms)

# French derivational endings, as left by the stemmer (folded): sect-air(e), sect-ar(isme),
# gueri-s(on), influenc-eur, manipul-atoir(e), therap-eut(e), scolar-is(er)...
SUFFIXES = ("air", "ar", "eur", "eus", "is", "ist", "ism", "ien", "oir", "atoir", "iqu", "iv",
            "anc", "enc", "eut")


def families(terms) -> dict[str, set[str]]:
    """{core: {terms of the family}} for the families of at least two members (core included
    when it is itself a term)."""
    vocabulary = {t for t in terms if t.isalpha()}
    groups: dict[str, set[str]] = defaultdict(set)
    for term in vocabulary:
        for suffix in SUFFIXES:
            if term.endswith(suffix) and len(term) - len(suffix) >= CORE_MIN:
                groups[term[: -len(suffix)]].add(term)
    out = {}
    for core, members in groups.items():
        if core in vocabulary:
            members = members | {core}
        if 1 < len(members) <= MAX_FAMILY or (len(members) == 1 and core not in vocabulary):
            out[core] = members
    return out


def related_map(terms, synonym_groups=()) -> dict[str, list[str]]:
    """{key: [related terms or "term term" expressions]} of the index vocabulary ``terms``.

    Keys: every member and core of a family, every synonym's terms (an expression of two or
    three words: its terms joined by a space, matched by consecutive query words). Values are limited
    to what the index holds (an expression: all its terms), sorted, at most MAX_RELATED.
    """
    vocabulary = set(terms)
    related: dict[str, set[str]] = defaultdict(set)
    for core, members in families(vocabulary).items():
        for key in members | {core}:
            related[key] |= members - {key}
    for group in bridged_groups(synonym_groups, vocabulary):
        _expand_group(group, vocabulary, related)
    return {key: sorted(values, key=_rank)[:MAX_RELATED]
            for key, values in sorted(related.items()) if values}


def _one_words(group) -> list[str]:
    """The one-word entries of a group (tokenized: « grand-mère » is two words, an expression)."""
    out = []
    for entry in group[:MAX_GROUP_ENTRIES]:
        tokens = analyzer.tokenize(entry)
        if len(tokens) == 1:
            out.append(tokens[0])
    return out


def _absent(word: str, vocabulary) -> bool:
    """True when no page holds the word (none of its terms is in the index)."""
    terms = analyzer.word_terms(word)
    return bool(terms) and not any(t in vocabulary for t in terms)


def bridged_groups(synonym_groups, vocabulary) -> list[list[str]]:
    """The synonym groups, a group whose words no page holds joined to the groups sharing one of them.

    Such a group finds nothing by itself ([chaman, chamanisme, guérisseur] on a site that says none
    of them), but its words may be in another group that does ([thérapeute, praticien, soignant,
    guérisseur]): through « guérisseur », « chaman » then finds « praticien ». One step only (the
    groups of those words, not theirs in turn); a group with a word some page holds is left as
    the editors wrote it (its own matches come first, nothing is borrowed)."""
    groups = [list(g) for g in synonym_groups]
    words = [_one_words(g) for g in groups]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, group_words in enumerate(words):
        for word in set(group_words):
            by_word[word].append(i)
    out = []
    for i, group in enumerate(groups):
        joined = list(group)
        lonely = words[i] and len(words[i]) == len(group[:MAX_GROUP_ENTRIES]) and all(
            _absent(w, vocabulary) for w in words[i])
        for word in sorted(set(words[i])) if lonely else ():
            for j in by_word[word]:
                if j != i:
                    joined += [e for e in groups[j] if e not in joined]
        out.append(joined)
    return out


def _rank(value: str):
    return (" " in value, len(value), value)


def _expand_group(group, vocabulary, related) -> None:
    """Add one synonym group to ``related``, in time linear in the group's size (issue 23: a group
    of 12,000 words paired every word with every other). Every entry's keys get the group's
    targets except their own; only the MAX_RELATED best of them can survive the final cut, so the
    targets are ranked once and each key takes the first MAX_RELATED that are not its own."""
    analyzed = []
    for entry in group[:MAX_GROUP_ENTRIES]:
        analyzed.append([w for w in (analyzer.word_terms(tok) for tok in analyzer.tokenize(entry)) if w])
    owned: list[set[str]] = []
    count: dict[str, int] = defaultdict(int)
    for other in analyzed:
        if len(other) == 1:
            targets = {t for t in other[0] if t in vocabulary}
        elif other:
            picked = [next((t for t in w if t in vocabulary), None) for w in other]
            targets = {" ".join(picked)} if all(picked) else set()
        else:
            targets = set()
        owned.append(targets)
        for target in targets:
            count[target] += 1
    ranked = sorted(count, key=_rank)
    for words, own in zip(analyzed, owned):
        if not words or len(words) > 3:
            continue  # a long expression is a target only
        if len(words) == 1:
            keys = list(words[0])
        else:  # an expression typed as such: key "term term" (every spelling of its words)
            keys = [""]
            for variants in words:
                keys = [f"{k} {t}".strip() for k in keys for t in variants]
        for key in keys:
            picked = []
            for target in ranked:
                if target != key and (count[target] > 1 or target not in own):
                    picked.append(target)
                    if len(picked) == MAX_RELATED:
                        break
            related[key] |= set(picked)


# ---------------------------------------------------------------- content/data/synonymes.yaml

_message = datafile.message


def load_synonyms(path, display: str | None = None) -> tuple[list[list[str]], list[str]]:
    """(groups, errors) of a synonym file. A missing file is no synonyms (no error).

    Format::

        groupes:
          - [secte, dérive sectaire, groupe sectaire]
          - [psy, psychothérapeute, psychologue]
    """
    import yaml

    shown = display or str(path)
    root, errors = datafile.compose(path, shown, MAX_FILE_BYTES, "les groupes utiles")
    if errors:
        return [], errors
    errors: list[str] = []
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [_message(shown, root.start_mark.line + 1,
                             "le fichier doit commencer par « groupes: » suivi de la liste des groupes")]
    groups_node = None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "groupes":
            groups_node = value
        else:
            errors.append(_message(shown, key.start_mark.line + 1,
                                   f"clé inconnue « {getattr(key, 'value', '?')} » — seule « groupes » est attendue"))
    if groups_node is None:
        return [], errors + [_message(shown, 1, "la clé « groupes » manque — ajoutez « groupes: » puis un "
                                      "groupe par ligne, par exemple « - [secte, dérive sectaire] »")]
    if not isinstance(groups_node, yaml.SequenceNode):
        return [], errors + [_message(shown, groups_node.start_mark.line + 1,
                                      "« groupes » doit être une liste — un groupe par ligne, commençant par « - »")]
    if len(groups_node.value) > MAX_GROUPS:
        errors.append(_message(shown, groups_node.start_mark.line + 1,
                               f"trop de groupes (plus de {MAX_GROUPS}) — gardez seulement les groupes utiles"))
    groups: list[list[str]] = []
    for node in groups_node.value[:MAX_GROUPS]:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.SequenceNode):
            errors.append(_message(shown, line, "ce groupe n’est pas une liste — écrivez-le entre crochets, "
                                   "par exemple « - [arnaque, escroquerie] »"))
            continue
        if len(node.value) > MAX_GROUP_ENTRIES:
            errors.append(_message(shown, line, f"ce groupe a {len(node.value)} éléments (au plus "
                                   f"{MAX_GROUP_ENTRIES}) — gardez les mots vraiment synonymes, ou coupez-le "
                                   "en plusieurs groupes"))
            continue
        entries, ok, seen = [], True, set()
        for item in node.value:
            item_line = item.start_mark.line + 1
            value = item.value if isinstance(item, yaml.ScalarNode) else None
            if not isinstance(value, str) or not value.strip():
                errors.append(_message(shown, item_line, "chaque élément d’un groupe doit être un mot ou une "
                                       "expression — retirez l’élément vide ou la liste imbriquée"))
                ok = False
                continue
            value = " ".join(value.split())
            if len(value) > MAX_ENTRY_CHARS or len(value.split()) > MAX_ENTRY_WORDS:
                errors.append(_message(shown, item_line, f"« {value[:MAX_ENTRY_CHARS]}… » est trop long — "
                                       f"au plus {MAX_ENTRY_WORDS} mots et {MAX_ENTRY_CHARS} caractères"))
                ok = False
                continue
            if not analyzer.analyze(value):
                errors.append(_message(shown, item_line, f"« {value} » ne contient que des mots ignorés par la "
                                       "recherche (le, de, et…) — choisissez un mot porteur de sens"))
                ok = False
                continue
            key = analyzer.fold(analyzer.lower(value))
            if key in seen:
                errors.append(_message(shown, item_line, f"« {value} » apparaît deux fois dans ce groupe — "
                                       "retirez le doublon"))
                ok = False
                continue
            seen.add(key)
            entries.append(value)
        if ok and len(entries) < 2:
            errors.append(_message(shown, line, "ce groupe a moins de deux éléments — ajoutez au moins "
                                   "un mot de même sens, ou retirez le groupe"))
            ok = False
        if ok:
            groups.append(entries)
    return groups, errors
