"""The draft preview of `make editer` (tools/serve.py): « Voir la page telle qu’elle sera publiée ».

The web editor posts the file it is about to write (the same text as the save check,
/__apercu__/verifier) to /__apercu__/brouillon. The site is then built by its own pipeline
(tools/build.py: Pelican, the site's templates, CSS and plugins, PDF off, `noindex`) from a
hard-linked copy of content/ where that one file is replaced, into a folder of its own (never
output/), and the page is served under /__apercu__/brouillon/…, marked « Aperçu : brouillon non
publié », with the security headers that build wrote. The draft text is untrusted: it only goes
through the normal pipeline. One build at a time, bounded in size and time; a failed build answers
with its errors in French (`fichier:ligne: problème — comment corriger`).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Callable

from repo_root import ROOT  # the repository root, importable
from serve_verify import DEV_PREFIX, MAX_VERIFY_BYTES

DRAFT_PATH = DEV_PREFIX + "brouillon"
MAX_DRAFT_BYTES = MAX_VERIFY_BYTES
DRAFT_TIMEOUT = 240  # seconds: the real site builds in about 5 to 15 s
MAX_ERRORS_SHOWN = 50
_PAGE = re.compile(r"^content/(fiches|prevention|rapports|pages)/([a-z0-9][a-z0-9-]*)\.md$")
_BUILD = ("import json, sys; sys.path[:0] = ['tools', '.']; import build; "
          "print(json.dumps(build.build('pelicanconf.py', __import__('pathlib').Path(sys.argv[2]), "
          "{'PATH': sys.argv[1], 'CACHE_PATH': sys.argv[3], 'SEO_NOINDEX': True, 'PRINTABLE_PDFS': False, "
          "'ADMIN_CMS': False, 'SITEURL': sys.argv[4]}), ensure_ascii=False))")
BANNER = ('<div class="apercu-brouillon" role="note"><p><strong>Aperçu : brouillon non publié.</strong> '
          'Le site construit avec ce brouillon n’est visible que sur votre ordinateur : rien n’est '
          'publié ni enregistré.</p></div>')
ERROR_PAGE_POLICY = ("default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; "
                     "frame-ancestors 'none'")

Answer = tuple[int, dict[str, str], bytes]


def page_address(site: Path, rel: str) -> str | None:
    """The address (under the built site) of the page made from `rel` (content/fiches/x.md), if built."""
    match = _PAGE.match(rel)
    if not match:
        return None
    folder, stem = match.groups()
    address = f"{stem}/" if folder == "pages" else f"{folder}/{stem}/"
    return address if (site / address / "index.html").is_file() else None


def with_banner(page: str) -> str:
    """The page with the preview's stylesheet in its <head> and the « brouillon » banner first in <body>."""
    link = f'<link rel="stylesheet" href="{DEV_PREFIX}apercu.css">'
    head = re.search(r"</head\s*>", page, re.IGNORECASE)
    page = page[:head.start()] + link + page[head.start():] if head else link + page
    body = re.search(r"<body[^>]*>", page, re.IGNORECASE)
    return page[:body.end()] + BANNER + page[body.end():] if body else BANNER + page


def error_page(errors: list[str]) -> bytes:
    shown = "".join(f"<li><code>{html.escape(m)}</code></li>" for m in errors[:MAX_ERRORS_SHOWN])
    more = (f"<p>… et {len(errors) - MAX_ERRORS_SHOWN} autre(s) ; lancez « make check ».</p>"
            if len(errors) > MAX_ERRORS_SHOWN else "")
    return ("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            "<meta name=\"robots\" content=\"noindex\"><title>Aperçu du brouillon impossible</title>"
            f"<link rel=\"stylesheet\" href=\"{DEV_PREFIX}apercu.css\"></head><body>"
            "<main class=\"apercu-erreurs\" role=\"alert\"><h1>Aperçu du brouillon impossible</h1>"
            "<p>Le site n’a pas pu être construit avec ce brouillon :</p>"
            f"<ol>{shown}</ol>{more}<p>Corrigez le formulaire, puis cliquez de nouveau sur « Voir la page "
            "telle qu’elle sera publiée ».</p></main></body></html>").encode("utf-8")


