"""Pure core: internal links of content, where they lead, and the anchors of pages.

Links written by editors, in Markdown:
- `{filename}/fiches/emprise.md`, `{static}/pdfs/guide.pdf` (Pelican's syntax; a leading « / »
  starts from content/, otherwise the path is relative to the file);
- relative links `emprise.md`, `../prevention/familles.md#que-faire`, `../pdfs/guide.pdf`: rewritten
  to `{filename}` / `{static}` by `relative_to_intrasite` (so they also work on the forge);
- `#ancre` (same page) and `/fiches/emprise/#ancre` (site address).
"""
from __future__ import annotations

import difflib
import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from plugins.common import body as body_pass
from plugins.site_url import site_path

INTRASITE = re.compile(r"^\{(?P<what>filename|static|attach|index|category|tag|author)\}(?P<path>.*)$")
# `{quelquechose}…`: Pelican's syntax with an indicator it does not know (it would skip it, in English).
UNKNOWN_INDICATOR = re.compile(r"^\{[^{}/]*\}")
MARKDOWN_EXTENSIONS = (".md", ".markdown")
LINK_ATTRIBUTES = {"a": ("href",), "img": ("src",), "link": ("href",), "source": ("src",),
                   "video": ("src", "poster"), "audio": ("src",), "object": ("data",)}


@dataclass(frozen=True)
class Link:
    url: str
    kind: str  # "intrasite", "fragment", "site", "external"
    what: str = ""  # for intrasite: filename, static, attach, index, category…
    path: str = ""  # intrasite: path as written; site: URL path
    fragment: str = ""


def classify(url: str) -> Link:
    url = url.strip()
    match = INTRASITE.match(url)
    if match:
        path, _, fragment = match.group("path").partition("#")
        path = path.partition("?")[0]
        return Link(url, "intrasite", match.group("what"), path, fragment)
    if url.startswith("#"):
        return Link(url, "fragment", fragment=url[1:])
    if url.startswith("/") and not url.startswith("//"):
        parts = urlsplit(url)
        return Link(url, "site", path=parts.path, fragment=parts.fragment)
    return Link(url, "external")


def is_relative_file(url: str) -> bool:
    """A path written relative to the file (`emprise.md`, `../pdfs/x.pdf`), not a web address."""
    url = url.strip()
    if not url or url.startswith(("#", "/", "{", "?", "|")):
        return False
    try:
        return not urlsplit(url).scheme
    except ValueError:
        return False


def relative_to_intrasite(url: str) -> str:
    """`emprise.md#x` -> `{filename}emprise.md#x`; `../pdfs/x.pdf` -> `{static}../pdfs/x.pdf`."""
    path = url.partition("#")[0].partition("?")[0]
    what = "filename" if unquote(path).lower().endswith(MARKDOWN_EXTENSIONS) else "static"
    return "{" + what + "}" + url


def resolve(source_relpath: str, path: str) -> str:
    """Pelican's rule: from content/ when `path` starts with « / », else from the file's folder."""
    path = html_lib.unescape(unquote(path))
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source_relpath), path)
    return posixpath.normpath(joined)


def under_site_path(root, siteurl: str) -> bool:
    """Site addresses written by editors (`/aide/`, `/pdfs/x.pdf`) under `root` (a parsed body,
    plugins/common/body.py) prefixed with SITEURL when it has a sub-path (a preview,
    `https://host/apercu/pr-12`: plugins/site_url); True when one changed. Nothing changes at a
    host's root."""
    base = site_path(siteurl)
    if not base or root is None:
        return False
    prefix = siteurl.strip().rstrip("/")
    changed = False
    for node, name, url in _link_attributes(root):
        if url.startswith("/") and url[1:2] not in ("/", "\\") and not (url == base or url.startswith(base + "/")):
            node.attrs[name] = prefix + url
            changed = True
    return changed


def under_site_links(html: str, siteurl: str) -> str:
    """:func:`under_site_path` on an HTML fragment (the same string when nothing moved)."""
    tree = body_pass.parse(html)
    return body_pass.serialize(tree) if under_site_path(tree.root, siteurl) else html


