"""Where the fact base is (`shared/facts.md` and its seed), for the tests that compare the content
with it: tests/test_content_facts.py and tests/test_fact_base_claims.py.

It is an editorial folder kept beside the repository (or beside the folder holding it: git
worktrees), or named by the FACT_BASE_DIR environment variable. Missing, the comparisons are
skipped on a workstation but FAIL in continuous integration (CI=true): a check that silently stops
checking is worse than none.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "miviludes-rapport-2013-2014-resume.txt"


def fact_base_dir() -> Path | None:
    candidates = [Path(os.environ["FACT_BASE_DIR"])] if os.environ.get("FACT_BASE_DIR") else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for folder in candidates:
        if (folder / "facts.md").is_file():
            return folder
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_fact_base() -> Path:
    """The fact base folder; else skip (workstation) or fail (CI=true)."""
    folder = fact_base_dir()
    if folder is None:
        message = ("fact base not found: shared/facts.md beside the repository (or beside its folder), "
                   "or set FACT_BASE_DIR")
        if in_ci():
            pytest.fail(message + " — required in CI", pytrace=False)
        pytest.skip(message)
    return folder
