"""tools/serve_draft.py: the draft preview of `make editer` (POST /__apercu__/brouillon)."""
from __future__ import annotations

import hashlib
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import serve
import serve_draft

FICHE = "content/fiches/sortir-d-un-groupe.md"


def digest(folder: Path) -> str:
    """One hash of every file under `folder` (names and contents)."""
    if not folder.is_dir():
        return ""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_a_draft_that_breaks_the_build_is_answered_in_french_with_its_file_and_line(tmp_path):
    """The draft goes through the site's own build (here: an unknown related page); the answer lists
    the build's errors as `fichier:ligne` on content/…, never the temporary copy; nothing is written
    into content/ or output/; other origins, a second build at once and paths outside are refused."""
    root = Path(serve.ROOT)
    before = digest(root / "content"), digest(root / "output")
    work = tmp_path / "brouillon"
    draft = serve.DraftPreview(root / "content", work, lambda site, path: serve.page_headers(site, path, {}))
    sock = serve.free_port(8750)
    server = serve.Server(sock, serve.make_handler(tmp_path / "out", serve.State(), {}, root / "content", draft))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    text = (root / FICHE).read_text(encoding="utf-8").replace('related: ["', 'related: ["page-inexistante", "', 1)
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith("related:"))

    def post(form: dict, origin: str | None):
        request = urllib.request.Request(f"http://{host}{serve.DRAFT_PATH}",
                                         data=urllib.parse.urlencode(form).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  **({"Origin": origin} if origin else {})})
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode()

    try:
        assert post({"path": FICHE, "text": text}, "https://ailleurs.example")[0] == 403
        assert post({"path": FICHE, "text": text}, None)[0] == 403
        with draft.lock:  # one build at a time: a second one is told to wait, in French
            assert "un autre aperçu de brouillon est en cours" in draft.build(FICHE, text)[1][0]
        assert draft.build("content/data/contacts.yaml", "")[1][0].startswith("content/data/contacts.yaml:1: ")
        status, headers, page = post({"path": FICHE, "text": text}, f"http://{host}")
        assert status == 422 and headers["X-Robots-Tag"] == "noindex"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert f"<code>{FICHE}:{line}: « related » cite « page-inexistante »" in page, page[page.find("<ol>"):][:600]
        assert str(work) not in page and "Aperçu du brouillon impossible" in page
        assert draft.answer_get(serve.DRAFT_PATH + "/../../etc/passwd")[0] == 404
    finally:
        server.shutdown()
    assert (digest(root / "content"), digest(root / "output")) == before


def test_the_draft_page_gets_the_banner_and_the_preview_style():
    page = '<!doctype html><html><head><title>x</title></head><body class="a"><main>Texte</main></body></html>'
    out = serve_draft.with_banner(page)
    assert out.index('href="/__apercu__/apercu.css"') < out.index("</head>")
    assert out.index('<body class="a">') < out.index("Aperçu : brouillon non publié") < out.index("<main>")
