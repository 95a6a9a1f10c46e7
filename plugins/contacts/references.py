"""Contact ids used in content: front matter `contacts:` and `[[contact:ID]]` in bodies.

Pure functions: find each id with its line (from the page's record, plugins/common/record.py), and
replace the markers in the rendered HTML with what a callback renders.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from plugins.common.record import PageRecord

# `[[contact:119]]`, tolerant of spaces inside the brackets.
INLINE_RE = re.compile(r"\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]")
# The marker alone in its paragraph (Markdown wraps it in <p>…</p>): replaced by the full card.
BLOCK_RE = re.compile(r"<p>\s*\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]\s*</p>")


def front_matter_refs(ids: Iterable, record: PageRecord, field: str = "contacts") -> list[tuple[str, int]]:
    """[(id, line)] for the values of `contacts:`, each on its own line in the page's record (a single
    value: the line of the field)."""
    return [(str(cid), record.line_of((field, index))) for index, cid in enumerate(ids)]


def inline_refs(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """[(id, line)] of every `[[contact:ID]]` of a body whose first line is `first_line`, in order."""
    out = []
    for match in INLINE_RE.finditer(body):
        out.append((match.group(1), first_line + body.count("\n", 0, match.start())))
    return out


def replace_markers(html: str, block: Callable[[str], str], inline: Callable[[str], str]) -> str:
    """Replace `<p>[[contact:ID]]</p>` by block(ID) and any other `[[contact:ID]]` by inline(ID)."""
    html = BLOCK_RE.sub(lambda m: block(m.group(1)), html)
    return INLINE_RE.sub(lambda m: inline(m.group(1)), html)


def unknown_id_message(cid: str, known: list[str], data_file: str = "content/data/contacts.yaml") -> str:
    """French message for an id that contacts.yaml does not define."""
    if not cid:
        return (f"identifiant de contact vide : écrivez [[contact:ID]] avec un identifiant de {data_file} "
                f"(ids possibles : {', '.join(known)}).")
    close = difflib.get_close_matches(cid, known, n=1, cutoff=0.6)
    hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    return (f"« {cid} » n’est pas un contact connu de {data_file}{hint} : corrigez l’identifiant ou "
            f"ajoutez ce contact au fichier ; ids possibles : {', '.join(known)}.")
