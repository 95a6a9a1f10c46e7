"""Pure core for PDF downloads: inspect, describe, validate, decorate, cover, text, accessibility.

Nothing here knows about Pelican; ``__init__.py`` (wiring) calls these functions.

- :func:`inspect_local_pdf` (plugins/pdfinspect, re-exported) reads size, pages, title, tags and
  language of a local PDF once it is known to be inert and bounded;
- :func:`format_size_fr` / :func:`download_detail` write the DSFR « PDF – 2,3 Mo – 12 pages » detail;
- :func:`parse_declared_size` / :func:`parse_declared_pages` check what editors declare for remote PDFs;
- :func:`validate_attachment` applies the ``attachments:`` front-matter contract (docs/architecture.md);
- :func:`find_pdf_links` / :func:`decorate_pdf_links` turn every PDF link of rendered content into a
  DSFR download link (``fr-link fr-link--download`` + ``fr-link__detail``), with a real HTML parser;
- :func:`render_cover` renders page 1 as a small WebP (pypdfium2), cached by the PDF's SHA-256;
- :func:`extract_pages_text` gives ``(page_number, text)`` pairs for the search index (``#page=N``);
- :func:`pdf_accessibility_report` lists RGAA 13.3 warnings (no title, not tagged, no language).

Every error meant for editors is French and says how to fix the problem. Before a page is rendered
(cover) or its text extracted (search), its bounds are checked again (plugins/pdfinspect: page
size, image and inline-image pixels, text operators).
"""
from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable
from urllib.parse import quote, unquote, urljoin, urlsplit

from plugins.escaping.urls import UrlError, web_url
from plugins.pdfinspect import (IMAGE_MAX_PIXELS, PAGE_MAX_PT, PAGE_MAX_RATIO, PAGE_MIN_PT,  # noqa: F401
                                PDF_MAGIC, PdfError, PdfInfo, image_size_problem, inspect_local_pdf,
                                page_size_problem)
from plugins.pdfinspect import captured_logs as _captured_logs  # noqa: F401
from plugins.pdfinspect import check_file as _check_file
from plugins.pdfinspect import page_streams_problem
from plugins.pdfinspect import pdf_string as _pdf_string  # noqa: F401

NBSP = "\u00a0"
DASH = "–"  # U+2013, the separator used in DSFR download details
PDFS_DIR = "pdfs"  # local PDFs live in content/pdfs/ and are published at /pdfs/
COVER_WIDTH = 300
COVER_MAX_PIXELS = 4_000_000
COVER_VERSION = "1"  # bump to invalidate every cached cover
TEXT_TIME_BUDGET_S = 20        # text extraction of one PDF for search (operators are bounded per page first)
TEXT_PAGE_MAX_CHARS = 100_000  # characters of one page kept for search (a dense page: 5,000)

# ISO 639-1 code -> French adjective used in « en anglais ». `fr` never produces a mention.
LANG_NAMES_FR = {
    "fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
    "pt": "portugais", "nl": "néerlandais", "ar": "arabe", "zh": "chinois", "ru": "russe",
    "pl": "polonais", "ro": "roumain", "tr": "turc", "uk": "ukrainien", "ja": "japonais",
    "el": "grec", "he": "hébreu", "fa": "persan", "vi": "vietnamien", "br": "breton",
    "eu": "basque", "ca": "catalan", "co": "corse", "oc": "occitan", "ht": "créole haïtien",
    "sv": "suédois", "da": "danois", "fi": "finnois", "no": "norvégien", "cs": "tchèque",
    "hu": "hongrois", "bg": "bulgare", "hr": "croate", "sr": "serbe", "sq": "albanais",
    "hy": "arménien", "ka": "géorgien", "ta": "tamoul", "hi": "hindi", "ur": "ourdou",
    "bn": "bengali", "so": "somali", "sw": "swahili", "wo": "wolof", "ln": "lingala",
    "mg": "malgache", "ps": "pachto", "ku": "kurde", "am": "amharique", "ti": "tigrigna",
}

ATTACHMENT_KEYS = ("title", "file", "url", "lang", "size", "pages")


