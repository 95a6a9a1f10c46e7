"""python-markdown extension: French typography on the text of a body, never on code or attributes.

Treeprocessor after inline parsing (priority 6, before the table of contents): it only touches
element text and tails, so URLs in href/src and ids are never changed; code, pre, kbd and samp
are skipped, as are texts that are web addresses.
"""
from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .core import fix

SKIP = {"code", "pre", "kbd", "samp", "script", "style", "var"}
_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.|mailto:|tel:)", re.I)


def _fixed(text):
    if not text or _URL.match(text):
        return text
    new = fix(text)
    return AtomicString(new) if isinstance(text, AtomicString) else new


class TypographyTreeprocessor(Treeprocessor):
    def run(self, root):
        self._walk(root)

    def _walk(self, element):
        for child in element:
            if child.tag not in SKIP:
                child.text = _fixed(child.text)
                self._walk(child)
            child.tail = _fixed(child.tail)


class TypographyExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.treeprocessors.register(TypographyTreeprocessor(md), "miviludes_typography", 6)
