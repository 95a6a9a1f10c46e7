"""The shape of the code (issue 24, « Done when »): no module of plugins/ or tools/ over 400 lines
(split by concern, not by cutting a file in half). The import rules (no plugin imports another
plugin's internals, no circle) are in tests/plugins/test_common.py."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
# Modules allowed over the limit, each with its reason. Empty: every module is under it.
ALLOWED_LONG: dict[str, str] = {}


def long_modules(root: Path, folders=("plugins", "tools"), limit: int = MAX_LINES) -> list[str]:
    """« path: N lines » for every Python module of `folders` over `limit` lines."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            count = len(path.read_text(encoding="utf-8").splitlines())
            rel = path.relative_to(root).as_posix()
            if count > limit and rel not in ALLOWED_LONG:
                found.append(f"{rel}: {count} lines")
    return found


def test_no_module_of_plugins_or_tools_passes_400_lines():
    assert long_modules(ROOT) == [], ("split these modules by concern (one job each), as "
                                      "plugins/pdf_links/ is split")
    for rel in ALLOWED_LONG:  # an allowed module that shrank leaves the list
        assert len((ROOT / rel).read_text(encoding="utf-8").splitlines()) > MAX_LINES, rel


def test_the_length_check_can_fail(tmp_path):
    (tmp_path / "plugins" / "big").mkdir(parents=True)
    (tmp_path / "tools").mkdir()
    (tmp_path / "plugins" / "big" / "core.py").write_text("x = 1\n" * 401, encoding="utf-8")
    (tmp_path / "tools" / "small.py").write_text("x = 1\n" * 400, encoding="utf-8")
    assert long_modules(tmp_path) == ["plugins/big/core.py: 401 lines"]
