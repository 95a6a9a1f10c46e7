"""Page weight measurements shared by tests/test_budgets.py and tools/bench.py.

- `file_sizes()`: raw, gzip and brotli sizes of the built files (from the precompressed siblings
  when pelican-precompress wrote them);
- `visit()`: loads a page in Chromium against tools/static_server.py and reports what was really
  transferred (bytes counted by the server: headers + compressed bodies) and the requests made
  before the `load` event (the page is usable) and in total.
"""
from __future__ import annotations

import brotli
import gzip
from dataclasses import dataclass, field
from pathlib import Path


def compressed_sizes(path: Path) -> tuple[int, int, int]:
    """(raw, gzip, brotli) bytes of a built file; precompressed siblings are used when present."""
    data = path.read_bytes()
    gz = path.with_name(path.name + ".gz")
    br = path.with_name(path.name + ".br")
    gz_size = gz.stat().st_size if gz.is_file() else len(gzip.compress(data, 9, mtime=0))
    br_size = br.stat().st_size if br.is_file() else len(brotli.compress(data, quality=11))
    # a precompressor skips files that do not shrink: they travel as they are
    return len(data), min(gz_size, len(data)), min(br_size, len(data))


@dataclass
class Visit:
    url: str
    requests_before_load: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    transferred: int = 0          # bytes sent by the server (headers + bodies, compressed)
    served: list[tuple[str, int, int]] = field(default_factory=list)  # (path, status, bytes)


def visit(context, stats, url: str, settle_ms: int = 500) -> Visit:
    """Open `url` in a new page of `context` (keeping its HTTP cache) and measure the transfer."""
    page = context.new_page()
    result = Visit(url)
    loaded = {"done": False}

    def on_request(request):
        if request.url.startswith(("http://", "https://")):
            result.requests.append(request.url)
            if not loaded["done"]:
                result.requests_before_load.append(request.url)

    page.on("request", on_request)
    page.on("load", lambda: loaded.update(done=True))
    mark = stats.mark()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(settle_ms)
    result.served = stats.since(mark)
    result.transferred = sum(size for _, _, size in result.served)
    page.close()
    return result
