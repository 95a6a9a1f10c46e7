"""Pure core: the one canonical form of a content file, the form the web editor writes.

A reviewer must see what an editor changed: one changed sentence is one changed line. The web
editor (/admin/) writes files with `toFile` of plugins/admin_cms/static/editeur.js, which follows the
rules below exactly; `make format` (tools/format_content.py) rewrites content/ in this form, and
`make check` recommends it for any file not in it (`canonical_problem`).

Rules (same in editeur.js):
- `---`, then the fields in the order of the schema (then any unknown field, as written), then
  `---`, one empty line, the text (no leading empty line, one final newline, LF line ends);
- a field without value (null, "", false) is left out; an empty list is kept (`sources: []` says
  « no source on purpose »);
- a text is written between double quotes with JSON escapes (`"…"`, never folded on two lines);
  a date field (date, updated, review_by) holding AAAA-MM-JJ is written bare; numbers and `true` bare;
- a list of values on one line: `themes: ["emprise", "droit"]`;
- a list of blocks (sources, attachments): one `  - ` item per block, its fields in schema order,
  one per line (`    url: "https://…"`); a block inside is written on one line `{a: "x", b: "y"}`.
"""
from __future__ import annotations

import json
import re

from .frontmatter import ContentError, parse
from .schema import DATE_FIELDS, DATE_PATTERN, build_schema

_SCHEMA = build_schema()
ORDER = tuple(_SCHEMA["properties"])
SUB_ORDER = {name: tuple(spec["items"].get("properties", ()))
             for name, spec in _SCHEMA["properties"].items()
             if spec.get("type") == "array" and spec.get("items", {}).get("type") == "object"}
_DATE = re.compile(DATE_PATTERN)
_TRAILING = re.compile(r"[ \t\r\n]+$")


def _empty(value) -> bool:
    return value is None or value is False or value == "" or value == {}


def _ordered(data: dict, order) -> list:
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    return [(k, data[k]) for k in keys if not _empty(data[k])]


def scalar(value, date: bool = False) -> str:
    if value is True:
        return "true"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in _ordered(value, ())) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if date and _DATE.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def front_matter(data: dict) -> str:
    """The lines between the two `---` (each ending with a newline)."""
    lines = []
    for key, value in _ordered({k: v for k, v in data.items() if k != "body"}, ORDER):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{key}:")
            for item in value:
                for index, (sub, sub_value) in enumerate(_ordered(item, SUB_ORDER.get(key, ()))):
                    lines.append(f"{'  - ' if index == 0 else '    '}{sub}: {scalar(sub_value)}")
        else:
            lines.append(f"{key}: {scalar(value, date=key in DATE_FIELDS)}")
    return "".join(line + "\n" for line in lines)


def canonical_text(data: dict, body: str) -> str:
    body = _TRAILING.sub("", body.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n"))
    return "---\n" + front_matter(data) + "---\n\n" + body + "\n"


def canonical_file(raw: bytes, path: str = "<texte>") -> str:
    """The canonical text of a content file (ContentError when it cannot be read)."""
    doc = parse(raw, path)
    return canonical_text(doc.metadata, doc.body)


def canonical_problem(raw: bytes, path: str = "<texte>") -> str | None:
    """A French recommendation when the file is not in the canonical form, else None."""
    try:
        wanted = canonical_file(raw, path)
    except ContentError:
        return None  # reported by the content checks
    if raw.decode("utf-8", "replace") == wanted:
        return None
    return ("le fichier n’est pas écrit sous la forme qu’utilise l’éditeur en ligne (guillemets, ordre des "
            "champs, listes) : lancez « make format » pour le réécrire, sinon la prochaine modification "
            "depuis l’éditeur changera beaucoup de lignes d’un coup.")
