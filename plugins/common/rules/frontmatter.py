"""Pure core: split and parse YAML front matter, with line numbers for editors' errors.

Odd but valid input is accepted: UTF-8 with a byte-order mark, CRLF or CR line endings.
Dates are kept as text by the YAML loader (a wrong date such as 2026-13-01 is then reported by
the schema with its line, instead of crashing the YAML parser).

Bounded (issue 13): a file over MAX_FILE_BYTES or a front matter over MAX_FRONT_MATTER_BYTES is
refused before parsing; YAML anchors (`&a`), aliases (`*a`) and tags (`!!python/object`, `!x`)
are refused from libyaml's token stream before anything is built (an alias bomb expands
exponentially; editors never need any of them).
"""
from __future__ import annotations

import datetime as dt

import yaml

from plugins.common.record import PageRecord
# YAML as editors write it (dates kept as text; anchors, aliases and tags refused), shared with the
# other data files' readers; named here too for the modules that import them from here.
from plugins.common.yaml_text import (FastLoader, Loader, compose_and_load,  # noqa: F401
                                      yaml_feature_problem)


class ContentError(Exception):
    """An editor's mistake: rendered as `path:line: message` (message in French)."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


# The parsed file is the page's record (plugins/common/record.py), shared with every plugin.
Document = PageRecord


MAX_FILE_BYTES = 1_000_000  # the longest real page is under 10 kB
MAX_FRONT_MATTER_BYTES = 20_000  # the longest real header is under 2 kB


def decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "le fichier n’est pas encodé en UTF-8 : "
                           "enregistrez-le en UTF-8 depuis votre éditeur (menu « Enregistrer sous », "
                           "encodage « UTF-8 »).") from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> tuple[str, str, int]:
    if not text.strip():
        raise ContentError(path, 1, "le fichier est vide : ajoutez un en-tête YAML entre deux lignes "
                           "« --- » (title, summary, date) puis le texte de la page.")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(path, 1, "l’en-tête YAML manque : la première ligne doit être « --- », "
                           "suivie des champs (title, summary, date…) puis d’une ligne « --- ».")
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise ContentError(path, 1, "l’en-tête YAML n’est pas fermé : ajoutez une ligne « --- » "
                       "après le dernier champ.")


def _walk(node: yaml.Node, path: tuple, lines: dict, duplicates: list) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 2
            if key in seen and not path:
                duplicates.append((key, seen[key], line))
            seen.setdefault(key, line)
            lines.setdefault(path + (key,), line)
            _walk(value_node, path + (key,), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 2
            _walk(item, path + (index,), lines, duplicates)


def _refuse_yaml_features(head: str, path: str) -> None:
    problem = yaml_feature_problem(head)
    if problem:
        raise ContentError(path, problem[0] + 2, problem[1])


def parse(raw: bytes, path: str) -> Document:
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(path, 1, f"le fichier est trop long ({len(raw) // 1000} ko, au plus "
                           f"{MAX_FILE_BYTES // 1000} ko) : découpez-le en plusieurs pages.")
    text = decode(raw, path)
    head, body, body_line = split(text, path)
    from plugins.common.yaml_errors import pasted_spaces  # a header pasted from a word processor is accepted

    head = pasted_spaces(head)
    if len(head.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise ContentError(path, 2, f"l’en-tête YAML est trop long (plus de {MAX_FRONT_MATTER_BYTES // 1000} ko) : "
                           "il ne contient que les champs de la page (title, summary, date, sources…) ; "
                           "mettez le texte sous la ligne « --- » qui le ferme.")
    _refuse_yaml_features(head, path)
    try:
        node, data = compose_and_load(head)
    except yaml.YAMLError as exc:
        from plugins.common.yaml_errors import explain  # the cause, on its own line, in French

        line, message = explain(exc, head)
        raise ContentError(path, line, message) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, 2, "l’en-tête YAML doit être une liste de champs « nom: valeur », "
                           "un par ligne, par exemple « title: Mon titre ».")
    node_lines: dict = {}
    duplicates: list = []
    if node is not None:
        _walk(node, (), node_lines, duplicates)
    for key, first, again in duplicates:
        raise ContentError(path, again, f"le champ « {key} » est écrit deux fois (lignes {first} et "
                           f"{again}) : gardez-en un seul.")
    for key in data:
        if not isinstance(key, str):
            line = node_lines.get((str(key),), 2)
            raise ContentError(path, line, f"nom de champ invalide « {key} » : les noms de champs sont "
                               "des mots, par exemple « title » ou « date ».")
    field_lines = {key[0]: line for key, line in node_lines.items() if len(key) == 1}
    if not body.strip():
        raise ContentError(path, body_line, "le texte de la page est vide : écrivez le contenu "
                           "sous la ligne « --- » qui ferme l’en-tête.")
    return Document(path, data, body, body_line, field_lines, node_lines)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
