"""python-markdown extension: French typography on the text of a body, never on code or attributes.

Treeprocessor after inline parsing (priority 6, before the table of contents): it only touches
element text and tails, so URLs in href/src and ids are never changed; code, pre, kbd and samp
are skipped, as are texts that are web addresses. Foreign expressions (core.FOREIGN_TERMS, setting
TYPOGRAPHY_FOREIGN_TERMS) are wrapped in <span lang="…"> unless an ancestor already sets a lang.
"""
from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

import xml.etree.ElementTree as etree

from .core import FOREIGN_TERMS, fix, foreign_pattern, split_foreign

SKIP = {"code", "pre", "kbd", "samp", "script", "style", "var"}
_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.|mailto:|tel:)", re.I)


def _fixed(text):
    if not text or _URL.match(text):
        return text
    new = fix(text)
    return AtomicString(new) if isinstance(text, AtomicString) else new


class TypographyTreeprocessor(Treeprocessor):
    def __init__(self, md, terms=None):
        super().__init__(md)
        self.terms = dict(FOREIGN_TERMS if terms is None else terms)
        self.pattern = foreign_pattern(self.terms)

    def run(self, root):
        self._walk(root, root.get("lang") is not None)

    def _walk(self, element, in_lang=False):
        for child in list(element):
            if child.tag not in SKIP:
                child.text = _fixed(child.text)
                child_lang = in_lang or child.get("lang") is not None
                self._walk(child, child_lang)
                if not child_lang:
                    self._mark_text(child)
            child.tail = _fixed(child.tail)
            if not in_lang:
                self._mark_tail(element, child)

    def _spans(self, text):
        pieces = split_foreign(text, self.pattern, self.terms) if text and not _URL.match(text) else []
        return pieces if any(lang for _, lang in pieces) else None

    def _mark_text(self, element):
        pieces = self._spans(element.text)
        if pieces is None:
            return
        element.text = pieces[0][0] if pieces[0][1] is None else ""
        start = 1 if pieces[0][1] is None else 0
        self._insert(element, 0, pieces[start:])

    def _mark_tail(self, parent, child):
        pieces = self._spans(child.tail)
        if pieces is None:
            return
        child.tail = pieces[0][0] if pieces[0][1] is None else ""
        start = 1 if pieces[0][1] is None else 0
        self._insert(parent, list(parent).index(child) + 1, pieces[start:])

    @staticmethod
    def _insert(parent, index, pieces):
        """Spans for the foreign pieces at `index`; a French piece becomes the tail of the span before it."""
        previous = None
        for text, lang in pieces:
            if lang is None:
                previous.tail = (previous.tail or "") + text
                continue
            span = etree.Element("span", {"lang": lang})
            span.text = AtomicString(text)
            parent.insert(index, span)
            index += 1
            previous = span


class TypographyExtension(Extension):
    def __init__(self, terms=None, **kwargs):
        self.terms = terms
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.treeprocessors.register(TypographyTreeprocessor(md, self.terms), "miviludes_typography", 6)
