"""`make serve` / `make editer`: build, serve output/ on 127.0.0.1, rebuild when a source changes.

- The first free port from 8000 is used (the address is printed).
- The pages are served with the site's security headers (read from the `_headers` the build writes;
  /admin/ with its own policy), so that the preview behaves like the published site.
- Each HTML page of the preview gets a development script (`/__apercu__/apercu.js`, never written to
  output/): it asks the server for the state of the last build every second, reloads the page after
  a successful rebuild, and shows the errors of a failed one over the page, in French, as
  `fichier:ligne: problème — comment corriger`.
- `--editeur` (`make editer`): also writes the web editor to /admin/ and starts its local backend
  (decap-server, in git mode: the editorial workflow makes a branch per change in this repository).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import signal
import socket
import sys
import threading
from pathlib import Path

from repo_root import ROOT  # the repository root, importable
import build
from serve_editor import (DECAP_SERVER, backend_problem, editor_problems,  # noqa: F401 - also serve.*
                          on_branch, start_decap_server)
from serve_verify import (DEV_PREFIX, MAX_VERIFY_BYTES, VERIFY_PATH, answer as verify_answer,  # noqa: F401
                          verify_file)  # also serve.*
from serve_draft import DRAFT_PATH, MAX_DRAFT_BYTES, DraftPreview  # noqa: F401 - also serve.*

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]
DEV_DIR = Path(__file__).resolve().parent / "serve_assets"
DEV_TAGS = (f'<link rel="stylesheet" href="{DEV_PREFIX}apercu.css">'
            f'<script src="{DEV_PREFIX}apercu.js" defer></script>')
MAX_ERRORS_SHOWN = 200


class State:
    """Result of the last build, read by the page's script: a build number and the error messages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.build_id = 0
        self.errors: list[str] = []

    def record(self, errors: list[str]) -> None:
        with self.lock:
            self.build_id += 1
            self.errors = list(errors)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build_id, "errors": self.errors[:MAX_ERRORS_SHOWN],
                               "total": len(self.errors)}, ensure_ascii=False).encode("utf-8")


def inject(html: str) -> str:
    """The page with the development tags at the end of its <head> (or at its start, if none)."""
    match = re.search(r"</head\s*>", html, re.IGNORECASE)
    if match:
        return html[:match.start()] + DEV_TAGS + html[match.start():]
    return DEV_TAGS + html


def page_headers(output: Path, path: str, admin_headers: dict[str, str]) -> dict[str, str]:
    """Security headers of `path`: those of output/_headers for every URL, /admin/ with its own."""
    headers: dict[str, str] = {}
    try:
        text = (output / "_headers").read_text(encoding="utf-8")
    except OSError:
        return headers
    block = text.split("/*\n", 1)[1].split("\n/", 1)[0] if "/*\n" in text else ""
    headers.update(re.findall(r"^  ([\w-]+): (.*)$", block, flags=re.M))
    headers.pop("Strict-Transport-Security", None)  # plain http on 127.0.0.1
    if path.startswith("/admin/") or path == "/admin":
        headers.update(admin_headers)
    return headers


def no_build_page() -> str:
    """Shown when no build ever succeeded (output/ is empty): the script lists the errors."""
    return ("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Aperçu indisponible</title>"
            "</head><body><main><h1>Aperçu indisponible</h1><p>Le site n’a pas encore pu être construit : "
            "corrigez les erreurs affichées, l’aperçu se recharge tout seul.</p></main></body></html>")