class AttachmentError(Exception):
    """One or more mistakes in one ``attachments:`` entry.

    ``messages`` are plain French messages; :meth:`lines` gives the ``path:line: message`` form.
    Wiring: ``for m in exc.messages: logger.error("%s:%d: %s", exc.path, exc.line, m)``.
    """

    def __init__(self, path: str, line: int, messages: list[str]):
        self.path, self.line, self.messages = str(path), int(line), list(messages)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.path}:{self.line}: {m}" for m in self.messages]


@dataclass(frozen=True)
class DeclaredSize:
    text: str          # normalised display form, e.g. "2,3\u00a0Mo"
    approx_bytes: int  # decimal units: 2,3 Mo -> 2 300 000


@dataclass(frozen=True)
class DeclaredPdf:
    """What is known of a PDF without reading it (remote file): used by resolvers."""
    size_text: str | None = None
    pages: int | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A validated ``attachments:`` entry, ready for templates (``download_link_html``)."""
    title: str
    href: str                  # "/pdfs/rapport.pdf" (local, prefix SITEURL) or the https URL
    is_local: bool
    lang: str                  # 2-letter code, default "fr"
    pages: int | None
    size_bytes: int | None     # exact (local) or approximate from the declared size (remote)
    size_text: str | None      # display form, with U+00A0
    detail: str                # « PDF – 2,3 Mo – 212 pages »
    file: Path | None = None   # absolute path of the local file
    url: str | None = None     # remote URL
    pdf_info: PdfInfo | None = None


@dataclass(frozen=True)
class PdfLink:
    href: str            # attribute value as written (entities decoded)
    text: str            # link text (whitespace collapsed)
    decorated: bool      # already a DSFR download link (class fr-link--download)
    start: int           # offsets of the <a ...> start tag in the HTML string
    end: int


# --------------------------------------------------------------------------------------------
# --------------------------------------------------------------------------------------------
# Sizes and details

_UNITS = (("ko", 10 ** 3), ("Mo", 10 ** 6), ("Go", 10 ** 9))


def _fr_number(value: Decimal, decimals: int) -> str:
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_size_fr(n_bytes: int) -> str:
    """French file size with SI (decimal) units, as on service-public.fr: ``"2,3\u00a0Mo"``.

    Below 1 000 bytes: ``"1\u00a0octet"``, ``"999\u00a0octets"`` (0 and 1 are singular in French).
    Then ko / Mo / Go (1 ko = 1 000 octets): one decimal below 100, none from 100
    (``"850\u00a0ko"``, ``"12,5\u00a0Mo"``), a trailing ``,0`` is dropped (``"2\u00a0Mo"``),
    and a value that rounds to 1 000 moves to the next unit (999 999 -> ``"1\u00a0Mo"``).
    """
    if isinstance(n_bytes, bool) or not isinstance(n_bytes, int) or n_bytes < 0:
        raise ValueError(f"taille invalide : {n_bytes!r} (entier positif attendu)")
    if n_bytes < 1000:
        return f"{n_bytes}{NBSP}octet{'s' if n_bytes >= 2 else ''}"
    for index, (unit, factor) in enumerate(_UNITS):
        value = Decimal(n_bytes) / factor
        decimals = 1 if value < 100 else 0
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if rounded >= 1000 and index < len(_UNITS) - 1:
            continue
        return f"{_fr_number(value, decimals)}{NBSP}{unit}"
    raise AssertionError("unreachable")


def lang_mention(lang: str | None) -> str | None:
    """« en anglais » for ``"en"``; ``None`` for French or no language."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code == "fr":
        return None
    if code not in LANG_NAMES_FR:
        raise ValueError(f"code de langue inconnu : « {lang} »")
    return f"en {LANG_NAMES_FR[code]}"


def download_detail(fmt: str = "PDF", size_bytes: int | None = None, pages: int | None = None,
                    lang: str | None = None, *, size_text: str | None = None) -> str:
    """DSFR ``fr-link__detail`` text: « PDF – 2,3 Mo – 212 pages – en anglais ».

    ``size_text`` (an already formatted/declared size) wins over ``size_bytes``. Parts that are
    unknown are left out: « PDF », « PDF – 3 pages ».
    """
    parts = [fmt]
    if size_text:
        parts.append(size_text.replace(" ", NBSP))
    elif size_bytes is not None:
        parts.append(format_size_fr(size_bytes))
    if pages is not None:
        parts.append(f"{pages}{NBSP}page{'s' if pages > 1 else ''}")
    mention = lang_mention(lang)
    if mention:
        parts.append(mention)
    return f" {DASH} ".join(parts)


