"""Bundles of theme files (one request instead of several): stylesheets rebased on the bundle and
wrapped in their media query, scripts minified and wrapped in a block; the vendored stylesheet
parts parsed once at install (tools/vendor.py)."""
from __future__ import annotations

import re
from pathlib import Path

from . import css as csslib
from .cache import _cache_key, _cached_text, _minify_js, _parse_cached
from .fingerprint import relative, resolve
from .options import Options, Result


IMPORT_EXPORT_RE = re.compile(r"^\s*(import|export)\b", re.M)


def bundle_chunk(theme: Path, bundle: str, part, opts: Options) -> tuple[str, str | None]:
    """(part path, text as it goes into the bundle): CSS with URLs rebased on the bundle and
    wrapped in its media query; JS minified and wrapped in a block. Raises FileNotFoundError."""
    rel, media = (part, None) if isinstance(part, str) else (part[0], part[1])
    text = (theme / rel).read_text(encoding="utf-8").strip()
    if bundle.endswith(".css"):
        text = _cached_text(f"rebase-{bundle}-{rel}".replace("/", "_"), text, lambda t, rel=rel: csslib.rewrite_urls(
            t, lambda url: relative(bundle, resolve(rel, url))), opts.cache_dir)
        return rel, (f"@media {media}{{{text}}}" if media else text)
    if opts.minify and not rel.endswith(".min.js"):
        text = _minify_js(text, opts.cache_dir).strip()
    return rel, text


def _make_bundles(theme: Path, opts: Options, result: Result) -> tuple[list[str], dict[str, list[str]]]:
    """Concatenate bundle parts (one request instead of several); returns the parts used and,
    per stylesheet bundle, its chunks (each a complete stylesheet)."""
    consumed, css_chunks = [], {}
    for bundle, parts in sorted(opts.bundles.items()):
        chunks = []
        for part in parts:
            rel = part if isinstance(part, str) else part[0]
            if not (theme / rel).is_file():
                result.errors.append(f"ASSETS_BUNDLES[{bundle!r}] : {rel} absent du thème "
                                     "(theme/static/ ou .vendor/) : corrigez la liste.")
                continue
            rel, text = bundle_chunk(theme, bundle, part, opts)
            consumed.append(rel)
            if bundle.endswith(".css"):
                chunks.append(text)
            else:
                if IMPORT_EXPORT_RE.search(text):
                    result.errors.append(f"ASSETS_BUNDLES[{bundle!r}] : {rel} contient import/export, "
                                         "il ne peut pas être concaténé : chargez-le à part.")
                chunks.append("{\n" + text + "\n}")
        _write(theme / bundle, "\n".join(chunks) + "\n")
        if bundle.endswith(".css"):
            css_chunks[bundle] = chunks
    return consumed, css_chunks


def warm_vendor_cache(static_dirs: list[Path], bundles: dict, vendor_cache_dir: Path,
                      prefix: str = "vendor/") -> int:
    """Parse once the vendored parts (`prefix`) of the stylesheet bundles into `vendor_cache_dir`
    (tools/vendor.py, when the front-end packages are installed). Returns how many were parsed."""
    count, kept = 0, set()
    opts = Options(cache_dir=None)
    for bundle, parts in sorted(bundles.items()):
        if not bundle.endswith(".css"):
            continue
        for part in parts:
            rel = part if isinstance(part, str) else part[0]
            if not rel.startswith(prefix):
                continue
            folder = next((d for d in static_dirs if (Path(d) / rel).is_file()), None)
            if folder is None:
                continue
            _rel, chunk = bundle_chunk(Path(folder), bundle, part, opts)
            _parse_cached(chunk, vendor_cache_dir)
            kept.add(f"css-{_cache_key(chunk)[:32]}.pickle")
            count += 1
    for stale in Path(vendor_cache_dir).glob("css-*.pickle"):  # older DSFR or older code
        if stale.name not in kept:
            stale.unlink()
    return count


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)
