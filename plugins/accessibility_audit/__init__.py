"""RGAA audit: the grid docs/rgaa/grille.yaml computed once, shown by the footer and /accessibilite/.

Wiring only (the grid is read and computed by core.py). Settings: ACCESSIBILITY_AUDIT_GRID (path,
default docs/rgaa/grille.yaml), ACCESSIBILITY_AUDIT_LINK (URL of the declaration, default
/accessibilite/). Templates get ACCESSIBILITY_AUDIT (core.Audit.summary()); the footer link to the
declaration is labelled « Accessibilité : <état> » from the computed state, never by hand.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from plugins.common import settings as typed

from .core import GridError, load

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]  # the grid is a project file, not content


@dataclass(frozen=True)
class AccessibilityAudit:
    """Settings of plugins/accessibility_audit (ACCESSIBILITY_AUDIT_<FIELD>)."""
    grid: str = "docs/rgaa/grille.yaml"   # the audit grid, relative to the project
    link: str = "/accessibilite/"          # the accessibility statement (its footer link is labelled)

    @classmethod
    def read(cls, settings) -> AccessibilityAudit:
        return typed.read(cls, settings, "ACCESSIBILITY_AUDIT")


def footer_links(links, link: str, state: str) -> list:
    """FOOTER_BOTTOM_LINKS with the declaration's label set to the computed state."""
    return [(f"Accessibilité : {state}", url) if url == link else (label, url) for label, url in links]


def apply(pelican):
    settings = pelican.settings
    options = AccessibilityAudit.read(settings)
    grid = Path(options.grid)
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
    settings["FOOTER_BOTTOM_LINKS"] = footer_links(settings.get("FOOTER_BOTTOM_LINKS", []), options.link,
                                                   summary["state"])


def register():
    signals.initialized.connect(apply)
