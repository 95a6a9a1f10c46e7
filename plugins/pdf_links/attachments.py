"""The ``attachments:`` entries, once the content schema has accepted them
(plugins/common/rules/attachments.py holds every rule that needs no file): each becomes an
:class:`Attachment`, or an :class:`AttachmentError` listing what is wrong with its file, in French."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from plugins.escaping.urls import web_url
from plugins.pdfinspect import PdfError, PdfInfo, inspect_local_pdf

from .details import (LANG_NAMES_FR, PDFS_DIR, DeclaredSize, download_detail, format_size_fr,  # noqa: F401
                      parse_declared_pages, parse_declared_size)

ATTACHMENT_KEYS = ("title", "file", "url", "lang", "size", "pages")


class AttachmentError(Exception):
    """One or more mistakes in one ``attachments:`` entry.

    ``messages`` are plain French messages; ``fields`` says, for each, which field of the entry it is
    about (None: the entry as a whole), so the wiring reports the field's own line without guessing
    from the wording. :meth:`lines` gives the ``path:line: message`` form.
    """

    def __init__(self, path: str, line: int, messages: list):
        pairs = [m if isinstance(m, tuple) else (None, m) for m in messages]
        self.path, self.line = str(path), int(line)
        self.fields = [f for f, _ in pairs]
        self.messages = [m for _, m in pairs]
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.path}:{self.line}: {m}" for m in self.messages]


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


def _local_href(rel: PurePosixPath) -> str:
    return "/" + quote(rel.as_posix())


def validate_attachment(att: dict, content_root, source_path, line: int, *,
                        allow_restricted: bool = False) -> Attachment:
    """One ``attachments:`` entry that the content schema accepted, as an :class:`Attachment`.

    - remote (``url``): the declared ``size`` and ``pages`` are shown as given;
    - local (``file``, under content/pdfs/): the file must exist, stay under content/pdfs/ and be a
      readable, unencrypted PDF; size and pages are read from it, and declared values must match.

    Raises :class:`AttachmentError` listing every problem of the entry's file, each as
    ``source_path:line: message en français``. An entry the schema refuses (the reader has reported
    it and Pelican skipped the page) raises it too, without a second explanation.
    """
    content_root = Path(content_root)
    errors: list[tuple[str | None, str]] = []   # (field the message is about, message)

    def fail():
        raise AttachmentError(source_path, line, errors)

    try:
        title = " ".join(att["title"].split())
        lang = att.get("lang") or "fr"
        size_decl = parse_declared_size(att["size"]) if "size" in att else None
        pages_decl = parse_declared_pages(att["pages"]) if "pages" in att else None
        if att.get("url") is not None:
            url = web_url(att["url"], allow_http=True)  # parsed and written again by the URL module
            return Attachment(
                title=title, href=url, is_local=False, lang=lang, pages=pages_decl,
                size_bytes=size_decl.approx_bytes if size_decl else None,
                size_text=size_decl.text if size_decl else None,
                detail=download_detail("PDF", pages=pages_decl, lang=lang,
                                       size_text=size_decl.text if size_decl else None),
                url=url)
        raw = att["file"]
        rel = PurePosixPath(raw.strip().replace("\\", "/"))
        if rel.parts[0] != PDFS_DIR or ".." in rel.parts or rel.suffix.lower() != ".pdf":
            raise ValueError(raw)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        errors.append((None, "pièce jointe refusée par les règles de l’en-tête : lancez make check pour "
                             "voir comment la corriger."))
        fail()
    path = content_root.joinpath(*rel.parts)
    pdfs_root = (content_root / PDFS_DIR).resolve()
    if pdfs_root not in path.resolve().parents:
        errors.append(("file", f"file « {raw} » sort du dossier content/pdfs/ (lien symbolique ?) : "
                               "copiez le PDF dans content/pdfs/."))
        fail()
    if not path.exists():
        siblings = sorted(p.name for p in path.parent.glob("*.pdf")) if path.parent.is_dir() else []
        close = [s for s in siblings if s.lower() == path.name.lower()]
        hint = f" Vouliez-vous dire « {close[0]} » ? (la casse compte)" if close else ""
        errors.append(("file", f"file « {raw} » introuvable : déposez le PDF dans content/{rel.as_posix()} "
                               f"ou corrigez le nom.{hint}"))
        fail()
    try:
        info = inspect_local_pdf(path, allow_restricted=allow_restricted)
    except PdfError as exc:
        errors.append(("file", str(exc)))
        fail()
    actual_size = format_size_fr(info.size_bytes)
    if size_decl is not None and size_decl.text != actual_size:
        errors.append(("size", f"taille déclarée « {att['size']} » mais le fichier fait {actual_size} : "
                               "supprimez la ligne size: (pour un fichier du site, elle est lue dans le PDF)."))
    if pages_decl is not None and pages_decl != info.pages:
        errors.append(("pages", f"pages: {pages_decl} déclaré mais le fichier a {info.pages} page"
                                f"{'s' if info.pages > 1 else ''} : supprimez la ligne pages: (pour un "
                                "fichier du site, elle est lue dans le PDF)."))
    if errors:
        fail()
    return Attachment(
        title=title, href=_local_href(rel), is_local=True, lang=lang, pages=info.pages,
        size_bytes=info.size_bytes, size_text=actual_size,
        detail=download_detail("PDF", info.size_bytes, info.pages, lang),
        file=path, pdf_info=info)
