"""Escaping by construction: Jinja autoescape everywhere, markup made in one place (markup.py),
editor-written URLs parsed and re-serialized by one module (urls.py), text fields free of control
and bidirectional-override characters (text.py). The rules of urls.py and text.py are applied by
the content checks (plugins/content_schema, plugins/contacts, plugins/pdf_links), shared by
`make check`, the build and the web editor.

Wiring: the Jinja filter ``body`` (markup.body_html) for the templates of content pages.
"""
from __future__ import annotations

from pelican import signals

from .markup import body_html, json_for_script  # noqa: F401 - public API


def add_filters(generator):
    generator.env.filters["body"] = body_html


def register():
    signals.generator_init.connect(add_filters)