class DraftPreview:
    """Builds the site with one draft file and serves the result. `work`: a folder of its own (the
    copy of content/, the build cache and the built site); `headers_of(site, path)`: the security
    headers of a page of a built site (tools/serve.py page_headers)."""

    def __init__(self, content: Path, work: Path, headers_of: Callable[[Path, str], dict[str, str]],
                 timeout: float = DRAFT_TIMEOUT, ready: Callable[[], bool] = lambda: True):
        self.content = Path(content)
        self.work = Path(work)
        self.site = self.work / "site"
        self.headers_of = headers_of
        self.timeout = timeout
        self.lock = threading.Lock()
        self.ready = ready  # False while decap-server has a draft's branch checked out in content/

    def _copy(self, copy: Path) -> bool:
        """A hard-linked copy of content/ taken while the main branch is checked out (waiting up to
        15 s for decap-server to come back from a draft's branch); False if it never did."""
        import time

        def link(src, dst):
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
        for _ in range(30):
            if self.ready():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(self.content, copy, copy_function=link, symlinks=True)
                if self.ready():
                    return True
            time.sleep(0.5)
        return False

    def build(self, rel: str, text: str) -> tuple[str | None, list[str]]:
        """(address of the draft's page under /__apercu__/brouillon/, errors): the site built with
        content/`rel` holding `text`."""
        if not _PAGE.match(rel or ""):
            return None, [f"{rel or '?'}:1: seules les pages (fiches, prévention, rapports, pages) ont un "
                          "aperçu complet : enregistrez puis regardez l’aperçu du site."]
        if not self.lock.acquire(blocking=False):
            return None, [f"{rel}:1: un autre aperçu de brouillon est en cours de construction : attendez "
                          "quelques secondes, puis cliquez de nouveau."]
        try:
            copy = self.work / "content"
            self.work.mkdir(parents=True, exist_ok=True)
            if not self._copy(copy):
                return None, [f"{rel}:1: le serveur de l’éditeur est resté sur la branche d’un brouillon : "
                              "attendez la fin de l’enregistrement, puis cliquez de nouveau."]
            target = copy / rel.split("/", 1)[1]
            if target.exists():
                target.unlink()  # a hard link: never write through it into the real file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
            try:
                done = subprocess.run([sys.executable, "-c", _BUILD, str(copy), str(self.site),
                                       str(self.work / "cache"), DRAFT_PATH], cwd=ROOT, capture_output=True, text=True,
                                      timeout=self.timeout, env={**os.environ, "PDF": "0"})
            except subprocess.TimeoutExpired:
                return None, [f"{rel}:1: la construction de l’aperçu a dépassé {int(self.timeout)} s : "
                              "réessayez, ou enregistrez et regardez l’aperçu du site."]
            try:
                errors = [str(m) for m in json.loads(done.stdout.strip().splitlines()[-1])]
            except (ValueError, IndexError):
                return None, [f"{rel}:1: l’aperçu n’a pas pu être construit ({done.stderr.strip()[-300:]}) ; "
                              "lancez « make check » dans un terminal."]
            shown = str(copy)
            errors = [m.replace(os.path.relpath(shown, ROOT), "content").replace(shown, "content")
                      for m in errors]  # no temporary folder shown: content/fiches/x.md:3: …
            if errors:
                return None, errors
            address = page_address(self.site, rel)
            if address is None:
                return None, [f"{rel}:1: la page n’a pas été produite par la construction (brouillon ou "
                              "page masquée ?) : vérifiez son en-tête."]
            return DRAFT_PATH + "/" + address, []
        finally:
            self.lock.release()

    def answer_post(self, headers, body: bytes) -> Answer:
        """The answer to POST /__apercu__/brouillon (a form: `path`, `text`): 303 to the built page,
        or a French page listing the errors."""
        host = headers.get("Host", "")
        # A form posted from the editor: same origin (Chromium sends « Origin: null » for a form in
        # the preview's frame under a no-referrer policy; Sec-Fetch-Site, set by the browser, says it).
        same = headers.get("Origin") == f"http://{host}" or (
            headers.get("Origin") == "null" and headers.get("Sec-Fetch-Site") == "same-origin")
        if not re.fullmatch(r"(127\.0\.0\.1|localhost)(:\d+)?", host) \
                or not same or not 0 < len(body) <= MAX_DRAFT_BYTES:
            return 403, {"Content-Type": "text/plain; charset=utf-8"}, "Refusé.".encode("utf-8")
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=4)
            rel, text = form["path"][0], form["text"][0]
        except (UnicodeDecodeError, KeyError, IndexError, ValueError):
            return 400, {"Content-Type": "text/plain; charset=utf-8"}, "Demande illisible.".encode("utf-8")
        address, errors = self.build(rel, text)
        if errors:
            return 422, {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": ERROR_PAGE_POLICY,
                         "X-Robots-Tag": "noindex"}, error_page(errors)
        return 303, {"Location": address, "Content-Type": "text/plain; charset=utf-8"}, b""

    def answer_get(self, path: str) -> Answer | None:
        """A file of the draft's built site (GET /__apercu__/brouillon/…); None when `path` is not there."""
        if not path.startswith(DRAFT_PATH + "/"):
            return None
        rest = urllib.parse.unquote(path[len(DRAFT_PATH) + 1:])
        site = self.site.resolve()
        target = (site / rest).resolve()
        if not target.is_relative_to(site):
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, b""
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, "Aperçu introuvable.".encode("utf-8")
        headers = {name: value for name, value in self.headers_of(self.site, "/" + rest).items()}
        headers["X-Robots-Tag"] = "noindex"
        if target.suffix == ".html":
            headers["Content-Type"] = "text/html; charset=utf-8"
            return 200, headers, with_banner(target.read_text(encoding="utf-8")).encode("utf-8")
        import mimetypes
        headers["Content-Type"] = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return 200, headers, target.read_bytes()
