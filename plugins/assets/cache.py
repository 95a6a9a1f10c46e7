"""What the asset pipeline remembers between builds: parsed stylesheets (by the hash of their text
and of css.py: the vendor cache of tools/vendor.py survives other changes) and computed texts
(minified scripts, rebased stylesheets: by the hash of their source and of the pipeline's code)."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from plugins.common.files import write_bytes_atomic

from . import css as csslib

_HERE = Path(__file__).resolve().parent
_CODE_VERSION = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_HERE.glob("*.py"))
                                        if p.name != "__init__.py")).hexdigest()[:12]
# Parsed stylesheets depend on css.py only (the vendor cache survives changes to this file).
_PARSE_VERSION = hashlib.sha256(Path(csslib.__file__).read_bytes()).hexdigest()[:12]
_MEMO: dict[str, object] = {}


def _cache_key(text: str) -> str:
    return hashlib.sha256((_PARSE_VERSION + text).encode("utf-8")).hexdigest()


def _parse_cached(text: str, cache_dir: Path | None, read_only: tuple = ()) -> tuple:
    key = _cache_key(text)
    if key in _MEMO:
        return _MEMO[key]
    path = cache_dir / f"css-{key[:32]}.pickle" if cache_dir else None
    rules = None
    for candidate in [path] + [Path(d) / f"css-{key[:32]}.pickle" for d in read_only if d]:
        if candidate and candidate.is_file():
            try:
                rules = csslib.from_plain(pickle.loads(candidate.read_bytes()))
                break
            except Exception:  # a damaged cache file is only a cache miss
                rules = None
    if rules is None:
        rules = csslib.parse(text)
        if path:
            write_bytes_atomic(path, pickle.dumps(csslib.to_plain(rules), protocol=pickle.HIGHEST_PROTOCOL))
    _MEMO[key] = rules
    return rules


def _cached_text(kind: str, source: str, compute, cache_dir: Path | None) -> str:
    """compute(source), remembered on disk by the hash of the source (and of this code)."""
    key = hashlib.sha256((_CODE_VERSION + kind + "\0" + source).encode("utf-8")).hexdigest()
    memo_key = f"{kind}:{key}"
    if memo_key in _MEMO:
        return _MEMO[memo_key]
    path = cache_dir / f"{kind}-{key[:32]}.txt" if cache_dir else None
    if path and path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = compute(source)
        if path:
            write_bytes_atomic(path, text.encode("utf-8"))
    _MEMO[memo_key] = text
    return text


def _minify_js_now(text: str) -> str:
    import minify_html
    import rjsmin

    # minify-html's JS minifier keeps /* block comments */ (a third of our commented scripts):
    # rjsmin removes every comment first (it knows strings, regular expressions and templates).
    text = rjsmin.jsmin(text)
    wrapped = minify_html.minify(f"<script>{text}</script>", minify_js=True)
    body = wrapped[len("<script>"):]
    body = body[: body.rfind("</script>")].replace("/* @__PURE__ */ ", "")  # tree-shaking hints
    return body + "\n"


def _minify_js(text: str, cache_dir: Path | None = None) -> str:
    return _cached_text("js", text, _minify_js_now, cache_dir)
