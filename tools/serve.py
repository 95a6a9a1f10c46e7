"""`make serve`: build, serve output/ on http://127.0.0.1:8000, rebuild when a source changes."""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build  # noqa: E402

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]


def rebuild() -> None:
    errors = build.build("pelicanconf.py", ROOT / "output")
    if errors:
        print("Échec de la construction (l’aperçu garde la version précédente) :", file=sys.stderr)
        for message in errors:
            print(f"  {message}", file=sys.stderr)
    else:
        print("Aperçu à jour : http://127.0.0.1:8000/")


def main() -> int:
    os.chdir(ROOT)
    os.environ.setdefault("PDF", "0")
    rebuild()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8000), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("Aperçu sur http://127.0.0.1:8000/ (Ctrl+C pour arrêter).")
    from watchfiles import watch
    try:
        for _ in watch(*[ROOT / p for p in WATCHED]):
            rebuild()
    except KeyboardInterrupt:
        pass
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
