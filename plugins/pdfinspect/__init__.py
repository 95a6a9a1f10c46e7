"""Shared PDF inspector (not a Pelican plugin: no ``register``): what a PDF of content/pdfs/ is,
and whether it may be published. Used by plugins/content_guard (every PDF, linked or not) and
plugins/pdf_links (attachments, body links, covers, search text); neither imports the other.

- :func:`inspect_local_pdf` (``inspect.py``): size, pages, title, tags and language, after every
  check below; raises :class:`PdfError` with a French message naming the file;
- :func:`inspect_cached`: the same, memoised per process by path, mtime and size;
- ``inert.py``: the PDF must be inert and bounded, checked on the real object graph (pypdf
  resolves object streams and ``#xx``-escaped names): no JavaScript, no action (``OpenAction``
  dictionaries, ``AA``, ``Launch``, ``SubmitForm``, ``ImportData``, ``GoToR``/``GoToE``…), no XFA,
  no embedded file, no link other than ``https://`` (or a plain ``mailto:``); the file starts with
  ``%PDF-`` and holds nothing else (no HTML/SVG payload: polyglots refused); every page's content
  streams are bounded (inline images ``BI … EI`` by pixels, text operators by count) before
  anything is rendered or extracted; metadata (/Title…) follows the text rule of
  plugins/escaping/text.py.
"""
from __future__ import annotations

from pathlib import Path

from .inert import (INLINE_IMAGE_MAX_PIXELS, TEXT_OPERATORS_MAX, active_content_problem,  # noqa: F401
                    page_streams_problem, polyglot_problem)
from .inspect import (IMAGE_MAX_PIXELS, PAGE_MAX_PT, PAGE_MAX_RATIO, PAGE_MIN_PT, PDF_MAGIC,  # noqa: F401
                      PdfError, PdfInfo, captured_logs, check_file, image_size_problem,
                      inspect_local_pdf, page_size_problem, pdf_string)

# Memo of inspected local PDFs for one process: (path, mtime_ns, size) -> PdfInfo or PdfError.
_INSPECTED: dict[tuple, object] = {}


def inspect_cached(path) -> PdfInfo:
    """:func:`inspect_local_pdf`, memoised by path, mtime and size (raises PdfError)."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _INSPECTED:
        try:
            _INSPECTED[key] = inspect_local_pdf(path)
        except PdfError as exc:
            _INSPECTED[key] = exc
    found = _INSPECTED[key]
    if isinstance(found, PdfError):
        raise found
    return found
