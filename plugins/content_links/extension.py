"""python-markdown extension: links written relative to the file become Pelican intrasite links.

`[la fiche](emprise.md)` -> `{filename}emprise.md`, `![…](../pdfs/x.png)` -> `{static}../pdfs/x.png`:
they work on the forge's web interface *and* on the site, and are checked like any other
internal link (plugins/content_links/__init__.py).
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .core import is_relative_file, relative_to_intrasite


class RelativeLinksTreeprocessor(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value and is_relative_file(value):
                    element.set(attr, relative_to_intrasite(value))


class RelativeLinksExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.treeprocessors.register(RelativeLinksTreeprocessor(md), "miviludes_relative_links", 4)
