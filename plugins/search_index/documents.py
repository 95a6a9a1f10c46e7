"""Search documents of the site (pure functions: no Pelican import).

A document is what ``indexer.write_search_assets`` indexes: a dict with ``id``, ``url``, ``type``
(fiche, prevention, rapport, page, contact, pdf), ``title``, ``summary``, ``headings``,
``themes`` and ``body``, all plain text (the HTML of a body is reduced to its text here).

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
from html.parser import HTMLParser

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


class _TextParser(HTMLParser):
    """Collects the text (and headings) of an HTML fragment; optionally only inside <main>."""

    def __init__(self, main_only: bool = False, heading_tags=HEADING_TAGS):
        super().__init__(convert_charrefs=True)
        self.main_only = main_only
        self.heading_tags = tuple(heading_tags)
        self.main_depth = 0          # > 0 while inside <main>
        self.skip_depth = 0          # > 0 while inside a skipped element
        self.parts: list[str] = []
        self.headings: list[str] = []
        self.h1: list[str] = []
        self.description = ""
        self._heading: list[str] | None = None
        self._heading_tag = ""
        self._in_h1 = False

    @property
    def active(self) -> bool:
        return self.skip_depth == 0 and (not self.main_only or self.main_depth > 0)

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            a = dict(attrs)
            if a.get("name") == "description" and not self.description:
                self.description = a.get("content") or ""
            return
        if tag in VOID_TAGS:
            if tag in BLOCK_TAGS and self.active:
                self.parts.append(" ")
            return
        if tag == "main":
            self.main_depth += 1
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
            return
        if not self.active:
            return
        if tag in BLOCK_TAGS:
            self.parts.append(" ")
        if tag in self.heading_tags and self._heading is None:
            self._heading, self._heading_tag = [], tag
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "main":
            self.main_depth = max(0, self.main_depth - 1)
        if not self.active:
            return
        if tag in BLOCK_TAGS:
            self.parts.append(" ")
        if tag == self._heading_tag and self._heading is not None:
            text = _squash("".join(self._heading))
            if text:
                self.headings.append(text)
            self._heading, self._heading_tag = None, ""
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if not self.active:
            return
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._in_h1:
            self.h1.append(data)

    def text(self) -> str:
        return _squash("".join(self.parts))


def html_text(fragment: str) -> tuple[str, list[str]]:
    """(plain text, [text of each <h2>/<h3>]) of an HTML fragment."""
    parser = _TextParser()
    parser.feed(fragment or "")
    parser.close()
    return parser.text(), parser.headings


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
    parser = _TextParser(main_only=True, heading_tags=("h2",))
    parser.feed(page_html or "")
    parser.close()
    title = _squash("".join(parser.h1))
    if not title:
        return None
    return {"id": doc_id or url, "url": url, "type": "page", "title": title,
            "summary": _squash(parser.description), "headings": parser.headings, "themes": [], "body": ""}


def pdf_summary(text: str, limit: int = PDF_SUMMARY_CHARS) -> str:
    text = _squash(text or "")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
