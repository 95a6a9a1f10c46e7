"""PDF downloads: DSFR download links with « PDF – 2,3 Mo – 12 pages », covers, text for search,
accessibility report. The pure core is in ``core.py``; this module is the Pelican wiring.

For every article and page (``content_object_init``):
- each ``attachments:`` entry (its rules without the file: the content schema's) gets its file
  checked; mistakes fail the build with ``file:line: message`` naming the page; ``item.downloads``
  gets one typed :class:`plugins.common.downloads.Download` per entry (title, href, detail, hreflang,
  local, rel, cover), shown by ``macros/download.html``;
- local attachments get a cover (page 1 as WebP, cached by content hash in
  ``BUILD_CACHE_DIR/covers``, published under ``/pdfs/covers/``);
- every PDF link of the body becomes a DSFR download link with its detail, as one transform of
  the body pass (plugins/common/body.py); a local link to a missing, unreadable or encrypted PDF
  fails the build.

Also exposed (no Pelican needed): :func:`pdf_search_documents` (search index, one document per
PDF page) and :func:`check_pdfs` (``make check``: RGAA 13.3 warnings, never fatal).
"""
from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.contents import Static

from plugins import pdfinspect, remote_pdfs
from plugins.common import body as body_pass
from plugins.common import settings as typed
from plugins.common.downloads import Cover, Download
from plugins.common.record import PageRecord, record_of

from . import core

logger = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = ".cache"
DEFAULT_COVERS_DIR = "pdfs/covers"  # under OUTPUT_PATH, and the URL path of covers


@dataclass(frozen=True)
class PdfLinks:
    """Settings of plugins/pdf_links (PDF_<FIELD>), defaults here only. The cache folder is the
    build's (BUILD_CACHE_DIR, shared with plugins/printable): see cache_dir()."""
    cover_width: int = core.COVER_WIDTH           # width of the covers, in pixels
    covers_dir: str = DEFAULT_COVERS_DIR          # under OUTPUT_PATH, and the URL path of covers

    @classmethod
    def read(cls, settings) -> PdfLinks:
        return typed.read(cls, settings, "PDF")


PLACEHOLDER_RE = re.compile(r"^(?:\{(static|attach|filename)\}|\|(static|attach|filename)\|)(.*)$")


def _rel(path) -> str:
    return os.path.relpath(str(path), os.getcwd())


def cache_dir(settings) -> Path:
    return Path(settings.get("BUILD_CACHE_DIR") or DEFAULT_CACHE_DIR)


def inspect_cached(path: Path):
    """:func:`core.inspect_local_pdf`, memoised per process (plugins/pdfinspect; raises PdfError)."""
    return pdfinspect.inspect_cached(path)


# --------------------------------------------------------------------------------------------
# Line numbers: from the page's record (plugins/common/record.py), never by reading the file again

def attachment_lines(record: PageRecord, count: int) -> list[dict]:
    """For each of the first ``count`` ``attachments:`` entries: {"": line of the entry, "url": line of
    its url, …} (only the fields the entry has)."""
    entries = []
    for index in range(count):
        lines = {"": record.line_of(("attachments", index), record.line_of(("attachments",)))}
        for name in core.ATTACHMENT_KEYS:
            if ("attachments", index, name) in record.node_lines:
                lines[name] = record.node_lines[("attachments", index, name)]
        entries.append(lines)
    return entries


# --------------------------------------------------------------------------------------------
# Display values

def cover_for(att: core.Attachment, settings) -> Cover:
    """Render (or reuse) the cover of a local attachment and publish it."""
    options = PdfLinks.read(settings)
    width = int(options.cover_width)
    path, w, h = core.render_cover(att.file, cache_dir(settings) / "covers", width=width)
    covers = options.covers_dir.strip("/")
    target = Path(settings["OUTPUT_PATH"]) / covers / path.name
    if not target.is_file() or target.stat().st_size != path.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    siteurl = settings.get("SITEURL", "").rstrip("/")
    return Cover(src=f"{siteurl}/{covers}/{path.name}", width=w, height=h,
                 alt=f"Couverture du document : {att.title}")


