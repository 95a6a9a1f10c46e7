"""Pure part of the content cache: a key that changes whenever cached output could change."""
from __future__ import annotations

import hashlib
import re
import sys
import shutil
from pathlib import Path


def stable_repr(value) -> str:
    """A text for `value` that is the same in every process: sorted sets and dicts, no addresses."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable_repr(k)}:{stable_repr(v)}" for k, v in
                              sorted(value.items(), key=lambda kv: stable_repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable_repr(v) for v in value)) + "}"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    return re.sub(r" at 0x[0-9a-fA-F]+", "", f"<{type(value).__module__}.{type(value).__qualname__}>")


def code_digest(files: list[Path], extra: str = "") -> str:
    """Digest of the given files (path and bytes, in sorted order), the Python version and `extra`."""
    h = hashlib.sha256()
    h.update(sys.version.encode())
    h.update(extra.encode())
    for path in sorted(set(files)):
        if path.is_file():
            h.update(str(path).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:16]


def inputs(root: Path, content: Path, settings_files: list[Path]) -> list[Path]:
    """What the Markdown readers' output depends on besides each source file itself."""
    files = [p for p in (root / "plugins").rglob("*") if p.suffix in (".py", ".yaml", ".yml", ".json", ".txt")
             and "__pycache__" not in p.parts]
    files += [p for p in (content / "data").rglob("*") if p.is_file()] if (content / "data").is_dir() else []
    files += [root / "requirements.txt", *settings_files]
    return files


def prune_old(base: Path, keep: int = 4) -> None:
    """Keep the `keep` most recently used cache folders (dev and production settings differ)."""
    if not base.is_dir():
        return
    def mtime(folder: Path) -> float:
        try:
            return folder.stat().st_mtime
        except FileNotFoundError:  # pruned meanwhile by another build
            return 0.0

    folders = sorted((p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_")),
                     key=mtime, reverse=True)
    for old in folders[keep:]:
        # Two builds may prune the same folder at once (tests run builds side by side): whatever the
        # other one removed first is simply gone.
        shutil.rmtree(old, ignore_errors=True)
