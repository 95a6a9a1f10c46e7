"""RGAA audit: the grid docs/rgaa/grille.yaml computed once, shown by the footer and /accessibilite/.

Wiring only (the grid is read and computed by core.py). Settings: ACCESSIBILITY_AUDIT_GRID (path,
default docs/rgaa/grille.yaml), ACCESSIBILITY_AUDIT_LINK (URL of the declaration, default
/accessibilite/). Templates get ACCESSIBILITY_AUDIT (core.Audit.summary()); the footer link to the
declaration is labelled « Accessibilité : <état> » from the computed state, never by hand.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .core import GridError, load

logger = logging.getLogger(__name__)
DEFAULT_GRID = "docs/rgaa/grille.yaml"
DEFAULT_LINK = "/accessibilite/"
ROOT = Path(__file__).resolve().parents[2]  # the grid is a project file, not content


def footer_links(links, link: str, state: str) -> list:
    """FOOTER_BOTTOM_LINKS with the declaration's label set to the computed state."""
    return [(f"Accessibilité : {state}", url) if url == link else (label, url) for label, url in links]


def apply(pelican):
    settings = pelican.settings
    grid = Path(settings.get("ACCESSIBILITY_AUDIT_GRID", DEFAULT_GRID))
    if not grid.is_absolute():
        grid = ROOT / grid
    try:
        audit = load(grid)
    except (OSError, GridError) as exc:
        logger.error("%s : grille d’audit RGAA inutilisable — corrigez-la :\n%s", grid, exc)
        settings["ACCESSIBILITY_AUDIT"] = None
        return
    summary = audit.summary()
    settings["ACCESSIBILITY_AUDIT"] = summary
    link = settings.get("ACCESSIBILITY_AUDIT_LINK", DEFAULT_LINK)
    settings["FOOTER_BOTTOM_LINKS"] = footer_links(settings.get("FOOTER_BOTTOM_LINKS", []), link, summary["state"])


def register():
    signals.initialized.connect(apply)
