"""Shared by the web editor's browser tests (test_admin.py, test_admin_flows.py): the `editor` fixture
(decap-server on a temporary git copy of content/, /admin/ served with its own policy, the save
check and the draft preview of tools/serve.py) and the steps an editor takes in the form."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, _QuietHandler
import serve
from format_content import format_folder
from plugins.admin_cms import DEFAULTS, core, write_admin

ADMIN = ROOT / "admin"
DECAP_SERVER = ADMIN / "node_modules" / "decap-server" / "dist" / "index.js"
DIST = Path(DEFAULTS["ADMIN_CMS_DIST"])
TITLE = "Que faire face à une promesse de guérison miracle ?"
SLUG = "que-faire-face-a-une-promesse-de-guerison-miracle"
WORDS = ("Une personne peut se voir promettre une guérison rapide par une pratique qui n’a pas fait ses "
         "preuves. Prenez le temps d’en parler avec un médecin et avec vos proches avant toute décision. ")


# A source at its precise address: the fact base gives this page, so its home page is refused (issue 26).
PRECISE_SOURCE = ("https://haute-vienne.gouv.fr/Actions-de-l-Etat/Securite-et-protection-de-la-population/"
                  "Securite-publique-et-prevention-de-la-delinquance/Les-derives-sectaires-reperer-et-lutter")

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@example.invalid",
           "GIT_COMMITTER_NAME": "Essai", "GIT_COMMITTER_EMAIL": "essai@example.invalid"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module", name="editor")
def editor_fixture(tmp_path_factory):
    """(admin URL, temporary repository): decap-server on a git copy of content/, /admin/ served."""
    if not DECAP_SERVER.is_file() or not (DIST / "decap-cms.js").is_file():
        pytest.fail("Decap CMS absent : « make admin-deps » l’installe (npm ci --prefix admin).")
    base = tmp_path_factory.mktemp("admin")
    repo = base / "repo"
    shutil.copytree(ROOT / "content", repo / "content", symlinks=True)
    format_folder(repo / "content")  # the form the editor writes (make format)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Contenu de départ")

    backend_port = free_port()
    backend_url = f"http://127.0.0.1:{backend_port}/api/v1"
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(backend_port), "BIND_HOST": "127.0.0.1",
           "MODE": "git", "LOG_LEVEL": "warn", "GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@example.invalid",
           "GIT_COMMITTER_NAME": "Essai", "GIT_COMMITTER_EMAIL": "essai@example.invalid"}
    log = (base / "decap-server.log").open("w")  # a file: an unread pipe could fill and block it
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{backend_port}/", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            time.sleep(0.1)

    site = base / "site"
    write_admin(site, repo / "content", {"name": "github", "repo": "exemple/site", "branch": "main"}, DIST,
                backend_url, verify_url=serve.VERIFY_PATH)
    # The production form (the editor on the forge: no save check answers), on the same backend:
    # /production/admin/, where formes.json has no verify_url and the form runs its own checks.
    write_admin(site / "production", repo / "content", {"name": "github", "repo": "exemple/site", "branch": "main"},
                DIST, backend_url, verify_url=None)
    csp = core.admin_csp(local_backend=True).replace("http://127.0.0.1:8081", f"http://127.0.0.1:{backend_port}")

    # « Voir la page telle qu’elle sera publiée »: the draft preview of tools/serve.py, its own folder.
    draft = serve.DraftPreview(repo / "content", base / "brouillon", lambda s, p: serve.page_headers(s, p, {}),
                               ready=lambda: serve.on_branch(repo, "main"))

    class AdminHandler(_QuietHandler):
        def _answer(self, answer) -> None:  # as tools/serve.py sends the draft preview's answers
            status, headers, body = answer
            self._own = True
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # the checks of tools/serve.py (make editer): before each save or deletion
            data = self.rfile.read(int(self.headers["Content-Length"]))
            if self.path == serve.DRAFT_PATH:
                return self._answer(draft.answer_post(self.headers, data))
            body = json.dumps({"errors": serve.verify_answer(repo / "content", json.loads(data))},
                              ensure_ascii=False).encode("utf-8")
            return self._answer((200, {"Content-Type": "application/json; charset=utf-8"}, body))

        def do_GET(self):
            if self.path.startswith(serve.DRAFT_PATH + "/"):
                return self._answer(draft.answer_get(self.path.split("?", 1)[0]))
            if self.path == serve.DEV_PREFIX + "apercu.css":
                return self._answer((200, {"Content-Type": "text/css"}, (serve.DEV_DIR / "apercu.css").read_bytes()))
            return super().do_GET()

        def end_headers(self):
            if not getattr(self, "_own", False):  # /admin/ only: the draft's pages have the site's headers
                self.send_header("Content-Security-Policy", csp)
                self.send_header("Cross-Origin-Opener-Policy", core.ADMIN_OPENER_POLICY)
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(AdminHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/admin/", repo
    httpd.shutdown()
    server.terminate()
    server.wait(timeout=10)
    log.close()


def on_main(repo: Path, path: str) -> bool:
    """Whether main holds `path` (the work tree may have a draft's branch checked out for a moment)."""
    return bool(git(repo, "ls-tree", "--name-only", "main", "--", path).strip())


def settle(repo: Path, path: str) -> None:
    """Wait (up to 30 s, a loaded machine) until main holds `path` and is the checked-out branch."""
    for _ in range(60):
        if on_main(repo, path) and git(repo, "symbolic-ref", "HEAD").strip() == "refs/heads/main" \
                and (repo / path).exists():
            return
        time.sleep(0.5)


def choose(pg, field: str, text: str) -> None:
    """Pick `text` in a select widget (react-select) of field `field`."""
    box = pg.locator(f"[id^={field}-field-]").first
    box.click()
    box.fill(text)
    pg.keyboard.press("Enter")


def publish_through_the_workflow(pg) -> None:
    """Brouillon -> Prêt -> « Publier maintenant » (the confirmation dialog is accepted by the test)."""
    pg.get_by_text("Statut: Brouillon").click()
    pg.get_by_text("Prêt", exact=True).click()
    pg.get_by_text("Statut: Prêt").wait_for()
    pg.get_by_text("Publier", exact=True).click()
    pg.get_by_text("Publier maintenant").click()
    pg.get_by_text("Entrée publiée").wait_for(timeout=90_000)


def edit_summary(pg, url: str, collection: str, slug: str, summary: str) -> None:
    """Open an existing entry (its draft if it has one), replace its summary, save the draft."""
    open_entry(pg, url, collection, slug)
    pg.get_by_label("Résumé").fill(summary)
    pg.get_by_role("button", name="Enregistrer").click()
    pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)


