"""Count in = count out: every content file becomes a page, is a draft, or fails the build.

At the end of the build (finalized), the files found under ARTICLE_PATHS and PAGE_PATHS are
compared with the pages actually written; drafts are listed in the build summary as intentionally
not published. Wiring only; the comparison is in core.py.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals
from pelican.log import console

from .core import find_sources, inventory

logger = logging.getLogger(__name__)

_state: dict = {}


def _rel(path) -> str:
    return os.path.relpath(str(path), os.getcwd())


def remember(generators):
    published, drafts, failed = {}, set(), set()
    settings = None
    for gen in generators:
        settings = gen.settings
        for name in ("articles", "translations", "pages", "hidden_pages", "hidden_articles",
                     "hidden_translations"):
            for item in getattr(gen, name, []) or []:
                if item.save_as:
                    published[_rel(item.source_path)] = item.save_as
        for name in ("drafts", "drafts_translations", "draft_pages", "draft_translations"):
            for item in getattr(gen, name, []) or []:
                drafts.add(_rel(item.source_path))
    if settings is None:
        return
    root = Path(settings["PATH"])
    for gen in generators:
        for key, value in gen.context.get("generated_content", {}).items():
            if value is None:
                failed.add(_rel(root / key))
    _state.update(published=published, drafts=drafts, failed=failed)


def count(pelican):
    if "published" not in _state:
        return
    settings = pelican.settings
    root = Path(settings["PATH"])
    output = Path(settings["OUTPUT_PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    # Files the content guard refused (bad names, links…) were reported there: not again here.
    refused = set(settings.get("CONTENT_GUARD_REFUSED") or ())
    sources = [_rel(p) for p in find_sources(root, folders, settings.get("IGNORE_FILES", []))
               if os.path.normpath(os.path.relpath(p, root)) not in refused]
    written = {save_as for save_as in set(_state["published"].values()) if (output / save_as).is_file()}
    inv = inventory(sources, _state["published"], _state["drafts"], _state["failed"], written)
    for path, message in inv.problems:
        logger.error("%s:1: %s", path, message)
    pelican.content_inventory = inv
    console.print(inv.summary(), soft_wrap=True, markup=False, highlight=False)
    _state.clear()


def register():
    signals.all_generators_finalized.connect(remember)
    signals.finalized.connect(count)