def remote_detail(href: str, settings, att: core.Attachment | None = None):
    """Detail of a remote PDF: what the page declares, else what `make liens` recorded in the lock
    file (plugins/remote_pdfs: the build fetches nothing), else the declared attachment or None."""
    if att is not None and (att.size_text is not None or att.pages is not None):
        return att
    lock = Path(settings["PATH"]) / remote_pdfs.LOCK_FILE
    try:
        entry = remote_pdfs.load_lock(lock).get(href.strip())
    except remote_pdfs.LockError as exc:
        logger.error("%s:1: PDF distants : %s", _rel(lock), exc)
        entry = None
    if entry is None:
        return att
    lang = att.lang if att is not None and att.lang != "fr" else None
    return core.download_detail("PDF", entry.size, entry.pages, lang)


def download_entry(att: core.Attachment, settings, cover: Cover | None = None) -> Download:
    """What ``macros/download.html`` displays for one attachment."""
    siteurl = settings.get("SITEURL", "").rstrip("/")
    detail = att.detail
    if not att.is_local:
        found = remote_detail(att.href, settings, att)
        detail = found if isinstance(found, str) else detail
    return Download(
        title=att.title,
        href=f"{siteurl}{att.href}" if att.is_local else att.href,
        detail=detail,
        hreflang=att.lang if att.lang != "fr" else None,
        local=att.is_local,
        rel=None if att.is_local else "noopener noreferrer external",
        cover=cover,
    )


# --------------------------------------------------------------------------------------------
# Wiring

def _page_label(instance) -> str:
    title = re.sub(r"<[^>]+>", "", str(getattr(instance, "title", "") or ""))
    url = "/" + str(getattr(instance, "url", "") or "")
    return f"page « {title} » ({url})"


def _site_href(href: str, instance) -> str:
    """``{static}/pdfs/x.pdf`` (Pelican placeholders) -> ``/pdfs/x.pdf``; other hrefs unchanged."""
    match = PLACEHOLDER_RE.match(href.strip())
    if not match:
        return href
    target = match.group(3)
    if target.startswith("/"):
        return "/" + target.lstrip("/")
    root = Path(instance.settings["PATH"]).resolve()
    source_dir = Path(instance.source_path).resolve().parent
    try:
        base = source_dir.relative_to(root).as_posix()
    except ValueError:
        base = ""
    return "/" + posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def validate_attachments(instance) -> list[core.Attachment]:
    raw = instance.metadata.get("attachments") or []
    if not raw or not isinstance(raw, list):
        return []  # none, or wrong shape (reported by content_schema): no need to read the file again
    rel = _rel(instance.source_path)
    record = record_of(instance)
    default = record.line_of(("attachments",))
    lines = attachment_lines(record, len(raw))
    content_root = Path(instance.settings["PATH"])
    valid = []
    for index, entry in enumerate(raw):
        entry_lines = lines[index] if index < len(lines) else {}
        line = entry_lines.get("", default)
        try:
            valid.append(core.validate_attachment(entry, content_root, rel, line))
        except core.AttachmentError as exc:
            for field, message in zip(exc.fields, exc.messages):
                logger.error("%s:%d: pièce jointe de la %s : %s", exc.path,
                             entry_lines.get(field, line) if field else line, _page_label(instance),
                             message)
    return valid


def attachments_of(instance) -> list[core.Attachment]:
    """The page's valid attachments, validated (and their mistakes reported) once per page: by
    whichever of `process_content` and the body transform asks first."""
    found = instance.__dict__.get("_pdf_attachments")
    if found is None:
        found = instance._pdf_attachments = validate_attachments(instance)
    return found


def decorate_body(body: body_pass.Body) -> None:
    """Body pass transform: every PDF link of the page becomes a DSFR download link."""
    instance = body.content
    settings = instance.settings
    content_root = Path(settings["PATH"])
    remote = {a.href: a for a in attachments_of(instance) if not a.is_local}
    titles = instance._context.setdefault("PDF_TITLES", {}) if instance._context is not None else {}
    problems: list[tuple[str, str]] = []  # (href as written, French message)

    def resolve(href: str):
        site_href = _site_href(href, instance)
        try:
            path = core.local_pdf_for_href(site_href, content_root, page_url="/" + instance.url,
                                           siteurl=settings.get("SITEURL", ""))
            if path is None:
                return remote_detail(href, settings, remote.get(href.strip()))
            return inspect_cached(path)
        except core.PdfError as exc:
            problems.append((href, str(exc)))
            return "PDF"

    for link in core.pdf_links_of(body.tree.root):
        site_href = _site_href(link.href, instance)
        if site_href.startswith("/" + core.PDFS_DIR + "/") and link.text and not link.decorated:
            titles.setdefault(site_href, link.text)
    if core.decorate_tree(body.tree, resolve):
        body.touch()
    for href, message in problems:
        line = record_of(instance).body_line_of_text([href, posixpath.basename(href)])
        logger.error("%s:%d: lien vers un PDF de la %s : %s", _rel(instance.source_path), line,
                     _page_label(instance), message)


