"""French typography (non-breaking spaces before : ; ? ! and inside « », apostrophes ’).

Wiring only: the body goes through a python-markdown extension (extension.py); titles and
summaries (plain text from the front matter) through core.fix when each content object is
created, before any other plugin reads them. Setting: TYPOGRAPHY (default True).
"""
from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

from .core import fix
from .extension import TypographyExtension


def add_extension(pelican):
    if not pelican.settings.get("TYPOGRAPHY", True):
        return
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(type(e).__name__ == "TypographyExtension" for e in extensions):
        extensions.append(TypographyExtension())


def fix_metadata(content):
    if not isinstance(content, (Article, Page)) or not content.settings.get("TYPOGRAPHY", True):
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