_SIZE_RE = re.compile(r"^\s*(\d+)(?:,(\d+))?\s*(ko|Mo|Go)\s*$")


def parse_declared_size(value) -> DeclaredSize:
    """Validate a declared size (remote PDFs): ``"2,3 Mo"``, ``"850 ko"``, ``"1 Go"``.

    Raises ``ValueError`` with a French message that shows the expected form.
    """
    example = "par exemple size: \"2,3 Mo\" ou size: \"850 ko\""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"taille « {value} » sans unité : écrivez la taille entre guillemets avec "
                         f"son unité (ko, Mo ou Go), {example}.")
    match = _SIZE_RE.match(value)
    if not match:
        hint = ""
        if re.match(r"^\s*\d+\.\d+", value):
            hint = " Utilisez une virgule décimale (2,3 et non 2.3)."
        elif re.search(r"(?i)\b(kb|mb|gb|ko|mo|go|kio|mio|octets?)\s*$", value):
            hint = " Unités acceptées : ko, Mo, Go (écrites ainsi : « ko » en minuscules, « Mo » et « Go » avec une majuscule)."
        raise ValueError(f"taille « {value} » invalide : écrivez un nombre (virgule décimale "
                         f"facultative) suivi de ko, Mo ou Go, {example}.{hint}")
    whole, frac, unit = match.groups()
    number = Decimal(f"{whole}.{frac}" if frac else whole)
    if number <= 0:
        raise ValueError(f"taille « {value} » nulle : indiquez la taille réelle du fichier, {example}.")
    factor = dict(_UNITS)[unit]
    text = f"{whole},{frac}" if frac else whole
    return DeclaredSize(text=f"{text}{NBSP}{unit}", approx_bytes=int(number * factor))


