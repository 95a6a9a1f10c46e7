"""content/data/taxonomies.yaml: where it is and its lists, for the plugins that only read them.

The file is checked (line numbers, French messages) by plugins/content_schema
(`schema.load_taxonomies`), which fails the build on a mistake; the readers here never report.
"""
from __future__ import annotations

from pathlib import Path

import yaml

TAXONOMY_FILE = "data/taxonomies.yaml"  # relative to the content folder


def taxonomies_path(settings) -> Path:
    """CONTENT_TAXONOMIES, else data/taxonomies.yaml under PATH."""
    return Path(settings.get("CONTENT_TAXONOMIES") or Path(settings.get("PATH", "content")) / TAXONOMY_FILE)


def read_taxonomies(path: Path) -> dict:
    """{"themes": {id: label}, "audiences": {id: label}} as written ({} for a missing list or file)."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    data = data if isinstance(data, dict) else {}
    return {name: dict(data.get(name) or {}) for name in ("themes", "audiences")}
