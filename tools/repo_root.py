"""The repository root, importable from the tools run as scripts (`python tools/x.py`).

Python puts the script's folder (tools/) on the import path, not the repository: importing this
module adds the root once, so `plugins` and `pelicanconf` import as packages in every tool. The one
place a tool touches the import path; tests have the root already (pyproject.toml: pythonpath).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))
