"""Inspection of local PDFs for the site: plugins/pdfinspect (shared with plugins/content_guard)
reads and bounds the file; here, what ``make check`` says about its accessibility (RGAA 13.3:
downloadable documents must have an accessible version)."""
from __future__ import annotations

from pathlib import Path

from plugins.pdfinspect import PdfInfo, inspect_local_pdf


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
