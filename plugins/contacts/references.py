"""Contact ids used in content: front matter `contacts:` and `[[contact:ID]]` in bodies.

Pure functions: find each id with its line (from the page's record, plugins/common/record.py), and
replace the markers in a parsed body (the one body pass, plugins/common/body.py) with what a callback
renders: no regular expression over HTML, only over the text of the tree's text nodes.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from plugins.common.record import PageRecord
from plugins.common.rules.references import INLINE_RE, unknown_id_message  # noqa: F401 - shared with the editor

# The marker alone in its paragraph (Markdown wraps it in a <p> without attributes): the full card.
ALONE_RE = re.compile(r"\s*\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]\s*")


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


def _top_nodes(tree):
    """The top-level nodes (elements and texts) of a parsed fragment, in order."""
    node = tree.root
    while node is not None:
        yield node
        node = node.next


def _insert_before(target, html: str) -> None:
    """The nodes of the HTML fragment `html` (parsed as a body is), inserted before `target`."""
    if html:
        from plugins.common.body import parse  # the body pass's parser (Lexbor, <div> context)
        for node in list(_top_nodes(parse(html))):
            target.insert_before(node)


def replace_in_tree(tree, block: Callable[[str], str], inline: Callable[[str], str]) -> bool:
    """In a parsed body (selectolax Lexbor): a `<p>` without attributes holding only `[[contact:ID]]`
    becomes block(ID), any other `[[contact:ID]]` of a text becomes inline(ID); each an HTML fragment
    ("" removes the marker). True when the tree changed."""
    if tree.root is None:
        return False
    changed = False
    for para in tree.css("p"):
        children = list(para.iter(include_text=True))
        if para.attributes or len(children) != 1 or children[0].tag != "-text":
            continue
        alone = ALONE_RE.fullmatch(children[0].text_content or "")
        if alone:
            _insert_before(para, block(alone.group(1)))
            para.decompose()
            changed = True
    # traverse() from the fragment's first node goes on through its siblings: every node, once
    texts = [node for node in tree.root.traverse(include_text=True)
             if node.tag == "-text" and "[[" in (node.text_content or "")]
    for node in texts:
        text = node.text_content
        last = 0
        for match in INLINE_RE.finditer(text):
            if match.start() > last:
                node.insert_before(text[last:match.start()])
            _insert_before(node, inline(match.group(1)))
            last = match.end()
        if last:  # at least one marker
            if last < len(text):
                node.insert_before(text[last:])
            node.decompose()
            changed = True
    return changed
