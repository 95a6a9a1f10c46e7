"""Inspection of a local PDF (moved from plugins/pdf_links/core.py): size, pages, title, tags,
language, after the checks of inert.py. Every message is French, names the file and says how to
export a clean PDF. pypdf's own log records are captured (never propagated): the strict build
fails on any WARNING record.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from plugins.escaping.text import text_problem

from . import inert

PDF_MAGIC = b"%PDF-"
# Page sizes accepted (PDF points): a page outside these bounds would make a cover or a text
# page of absurd size (3 × 14,400 pt: a multi-gigabyte bitmap). Checked from the mediabox (pypdf)
# before anything is rendered; the cover's pixel count is bounded again just before rendering.
PAGE_MIN_PT, PAGE_MAX_PT, PAGE_MAX_RATIO = 72, 14400, 8
IMAGE_MAX_PIXELS = 150_000_000  # an image declared larger (a 600 dpi A4 scan: 35 Mpixels) is refused
METADATA_KEYS = ("/Title", "/Author", "/Subject", "/Keywords")


class PdfError(Exception):
    """A PDF that cannot be published as is. ``str(exc)`` is a French message for editors."""


@dataclass(frozen=True)
class PdfInfo:
    size_bytes: int
    pages: int
    title: str | None          # document information /Title (or XMP dc:title), stripped
    tagged: bool               # /MarkInfo /Marked true and /StructTreeRoot present
    encrypted: bool            # only True with allow_restricted=True (owner-password-only files)
    lang: str | None           # catalog /Lang, as written in the file (e.g. "fr-FR")
    reader_warnings: tuple[str, ...] = field(default=(), compare=False)  # pypdf's (captured) warnings


# --------------------------------------------------------------------------------------------
# Log capture: pypdf reports recoverable problems as WARNING records, which would fail the
# strict build with an English message. We collect them instead.

_capture_lock = threading.RLock()


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class captured_logs:
    """Context manager: records of ``logger_name`` (and children) go to a list, not to the root."""

    def __init__(self, logger_name: str, level: int = logging.WARNING):
        self.logger = logging.getLogger(logger_name)
        self.level = level
        self.handler = _ListHandler()

    def __enter__(self):
        _capture_lock.acquire()
        self._old = (self.logger.propagate, self.logger.level)
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        if self.logger.level == logging.NOTSET or self.logger.level > self.level:
            self.logger.setLevel(self.level)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.propagate, level = self._old
        self.logger.setLevel(level)
        _capture_lock.release()
        return False

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(r.getMessage() for r in self.handler.records if r.levelno >= self.level)


# --------------------------------------------------------------------------------------------
# Inspection

def _read_header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(len(PDF_MAGIC))


def check_file(path) -> Path:
    """The path of a regular file that starts with ``%PDF-`` (byte 0), or PdfError."""
    path = Path(path)
    if path.is_symlink():
        raise PdfError(f"« {path.name} » est un lien symbolique : déposez le fichier PDF lui-même "
                       "dans content/pdfs/.")
    if not path.exists():
        raise PdfError(f"fichier introuvable : « {path} » ; vérifiez le nom et l’emplacement "
                       "(les PDF locaux vont dans content/pdfs/).")
    if not path.is_file():
        raise PdfError(f"« {path} » n’est pas un fichier : indiquez le chemin d’un fichier PDF.")
    if _read_header(path) != PDF_MAGIC:
        raise PdfError(f"« {path.name} » n’est pas un PDF (signature %PDF- absente en tête du fichier) : "
                       "exportez le document au format PDF depuis le logiciel d’origine.")
    return path


def pdf_string(value) -> str | None:
    if value is None:
        return None
    try:
        text = str(value.get_object() if hasattr(value, "get_object") else value)
    except Exception:
        return None
    text = text.replace("\x00", "").strip()
    return text or None


def _xmp_title(reader) -> str | None:
    try:
        xmp = reader.xmp_metadata
        titles = xmp.dc_title if xmp is not None else None
    except Exception:
        return None
    if not titles:
        return None
    value = titles.get("x-default") or next(iter(titles.values()), None)
    return pdf_string(value)


def page_size_problem(width: float, height: float) -> str | None:
    """French refusal of a page size (points), or None."""
    small, large = sorted((abs(width), abs(height)))
    if small < PAGE_MIN_PT or large > PAGE_MAX_PT or large > small * PAGE_MAX_RATIO:
        return (f"format de page inhabituel ({width:.0f} × {height:.0f} points) : le site n’accepte que "
                "des pages de format courant (A4, A3, lettre, diapositive…) ; réexportez le document "
                "dans un format de page standard.")
    return None


def image_size_problem(page, depth: int = 0) -> str | None:
    """French refusal of an image XObject of `page` (or of its forms, 3 levels) whose declared
    size exceeds IMAGE_MAX_PIXELS: read from the dictionaries, nothing decoded."""
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if resources is not None else None
        xobjects = xobjects.get_object() if xobjects is not None else {}
        for ref in xobjects.values():
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
                if width * height > IMAGE_MAX_PIXELS:
                    return (f"image de {width} × {height} pixels, trop grande pour être affichée : "
                            "réexportez le PDF avec des images compressées (qualité « écran » ou "
                            "« impression standard »).")
            elif subtype == "/Form" and depth < 3:
                problem = image_size_problem(obj, depth + 1)
                if problem:
                    return problem
    except (AttributeError, TypeError, ValueError, KeyError):
        return None  # a malformed dictionary: pypdf/pdfium report the damage themselves
    return None


def page_problem(page) -> str | None:
    """Everything bounded on one page before it is rendered or its text extracted."""
    return (page_size_problem(float(page.mediabox.width), float(page.mediabox.height))
            or image_size_problem(page) or inert.page_streams_problem(page))


def _metadata_problem(reader) -> str | None:
    """Metadata reaches readers (search results show the /Title): the text rule applies."""
    meta = reader.metadata or {}
    for key in METADATA_KEYS:
        value = pdf_string(meta.get(key))
        problem = text_problem(value) if value else ""
        if problem:
            return (f"la propriété {key} du document {problem} ; corrigez-la dans le logiciel "
                    "d’origine (Fichier > Propriétés) puis réexportez le PDF.")
    title = _xmp_title(reader)
    problem = text_problem(title) if title else ""
    if problem:
        return (f"le titre (métadonnées XMP) du document {problem} ; corrigez-le dans le logiciel "
                "d’origine (Fichier > Propriétés) puis réexportez le PDF.")
    return None


def inspect_local_pdf(path, *, allow_restricted: bool = False) -> PdfInfo:
    """Size, pages, title, tags, language of a local PDF, once it is known to be inert and bounded.

    Raises :class:`PdfError` (French) for a missing file, a file that is not only a PDF, an
    unreadable or corrupt PDF, an active PDF (inert.py), a page out of bounds, and an encrypted
    PDF. With ``allow_restricted=True``, a PDF encrypted with an *owner* password only (opens
    without password, e.g. printing restrictions) is accepted and reported with
    ``encrypted=True``; a PDF that needs a password to open is always refused.
    """
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    path = check_file(path)
    size = path.stat().st_size
    name = path.name
    problem = inert.polyglot_problem(path)
    if problem:
        raise PdfError(f"« {name} » {problem}")
    corrupt = (f"« {name} » est illisible ou endommagé : réexportez-le en PDF depuis le logiciel "
               "d’origine (ou « Imprimer > Enregistrer au format PDF »), puis remplacez le fichier.")
    with captured_logs("pypdf") as logs:
        try:
            reader = pypdf.PdfReader(path, strict=False)
            encrypted = reader.is_encrypted
            if encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:
                    opened = 0  # AES without the `cryptography` package: treat as protected
                if not opened:
                    raise PdfError(f"« {name} » est protégé par un mot de passe : enregistrez une "
                                   "version sans mot de passe ni chiffrement avant de la publier.")
                if not allow_restricted:
                    raise PdfError(f"« {name} » est chiffré (restrictions d’impression ou de copie) : "
                                   "enregistrez une version sans protection ; les restrictions "
                                   "gênent les technologies d’assistance.")
            problem = inert.active_content_problem(reader)
            if problem:
                raise PdfError(f"« {name} » {problem}")
            pages = len(reader.pages)
            for number, page in enumerate(reader.pages, start=1):
                problem = page_problem(page)
                if problem:
                    raise PdfError(f"« {name} », page {number} : {problem}")
            problem = _metadata_problem(reader)
            if problem:
                raise PdfError(f"« {name} » : {problem}")
            root = reader.trailer["/Root"].get_object()
            mark_info = root.get("/MarkInfo")
            mark_info = mark_info.get_object() if mark_info is not None else None
            marked = bool(mark_info.get("/Marked", False)) if mark_info is not None else False
            tagged = marked and root.get("/StructTreeRoot") is not None
            lang = pdf_string(root.get("/Lang"))
            meta = reader.metadata
            title = pdf_string(meta.get("/Title")) if meta is not None else None
            title = title or _xmp_title(reader)
        except PdfError:
            raise
        except FileNotDecryptedError:
            raise PdfError(f"« {name} » est protégé par un mot de passe : enregistrez une version "
                           "sans mot de passe ni chiffrement avant de la publier.") from None
        except Exception:
            raise PdfError(corrupt) from None
    if pages < 1:
        raise PdfError(f"« {name} » ne contient aucune page : réexportez le document en PDF.")
    return PdfInfo(size_bytes=size, pages=pages, title=title, tagged=tagged, encrypted=encrypted,
                   lang=lang, reader_warnings=logs.messages)
