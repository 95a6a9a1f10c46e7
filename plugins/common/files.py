"""Atomic writes: a reader (another build, the web server) sees the old file or the new one, never
half of one. The file is written beside its target, then renamed over it."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(target: Path, write: Callable[[Path], object], mode: int = 0o644) -> None:
    """Call `write(temporary path)` then rename the result to `target` (folders created); on any
    failure the temporary file is removed and `target` is left as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    atomic_write(target, lambda tmp: tmp.write_bytes(data))
