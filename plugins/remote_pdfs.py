"""Remote PDFs as last checked by `make liens` (tools/liens.py): content/data/pdf-distants.lock.json.

The build never fetches a remote file: it reads this lock file only, so that a link to a remote PDF
shows « PDF – 2,3 Mo – 120 pages » like a local one. Shared by tools/liens.py (writes it) and
plugins/pdf_links (reads it). Format (sorted keys, one entry per URL as written in the content):

    {"version": 1, "documents": {"https://…/rapport.pdf": {"size": 2300000, "pages": 120,
     "sha256": "…", "date": "2026-12-07"}}}
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "data/pdf-distants.lock.json"   # under the content folder
MAX_LOCK_BYTES = 5_000_000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RemotePdf:
    size: int
    pages: int
    sha256: str
    date: str


class LockError(ValueError):
    """The lock file is unreadable or malformed (French message)."""


def parse_lock(text: str) -> dict[str, RemotePdf]:
    """{url: RemotePdf} of a lock file's text; raises LockError on anything unexpected."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(f"JSON illisible (ligne {exc.lineno}) — relancez « make liens »") from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("documents"), dict):
        raise LockError("format inattendu (version 1 et « documents » attendus) — relancez « make liens »")
    out = {}
    for url, entry in data["documents"].items():
        ok = (isinstance(url, str) and url.startswith(("https://", "http://")) and isinstance(entry, dict)
              and isinstance(entry.get("size"), int) and not isinstance(entry.get("size"), bool)
              and entry["size"] >= 0 and isinstance(entry.get("pages"), int)
              and not isinstance(entry.get("pages"), bool) and entry["pages"] >= 1
              and isinstance(entry.get("sha256"), str) and _SHA256.match(entry["sha256"])
              and isinstance(entry.get("date"), str) and _DATE.match(entry["date"]))
        if not ok:
            raise LockError(f"entrée invalide pour « {str(url)[:200]} » — relancez « make liens »")
        out[url] = RemotePdf(entry["size"], entry["pages"], entry["sha256"], entry["date"])
    return out


def render_lock(documents: dict[str, RemotePdf]) -> str:
    data = {"version": 1, "documents": {url: {"size": d.size, "pages": d.pages, "sha256": d.sha256,
                                              "date": d.date} for url, d in sorted(documents.items())}}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_CACHE: dict[tuple, dict[str, RemotePdf]] = {}


def load_lock(path: Path) -> dict[str, RemotePdf]:
    """The lock file's entries ({} when absent); raises LockError when it is malformed or too large."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        if stat.st_size > MAX_LOCK_BYTES:
            raise LockError(f"fichier trop gros ({stat.st_size} octets) — relancez « make liens »")
        _CACHE.clear()
        _CACHE[key] = parse_lock(path.read_text(encoding="utf-8"))
    return _CACHE[key]