def make_handler(output: Path, state: State, admin_headers: dict[str, str], content: Path | None = None,
                 draft: DraftPreview | None = None):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes, content_type: str, path: str) -> None:
            self._dev_headers = True
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in page_headers(output, path, admin_headers).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def _answer(self, answer) -> None:
            status, headers, body = answer
            self._dev_headers = True
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_POST(self):
            path = self.path.split("?", 1)[0]
            length = int(self.headers.get("Content-Length") or 0)
            host = self.headers.get("Host", "")
            if path == DRAFT_PATH and draft is not None:  # « Voir la page telle qu’elle sera publiée »
                if not 0 < length <= MAX_DRAFT_BYTES:
                    return self._send(413, b"", "text/plain", path)
                return self._answer(draft.answer_post(self.headers, self.rfile.read(length)))
            if path != VERIFY_PATH or content is None or not 0 < length <= MAX_VERIFY_BYTES \
                    or self.headers.get("Origin") not in (None, f"http://{host}"):
                return self._send(403, b"", "text/plain", path)
            try:
                asked = json.loads(self.rfile.read(length))
                errors = verify_answer(content, asked)
            except (ValueError, KeyError, TypeError, AttributeError):
                return self._send(400, b"", "text/plain", path)
            body = json.dumps({"errors": errors}, ensure_ascii=False).encode("utf-8")
            return self._send(200, body, "application/json; charset=utf-8", path)

        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == DEV_PREFIX + "etat.json":
                return self._send(200, state.as_json(), "application/json; charset=utf-8", path)
            if draft is not None and path.startswith(DRAFT_PATH + "/"):
                return self._answer(draft.answer_get(path))
            if path.startswith(DEV_PREFIX):
                name = path[len(DEV_PREFIX):]
                kinds = {"apercu.js": "text/javascript; charset=utf-8", "apercu.css": "text/css; charset=utf-8"}
                if name in kinds:
                    return self._send(200, (DEV_DIR / name).read_bytes(), kinds[name], path)
                return self._send(404, b"", "text/plain", path)
            if not (output / "index.html").is_file():
                return self._send(200, inject(no_build_page()).encode("utf-8"),
                                  "text/html; charset=utf-8", path)
            target = Path(self.translate_path(path))
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                target = target / "index.html"
            admin = path.startswith("/admin/")
            if target.suffix == ".html" and target.is_file() and not admin:
                html = target.read_text(encoding="utf-8")
                return self._send(200, inject(html).encode("utf-8"), "text/html; charset=utf-8", path)
            if not target.is_file():
                not_found = output / "404.html"
                body = not_found.read_text(encoding="utf-8") if not_found.is_file() else "<p>Page introuvable</p>"
                return self._send(404, inject(body).encode("utf-8"), "text/html; charset=utf-8", path)
            return super().do_GET()

        def end_headers(self):
            # Files sent by SimpleHTTPRequestHandler (CSS, JS, images…) get the headers too.
            if not getattr(self, "_dev_headers", False):
                path = self.path.split("?", 1)[0]
                for name, value in page_headers(output, path, admin_headers).items():
                    self.send_header(name, value)
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

    return functools.partial(Handler, directory=str(output))


