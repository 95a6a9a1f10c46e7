"""Search documents of the site (pure functions: no Pelican import).

A document is what ``indexer.write_search_assets`` indexes: a dict with ``id``, ``url``, ``type``
(fiche, prevention, rapport, page, contact, pdf), ``title``, ``summary``, ``headings``,
``themes`` and ``body``, all plain text (the HTML of a body is reduced to its text here, read
with Lexbor, the HTML5 parser of the other checks and of the body pass).

- ``html_text(html)``: the text of an HTML fragment (blocks separated by spaces, scripts and
  styles dropped) and the text of its ``<h2>``/``<h3>`` headings;
- ``content_document(...)``: one article or page;
- ``written_page_document(html, url, doc_id)``: a page written by a generator that is not an
  article or a page (``/aide/``): its ``<h1>``, meta description and ``<h2>`` of ``<main>``;
- ``pdf_summary(text)``: the first words of a PDF page, shown under its title in the results.
"""
from __future__ import annotations

import html as html_lib
import re

from selectolax.lexbor import LexborHTMLParser

# Elements whose boundaries separate words (the others, <a>, <em>, <strong>…, join their text
# to the surrounding text as the browser displays it).
BLOCK_TAGS = frozenset("""
address article aside blockquote br caption dd details div dl dt figcaption figure footer form h1 h2
h3 h4 h5 h6 header hr li main nav ol p pre section summary sup sub table tbody td tfoot th thead tr
ul button label legend fieldset option select textarea
""".split())
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "iframe", "object"})
HEADING_TAGS = ("h2", "h3")
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
PDF_SUMMARY_CHARS = 200


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _squash(text: str) -> str:
    """Collapse ASCII white space (non-breaking spaces of the French typography are kept)."""
    return _SPACES.sub(" ", text).strip()


class _Text:
    """The text (and headings) of a parsed HTML tree (Lexbor), optionally only inside <main>: one
    walk in document order, blocks separated by spaces, skipped elements left out."""

    def __init__(self, root, main_only: bool = False, heading_tags=HEADING_TAGS):
        self.main_only = main_only
        self.heading_tags = tuple(heading_tags)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self.h1: list[str] = []
        self._heading: list[str] | None = None
        self._heading_tag = ""
        self._in_h1 = False
        self._walk(root)

    def _walk(self, root) -> None:
        main_depth = 0
        tops = []  # a fragment's root is its first node: its siblings are the rest of it
        while root is not None:
            tops.append(root)
            root = root.next
        stack = [(node, False) for node in reversed(tops)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag or ""
            if tag == "-text":
                if not self.main_only or main_depth > 0:
                    self._data(node.text_content or "")
                continue
            if tag.startswith("-") or tag in SKIPPED_TAGS:  # comment, doctype; script, style…
                continue
            if leaving:
                if tag == "main":
                    main_depth -= 1
                if not self.main_only or main_depth > 0:
                    self._end(tag)
                continue
            if tag == "main":
                main_depth += 1
            if not self.main_only or main_depth > 0:
                self._start(tag)
            if tag in VOID_TAGS:
                continue
            stack.append((node, True))
            children = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))

    def _start(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")
        if tag in VOID_TAGS:
            return
        if tag in self.heading_tags and self._heading is None:
            self._heading, self._heading_tag = [], tag
        if tag == "h1":
            self._in_h1 = True

    def _end(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")
        if tag == self._heading_tag and self._heading is not None:
            text = _squash("".join(self._heading))
            if text:
                self.headings.append(text)
            self._heading, self._heading_tag = None, ""
        if tag == "h1":
            self._in_h1 = False

    def _data(self, data: str) -> None:
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._in_h1:
            self.h1.append(data)

    def text(self) -> str:
        return _squash("".join(self.parts))


def html_text(fragment: str) -> tuple[str, list[str]]:
    """(plain text, [text of each <h2>/<h3>]) of an HTML fragment."""
    found = _Text(_fragment(fragment or "").root)
    return found.text(), found.headings


def _fragment(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html, is_fragment=True, fragment_tag="div", scripting=True)


def plain(value) -> str:
    """A title or summary as plain text (Pelican titles may hold entities or inline tags)."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = html_text(text)[0] if "<" in text else html_lib.unescape(text)
    return _squash(text)


def content_document(*, url: str, content_type: str, title, summary, content_html: str,
                     themes=(), extra_body=()) -> dict:
    """The search document of one article or page.

    ``url`` is the site path (``/fiches/emprise/``) and also the id (unique: slugs are unique);
    ``extra_body``: other texts shown on the page and worth finding (references of the law…).
    """
    body, headings = html_text(content_html)
    return {
        "id": url,
        "url": url,
        "type": content_type,
        "title": plain(title),
        "summary": plain(summary),
        "headings": headings,
        "themes": [plain(t) for t in themes if t],
        "body": [body] + [plain(t) for t in extra_body if t],
    }


def written_page_document(page_html: str, url: str, doc_id: str | None = None) -> dict | None:
    """A written page as a document: its <h1>, meta description and the <h2> of <main>.

    The body is left out on purpose: the cards of /aide/ are documents of their own (contacts).
    Returns None when the page has no <h1> in <main>.
    """
    tree = LexborHTMLParser(page_html or "")
    found = _Text(tree.root, main_only=True, heading_tags=("h2",))
    title = _squash("".join(found.h1))
    if not title:
        return None
    meta = tree.css_first('meta[name="description"]')
    description = (meta.attributes.get("content") or "") if meta is not None else ""
    return {"id": doc_id or url, "url": url, "type": "page", "title": title,
            "summary": _squash(description), "headings": found.headings, "themes": [], "body": ""}


def pdf_summary(text: str, limit: int = PDF_SUMMARY_CHARS) -> str:
    text = _squash(text or "")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
