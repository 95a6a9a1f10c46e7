"""Lay out a fixture site's content/ folder: the real content/data/ unless a file replaces it, then the
given files (text or bytes) and symbolic links. Shared by tests/conftest.py (in-process builds) and
tests/security/harness.py (limited child builds)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("fiches", "prevention", "rapports", "pages", "pdfs", "data")


def write_content(base: Path, files: dict, symlinks: dict | None = None) -> Path:
    content = base / "content"
    for sub in FOLDERS:
        (content / sub).mkdir(parents=True, exist_ok=True)
    for name in (ROOT / "content" / "data").iterdir():
        if name.is_file() and f"data/{name.name}" not in files:
            shutil.copy(name, content / "data" / name.name)
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    for rel, target in (symlinks or {}).items():
        link = content / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    return content


def in_editor_form(text: str) -> str:
    """A test page in the form the web editor writes (make check refuses any other layout); a file
    that cannot be read stays as written (its own error is what the test looks at)."""
    from plugins.common.rules.canonical import canonical_file
    from plugins.common.rules.frontmatter import ContentError
    try:
        return canonical_file(text.encode("utf-8"))
    except (ContentError, ValueError):
        return text
