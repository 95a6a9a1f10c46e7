"""tools/serve.py (make serve / make editer): development tags, headers, free port, build state."""
from __future__ import annotations

import json
import socket

import serve


def test_dev_tags_go_at_the_end_of_the_head_and_are_external_files():
    html = serve.inject("<html><head><title>x</title></head><body></body></html>")
    assert html.index(serve.DEV_TAGS) < html.index("</head>")
    assert "<script>" not in serve.DEV_TAGS and "style=" not in serve.DEV_TAGS
    assert serve.inject("<p>sans en-tête</p>").startswith(serve.DEV_TAGS)


def test_headers_are_the_sites_and_admin_has_its_own(tmp_path):
    (tmp_path / "_headers").write_text(
        "# x\n/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: DENY\n"
        "  Strict-Transport-Security: max-age=1\n/theme/*\n  Cache-Control: public\n", encoding="utf-8")
    page = serve.page_headers(tmp_path, "/fiches/", {"Content-Security-Policy": "admin"})
    assert page == {"Content-Security-Policy": "default-src 'self'", "X-Frame-Options": "DENY"}
    admin = serve.page_headers(tmp_path, "/admin/", {"Content-Security-Policy": "admin"})
    assert admin["Content-Security-Policy"] == "admin" and admin["X-Frame-Options"] == "DENY"
    assert serve.page_headers(tmp_path / "absent", "/", {}) == {}


def test_a_taken_port_gives_the_next_free_one():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        sock = serve.free_port(port)
        try:
            assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] != port
        finally:
            sock.close()


def test_state_counts_builds_and_bounds_the_errors_sent():
    state = serve.State()
    state.record([f"content/fiches/a.md:{i}: erreur" for i in range(serve.MAX_ERRORS_SHOWN + 5)])
    data = json.loads(state.as_json())
    assert data["build"] == 1 and data["total"] == serve.MAX_ERRORS_SHOWN + 5
    assert len(data["errors"]) == serve.MAX_ERRORS_SHOWN
    state.record([])
    assert json.loads(state.as_json()) == {"build": 2, "errors": [], "total": 0}