def open_entry(pg, url: str, collection: str, slug: str) -> None:
    """A fresh load of an entry's form (a hash change alone keeps the previous entry's state)."""
    pg.goto(f"{url}#/collections/{collection}/entries/{slug}")
    pg.reload()
    pg.get_by_label("Résumé").wait_for()
    pg.wait_for_function("document.querySelector('[id^=title-field-]')?.value?.length > 0")


def front_matter(text: str) -> dict:
    """Front matter (parsed: what it says, whatever its layout) and body of a content file."""
    import yaml
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head)
    meta["body"] = body.strip()
    return meta


def changed_files(repo: Path, since: str, expected: set[str] | None = None) -> set[str]:
    """Files changed on main since `since` (waiting up to 30 s for `expected`: a loaded machine)."""
    for _ in range(60):
        found = set(git(repo, "diff", "--name-only", since, "main").split())
        if expected is None or found == expected:
            break
        time.sleep(0.5)
    return found


def choose_last(pg, field: str, text: str, option: str | None = None) -> None:
    """Pick `text` in the last visible select or relation widget of field `field` (waiting for the
    option `option` to be offered: a relation loads its options from the backend)."""
    box = pg.locator(f"[id^={field}-field-]:visible").last
    box.click()
    box.fill(text)
    if option:
        # Click the option itself: Enter takes whichever option is highlighted, and on a loaded
        # machine the list may not yet be filtered down to the awaited one.
        choice = pg.get_by_text(option, exact=True).last
        choice.wait_for(timeout=30_000)
        choice.click()
        return
    pg.keyboard.press("Enter")
