"""French typography (non-breaking spaces before : ; ? ! and inside « », apostrophes ’).

Wiring only: the body goes through a python-markdown extension (extension.py); titles and
summaries (plain text from the front matter) through core.fix when each content object is
created, before any other plugin reads them. Settings: TYPOGRAPHY (default True),
TYPOGRAPHY_FOREIGN_TERMS (default core.FOREIGN_TERMS: foreign expressions marked with their lang,
in the body and, through the `lang_parts` Jinja filter, in the headings that show a title).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pelican import signals
from pelican.contents import Article, Page

from plugins.common import settings as typed
from plugins.escaping.markup import lang_spans

from .core import FOREIGN_TERMS, fix, foreign_pattern, split_foreign
from .extension import TypographyExtension


@dataclass(frozen=True)
class Typography:
    """Settings of plugins/typography (the setting is the field's name in capitals)."""
    typography: bool = True                                           # TYPOGRAPHY: on or off
    typography_foreign_terms: dict = field(default_factory=lambda: dict(FOREIGN_TERMS))

    @classmethod
    def read(cls, settings) -> Typography:
        return typed.read(cls, settings, "")


def add_extension(pelican):
    if not Typography.read(pelican.settings).typography:
        return
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(type(e).__name__ == "TypographyExtension" for e in extensions):
        extensions.append(TypographyExtension(terms=foreign_terms(pelican.settings)))


def foreign_terms(settings) -> dict[str, str]:
    return dict(Typography.read(settings).typography_foreign_terms)


def lang_parts_filter(settings):
    """Jinja filter: plain text -> markup (plugins/escaping, the one place) with its foreign expressions in <span lang>, the rest escaped."""
    terms = foreign_terms(settings)
    pattern = foreign_pattern(terms)

    def lang_parts(text):
        return lang_spans(split_foreign(str(text or ""), pattern, terms))
    return lang_parts


def add_filter(generator):
    generator.env.filters["lang_parts"] = lang_parts_filter(generator.settings)


def fix_metadata(content):
    if not isinstance(content, (Article, Page)) or not Typography.read(content.settings).typography:
        return
    title = content.metadata.get("title")
    if isinstance(title, str):
        content.metadata["title"] = content.title = fix(title)
    summary = content.metadata.get("summary")
    if isinstance(summary, str):
        content.metadata["summary"] = content._summary = fix(summary)


def register():
    signals.initialized.connect(add_extension)
    signals.content_object_init.connect(fix_metadata)
    signals.generator_init.connect(add_filter)
