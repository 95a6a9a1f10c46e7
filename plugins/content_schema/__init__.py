"""Reads Markdown files with YAML front matter and fails the build on editors' mistakes.

Wiring only: the parsing lives in frontmatter.py (pure, tested in tests/plugins/).
"""
from __future__ import annotations

import datetime as dt
import logging
import os

import markdown
from pelican import signals
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from .frontmatter import ContentError, as_date, parse

logger = logging.getLogger(__name__)

REQUIRED = ("title", "summary", "date")
DATE_FIELDS = ("date", "updated", "review_by")


def _relpath(path: str) -> str:
    return os.path.relpath(path, os.getcwd())


class YamlMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def read(self, source_path):
        rel = _relpath(source_path)
        with open(source_path, "rb") as fh:
            raw = fh.read()
        try:
            doc = parse(raw, rel)
            metadata = self._metadata(doc)
        except ContentError as err:
            logger.error("%s", err)
            raise
        md = markdown.Markdown(**self.settings["MARKDOWN"])
        content = md.convert(doc.body)
        return content, metadata

    def _metadata(self, doc):
        meta = {}
        for name in REQUIRED:
            value = doc.metadata.get(name)
            if value in (None, ""):
                raise ContentError(doc.path, 2, f"champ obligatoire « {name} » manquant : ajoutez "
                                   f"« {name}: … » dans l’en-tête.")
        for name, value in doc.metadata.items():
            line = doc.field_lines.get(name, 2)
            if name in DATE_FIELDS:
                day = as_date(value)
                if day is None:
                    raise ContentError(doc.path, line, f"date invalide pour « {name} » ({value!r}) : "
                                       "écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-11-28.")
                value = SafeDatetime(day.year, day.month, day.day)
                meta[name] = value
                if name == "updated":
                    meta["modified"] = value
                continue
            if name in ("title", "slug", "template", "category"):
                meta[name] = self.process_metadata(name, str(value))
            else:
                meta[name] = value
        meta["source_line_map"] = doc.field_lines
        return meta


def add_reader(readers):
    for ext in YamlMarkdownReader.file_extensions:
        readers.reader_classes[ext] = YamlMarkdownReader


def register():
    signals.readers_init.connect(add_reader)