def output_file(url_path: str) -> str:
    """Site address -> file under output/: `/fiches/emprise/` -> `fiches/emprise/index.html`."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


# Links and anchors are read on Lexbor's tree (the HTML5 algorithm of browsers, as the sanitizer
# and the body pass read bodies): comments, <script>, <style> and <template> hold no link. One
# selector visits every candidate element once, in document order.
_CANDIDATES = "[href], [src], [poster], [data], [id], a[name]"


def _elements(root):
    last = None
    for node in root.css(_CANDIDATES) if root is not None else []:
        if node.mem_id != last:  # an element matching several selectors comes once per selector
            last = node.mem_id
            yield node


def _link_attributes(root):
    """(element, attribute, value) of every non-empty link attribute under `root`, in order."""
    for node in _elements(root):
        names = LINK_ATTRIBUTES.get(node.tag or "", ())
        if names:
            attrs = node.attributes
            for name in names:
                if attrs.get(name):
                    yield node, name, attrs[name]


def links_and_ids(root) -> tuple[list[str], set[str]]:
    """(every link URL, in document order; every id and <a name>) under a parsed `root`."""
    links: list[str] = []
    ids: set[str] = set()
    for node in _elements(root):
        attrs = node.attributes
        for name in LINK_ATTRIBUTES.get(node.tag or "", ()):
            if attrs.get(name):
                links.append(attrs[name])
        if attrs.get("id"):
            ids.add(attrs["id"])
        if node.tag == "a" and attrs.get("name"):
            ids.add(attrs["name"])
    return links, ids


def extract(html: str) -> tuple[list[str], set[str]]:
    """(every link URL, in document order; every id) of an HTML text (a page or a body)."""
    return links_and_ids(LexborHTMLParser(html or "").root)


_ID_CANDIDATES = "[id], a[name]"


def extract_ids(html: str) -> set[str]:
    """The ids of `extract` (id="…" of any element, name="…" of <a>): used on every written page,
    where only the anchors matter, so only the elements that may hold one are visited (a page has
    many more links than anchors)."""
    root = LexborHTMLParser(html or "").root
    ids: set[str] = set()
    for node in root.css(_ID_CANDIDATES) if root is not None else []:
        attrs = node.attributes
        if attrs.get("id"):
            ids.add(attrs["id"])
        if node.tag == "a" and attrs.get("name"):
            ids.add(attrs["name"])
    return ids


def template_ids(folder: Path) -> set[str]:
    """Fixed ids written in the theme's templates (id="sources"…): anchors that every page may have."""
    ids: set[str] = set()
    for path in sorted(Path(folder).glob("**/*.html")):
        ids |= set(re.findall(r'\bid="([A-Za-z][\w-]*)"', path.read_text(encoding="utf-8")))
    return ids


def needles(link: Link) -> list[str]:
    """Pieces of the source text that locate a link, most precise first."""
    out = [link.url]
    if link.kind == "intrasite":
        tail = link.url[len(link.what) + 2:]
        out += [tail, unquote(tail), posixpath.basename(link.path) or link.path]
    elif link.kind == "fragment":
        out += [f"(#{link.fragment})"]
    return [n for n in out if n]


def missing_address_message(label: str) -> str:
    return (f"lien interne cassé : l’adresse {label} n’existe pas sur le site ; pour une page du site, "
            "faites plutôt un lien vers son fichier, par exemple [la fiche](emprise.md).")


def anchor_message(fragment: str, ids: set[str], target: str) -> str:
    close = difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
    hint = f" (vouliez-vous dire « #{close[0]} » ?)" if close else ""
    return (f"l’ancre « #{fragment} » n’existe pas dans {target}{hint} : une ancre reprend un "
            "intertitre, en minuscules, sans accent, avec des tirets (« ## Que faire ? » donne "
            "« #que-faire ») ; corrigez-la ou retirez « #… » du lien.")


def duplicates(entries: list[tuple[str, str, int]]) -> list[tuple[str, int, str]]:
    """[(key, source, line)] -> [(source, line, other_source)] for every source whose key was
    already produced by another one (sorted, so the report does not depend on reading order)."""
    by_key: dict[str, list[tuple[str, int]]] = {}
    for key, source, line in entries:
        by_key.setdefault(key, []).append((source, line))
    out = []
    for key in sorted(by_key):
        sources = sorted(by_key[key])
        for source, line in sources[1:]:
            out.append((source, line, sources[0][0]))
    return out
