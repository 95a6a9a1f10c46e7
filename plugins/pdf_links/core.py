"""Pure core for PDF downloads, one module per concern (nothing here knows about Pelican):

- inspection (``inspection.py``, on plugins/pdfinspect): :func:`inspect_local_pdf` reads size,
  pages, title, tags and language of a local PDF once it is known to be inert and bounded;
  :func:`pdf_accessibility_report` lists RGAA 13.3 warnings (no title, not tagged, no language);
- details (``details.py``): :func:`format_size_fr` / :func:`download_detail` write the DSFR
  « PDF – 2,3 Mo – 12 pages » detail; :func:`parse_declared_size` / :func:`parse_declared_pages`
  check what editors declare for remote PDFs;
- attachments (``attachments.py``): :func:`validate_attachment` checks the file of an ``attachments:``
  entry that the content schema accepted (plugins/common/rules/attachments.py has the other rules);
- links (``links.py``): :func:`decorate_tree` turns every PDF link of a parsed body into a DSFR
  download link (one transform of the body pass, plugins/common/body.py);
- rendering (``rendering.py``): :func:`render_cover` renders page 1 as a small WebP (pypdfium2,
  cached by the PDF's SHA-256); :func:`extract_pages_text` gives ``(page_number, text)`` pairs for
  the search index (``#page=N``).

This module only gathers their names, for the wiring (``__init__.py``) and the tests. Every error
meant for editors is French and says how to fix the problem.
"""
from __future__ import annotations

from plugins.pdfinspect import (IMAGE_MAX_PIXELS, PAGE_MAX_PT, PAGE_MAX_RATIO, PAGE_MIN_PT,  # noqa: F401
                                PDF_MAGIC, PdfError, PdfInfo, image_size_problem, inspect_local_pdf,
                                page_size_problem)

from .attachments import ATTACHMENT_KEYS, Attachment, AttachmentError, validate_attachment  # noqa: F401
from .details import (DASH, LANG_NAMES_FR, NBSP, PDFS_DIR, DeclaredPdf, DeclaredSize,  # noqa: F401
                      download_detail, format_size_fr, lang_mention, parse_declared_pages,
                      parse_declared_size)
from .inspection import pdf_accessibility_report  # noqa: F401
from .links import (PdfLink, decorate_pdf_links, decorate_tree, download_link_html,  # noqa: F401
                    find_pdf_links, is_pdf_href, local_pdf_for_href, pdf_links_of)
from .rendering import (COVER_MAX_PIXELS, COVER_VERSION, COVER_WIDTH, TEXT_PAGE_MAX_CHARS,  # noqa: F401
                        TEXT_TIME_BUDGET_S, extract_pages_text, render_cover, sha256_file)
