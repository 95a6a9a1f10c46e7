"""`make liens` (tools/liens.py) against a local HTTP server on 127.0.0.1 standing for the source sites
(moved, gone, slow, huge, not a PDF), and the build reading the lock file it writes (plugins/remote_pdfs):
no test and no build reaches a real external host."""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
import liens
from pdf_fixtures import pdf_bytes
from plugins import remote_pdfs

GOOD_PDF = pdf_bytes(("Une", "Deux", "Trois"))


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        Handler.hits.append(self.path)
        route = Handler.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        route(self)


def send(status, body=b"", kind="text/html", headers=None):
    def respond(h):
        h.send_response(status)
        h.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return respond


def slow(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    h.end_headers()
    try:
        for _ in range(40):
            h.wfile.write(b"%PDF-1.4\n" if _ == 0 else b" ")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def huge(h):
    """Announces nothing and streams without end: the reader must stop at its limit."""
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    h.end_headers()
    try:
        h.wfile.write(b"%PDF-1.4\n")
        for _ in range(10_000):
            h.wfile.write(b"0" * 65_536)
    except OSError:
        pass


ROUTES = {
    "/docs/rapport.pdf": send(200, GOOD_PDF, "application/pdf"),
    "/docs/ancien.pdf": send(301, headers={"Location": "/docs/rapport.pdf"}),
    "/docs/temporaire.pdf": send(302, headers={"Location": "/docs/rapport.pdf"}),
    "/docs/retire.pdf": send(410),
    "/docs/lent.pdf": slow,
    "/docs/enorme.pdf": huge,
    "/docs/annonce-enorme.pdf": send(200, b"%PDF-1.4", "application/pdf", {"X-Pad": "1"}),
    "/docs/page.pdf": send(200, b"<!doctype html><title>Accueil</title>", "text/html"),
    "/article": send(200, b"<!doctype html><p>Source</p>"),
    "/deplace": send(308, headers={"Location": "https://ailleurs.example/nouveau"}),
    "/ftp": send(302, headers={"Location": "ftp://example.org/x"}),
}


@pytest.fixture(scope="module")
def server():
    Handler.routes = ROUTES
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FICHE = """---
title: "Une fiche"
sources:
  - title: "Article"
    url: "https://source.example/article"
  - title: "Disparu"
    url: "https://source.example/absent"
  - title: "Déplacé"
    url: "https://source.example/deplace"
attachments:
  - title: "Rapport"
    url: "https://docs.example/docs/rapport.pdf"
  - title: "Ancien"
    url: "https://docs.example/docs/ancien.pdf"
---

Voir [le rapport retiré](https://docs.example/docs/retire.pdf) et [la page](https://docs.example/docs/page.pdf).
Aussi [temporaire](https://docs.example/docs/temporaire.pdf).
"""


def content(tmp_path, text=FICHE) -> Path:
    root = tmp_path / "content"
    (root / "fiches").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "fiches" / "une-fiche.md").write_text(text, encoding="utf-8")
    return root


def test_collect_links_finds_sources_attachments_and_body_pdfs_with_lines():
    found = liens.collect_links("f.md", FICHE)
    assert [(l.line, l.url, l.pdf) for l in found] == [
        (5, "https://source.example/article", False), (7, "https://source.example/absent", False),
        (9, "https://source.example/deplace", False), (12, "https://docs.example/docs/rapport.pdf", True),
        (14, "https://docs.example/docs/ancien.pdf", True), (17, "https://docs.example/docs/retire.pdf", True),
        (17, "https://docs.example/docs/page.pdf", True), (18, "https://docs.example/docs/temporaire.pdf", True)]


def test_rebase_keeps_path_and_query_and_unbase_writes_back():
    assert liens.rebase("https://a.example/x/y.pdf?v=1#p", "http://127.0.0.1:9/") == "http://127.0.0.1:9/x/y.pdf?v=1"
    assert liens.rebase("https://a.example/x", "http://127.0.0.1:9/miroir") == "http://127.0.0.1:9/miroir/x"
    assert liens.rebase("https://a.example/x", None) == "https://a.example/x"
    assert liens.unbase("http://127.0.0.1:9/z", "http://127.0.0.1:9", "https://a.example/x") == "https://a.example/z"
    assert liens.unbase("https://b.example/z", "http://127.0.0.1:9", "https://a.example/x") == "https://b.example/z"


def test_check_reports_rot_in_french_and_locks_remote_pdfs(server, tmp_path):
    root = content(tmp_path)
    started = time.monotonic()
    problems, documents, notes, count = liens.check_all(root, base=server, timeout=2, deadline=5,
                                                        today="2026-12-07", display_root=tmp_path)
    assert time.monotonic() - started < 20
    assert count == 8
    text = "\n".join(problems)
    assert re.search(r"^content/fiches/une-fiche\.md:7: « https://source\.example/absent » n’existe plus "
                     r"\(erreur 404\)", text, re.M)
    assert "une-fiche.md:17: « https://docs.example/docs/retire.pdf » n’existe plus (erreur 410)" in text
    assert "une-fiche.md:14: « https://docs.example/docs/ancien.pdf » a déménagé vers " \
           "« https://docs.example/docs/rapport.pdf »" in text
    assert "une-fiche.md:9: « https://source.example/deplace » a déménagé vers « https://ailleurs.example/nouveau »" in text
    assert "« https://docs.example/docs/page.pdf » n’est pas un PDF (reçu : text/html)" in text
    assert "temporaire.pdf" not in text  # a temporary redirect is not a move
    assert "article" not in text
    assert all(" — " in p for p in problems)
    entry = documents["https://docs.example/docs/rapport.pdf"]
    assert entry.pages == 3 and entry.size == len(GOOD_PDF) and entry.date == "2026-12-07"
    import hashlib
    assert entry.sha256 == hashlib.sha256(GOOD_PDF).hexdigest()
    assert "https://docs.example/docs/page.pdf" not in documents and notes == []


