"""PDF links of rendered bodies: every ``<a href="….pdf">`` becomes a DSFR download link
(``fr-link fr-link--download`` + ``<span class="fr-link__detail">PDF – 2,3 Mo – 12 pages</span>``).

The links are read and changed on the body's one parsed tree (plugins/common/body.py, Lexbor): no
regular expression or second parser over the HTML. :func:`decorate_pdf_links` is the same on a
string, for tools and tests.
"""
from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable
from urllib.parse import unquote, urljoin, urlsplit

from plugins.common import body as body_pass
from plugins.pdfinspect import PdfError, PdfInfo

from .attachments import Attachment
from .details import PDFS_DIR, DeclaredPdf, download_detail

DECORATED = "fr-link--download"
DETAIL = "fr-link__detail"


@dataclass(frozen=True)
class PdfLink:
    href: str            # attribute value as written (entities decoded)
    text: str            # link text (whitespace collapsed)
    decorated: bool      # already a DSFR download link (class fr-link--download or a detail inside)


def is_pdf_href(href: str | None) -> bool:
    if not href:
        return False
    parts = urlsplit(href.strip())
    if parts.scheme and parts.scheme.lower() not in ("http", "https", "file", ""):
        return False
    return unquote(parts.path).lower().endswith(".pdf")


def _attrs_html(attrs: Iterable[tuple[str, str | None]]) -> str:
    out = []
    for name, value in attrs:
        out.append(f" {name}" if value is None else f" {name}=\"{html_lib.escape(value, quote=True)}\"")
    return "".join(out)


def download_link_html(att: Attachment, *, siteurl: str = "") -> str:
    """DSFR download link for a validated attachment (for ``article.downloads``)."""
    href = att.href if not att.is_local else f"{siteurl.rstrip('/')}{att.href}"
    attrs = [("class", "fr-link fr-link--download"), ("href", href)]
    if att.is_local:
        attrs.append(("download", None))
    if att.lang != "fr":
        attrs.append(("hreflang", att.lang))
    return (f"<a{_attrs_html(attrs)}>{html_lib.escape(att.title, quote=False)} "
            f"<span class=\"fr-link__detail\">{html_lib.escape(att.detail, quote=False)}</span></a>")


# --------------------------------------------------------------------------------------------
# On the parsed tree

def _is_decorated(node) -> bool:
    if DECORATED in (node.attributes.get("class") or "").split():
        return True
    return any(DETAIL in (span.attributes.get("class") or "").split() for span in node.css("span[class]"))


def pdf_link_nodes(root) -> list:
    """The ``<a href>`` elements under ``root`` whose path ends with ``.pdf`` (relative or absolute
    URL, query and fragment ignored), in document order."""
    if root is None:
        return []
    return [node for node in root.css("a[href]") if is_pdf_href(node.attributes.get("href"))]


def pdf_links_of(root) -> list[PdfLink]:
    return [PdfLink(href=node.attributes.get("href") or "", text=" ".join(node.text(deep=True).split()),
                    decorated=_is_decorated(node)) for node in pdf_link_nodes(root)]


def _detail_for(info) -> tuple[str, str | None]:
    """(detail text, hreflang) for what a resolver returned."""
    if info is None:
        return "PDF", None
    if isinstance(info, Attachment):
        return info.detail, (info.lang if info.lang != "fr" else None)
    if isinstance(info, PdfInfo):
        # The file's /Lang is often wrong (tools default to en-US): never shown as a mention.
        return download_detail("PDF", info.size_bytes, info.pages), None
    if isinstance(info, DeclaredPdf):
        lang = info.lang if info.lang and info.lang != "fr" else None
        return download_detail("PDF", pages=info.pages, lang=lang, size_text=info.size_text), lang
    if isinstance(info, str):
        return info, None
    raise TypeError(f"resolver returned {type(info).__name__}")


def decorate_tree(tree, resolver: Callable[[str], object]) -> bool:
    """Turn every PDF link of a parsed body into a DSFR download link; True when one changed.

    ``resolver(href)`` returns a :class:`PdfInfo` (local file), a :class:`DeclaredPdf` or an
    :class:`Attachment` (declared remote file), a ready detail string, or ``None`` (unknown
    remote file: detail « PDF » only); it raises (e.g. :class:`PdfError`) for an unknown local
    file — the exception propagates. Existing classes and attributes are kept, ``class`` first;
    links already decorated are left untouched (idempotent); the detail is the link's last child.
    """
    changed = False
    for node in pdf_link_nodes(tree.root):
        if _is_decorated(node):
            continue
        detail, hreflang = _detail_for(resolver(node.attributes.get("href") or ""))
        attrs = list(node.attributes.items())
        classes = []
        for name, value in attrs:
            if name == "class" and value:
                classes += value.split()
        classes += [c for c in ("fr-link", DECORATED) if c not in classes]
        ordered = [("class", " ".join(classes))] + [(n, v) for n, v in attrs if n != "class"]
        if hreflang and "hreflang" not in node.attributes:
            ordered.append(("hreflang", hreflang))
        for name, _ in attrs:
            del node.attrs[name]
        for name, value in ordered:
            node.attrs[name] = value if value is not None else ""
        span = body_pass.parse(f'<span class="{DETAIL}"></span>').css_first("span")
        span.insert_child(detail)
        if node.last_child is not None:
            node.insert_child(" ")
        node.insert_child(span)
        changed = True
    return changed


def decorate_pdf_links(html: str, resolver: Callable[[str], object]) -> str:
    """:func:`decorate_tree` on an HTML string (the same string when no link changed)."""
    tree = body_pass.parse(html)
    return body_pass.serialize(tree) if decorate_tree(tree, resolver) else html


def find_pdf_links(html: str) -> list[PdfLink]:
    """Every PDF link of ``html`` (see :func:`pdf_link_nodes`)."""
    return pdf_links_of(body_pass.parse(html).root)


def local_pdf_for_href(href: str, content_root, *, page_url: str = "/", siteurl: str = "") -> Path | None:
    """Map a PDF link of rendered content to its file in content/pdfs/, or ``None`` if remote.

    ``page_url`` is the URL of the page holding the link (relative links are resolved against it);
    absolute links starting with ``siteurl`` count as local. Raises :class:`PdfError` when a local
    link points outside /pdfs/ or to a missing file.
    """
    content_root = Path(content_root)
    href = href.strip()
    siteurl = siteurl.rstrip("/")
    if siteurl and (href == siteurl or href.startswith(siteurl + "/")):
        href = href[len(siteurl):] or "/"
    base = "http://site.invalid" + ("/" + page_url.lstrip("/"))
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.netloc != "site.invalid":
        return None
    path = PurePosixPath(unquote(parts.path))
    if len(path.parts) < 3 or path.parts[1] != PDFS_DIR or ".." in path.parts:
        raise PdfError(f"lien « {href} » vers un PDF hors de /pdfs/ : déposez le fichier dans "
                       "content/pdfs/ et faites le lien vers /pdfs/nom-du-fichier.pdf.")
    file = content_root.joinpath(*path.parts[1:])
    if not file.is_file():
        raise PdfError(f"lien « {href} » : le fichier content/{'/'.join(path.parts[1:])} est "
                       "introuvable ; déposez le PDF ou corrigez le lien.")
    return file