def parse_declared_pages(value) -> int:
    """Validate a declared page count: a positive integer written without quotes."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"nombre de pages « {value} » invalide : écrivez un nombre entier sans "
                         "guillemets, par exemple pages: 212.")
    if value < 1:
        raise ValueError(f"nombre de pages « {value} » invalide : le document a au moins une page "
                         "(par exemple pages: 212).")
    return value


# --------------------------------------------------------------------------------------------
# Front matter contract

def _local_href(rel: PurePosixPath) -> str:
    return "/" + quote(rel.as_posix())


def validate_attachment(att, content_root, source_path, line: int, *,
                        allow_restricted: bool = False) -> Attachment:
    """Check one ``attachments:`` entry against docs/architecture.md; return an :class:`Attachment`.

    - exactly one of ``file`` (path relative to content/, under content/pdfs/, must exist and be a
      readable, unencrypted PDF) or ``url`` (``https://``, or ``http://`` when the source only gives that);
    - ``title`` required; ``lang`` optional (2 lowercase letters, default ``fr``);
    - remote: ``size`` (« 2,3 Mo ») and ``pages`` optional, validated when present;
    - local: size and pages are read from the file; declared values must match (better: omit them).

    Raises :class:`AttachmentError` listing every problem of the entry, each as
    ``source_path:line: message en français``.
    """
    content_root = Path(content_root)
    errors: list[str] = []

    def fail():
        raise AttachmentError(source_path, line, errors)

    if not isinstance(att, dict):
        errors.append("chaque pièce jointe doit être un bloc de champs, par exemple :"
                      " « - title: \"Rapport 2021\" » puis « file: pdfs/rapport-2021.pdf » en dessous.")
        fail()

    unknown = [k for k in att if k not in ATTACHMENT_KEYS]
    for key in unknown:
        errors.append(f"champ « {key} » inconnu dans attachments : champs possibles : "
                      f"{', '.join(ATTACHMENT_KEYS)}.")

    title = att.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append("le titre du document manque : ajoutez title: \"Titre du document\" "
                      "(il devient le texte du lien de téléchargement).")
        title = None
    else:
        title = " ".join(title.split())

    lang = att.get("lang", "fr")
    if lang is None:
        lang = "fr"
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
        fixed = lang.strip().lower() if isinstance(lang, str) else None
        if fixed and re.fullmatch(r"[a-z]{2}", fixed):
            errors.append(f"langue « {lang} » invalide : le code s’écrit en minuscules, "
                          f"écrivez lang: {fixed}.")
        else:
            errors.append(f"langue « {lang} » invalide : écrivez le code à deux lettres minuscules "
                          "de la langue du document, par exemple lang: en (anglais).")
        lang = "fr"
    elif lang not in LANG_NAMES_FR:
        errors.append(f"langue « {lang} » inconnue : codes possibles : "
                      f"{', '.join(sorted(LANG_NAMES_FR))}.")
        lang = "fr"

    has_file, has_url = "file" in att and att["file"] is not None, "url" in att and att["url"] is not None
    if has_file and has_url:
        errors.append("indiquez soit file (PDF du site, dans content/pdfs/) soit url (PDF d’un autre "
                      "site), pas les deux : supprimez l’une des deux lignes.")
        fail()
    if not has_file and not has_url:
        errors.append("le document n’a ni file ni url : ajoutez file: pdfs/nom-du-fichier.pdf (PDF "
                      "placé dans content/pdfs/) ou url: https://… (PDF d’un autre site).")
        fail()

    size_decl = pages_decl = None
    if "size" in att:
        try:
            size_decl = parse_declared_size(att["size"])
        except ValueError as exc:
            errors.append(str(exc))
    if "pages" in att:
        try:
            pages_decl = parse_declared_pages(att["pages"])
        except ValueError as exc:
            errors.append(str(exc))

    if has_url:
        url = att["url"]
        parts = urlsplit(url) if isinstance(url, str) else None
        if not isinstance(url, str) or not url.strip():
            errors.append("url vide : indiquez l’adresse complète du PDF, en https://.")
        elif url != url.strip() or any(c.isspace() for c in url):
            errors.append(f"url « {url} » invalide : elle contient des espaces ; copiez l’adresse "
                          "exacte depuis la barre d’adresse (les espaces s’écrivent %20).")
        elif parts.scheme not in ("https", "http") or not parts.netloc:
            # http:// is accepted because some official documents are only published (and sourced)
            # at an http address; the link opens the document, it is not fetched at build.
            errors.append(f"url « {url} » invalide : écrivez une adresse complète commençant par "
                          "https:// (pour un PDF du site, utilisez file: pdfs/nom.pdf).")
        else:
            try:  # parsed and written again by the one URL module (plugins/escaping/urls.py)
                url = web_url(url, allow_http=True)
            except UrlError as exc:
                errors.append(f"url « {url} » invalide : {exc}")
        if errors:
            fail()
        return Attachment(
            title=title, href=url, is_local=False, lang=lang, pages=pages_decl,
            size_bytes=size_decl.approx_bytes if size_decl else None,
            size_text=size_decl.text if size_decl else None,
            detail=download_detail("PDF", pages=pages_decl, lang=lang,
                                   size_text=size_decl.text if size_decl else None),
            url=url)

    # Local file.
    raw = att["file"]
    rel = None
    if not isinstance(raw, str) or not raw.strip():
        errors.append("file vide : indiquez le chemin du PDF depuis content/, par exemple "
                      "file: pdfs/rapport-2021.pdf.")
    elif re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I):
        errors.append(f"file « {raw} » est une adresse web : pour un PDF d’un autre site, "
                      "écrivez url: à la place de file:.")
    else:
        cleaned = raw.strip().replace("\\", "/")
        posix = PurePosixPath(cleaned)
        if cleaned.startswith(("content/", "/")) and ".." not in posix.parts:
            fixed = cleaned.lstrip("/")
            fixed = fixed[len("content/"):] if fixed.startswith("content/") else fixed
            errors.append(f"file « {raw} » : le chemin se lit depuis le dossier content/, "
                          f"écrivez file: {fixed}.")
        elif posix.is_absolute() or ".." in posix.parts:
            errors.append(f"file « {raw} » : le chemin part du dossier content/ et ne remonte pas "
                          "(pas de « .. ») ; placez le PDF dans content/pdfs/ et écrivez "
                          f"file: pdfs/{posix.name}.")
        elif not posix.parts or posix.parts[0] != PDFS_DIR:
            errors.append(f"file « {raw} » : les PDF du site doivent être rangés dans content/pdfs/ "
                          f"; déplacez le fichier et écrivez file: pdfs/{posix.name}.")
        elif posix.suffix.lower() != ".pdf":
            errors.append(f"file « {raw} » n’est pas un fichier .pdf : seuls les PDF sont acceptés "
                          "ici.")
        else:
            rel = posix
    if errors and rel is None:
        fail()
    path = content_root.joinpath(*rel.parts)
    pdfs_root = (content_root / PDFS_DIR).resolve()
    if pdfs_root not in path.resolve().parents:
        errors.append(f"file « {raw} » sort du dossier content/pdfs/ (lien symbolique ?) : "
                      "copiez le PDF dans content/pdfs/.")
        fail()
    if not path.exists():
        siblings = sorted(p.name for p in path.parent.glob("*.pdf")) if path.parent.is_dir() else []
        close = [s for s in siblings if s.lower() == path.name.lower()]
        hint = f" Vouliez-vous dire « {close[0]} » ? (la casse compte)" if close else ""
        errors.append(f"file « {raw} » introuvable : déposez le PDF dans content/{rel.as_posix()} "
                      f"ou corrigez le nom.{hint}")
        fail()
    try:
        info = inspect_local_pdf(path, allow_restricted=allow_restricted)
    except PdfError as exc:
        errors.append(str(exc))
        fail()
    actual_size = format_size_fr(info.size_bytes)
    if size_decl is not None and size_decl.text != actual_size:
        errors.append(f"taille déclarée « {att['size']} » mais le fichier fait {actual_size} : "
                      "supprimez la ligne size: (pour un fichier du site, elle est lue dans le PDF).")
    if pages_decl is not None and pages_decl != info.pages:
        errors.append(f"pages: {pages_decl} déclaré mais le fichier a {info.pages} page"
                      f"{'s' if info.pages > 1 else ''} : supprimez la ligne pages: (pour un fichier "
                      "du site, elle est lue dans le PDF).")
    if errors:
        fail()
    return Attachment(
        title=title, href=_local_href(rel), is_local=True, lang=lang, pages=info.pages,
        size_bytes=info.size_bytes, size_text=actual_size,
        detail=download_detail("PDF", info.size_bytes, info.pages, lang),
        file=path, pdf_info=info)


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
# Links in rendered HTML

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


class _LinkScanner(HTMLParser):
    """Record offsets of <a href="*.pdf"> start tags, their end tags and their text."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0]
        for m in re.finditer("\n", source):
            self.line_starts.append(m.end())
        self.links: list[dict] = []
        self.current: dict | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._close(None)  # an <a> never nests: a new one ends the previous
            href = dict(attrs).get("href")
            if is_pdf_href(href):
                start = self._offset()
                raw = self.get_starttag_text() or ""
                classes = (dict(attrs).get("class") or "").split()
                self.current = {"attrs": attrs, "href": href, "start": start,
                                "end": start + len(raw), "text": [],
                                "decorated": "fr-link--download" in classes, "close": None}
                self.links.append(self.current)
        elif tag == "span" and self.current is not None:
            if "fr-link__detail" in (dict(attrs).get("class") or "").split():
                self.current["decorated"] = True

    def handle_startendtag(self, tag, attrs):
        if tag != "a":  # a self-closing <a/> has no text to decorate: ignored
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self.current is not None:
            self._close(self._offset())

    def _close(self, offset):
        if self.current is not None:
            self.current["close"] = offset
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"].append(data)


def _scan(html: str) -> list[dict]:
    scanner = _LinkScanner(html)
    scanner.feed(html)
    scanner.close()
    return scanner.links


def find_pdf_links(html: str) -> list[PdfLink]:
    """Every ``<a href>`` of ``html`` whose path ends with ``.pdf`` (relative or absolute URL,
    query and fragment ignored), in document order."""
    return [PdfLink(href=l["href"], text=" ".join("".join(l["text"]).split()),
                    decorated=l["decorated"], start=l["start"], end=l["end"])
            for l in _scan(html)]


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


def decorate_pdf_links(html: str, resolver: Callable[[str], object]) -> str:
    """Turn every PDF link of ``html`` into a DSFR download link.

    ``resolver(href)`` returns a :class:`PdfInfo` (local file), a :class:`DeclaredPdf` or an
    :class:`Attachment` (declared remote file), a ready detail string, or ``None`` (unknown
    remote file: detail « PDF » only); it raises (e.g. :class:`PdfError`) for an unknown local
    file — the exception propagates. Existing classes and attributes are kept; links already
    decorated are left untouched (idempotent). Only the ``<a>`` start tags are rewritten and a
    ``<span class="fr-link__detail">`` is inserted before ``</a>``: the rest of the HTML is
    byte-for-byte unchanged.
    """
    links = _scan(html)
    edits: list[tuple[int, int, str]] = []
    for link in links:
        if link["decorated"]:
            continue
        detail, hreflang = _detail_for(resolver(link["href"]))
        attrs = list(link["attrs"])
        names = [n for n, _ in attrs]
        classes = []
        for name, value in attrs:
            if name == "class" and value:
                classes += value.split()
        for cls in ("fr-link", "fr-link--download"):
            if cls not in classes:
                classes.append(cls)
        attrs = [(n, v) for n, v in attrs if n != "class"]
        attrs.insert(0, ("class", " ".join(classes)))
        if hreflang and "hreflang" not in names:
            attrs.append(("hreflang", hreflang))
        edits.append((link["start"], link["end"], f"<a{_attrs_html(attrs)}>"))
        span = f" <span class=\"fr-link__detail\">{html_lib.escape(detail, quote=False)}</span>"
        close = link["close"] if link["close"] is not None else link["end"]
        if link["close"] is None:  # unclosed <a>: put the detail right after the start tag
            span = span.lstrip()
        edits.append((close, close, span))
    out, last = [], 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(html[last:start])
        out.append(text)
        last = end
    out.append(html[last:])
    return "".join(out)


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


# --------------------------------------------------------------------------------------------
# Cover image

def sha256_file(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _webp_supported() -> bool:
    from PIL import features
    return bool(features.check("webp"))


def _open_pdfium(path: Path):
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfError(f"« {path.name} » est protégé par un mot de passe : enregistrez une "
                           "version sans mot de passe avant de la publier.") from None
        raise PdfError(f"« {path.name} » est illisible ou endommagé : réexportez-le en PDF depuis "
                       "le logiciel d’origine, puis remplacez le fichier.") from None


def _rasterize(pdf_path: Path, width: int):
    """Render page 1 at ``width`` pixels wide; returns a Pillow RGB image. Page and image sizes
    are checked first (nothing is rendered or decoded for a page out of bounds)."""
    import pypdf
    try:
        with _captured_logs("pypdf"):
            first = pypdf.PdfReader(pdf_path, strict=False).pages[0]
            problem = image_size_problem(first) or page_streams_problem(first)
    except Exception:  # noqa: BLE001 - unreadable by pypdf: pdfium reports the damage below
        problem = None
    if problem:
        raise PdfError(f"« {pdf_path.name} », page 1 : {problem}")
    pdf = _open_pdfium(pdf_path)
    try:
        if len(pdf) < 1:
            raise PdfError(f"« {pdf_path.name} » ne contient aucune page.")
        page = pdf[0]
        try:
            page_width, page_height = page.get_width(), page.get_height()
            problem = page_size_problem(page_width, page_height)
            if problem is None and width * page_height * width / page_width > COVER_MAX_PIXELS:
                problem = "la couverture serait trop grande"
            if problem:
                raise PdfError(f"« {pdf_path.name} », page 1 : {problem}")
            bitmap = page.render(scale=width / page_width, may_draw_forms=False)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()
    if image.width != width:
        from PIL import Image
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return image


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_cover(pdf_path, cache_dir, *, width: int = COVER_WIDTH) -> tuple[Path, int, int]:
    """First page of ``pdf_path`` as a ``width``-pixel-wide image in ``cache_dir``.

    WebP (lossy, quality 80) when Pillow supports it, PNG otherwise. The file is named after the
    SHA-256 of the PDF bytes (+ width and format): a second call with the same PDF returns the
    cached file without rendering. Returns ``(path, width, height)``; copy the file to the output
    (e.g. ``/pdfs/covers/<name>``) and use ``alt=""`` (the link text already gives the title).
    """
    from PIL import Image

    pdf_path = _check_file(pdf_path)
    cache_dir = Path(cache_dir)
    fmt, ext = ("WEBP", "webp") if _webp_supported() else ("PNG", "png")
    digest = sha256_file(pdf_path)
    target = cache_dir / f"{digest}-w{width}-v{COVER_VERSION}.{ext}"
    if target.is_file():
        try:
            with Image.open(target) as cached:
                return target, cached.width, cached.height
        except OSError:
            target.unlink(missing_ok=True)  # damaged cache entry: render again
    image = _rasterize(pdf_path, width)

    def write(tmp: Path):
        if fmt == "WEBP":
            image.save(tmp, "WEBP", quality=80, method=6)
        else:
            image.save(tmp, "PNG", optimize=True)

    _atomic_write(target, write)
    return target, image.width, image.height


# --------------------------------------------------------------------------------------------
# Text for the search index

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean_text(text: str) -> str:
    text = text.replace("\u00ad", "")  # soft hyphens
    # PDFium marks a hyphen that splits a word at a line end with U+0002: join the word.
    text = re.sub(r"\x02\s*", "", text)
    text = _CONTROL_RE.sub(" ", text)
    return " ".join(text.split())


def extract_pages_text(pdf_path) -> list[tuple[int, str]]:
    """``[(page_number, text), ...]`` with 1-based page numbers (link to ``file.pdf#page=N``).

    Whitespace is collapsed to single spaces; pages without text give ``""`` (scanned pages:
    the PDF needs OCR to be searchable — and accessible).
    """
    import pypdf
    pdf_path = _check_file(pdf_path)
    with _captured_logs("pypdf"):
        try:
            pages = pypdf.PdfReader(pdf_path, strict=False).pages
            for number, page in enumerate(pages, start=1):
                problem = page_streams_problem(page)
                if problem:
                    raise PdfError(f"« {pdf_path.name} », page {number} : {problem}")
        except PdfError:
            raise
        except Exception:  # noqa: BLE001 - unreadable by pypdf: pdfium reports the damage below
            pass
    pdf = _open_pdfium(pdf_path)
    result = []
    start = time.monotonic()
    try:
        for index in range(len(pdf)):
            if time.monotonic() - start > TEXT_TIME_BUDGET_S:
                raise PdfError(f"« {pdf_path.name} » : l’extraction du texte pour la recherche dépasse "
                               f"{TEXT_TIME_BUDGET_S} secondes (page {index + 1}) ; réexportez-le avec « Imprimer > "
                               "Enregistrer au format PDF », puis remplacez le fichier.")
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded()
                finally:
                    textpage.close()
            finally:
                page.close()
            result.append((index + 1, _clean_text(text[:TEXT_PAGE_MAX_CHARS])))
    finally:
        pdf.close()
    return result


# --------------------------------------------------------------------------------------------
# Accessibility (RGAA 13.3: downloadable office documents must have an accessible version)

def pdf_accessibility_report(path, *, info: PdfInfo | None = None) -> list[str]:
    """French warnings for ``make check`` (empty list: nothing to report). Raises PdfError when
    the file cannot be read at all."""
    if info is None:
        info = inspect_local_pdf(path, allow_restricted=True)
    name = Path(path).name
    warnings = []
    if not info.title:
        warnings.append(f"« {name} » n’a pas de titre dans ses propriétés (métadonnée /Title) : "
                        "renseignez le titre dans le logiciel d’origine (Fichier > Propriétés) puis "
                        "réexportez le PDF (RGAA 13.3).")
    if not info.tagged:
        warnings.append(f"« {name} » n’est pas balisé (PDF non structuré, illisible par les lecteurs "
                        "d’écran) : réexportez-le avec l’option « PDF balisé » / « structure pour "
                        "l’accessibilité » cochée, ou proposez une version accessible (RGAA 13.3).")
    if not info.lang:
        warnings.append(f"« {name} » n’indique pas sa langue (/Lang) : définissez la langue du "
                        "document (français) dans le logiciel d’origine puis réexportez (RGAA 13.3).")
    if info.encrypted:
        warnings.append(f"« {name} » est chiffré avec des restrictions (impression, copie) qui "
                        "peuvent bloquer les technologies d’assistance : publiez une version sans "
                        "protection (RGAA 13.3).")
    return warnings
