"""One pass over a page's body: one HTML5 parse (Lexbor), every body transform on that one tree.

Plugins that change or read the HTML of bodies after reading (external `rel`, PDF download links,
site addresses under a sub-path, the links the link check reads) do not parse it themselves: each
registers a transform here from its `register()`, with an order, and this module runs them all,
in that order, once per page at `content_object_init`:

    from plugins.common import body
    body.register_transform(30, "external_links", add_rel)   # add_rel(page: body.Body) -> None

A transform reads and changes `body.tree` (a selectolax Lexbor fragment, `<div>` context, as the
sanitizer and a reader's browser parse it) and calls `body.touch()` when it changed something; the
body is serialized once, at the end, only when a transform touched it (an untouched body stays the
bytes the sanitizer wrote). `body.content` is the Pelican object (settings, source path, context).

Orders in use (lower first): 10 content_links (reads the links as written), 20 pdf_links
(download links), 30 external_links (rel), 90 content_links (site addresses under SITEURL's sub-path),
95 contacts (`[[contact:ID]]` cards and links, whose addresses carry SITEURL already).

Not a plugin and imports no plugin: the plugins only know this registry, never each other.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pelican import signals
from selectolax.lexbor import LexborHTMLParser

_TRANSFORMS: dict[str, tuple[int, Callable, Callable | None]] = {}


@dataclass
class Body:
    """The one parsed body of a page, handed to every transform in turn."""
    content: object                 # the Pelican Article/Page
    html: str                       # the body as read (before any transform)
    _tree: LexborHTMLParser | None = None
    changed: bool = False
    data: dict = field(default_factory=dict)  # what a transform leaves for a later one

    @property
    def tree(self) -> LexborHTMLParser:
        """Parsed on first use: a body no transform looks into is never parsed."""
        if self._tree is None:
            self._tree = parse(self.html)
        return self._tree

    def touch(self) -> None:
        self.changed = True

    def links(self, selector: str = "a[href]"):
        """Elements matching `selector`, in document order."""
        root = self.tree.root
        return root.css(selector) if root is not None else []


def parse(html: str) -> LexborHTMLParser:
    """A body as the sanitizer and a reader's browser parse it: a <div> context, scripting on."""
    return LexborHTMLParser(html or "", is_fragment=True, fragment_tag="div", scripting=True)


def serialize(tree: LexborHTMLParser) -> str:
    return tree.html or ""


def register_transform(order: int, name: str, transform: Callable[[Body], None],
                       wants: Callable[[str], bool] | None = None) -> None:
    """Add (or replace, by `name`) a transform; `wants(html)` (optional) is a cheap test that lets a
    body through without parsing it when no transform wants it. Connects the pass once."""
    _TRANSFORMS[name] = (order, transform, wants)
    signals.content_object_init.connect(run_pass)  # blinker keeps one connection per receiver


def transforms() -> list[tuple[int, str, Callable, Callable | None]]:
    return sorted((order, name, fn, wants) for name, (order, fn, wants) in _TRANSFORMS.items())


def run(content, html: str | None = None) -> str:
    """Run every registered transform, in order, on one parse of `html` (default: the page's body);
    the body as the transforms left it (the same string when none touched it)."""
    html = (getattr(content, "_content", None) or "") if html is None else html
    body = Body(content, html)
    for _order, _name, transform, wants in transforms():
        if wants is None or wants(html):
            transform(body)
    return serialize(body.tree) if body.changed else html


def run_pass(content) -> None:
    """`content_object_init`: the one body pass of an article or a page (every one, even with an
    empty body: a transform may check the page itself; Static files have no body)."""
    if not getattr(content, "source_path", None) or type(content).__name__ == "Static":
        return
    html = getattr(content, "_content", None)
    changed = run(content, html or "")
    if changed != (html or ""):
        content._content = changed
