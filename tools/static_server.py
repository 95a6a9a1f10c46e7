"""A static server on 127.0.0.1 that behaves like the production host (for tests and `make bench`).

- serves `file.br` / `file.gz` (written by pelican-precompress) when the browser accepts them;
- fingerprinted files (`name.<hash>.ext`) are cached a year (`immutable`), everything else revalidates
  (`no-cache` + Last-Modified: a repeat visit transfers only the changed HTML);
- the site's own 404 page; counts requests and bytes sent, to check budgets on transferred bytes;
- with a `prefix` ("/apercu/pr-12"), the site is served under that sub-path only, like a preview of a
  pull request, and every other path is not found.
Never listens on anything but the loopback interface.
"""
from __future__ import annotations

import email.utils
import http.server
import mimetypes
import os
import re
import threading
from pathlib import Path

FINGERPRINT_RE = re.compile(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
TYPES = {".woff2": "font/woff2", ".svg": "image/svg+xml", ".webp": "image/webp", ".js": "text/javascript",
         ".css": "text/css", ".html": "text/html; charset=utf-8", ".xml": "application/xml",
         ".atom": "application/atom+xml", ".json": "application/json", ".txt": "text/plain; charset=utf-8",
         ".pdf": "application/pdf", ".ico": "image/x-icon", ".png": "image/png"}


class Stats:
    """Requests and bytes (headers + body) sent, in order: [(path, status, bytes)]."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log: list[tuple[str, int, int]] = []

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.log.append((path, status, size))

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, mark: int) -> list[tuple[str, int, int]]:
        with self.lock:
            return list(self.log[mark:])


class Handler(http.server.BaseHTTPRequestHandler):
    root: Path = Path(".")
    stats: Stats | None = None
    prefix: str = ""  # sub-path the site is served under ("" : at the root)
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _resolve(self) -> Path | None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        from urllib.parse import unquote
        path = unquote(path)
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return None
            path = path[len(self.prefix):]  # the prefix alone is redirected to prefix/ below
        rel = path.lstrip("/")
        target = (self.root / rel).resolve()
        if self.root.resolve() not in target.parents and target != self.root.resolve():
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirected below
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes, head: bool) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        header_bytes = sum(len(f"{n}: {v}\r\n") for n, v in headers) + 60
        if not head:
            self.wfile.write(body)
        if self.stats is not None:
            self.stats.add(self.path, status, header_bytes + (0 if head else len(body)))

    def _serve(self, head: bool) -> None:
        target = self._resolve()
        if target is not None and target.is_dir():
            self._send(301, [("Location", self.path.split("?")[0] + "/")], b"", head)
            return
        if target is None:
            page = self.root / "404.html"
            body = page.read_bytes() if page.is_file() else b"Not found"
            self._send(404, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", REVALIDATE)], body, head)
            return
        stat = target.stat()
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        cache = IMMUTABLE if FINGERPRINT_RE.search(target.name) else REVALIDATE
        since = self.headers.get("If-Modified-Since")
        if since and cache == REVALIDATE:
            try:
                if int(email.utils.parsedate_to_datetime(since).timestamp()) >= int(stat.st_mtime):
                    self._send(304, [("Cache-Control", cache), ("Last-Modified", last_modified)], b"", True)
                    return
            except (TypeError, ValueError):
                pass
        accepted = self.headers.get("Accept-Encoding", "")
        body_path, encoding = target, None
        for ext, name in ((".br", "br"), (".gz", "gzip")):
            if re.search(rf"\b{name}\b", accepted) and target.with_name(target.name + ext).is_file():
                body_path, encoding = target.with_name(target.name + ext), name
                break
        ctype = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers = [("Content-Type", ctype), ("Cache-Control", cache), ("Last-Modified", last_modified),
                   ("Vary", "Accept-Encoding")]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        self._send(200, headers, body_path.read_bytes(), head)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser closed a kept-alive connection: nothing to report
        super().handle_error(request, client_address)


def _prefix(prefix: str) -> str:
    prefix = prefix.strip("/")
    return "/" + prefix if prefix else ""


def start(root: Path, port: int = 0, stats: Stats | None = None, prefix: str = ""):
    """Serve `root` on 127.0.0.1:<port> (under the sub-path `prefix`) in a daemon thread; returns
    (server, base URL of the site, prefix included)."""
    handler = type("SiteHandler", (Handler,), {"root": Path(root), "stats": stats, "prefix": _prefix(prefix)})
    server = Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{_prefix(prefix)}"


def reserve(prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Bind a server (not yet serving) to learn its URL before the site is built for it; with a
    `prefix`, the URL is that of the sub-path the site will be served under."""
    handler = type("SiteHandler", (Handler,), {"root": Path("."), "stats": None, "prefix": _prefix(prefix)})
    server = Server(("127.0.0.1", 0), handler)
    return server, f"http://127.0.0.1:{server.server_address[1]}{_prefix(prefix)}"


def serve_reserved(server, root: Path, stats: Stats | None = None) -> None:
    server.RequestHandlerClass.root = Path(root)
    server.RequestHandlerClass.stats = stats
    threading.Thread(target=server.serve_forever, daemon=True).start()


if __name__ == "__main__":  # python tools/static_server.py output/ [port]
    import sys
    srv, url = start(Path(sys.argv[1] if len(sys.argv) > 1 else "output"),
                     int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"{url}/ (Ctrl+C pour arrêter)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.shutdown()
    os._exit(0)
