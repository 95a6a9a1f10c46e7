"""French details of a PDF download (no Pelican, no PDF reading): « PDF – 2,3 Mo – 12 pages –
en anglais », French file sizes, and what editors declare for remote PDFs (size, pages). The
declared values' rules are plugins/common/downloads.py's, shared with the content schema."""
from __future__ import annotations

from dataclasses import dataclass

from plugins.common.downloads import (DASH, LANG_NAMES_FR, NBSP, PDFS_DIR, UNITS,  # noqa: F401
                                      DeclaredSize, download_detail, format_size_fr, lang_mention,
                                      parse_declared_pages, parse_declared_size)


@dataclass(frozen=True)
class DeclaredPdf:
    """What is known of a PDF without reading it (remote file): used by resolvers."""
    size_text: str | None = None
    pages: int | None = None
    lang: str | None = None
