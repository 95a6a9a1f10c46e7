"""Contact ids used in content: front matter `contacts:` and `[[contact:ID]]` in bodies.

Pure functions: find each id with its line in the source file, and replace the markers in the
rendered HTML with what a callback renders.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

# `[[contact:119]]`, tolerant of spaces inside the brackets.
INLINE_RE = re.compile(r"\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]")
# The marker alone in its paragraph (Markdown wraps it in <p>…</p>): replaced by the full card.
BLOCK_RE = re.compile(r"<p>\s*\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]\s*</p>")


def _front_matter_end(lines: list[str]) -> int:
    """Index of the closing `---` line of the front matter (0 if there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i
    return 0


def front_matter_refs(ids: Iterable, key_line: int, source_text: str) -> list[tuple[str, int]]:
    """[(id, line)] for the values of `contacts:`. `key_line` is the line of the key (1-based); the
    line of each id is that of its first mention from there on (block lists span several lines)."""
    lines = source_text.split("\n")
    end = _front_matter_end(lines) or len(lines)
    out = []
    for cid in ids:
        cid = str(cid)
        token = re.compile(r"(?<![\w-])[\"']?" + re.escape(cid) + r"[\"']?(?![\w-])")
        line = key_line
        for i in range(max(key_line - 1, 0), end):
            text = lines[i] if i != key_line - 1 else lines[i].split(":", 1)[-1]
            if token.search(text):
                line = i + 1
                break
        out.append((cid, line))
    return out


def inline_refs(source_text: str) -> list[tuple[str, int]]:
    """[(id, line)] of every `[[contact:ID]]` in the source file, in order."""
    out = []
    for match in INLINE_RE.finditer(source_text):
        out.append((match.group(1), source_text.count("\n", 0, match.start()) + 1))
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