def _wants(html: str) -> bool:
    return ".pdf" in html.lower()


def process_content(instance) -> None:
    if isinstance(instance, Static) or not getattr(instance, "source_path", None):
        return
    settings = instance.settings
    downloads: list[Download] = []
    titles = instance._context.setdefault("PDF_TITLES", {}) if instance._context is not None else {}
    for att in attachments_of(instance):
        cover = None
        if att.is_local:
            titles[att.href] = att.title
            try:
                cover = cover_for(att, settings)
            except core.PdfError as exc:
                logger.error("%s:%d: couverture impossible pour la %s : %s", _rel(instance.source_path),
                             record_of(instance).line_of(("attachments",)),
                             _page_label(instance), exc)
        downloads.append(download_entry(att, settings, cover))
    instance.downloads = downloads


def offer_search_documents(generator) -> None:
    """generator_init: offer one search document per PDF page to plugins/search_index (the context
    list « SEARCH_DOCUMENTS »), produced when the index is written, with the titles the pages gave."""
    context = generator.context
    offered = context.setdefault("SEARCH_DOCUMENTS", [])
    if any(kind == "pdf" for kind, _ in offered):
        return  # one offer per build (every generator shares the context)
    offered.append(("pdf", lambda: pdf_search_documents(generator.settings["PATH"],
                                                       titles=context.get("PDF_TITLES"), siteurl="")))


ORDER = 20  # body pass: after the links are read (10), before external rel (30) and sub-paths (90)


def register():
    signals.content_object_init.connect(process_content)
    body_pass.register_transform(ORDER, "pdf_links", decorate_body, _wants)
    signals.generator_init.connect(offer_search_documents)


# --------------------------------------------------------------------------------------------
# Outside the build: search index and `make check`

def _local_pdfs(content_root) -> list[Path]:
    folder = Path(content_root) / core.PDFS_DIR
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf") \
        if folder.is_dir() else []


def pdf_search_documents(content_root, titles: dict | None = None, siteurl: str = "") -> list[dict]:
    """One search document per page of every readable PDF of ``content_root/pdfs/``.

    ``titles`` maps ``/pdfs/name.pdf`` to a title (the build fills ``context["PDF_TITLES"]`` with
    attachment titles and link texts); otherwise the PDF's own /Title, else its file name.
    Documents: ``id`` and ``url`` (``/pdfs/name.pdf#page=N``), ``type`` ``"pdf"``,
    ``title`` (« Titre – page N ») and ``body`` (page text). Pages without text are left out;
    unreadable or encrypted PDFs are skipped (the build or ``make check`` reports them).
    """
    titles = titles or {}
    root = Path(content_root)
    documents = []
    for path in _local_pdfs(root):
        href = "/" + path.relative_to(root).as_posix()
        try:
            info = inspect_cached(path)
        except core.PdfError:
            continue  # reported by plugins/content_guard (every PDF) or `make check`
        try:
            pages = core.extract_pages_text(path)
        except core.PdfError as exc:
            logger.error("%s:1: %s", _rel(path), exc)
            continue
        title = titles.get(href) or info.title or path.stem.replace("-", " ").replace("_", " ")
        for number, text in pages:
            if not text:
                continue
            url = f"{siteurl.rstrip('/')}{href}#page={number}"
            documents.append({"id": f"{href}#page={number}", "url": url, "type": "pdf",
                              "title": f"{title} {core.DASH} page {number}", "body": text})
    return documents


def check_pdfs(content_root) -> list[str]:
    """Accessibility warnings (RGAA 13.3) for every PDF of ``content_root/pdfs/``, as
    ``content/pdfs/x.pdf: message`` lines. Never raises for a bad PDF: it becomes a line."""
    warnings = []
    for path in _local_pdfs(content_root):
        rel = _rel(path)
        try:
            messages = core.pdf_accessibility_report(path)
        except core.PdfError as exc:
            messages = [str(exc)]
        warnings += [f"{rel}: {m}" for m in messages]
    return warnings
