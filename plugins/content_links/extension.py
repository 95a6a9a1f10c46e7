"""python-markdown extension: links written relative to the file become Pelican intrasite links.

`[la fiche](emprise.md)` -> `{filename}emprise.md`, `![…](../pdfs/x.png)` -> `{static}../pdfs/x.png`:
they work on the forge's web interface *and* on the site, and are checked like any other
internal link (plugins/content_links/__init__.py).
"""
from __future__ import annotations

import html as html_lib
import re

from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify, strip_tags, unique
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


_HEADING = re.compile(r"[Hh][1-6]$")
# Characters after which a heading's text is not plain any more (stash placeholders, entities,
# markup, non-breaking spaces that the sanitizer writes as &nbsp;): the exact, slower path is used.
_NOT_PLAIN = ("\x02", "\x03", "&", "<", ">", "\u00a0")


class HeadingIdsTreeprocessor(Treeprocessor):
    """The ids of python-markdown's `toc` extension (slugify, `_1` for a repeated title), without
    its table of contents: the site never shows one, and `toc` renders every heading through every
    postprocessor (a fifth of the Markdown time). A heading made of plain text gets the same id
    from its text directly; any other heading goes through `toc`'s own functions."""

    def run(self, root):
        used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for el in root.iter():
            if not (isinstance(el.tag, str) and _HEADING.match(el.tag)) or "id" in el.attrib:
                continue
            text = el.text or ""
            if len(el) == 0 and not any(c in text for c in _NOT_PLAIN):
                name = strip_tags(text.strip())
            else:
                name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
            el.attrib["id"] = unique(slugify(html_lib.unescape(name), "-"), used, counters)


class HeadingIdsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.treeprocessors.register(HeadingIdsTreeprocessor(md), "miviludes_heading_ids", 5)