def free_port(start: int, tries: int = 50) -> socket.socket:
    """A socket bound on 127.0.0.1 to the first free port from `start` (any port if none is)."""
    for port in list(range(start, start + tries)) + [0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", port))
            return sock
        except OSError:
            sock.close()
    raise OSError("aucun port libre sur 127.0.0.1")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, sock: socket.socket, handler):
        super().__init__(sock.getsockname(), handler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.server_address = sock.getsockname()
        self.server_activate()


def rebuild(state: State, output: Path, overrides: dict, address: str) -> None:
    errors = build.build("pelicanconf.py", output, overrides)
    state.record(errors)
    if errors:
        print(f"Échec de la construction ({len(errors)} erreur(s), affichées aussi dans le navigateur ; "
              "l’aperçu garde la version précédente) :", file=sys.stderr)
        for message in errors:
            print(f"  {message}", file=sys.stderr)
    else:
        print(f"Aperçu à jour : {address}")


def port_or_problem(start: int, what: str) -> tuple[socket.socket | None, str]:
    """(a socket on the first free port from `start`, a French note or problem): the note says which
    port replaces a taken one; the problem (no socket) says what to do."""
    try:
        sock = free_port(start, tries=50)
    except OSError:
        return None, (f"aucun port libre sur 127.0.0.1 pour {what} (essayés : {start} à {start + 49}) : "
                      "arrêtez un autre « make serve » ou « make editer » (Ctrl+C dans son terminal) ou le "
                      "programme qui occupe ces ports (« ss -ltnp » les montre), puis relancez.")
    port = sock.getsockname()[1]
    if port != start:
        return sock, f"le port {start} est occupé : {what} utilise le port {port}."
    return sock, ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Aperçu du site, reconstruit à chaque modification.")
    parser.add_argument("--port", type=int, default=8000, help="premier port essayé (8000)")
    parser.add_argument("--editeur", action="store_true",
                        help="avec l’éditeur en ligne /admin/ et son serveur local (make editer)")
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=None, help="dossier de contenu (par défaut : content/)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    os.environ.setdefault("PDF", "0")
    output = Path(args.output).resolve()
    overrides: dict = {"PATH": str(Path(args.content).resolve())} if args.content else {}
    watched = [ROOT / p for p in WATCHED if not (args.content and p == "content")]
    if args.content:
        watched.append(Path(args.content).resolve())
    admin_headers: dict[str, str] = {}
    backend = None
    if args.editeur:
        from plugins.admin_cms import core
        import patch_admin
        if not DECAP_SERVER.is_file() or not patch_admin.is_patched():
            print("L’éditeur en ligne n’est pas installé (ou pas corrigé) : lancez « make admin-deps ».",
                  file=sys.stderr)
            return 1
        backend_sock, note = port_or_problem(8081, "le serveur local des modifications")
        if backend_sock is None:
            print(f"L’éditeur ne peut pas démarrer : {note}", file=sys.stderr)
            return 1
        if note:
            print(f"Note : {note}")
        backend_port = backend_sock.getsockname()[1]
        backend_sock.close()
        backend_url = f"http://127.0.0.1:{backend_port}"
        overrides.update(ADMIN_CMS=True, ADMIN_LOCAL_BACKEND=f"{backend_url}/api/v1", ADMIN_VERIFY_URL=VERIFY_PATH)
        admin_headers = core.admin_headers(local_backend=False)
        admin_headers["Content-Security-Policy"] = admin_headers["Content-Security-Policy"].replace(
            "connect-src 'self'", f"connect-src 'self' {backend_url}")
        if args.content and Path(args.content).resolve().name != "content":
            print("--content doit désigner un dossier nommé « content » (l’éditeur écrit dans content/…).",
                  file=sys.stderr)
            return 1
        repo = Path(args.content).resolve().parent if args.content else ROOT
        import pelicanconf
        main_branch = pelicanconf.ADMIN_BACKEND.get("branch", "main")
        problems = editor_problems(repo, main_branch)
        if problems:
            print("L’éditeur ne peut pas démarrer :", file=sys.stderr)
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
            print("Corrigez ces points puis relancez « make editer ».", file=sys.stderr)
            return 1
        backend = start_decap_server(backend_port, repo)
        problem = backend_problem(backend, backend_port)
        if problem:
            print(f"L’éditeur ne peut pas démarrer : {problem}", file=sys.stderr)
            backend.terminate()
            return 1
    sock, note = port_or_problem(args.port, "l’aperçu")
    if sock is None:
        print(f"L’aperçu ne peut pas démarrer : {note}", file=sys.stderr)
        if backend is not None:
            backend.terminate()
        return 1
    if note:
        print(f"Note : {note}")
    address = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    state = State()
    content_dir = Path(args.content).resolve() if args.content else ROOT / "content"
    draft = None
    if args.editeur:  # the draft preview: a folder of its own, never output/ (removed on exit)
        import tempfile
        draft_work = Path(tempfile.mkdtemp(prefix="apercu-brouillon-"))
        draft = DraftPreview(content_dir, draft_work, lambda site, path: page_headers(site, path, {}),
                             ready=lambda: on_branch(repo, main_branch))
    server = Server(sock, make_handler(output, state, admin_headers, content_dir if args.editeur else None,
                                       draft))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rebuild(state, output, overrides, address)
    print(f"Aperçu sur {address} (Ctrl+C pour arrêter).", flush=True)
    if args.editeur:
        print(f"Éditeur en ligne sur {address}admin/ (serveur local des modifications : {backend_url}).")
    from watchfiles import watch

    def stop(signum, frame):  # `kill` (SIGTERM) stops like Ctrl+C: decap-server is stopped too
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        for _ in watch(*watched):
            # decap-server checks out a draft's branch for a moment: the preview waits for the return
            # to the main branch (the files change again then) instead of showing a draft's state.
            if args.editeur and not on_branch(repo, main_branch):
                continue
            rebuild(state, output, overrides, address)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if draft is not None:
            import shutil
            shutil.rmtree(draft.work, ignore_errors=True)
        if backend is not None:
            backend.terminate()
            backend.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