def test_the_editor_does_not_start_on_a_wrong_branch_without_identity_or_with_unsaved_files(tmp_path, monkeypatch):
    import subprocess
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no global git identity
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert "n’est pas un dépôt git" in serve.editor_problems(tmp_path, "main")[0]
    env = {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.invalid", "GIT_COMMITTER_NAME": "E",
           "GIT_COMMITTER_EMAIL": "e@example.invalid", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("a", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    problems = serve.editor_problems(tmp_path, "main")
    assert len(problems) == 2 and "git config --global user.name" in problems[0] and "user.email" in problems[1]
    subprocess.run(["git", "config", "user.name", "E"], cwd=tmp_path, check=True)
    subprocess.run(["git", "config", "user.email", "e@example.invalid"], cwd=tmp_path, check=True)
    assert serve.editor_problems(tmp_path, "main") == [] and serve.on_branch(tmp_path, "main")
    (tmp_path / "stray.txt").write_text("b", encoding="utf-8")  # an untracked file outside content/ too
    assert "git stash -u" in serve.editor_problems(tmp_path, "main")[0]
    (tmp_path / "content" / "a.md").write_text("b", encoding="utf-8")
    subprocess.run(["git", "switch", "-q", "-c", "autre"], cwd=tmp_path, env=env, check=True)
    problems = serve.editor_problems(tmp_path, "main")
    assert len(problems) == 2 and "« autre »" in problems[0] and "git stash" in problems[1]
    assert not serve.on_branch(tmp_path, "main")


def test_the_admin_patch_is_pinned_applies_once_and_fixes_the_draft_diff(tmp_path):
    """tools/patch_admin.py (make admin-deps): exact replacements in the pinned decap-server."""
    import shutil

    import patch_admin
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.js").write_text("#!/usr/bin/env node\nsomething else", encoding="utf-8")
    (dist / "middlewares.js").write_text("x", encoding="utf-8")
    assert patch_admin.main(dist, tmp_path) == 1 and not patch_admin.is_patched(dist)  # not the pinned version
    text = "#!/usr/bin/env node\n" + "".join(old for old, _ in patch_admin.REPLACEMENTS)
    patched = patch_admin.patch_text(text)
    assert patched.startswith("#!/usr/bin/env node\n" + patch_admin.MARKER)  # the shebang stays first
    assert 'e.diff([t+"..."+a])' in patched and 'e.add(".")' not in patched
    try:
        patch_admin.patch_text(text + text)
    except ValueError:
        pass
    else:
        raise AssertionError("a replacement found twice must stop the patch")
    real = patch_admin.DIST
    if (real / "index.js").is_file():
        assert patch_admin.is_patched(real), "make admin-deps applies tools/patch_admin.py"
        shutil.copy(real / "index.js", dist / "index.js")
        assert "..." in (dist / "index.js").read_text(encoding="utf-8")


def test_the_save_check_answers_make_checks_messages_for_that_file_only(tmp_path):
    """POST /__apercu__/verifier (make editer): the file the editor is about to write, checked by
    `make check` on a copy of content/; other origins and other paths are refused."""
    import shutil
    import threading
    import urllib.error
    import urllib.request
    from pathlib import Path

    root = Path(serve.ROOT)
    content = tmp_path / "content"
    shutil.copytree(root / "content" / "data", content / "data")
    (content / "fiches").mkdir()
    state = serve.State()
    sock = serve.free_port(8700)
    server = serve.Server(sock, serve.make_handler(tmp_path / "out", state, {}, content))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"

    def post(payload: dict, origin: str | None = None):
        request = urllib.request.Request(base + serve.VERIFY_PATH, data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json",
                                                  **({"Origin": origin} if origin else {})})
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as err:
            return err.code, None

    bad = ('---\ntitle: "<b>Titre</b>"\nsummary: "   "\ndate: 2026-11-28\n---\n\n'
           "## Partie\n\nTODO : à finir.\n")
    try:
        status, answer = post({"path": "content/fiches/essai.md", "text": bad})
        assert status == 200
        errors = answer["errors"]
        assert any(e.startswith("content/fiches/essai.md:2: « title » contient une balise HTML") for e in errors)
        assert any(e.startswith("content/fiches/essai.md:3: « summary » est vide") for e in errors)
        assert any("content/fiches/essai.md:9: marque de texte inachevé « TODO »" in e for e in errors)
        assert not (content / "fiches" / "essai.md").exists()  # checked on a copy, nothing written
        assert post({"path": "content/fiches/essai.md", "text": bad}, origin="https://ailleurs.example")[0] == 403
        status, answer = post({"path": "../../etc/passwd.md", "text": bad})
        assert status == 200 and "ne peut pas vérifier" in answer["errors"][0]
    finally:
        server.shutdown()


def test_the_save_check_covers_the_directory_and_the_distress_list(tmp_path):
    """contacts.yaml and detresse.yaml saved from the editor go through the same check: a phone whose
    displayed digits differ is refused at its line; a contact retired while a page still names it is
    refused with that page's message (a data file answers for what it breaks); a distress situation
    naming a contact without phone is refused. No temporary folder appears in the messages."""
    import re
    import shutil
    from pathlib import Path

    root = Path(serve.ROOT)
    content = tmp_path / "content"
    shutil.copytree(root / "content" / "data", content / "data")
    (content / "fiches").mkdir()
    (content / "fiches" / "essai.md").write_text(
        '---\ntitle: "Essai"\nsummary: "Un essai."\ndate: 2026-11-28\nsources: []\ncontacts: ["caffes"]\n---\n\n'
        "## Partie\n\nUn texte.\n", encoding="utf-8")
    directory = (content / "data" / "contacts.yaml").read_text(encoding="utf-8")
    rel = "content/data/contacts.yaml"
    good = 'phone: {e164: "+33320572677", display: "03 20 57 26 77"}'
    assert good in directory
    wrong = directory.replace(good, 'phone: {e164: "+33320572677", display: "03 20 57 26 78"}')
    line = directory[:directory.index(good)].count("\n") + 1
    errors = serve.verify_file(content, rel, wrong)
    assert [e for e in errors if e.startswith(f"{rel}:{line}: le numéro affiché « 03 20 57 26 78 » ne correspond "
                                              "pas au numéro composé")], errors
    retired = re.sub(r"\n- id: \"caffes\"\n(?:  .*\n)+", "\n", directory)
    assert retired != directory
    errors = serve.verify_file(content, rel, retired)
    assert any(e.startswith("content/fiches/essai.md:6: « caffes » n’est pas un contact connu de "
                            "content/data/contacts.yaml") for e in errors), errors
    assert not any(str(tmp_path.parent) in e or "/tmp/" in e for e in errors), errors
    distress = (content / "data" / "detresse.yaml").read_text(encoding="utf-8")
    assert '["116006"]' in distress
    errors = serve.verify_file(content, "content/data/detresse.yaml", distress.replace('["116006"]', '["unadfi"]'))
    assert any(e.startswith("content/data/detresse.yaml:") and "contact « unadfi » inconnu ou sans téléphone" in e
               for e in errors), errors
    assert serve.verify_file(content, rel, directory) == []


def test_make_editer_says_in_french_which_port_it_takes_and_when_its_backend_does_not_start(monkeypatch):
    """Ports: a taken port is replaced by the next free one, and said; no free port at all is a French
    sentence saying what to do. decap-server: one that stops at once, or never answers, is said too."""
    import subprocess
    import sys
    import threading
    import http.server

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        sock, note = serve.port_or_problem(port, "l’aperçu")
        try:
            assert sock is not None and note.startswith(f"le port {port} est occupé : l’aperçu utilise le port ")
        finally:
            sock.close()

    def no_port(start, tries=50):
        raise OSError("aucun port libre sur 127.0.0.1")
    monkeypatch.setattr(serve, "free_port", no_port)
    sock, problem = serve.port_or_problem(8081, "le serveur local des modifications")
    assert sock is None and "aucun port libre" in problem and "ss -ltnp" in problem
    monkeypatch.undo()

    stopped = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    stopped.wait()
    assert "s’est arrêté au démarrage (code 3)" in serve.backend_problem(stopped, 9, timeout=5)
    silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            free = unused.getsockname()[1]
        assert "ne répond pas sur le port" in serve.backend_problem(silent, free, timeout=1)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            assert serve.backend_problem(silent, httpd.server_address[1], timeout=5) == ""
        finally:
            httpd.shutdown()
    finally:
        silent.kill()
        silent.wait()
