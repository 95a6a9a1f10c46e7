"""Pure core: a YAML parser error in a front matter -> one French message on the line of its cause.

The parser reports where it got lost, often lines after the mistake (an unclosed quote on line 4 is
noticed on line 9) and in English. Here the header is looked at as an editor wrote it, to name the
cause (unclosed quote, text after a closing quote, unclosed bracket, tab, special first character,
« : » inside a value, indentation) on its own line. Never echoes the parser's English text.
"""
from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
QUOTE_ADVICE = ("à l’intérieur d’une valeur, écrivez les guillemets « » et l’apostrophe ’ (ou doublez "
                "l’apostrophe droite entre apostrophes : 'L''emprise')")


_PASTED_SPACE = re.compile(r"^([\u00a0\u202f\u2007 ]*)([A-Za-z_][\w-]*:|-)([\u00a0\u202f\u2007]+)", re.M)


def pasted_spaces(head: str) -> str:
    """A header pasted from a word processor: non-breaking spaces where YAML needs a plain space
    (indentation, after « nom: » or « - ») become spaces. Same length: line numbers are kept."""
    if "\u00a0" not in head and "\u202f" not in head and "\u2007" not in head:
        return head
    return _PASTED_SPACE.sub(lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3)), head)


def _quoted_value_problem(value: str) -> str | None:
    """"unclosed" / "after" for a value that starts with a quote and is wrongly closed, else None."""
    value = value.rstrip()
    if not value or value[0] not in "\"'":
        return None
    quote, i = value[0], 1
    while i < len(value):
        char = value[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and value[i + 1:i + 2] == "'":  # '' is an escaped apostrophe
                i += 2
                continue
            rest = value[i + 1:].strip()
            return None if not rest or rest.startswith("#") else "after"
        i += 1
    return "unclosed"


def _bracket_line(lines: list[str], upto: int) -> int | None:
    """0-based index of the last line up to `upto` that opens more brackets than it closes."""
    for index in range(min(upto, len(lines) - 1), -1, -1):
        line = lines[index].split(" #", 1)[0]
        if line.count("[") > line.count("]") or line.count("{") > line.count("}"):
            return index
    return None


def explain(exc: yaml.YAMLError, head: str, first_line: int = 2) -> tuple[int, str]:
    """(file line, French message) of a YAML error in `head`, whose first line is line `first_line` of
    the file (2 for a front matter, after its « --- »; 1 for a whole YAML file)."""
    line, message = _explain(exc, head)
    return line - 2 + first_line, message


def _explain(exc: yaml.YAMLError, head: str) -> tuple[int, str]:
    lines = head.split("\n")
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    at = mark.line if mark is not None else 0
    at = max(0, min(at, len(lines) - 1))
    problem = (getattr(exc, "problem", None) or "").lower()
    context_text = (getattr(exc, "context", None) or "").lower()

    # A quoted value badly closed, on this line or above: the most frequent cause, often reported late.
    for index in range(at, -1, -1):
        match = _KEY.match(lines[index])
        kind = match and _quoted_value_problem(match.group("value"))
        if not kind:
            continue
        key = match.group("key")
        if kind == "unclosed":
            quote = match.group("value").strip()[0]
            return index + 2, (f"guillemet non fermé : la valeur de « {key} » commence par « {quote} » mais "
                               f"ne se termine pas par « {quote} » sur la même ligne ; ajoutez-le à la fin "
                               f"de la valeur ; {QUOTE_ADVICE}.")
        return index + 2, (f"la valeur de « {key} » continue après le guillemet qui devait la fermer : mettez "
                           f"toute la valeur entre guillemets droits \"…\" ; {QUOTE_ADVICE}.")

    if "flow sequence" in context_text or "flow mapping" in context_text or "expected ',' or ']'" in problem \
            or "expected ',' or '}'" in problem:
        start = context.line if context is not None else at
        index = _bracket_line(lines, max(start, 0))
        index = start if index is None else index
        return index + 2, ("crochet non fermé : une liste s’écrit sur une seule ligne, entre [ et ], par "
                           "exemple « themes: [emprise, sante] » ; ajoutez le « ] » manquant.")
    if "'\\t'" in problem or "\t" in (lines[at] if at < len(lines) else ""):
        tab = next((i for i, line in enumerate(lines) if "\t" in line), at)
        return tab + 2, ("tabulation dans l’en-tête : remplacez-la par des espaces (l’en-tête n’accepte que "
                         "des espaces pour aligner les lignes).")
    if "mapping values are not allowed" in problem:
        match = _KEY.match(lines[at])
        key = match.group("key") if match else "title"
        return at + 2, (f"la valeur de « {key} » contient « : » : mettez toute la valeur entre guillemets, "
                        f"par exemple {key}: \"L’emprise : définition\".")
    if "could not find expected ':'" in problem:
        index = context.line if context is not None else at
        return index + 2, ("ligne sans « : » : chaque ligne de l’en-tête s’écrit « nom: valeur » (par "
                           "exemple « title: Mon titre ») ; pour continuer une valeur, gardez-la sur une "
                           "seule ligne.")
    if "sequence entries are not allowed" in problem:
        match = _KEY.match(lines[at])
        key = match.group("key") if match else "title"
        return at + 2, (f"la valeur de « {key} » commence par « - » : mettez-la entre guillemets, par exemple "
                        f"{key}: \"- …\" ; pour une liste, écrivez les éléments entre crochets [a, b].")
    if "cannot start any token" in problem or "expected alphabetic or numeric character" in problem:
        found = re.search(r"found (?:character )?'(.)'", getattr(exc, "problem", "") or "")
        char = found.group(1) if found else lines[at].split(":", 1)[-1].strip()[:1]
        match = _KEY.match(lines[at])
        key = match.group("key") if match else "title"
        return at + 2, (f"la valeur de « {key} » commence par « {char} », un caractère spécial de l’en-tête : "
                        f"mettez toute la valeur entre guillemets, par exemple {key}: \"{char}…\".")
    if "block end" in problem or "block mapping" in problem or "indentation" in problem:
        return at + 2, ("indentation incohérente : alignez cette ligne sur les lignes du même bloc (même "
                        "nombre d’espaces en début de ligne), par exemple sous « sources: », « - title: » "
                        "puis « url: » deux espaces plus loin.")
    if "duplicate" in problem or "found duplicate" in context_text:
        return at + 2, "champ écrit deux fois : gardez-en un seul."
    return at + 2, ("en-tête illisible à cette ligne : vérifiez les deux-points (« nom: valeur »), "
                    "l’indentation, les crochets fermés, et mettez entre guillemets les valeurs contenant "
                    "« : » ou commençant par un caractère spécial.")
