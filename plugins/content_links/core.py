"""Pure core: internal links of content, where they lead, and the anchors of pages.

Links written by editors, in Markdown:
- `{filename}/fiches/emprise.md`, `{static}/pdfs/guide.pdf` (Pelican's syntax; a leading « / »
  starts from content/, otherwise the path is relative to the file);
- relative links `emprise.md`, `../prevention/familles.md#que-faire`, `../pdfs/guide.pdf`: rewritten
  to `{filename}` / `{static}` by `relative_to_intrasite` (so they also work on the forge);
- `#ancre` (same page) and `/fiches/emprise/#ancre` (site address).
"""
from __future__ import annotations

import bisect
import difflib
import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


# Root-absolute link attributes of a body as the sanitizer writes them (double-quoted values).
_SITE_LINK_ATTR = re.compile(r'(<(?:a|img|link|source|video|audio|object)\b[^>]*?\s(?:href|src|poster|data)=")'
                             r'(/(?![/\\])[^"]*)"')


def under_site_links(html: str, siteurl: str) -> str:
    """Site addresses written by editors (`/aide/`, `/pdfs/x.pdf`) prefixed with SITEURL when it has
    a sub-path (a preview, `https://host/apercu/pr-12`: plugins/site_url); unchanged at a host's root."""
    base = site_path(siteurl)
    if not base:
        return html
    prefix = siteurl.strip().rstrip("/")

    def move(match: re.Match) -> str:
        url = match.group(2)
        return match.group(0) if url == base or url.startswith(base + "/") else f'{match.group(1)}{prefix}{url}"'
    return _SITE_LINK_ATTR.sub(move, html)


def output_file(url_path: str) -> str:
    """Site address -> file under output/: `/fiches/emprise/` -> `fiches/emprise/index.html`."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


# A regular-expression scanner rather than html.parser: it reads every written page of the site
# (anchors of `/fiches/x/#y` links), and html.parser was a third of a 1,000-fiche build. Its
# results equal html.parser's on the site's pages (tests/plugins/test_content_links.py).
_SKIPPED = re.compile(r"<!--.*?(?:-->|$)|(<(script|style)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>).*?(?:</\2\s*>|$)",
                      re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


def _attributes(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        values[name.lower()] = html_lib.unescape(value) if value else (value or "")
    return values


def extract(html: str) -> tuple[list[str], set[str]]:
    """(every link URL, in document order; every id) of an HTML text."""
    html = _SKIPPED.sub(lambda m: m.group(1) or "", html or "")
    links: list[str] = []
    ids: set[str] = set()
    for match in _TAG.finditer(html):
        tag = match.group(1).lower()
        names = LINK_ATTRIBUTES.get(tag, ())
        attrs = match.group(2)
        if not names and "id" not in attrs.lower():
            continue
        values = _attributes(attrs)
        for name in names:
            if values.get(name):
                links.append(values[name])
        if values.get("id"):
            ids.add(values["id"])
        if tag == "a" and values.get("name"):
            ids.add(values["name"])
    return links, ids


# Scanned on the lower-cased page (patterns starting with a literal are fast in `re`); values are
# read from the original text at the same offsets.
_RAW_SPANS = re.compile(r"<!--.*?(?:-->|$)|<(script|style)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>(.*?)(?:</\1\s*>|$)", re.S)
_ID_VALUE = re.compile(r"id\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_A_NAME = re.compile(r"<a\s(?:\"[^\"]*\"|'[^']*'|[^'\">])*?(?<=[\s\"'])name\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_BEFORE_ATTR = frozenset(" \t\n\r\f\"'")


def extract_ids(html: str) -> set[str]:
    """The ids of `extract` (id="…" of any element, name="…" of <a>), without the links: used on
    every written page, where only the anchors matter."""
    html = html or ""
    low = html.lower()
    if len(low) != len(html):  # a rare character whose lower case is longer: offsets differ
        return extract(html)[1]
    raw = [(m.start(2), m.end(2)) if m.group(1) else m.span() for m in _RAW_SPANS.finditer(low)]
    starts = [a for a, _ in raw]

    def in_raw_text(index: int) -> bool:
        k = bisect.bisect_right(starts, index) - 1
        return k >= 0 and raw[k][0] <= index < raw[k][1]

    ids = set()
    for pattern, needs_space in ((_ID_VALUE, True), (_A_NAME, False)):
        for match in pattern.finditer(low):
            at = match.start()
            if needs_space and (at == 0 or low[at - 1] not in _BEFORE_ATTR):
                continue
            if in_raw_text(at):
                continue
            group = next(i for i in (1, 2, 3) if match.group(i) is not None)
            value = html[match.start(group):match.end(group)]
            if value:
                ids.add(html_lib.unescape(value))
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
