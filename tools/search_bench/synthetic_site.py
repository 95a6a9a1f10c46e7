"""A site of synthetic fiches (tools/synthetic.py) built for the bench."""
from __future__ import annotations

import os
from pathlib import Path

from search_bench.config import ROOT, SYNTHETIC_COUNT

# ---------------------------------------------------------------- synthetic site


def build_synthetic(work: Path, count: int = SYNTHETIC_COUNT) -> Path | None:
    synthetic_tool = ROOT / "tools" / "synthetic.py"
    if not synthetic_tool.is_file():
        return None
    import build
    import synthetic

    content = synthetic.generate(work / "synthetic", count)
    out = work / "synthetic" / "out"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        errors = build.build("pelicanconf.py", out, {
            "PATH": str(content), "PRINTABLE_PDFS": False, "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False, "ASSETS_CACHE_PATH": str(work / "assets-cache")})
    finally:
        os.chdir(cwd)
    if errors:
        print("Recherche : le site synthétique ne se construit pas :\n  " + "\n  ".join(errors[:5]))
        return None
    return out


