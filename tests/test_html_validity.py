"""Every page of the real site is valid HTML for the Nu Html Checker (RGAA 8.2): zero errors.

vnu.jar comes from the npm package vnu-jar (devDependency, package-lock.json) and runs on the system
Java (`make test` installs it when missing). One JVM checks all pages at once.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(real_site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java est requis pour le validateur HTML : « make test » l’installe (default-jre-headless).")
    assert VNU.is_file(), "vnu.jar absent : lancez « npm ci »."
    pages = sorted(str(p) for p in real_site.rglob("*.html"))
    assert pages
    run = subprocess.run([java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [f"{re.sub(r'^file:/*', '/', m.get('url', '')).replace(str(real_site.resolve()) + '/', '')}:{m.get('lastLine', '?')}: {m.get('message')}"
              f"  « {m.get('extract', '').strip()[:100]} »"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert errors == [], f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors[:60])
