"""`make serve` in Chromium: a failed rebuild shows its French errors over the page, a good one
reloads it; the page keeps the site's security policy; a taken port gives the next free one."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT

FICHE = '---\ntitle: "Une fiche d’essai"\nsummary: "{summary}"\ndate: 2026-11-28\n---\n\nUn paragraphe.\n'


def drain(proc: subprocess.Popen) -> None:
    """Keep reading the server's output (a full pipe would block it)."""
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()


@pytest.fixture
def preview(tmp_path):
    """tools/serve.py on a small copy of the content, started while the first free port is taken."""
    content = tmp_path / "content"
    for sub in ("fiches", "prevention", "rapports", "pages"):
        (content / sub).mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "fiches" / "essai.md").write_text(FICHE.format(summary="Un résumé."), encoding="utf-8")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "serve.py"), "--port", str(port),
                             "--content", str(content), "--output", str(tmp_path / "output")],
                            cwd=ROOT, env={**os.environ, "PDF": "0"}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    address = None
    deadline = time.monotonic() + 180
    while address is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        match = re.search(r"Aperçu sur (http://127\.0\.0\.1:(\d+)/)", line)
        if match:
            address = match.group(1)
            assert int(match.group(2)) != port, "le port occupé a été réutilisé"
    drain(proc)
    try:
        assert address, "tools/serve.py n’a pas démarré"
        yield address, content
    finally:
        taken.close()
        proc.terminate()
        proc.wait(timeout=20)


def test_errors_show_in_the_page_and_a_fix_reloads_it(preview, page):
    address, content = preview
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    response = page.goto(address + "fiches/essai/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "Une fiche d’essai" in page.inner_text("h1")
    page.evaluate("window.sentinel = 1")
    # The script has read the state of the first build (it asks every second).
    page.wait_for_event("requestfinished", predicate=lambda r: "/__apercu__/etat.json" in r.url, timeout=30_000)

    fiche = content / "fiches" / "essai.md"
    fiche.write_text(FICHE.format(summary=" "), encoding="utf-8")
    panel = page.locator(".apercu-erreurs")
    panel.wait_for(timeout=120_000)
    text = panel.inner_text()
    assert "La construction a échoué" in text and "essai.md:3" in text
    assert panel.get_attribute("role") == "alert"
    assert page.evaluate("window.sentinel") == 1  # the old page stays

    fiche.write_text(FICHE.format(summary="Un résumé corrigé."), encoding="utf-8")
    # Until reloaded: the reload may destroy the page's context while we ask (then ask again).
    page.wait_for_function("() => window.sentinel === undefined", timeout=120_000, polling=200)
    page.wait_for_load_state()
    assert page.evaluate("() => window.sentinel") is None
    assert page.locator(".apercu-erreurs").count() == 0
    assert violations == [] and page.console_errors == []


def test_dev_script_is_not_written_to_the_output(preview):
    address, content = preview
    output = content.parent / "output"
    assert (output / "index.html").is_file()
    assert not any("__apercu__" in p.read_text(encoding="utf-8") for p in output.rglob("*.html"))


def test_editer_serves_admin_with_its_local_backend(tmp_path, browser):
    """`make editer` (serve.py --editeur): the preview, /admin/ and decap-server on free ports, on a
    temporary git copy of the content; stopping it stops decap-server."""
    from plugins.admin_cms import DEFAULTS
    if not (Path(DEFAULTS["ADMIN_CMS_DIST"]) / "decap-cms.js").is_file():
        pytest.fail("Decap CMS absent : « make admin-deps » l’installe (npm ci --prefix admin).")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content", symlinks=True)
    env = {**os.environ, "PDF": "0", "GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@example.invalid",
           "GIT_COMMITTER_NAME": "Essai", "GIT_COMMITTER_EMAIL": "essai@example.invalid"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Contenu"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "serve.py"), "--editeur",
                             "--content", str(repo / "content"), "--output", str(tmp_path / "output")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    admin = backend = None
    try:
        deadline = time.monotonic() + 300
        while admin is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            match = re.search(r"Éditeur en ligne sur (\S+admin/) \(serveur local des modifications : (\S+)\)", line)
            if match:
                admin, backend = match.groups()
        assert admin, "tools/serve.py --editeur n’a pas démarré"
        drain(proc)
        context = browser.new_context(locale="fr-FR")
        pg = context.new_page()
        outside, violations = [], []
        pg.on("request", lambda r: r.url.startswith("http://127.0.0.1:") or outside.append(r.url))
        pg.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        response = pg.goto(admin)
        assert "'unsafe-eval'" in response.headers["content-security-policy"]
        assert backend in response.headers["content-security-policy"]
        assert "__apercu__" not in pg.content()  # no development script in the editor
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("L'emprise ou sujétion psychologique").wait_for()
        context.close()
        assert outside == [] and violations == []
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    port = int(backend.rsplit(":", 1)[1])
    with socket.socket() as sock:  # decap-server has stopped with it
        assert sock.connect_ex(("127.0.0.1", port)) != 0
