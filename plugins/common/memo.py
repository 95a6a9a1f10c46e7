"""Values computed from a page's text, remembered from one build to the next (shared by the plugins
that scan written pages: content_links, assets, security_headers; created by build_cache's folder)."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from plugins.common.files import write_bytes_atomic


class PageMemo:
    """Values computed from a text (a written page), remembered by the text's hash from one build
    to the next: after one edited fiche, the thousand unchanged pages are not scanned again.

    `folder` None: nothing is kept (computed every time). Values must be built-in types (no class
    of a plugin: Pelican imports plugins as `x`, tools as `plugins.x`). Only the texts of the last
    build are kept, so the file never grows beyond the site.
    """

    def __init__(self, folder, name: str, family: str | None = None):
        self.path = Path(folder) / f"{name}.pickle" if folder else None
        self.family = family  # other `<family>*.pickle` files (older code versions) are removed
        self.known: dict = {}
        if self.path is not None and self.path.is_file():
            try:
                self.known = pickle.loads(self.path.read_bytes())
            except Exception:  # a damaged cache file is only a cache miss
                self.known = {}
        self.seen: dict = {}

    def get(self, text: str, compute):
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if key in self.known:
            value = self.known[key]
        else:
            value = compute(text)
        self.seen[key] = value
        return value

    def save(self) -> None:
        if self.path is None or self.seen == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.family:
            for stale in self.path.parent.glob(f"{self.family}*.pickle"):
                if stale != self.path:
                    stale.unlink()
        write_bytes_atomic(self.path, pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))
