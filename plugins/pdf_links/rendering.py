"""What is drawn or read from a local PDF for the site: the cover (page 1 as a small WebP,
pypdfium2, cached by the PDF's SHA-256) and the text of each page for the search index. Before a
page is rendered or its text extracted, its bounds are checked again (plugins/pdfinspect)."""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from plugins.common.files import atomic_write
from plugins.pdfinspect import PdfError, image_size_problem, page_size_problem, page_streams_problem
from plugins.pdfinspect import captured_logs as _captured_logs
from plugins.pdfinspect import check_file as _check_file

COVER_WIDTH = 300
COVER_MAX_PIXELS = 4_000_000
COVER_VERSION = "1"  # bump to invalidate every cached cover
TEXT_TIME_BUDGET_S = 20        # text extraction of one PDF for search (operators are bounded per page first)
TEXT_PAGE_MAX_CHARS = 100_000  # characters of one page kept for search (a dense page: 5,000)


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

    atomic_write(target, write)
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