def test_slow_and_huge_documents_are_cut_short(server, tmp_path):
    body = ("---\ntitle: x\nattachments:\n  - title: a\n    url: \"https://d.example/docs/lent.pdf\"\n"
            "  - title: b\n    url: \"https://d.example/docs/enorme.pdf\"\n---\nTexte.\n")
    root = content(tmp_path, body)
    started = time.monotonic()
    problems, documents, _, _ = liens.check_all(root, base=server, timeout=1, deadline=1.5,
                                                max_bytes=2_000_000, display_root=tmp_path)
    assert time.monotonic() - started < 10
    text = "\n".join(problems)
    assert "lent.pdf » ne répond pas à temps" in text
    assert "enorme.pdf » dépasse 2 Mo" in text
    assert documents == {}


def test_announced_size_over_the_limit_is_refused_without_reading(server):
    result = liens.fetch(f"{server}/docs/rapport.pdf", want_body=True, timeout=2, deadline=5, max_bytes=100)
    assert result.error == "taille" and result.body == b""
    result = liens.fetch(f"{server}/ftp", want_body=False, timeout=2, deadline=5, max_bytes=100)
    assert result.error == "adresse"


def test_a_changed_document_is_noted_and_an_unchanged_one_keeps_its_date(server, tmp_path):
    root = content(tmp_path)
    url = "https://docs.example/docs/rapport.pdf"
    old = {url: remote_pdfs.RemotePdf(10, 1, "0" * 64, "2025-01-01")}
    (root / remote_pdfs.LOCK_FILE).write_text(remote_pdfs.render_lock(old), encoding="utf-8")
    _, documents, notes, _ = liens.check_all(root, base=server, timeout=2, deadline=5, today="2026-12-07",
                                             display_root=tmp_path)
    assert any("a changé depuis le 2025-01-01" in n for n in notes) and documents[url].date == "2026-12-07"
    (root / remote_pdfs.LOCK_FILE).write_text(remote_pdfs.render_lock(documents), encoding="utf-8")
    _, again, notes, _ = liens.check_all(root, base=server, timeout=2, deadline=5, today="2027-01-01",
                                         display_root=tmp_path)
    assert notes == [] and again[url].date == "2026-12-07"


def test_main_writes_the_lock_and_the_summary_and_fails_on_rot(server, tmp_path, capsys):
    root = content(tmp_path)
    summary = tmp_path / "resume.md"
    code = liens.main(["--contenu", str(root), "--base", server, "--resume", str(summary), "--delai", "2",
                       "--delai-total", "5"])
    assert code == 1
    lock = json.loads((root / "data" / "pdf-distants.lock.json").read_text(encoding="utf-8"))
    assert list(lock["documents"]) == ["https://docs.example/docs/ancien.pdf",  # reached through its redirect
                                       "https://docs.example/docs/rapport.pdf",
                                       "https://docs.example/docs/temporaire.pdf"]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Liens externes : 8 adresse(s) vérifiée(s), 5 problème(s)")
    assert "n’existe plus" in capsys.readouterr().out


def test_lock_file_is_validated():
    good = remote_pdfs.render_lock({"https://a.example/x.pdf": remote_pdfs.RemotePdf(5, 2, "a" * 64, "2026-01-02")})
    assert remote_pdfs.parse_lock(good)["https://a.example/x.pdf"].pages == 2
    for bad in ("{", "[]", '{"version": 2, "documents": {}}',
                good.replace('"pages": 2', '"pages": 0'), good.replace("a" * 64, "z" * 64),
                good.replace("https://a.example", "javascript:alert(1)//")):
        with pytest.raises(remote_pdfs.LockError):
            remote_pdfs.parse_lock(bad)


PAGE = """---
title: "Une fiche"
summary: "Un résumé."
date: 2026-11-28
attachments:
  - title: "Rapport distant"
    url: "https://docs.example/rapport.pdf"
---

Lire [le rapport](https://docs.example/rapport.pdf) ou [l’autre](https://docs.example/autre.pdf).
"""


def test_the_build_shows_size_and_pages_of_locked_remote_pdfs_without_fetching(fixture_site):
    lock = remote_pdfs.render_lock({"https://docs.example/rapport.pdf":
                                    remote_pdfs.RemotePdf(2_300_000, 120, "b" * 64, "2026-12-07")})
    errors, out, _ = fixture_site({"fiches/une-fiche.md": PAGE, "data/pdf-distants.lock.json": lock})
    assert errors == []
    page = (out / "fiches" / "une-fiche" / "index.html").read_text(encoding="utf-8")
    details = re.findall(r'class="fr-link__detail">([^<]+)<', page)
    assert "PDF – 2,3\u00a0Mo – 120\u00a0pages" in details
    assert "PDF" in details  # the other remote PDF: not in the lock, nothing invented
    errors, _, _ = fixture_site({"fiches/une-fiche.md": PAGE, "data/pdf-distants.lock.json": "{"})
    assert len(errors) >= 1 and "pdf-distants.lock.json:1: PDF distants : JSON illisible" in errors[0]


def test_a_file_the_build_refuses_gives_no_link_and_lines_come_from_the_record():
    refused = "---\ntitle: x\nsources:\n  - title: a\n    url: https://a.example/x\n---\n"  # no body
    assert liens.collect_links("f.md", refused) == []
    flow = "---\ntitle: x\nsources: [{title: a, url: 'https://a.example/x'}]\n---\nTexte.\n"
    assert [(l.line, l.url) for l in liens.collect_links("f.md", flow)] == [(3, "https://a.example/x")]
