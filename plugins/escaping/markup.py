"""The only place where a string becomes markup (``markupsafe.Markup``).

Every template is rendered with Jinja autoescape on (pelicanconf.JINJA_ENVIRONMENT): any value an
editor wrote — titles, summaries, sources, contacts, file names — is escaped when it is displayed.
Exactly two kinds of value are displayed as HTML, and both are made here:

- ``body_html(item)``: the body of a content object, produced by the Markdown renderer and cleaned by
  plugins/content_sanitize (the last postprocessor). Only a Pelican content object is accepted, so a
  template cannot use the filter to display an arbitrary string unescaped.
- ``json_for_script(data)``: JSON for a ``<script type="application/ld+json">`` data block, where
  every ``<``, ``>`` and ``&`` is written as a JSON ``\\u`` escape: no text in the data can close the
  element or open a comment.

- ``lang_spans(pieces)``: a plain text cut into (text, language) pieces, each foreign piece in a
  ``<span lang="…">`` (RGAA 8.7), every piece escaped.
- ``print_document_parts(css, body, help_list)``: the parts of the printable PDF's document
  (plugins/printable, templates/printable.html) that are already CSS or HTML made by the site.

Other HTML the code builds (contact cards, download links) is made by Jinja macros, whose output is
already escaped markup. tests/plugins/test_escaping.py checks that no other module creates Markup.
"""
from __future__ import annotations

import json

from markupsafe import Markup, escape
from pelican.contents import Content

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def body_html(item) -> Markup:
    """The sanitized body of a fiche, guide, report or page, as markup (Jinja filter ``body``)."""
    if not isinstance(item, Content):
        raise TypeError(f"le filtre « body » attend une page de contenu, pas {type(item).__name__}")
    return Markup(item.content or "")


def json_for_script(data) -> Markup:
    """JSON text for a ``<script type="application/ld+json">`` element (valid JSON, inert HTML)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def lang_spans(pieces) -> Markup:
    """Plain text given as [(text, language code or None)] -> markup: the foreign pieces in
    ``<span lang="…">``, every text and code escaped (for a title shown with its foreign words)."""
    return Markup("").join(escape(part) if not lang else Markup('<span lang="{}">{}</span>').format(lang, part)
                           for part, lang in pieces)


def print_document_parts(css: str, body: str, help_list: str) -> tuple[Markup, Markup, Markup]:
    """For plugins/printable's template: its stylesheet (made from the plugin's constants and the
    font files), the page's body (the sanitized HTML the site shows for that page) and the help
    numbers (rendered by the plugin's autoescaped template), as markup. Nothing an editor typed
    reaches these strings unescaped or unsanitized."""
    return Markup(css), Markup(body), Markup(help_list)
