"""Two builds of the same commit are byte-identical (printable PDFs off: they are tested on their own).

The second build runs in another process with another PYTHONHASHSEED, so that any output depending
on set or dict ordering of strings, on the time of the build or on the process shows up here.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(real_site, tmp_path):
    out = tmp_path / "second"
    env = {**os.environ, "PDF": "0", "PYTHONHASHSEED": "12345", "PYTHONPATH": "tools"}
    code = ("import sys; import build; from pathlib import Path; "
            f"errors = build.build('pelicanconf.py', Path({str(out)!r}), {{'PRINTABLE_PDFS': False}}, quiet=True); "
            "print('\\n'.join(errors)); sys.exit(1 if errors else 0)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    first, second = tree(real_site), tree(out)
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
