"""The asset pipeline run on the built site, before compression.

1. Stylesheets: the DSFR bundle keeps only the rules, font faces and custom properties the site
   uses (classes found in the HTML and in the scripts); the icons it still refers to are inlined
   as data: URIs (no request per icon); every stylesheet is minified.
2. Our scripts are minified (minify-html); the DSFR ones already are.
3. Every theme file the HTML or a stylesheet refers to gets its content hash in its name
   (`site.3f2a9c1b.css`), references are rewritten, originals and unused vendor files removed:
   hashed files can be cached for a year (`immutable`), the HTML always revalidates.

Deterministic: same inputs, same bytes. Errors are returned as French messages for the log.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from plugins.common.memo import PageMemo

from . import css as csslib
from . import usage
from .bundles import _make_bundles, _write, _write_bytes, warm_vendor_cache  # noqa: F401
from .cache import _CODE_VERSION, _cached_text, _minify_js, _parse_cached  # noqa: F401
from .options import Options, Result  # noqa: F401
from .fingerprint import hashed_name, is_hashed, relative, resolve, rewrite_refs, theme_ref_re

FR_TOKEN_RE = re.compile(r"\bfr-[A-Za-z0-9_-]+")
_FR_TOKEN_FAST_RE = re.compile(r"fr-[A-Za-z0-9_-]+")


def fr_tokens(text: str) -> list[str]:
    """FR_TOKEN_RE.findall(text), about 15 times faster: a pattern starting with a literal lets
    `re` skip ahead, and the word boundary is checked by hand."""
    out = []
    for match in _FR_TOKEN_FAST_RE.finditer(text):
        at = match.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        out.append(match.group())
    return out
def _scan_page(text: str) -> tuple:
    """(what the page uses: usage.PageUsage, fr- tokens, custom property names)."""
    return (usage.page_usage(text), tuple(fr_tokens(text)), tuple(csslib.CUSTOM_NAME_RE.findall(text)))


def _files(root: Path, suffix: str) -> list[Path]:
    return sorted(p for p in root.rglob(f"*{suffix}") if p.is_file())


def _files_by_suffix(root: Path, suffixes: tuple[str, ...], ignore: tuple[str, ...] = ()) -> dict[str, list[Path]]:
    """`_files(root, s)` for each suffix, in one walk of the tree (a 1,000-page site has ~1,000
    folders), leaving out the top-level folders `ignore`."""
    found: dict[str, list[Path]] = {s: [] for s in suffixes}
    for folder, dirs, names in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d not in ignore]
        dirs.sort()
        for name in names:
            for suffix in suffixes:
                if name.endswith(suffix):
                    found[suffix].append(Path(folder) / name)
    return {s: sorted(paths) for s, paths in found.items()}


def run(output: Path, opts: Options) -> Result:
    result = Result()
    theme = output / opts.theme_dir
    if not theme.is_dir():
        return result
    consumed, chunks = _make_bundles(theme, opts, result)
    listing = _files_by_suffix(output, (".html", ".js", ".json"), opts.ignore_dirs)
    html_files = listing[".html"]
    html_texts = {p: p.read_text(encoding="utf-8") for p in html_files}
    script_texts = {p: p.read_text(encoding="utf-8") for p in listing[".js"]}
    data_texts = [p.read_text(encoding="utf-8") for p in listing[".json"]]

    # 1. What the site uses: classes and custom properties.
    used = set(opts.keep_classes)
    refs: set[str] = set()
    # What each page uses, remembered by its hash (an edited fiche: one page scanned, not 1,000).
    scans = PageMemo(opts.cache_dir, f"pages-{_CODE_VERSION}", family="pages-")
    pages = []
    for text in html_texts.values():
        page, tokens, names = scans.get(text, _scan_page)
        pages.append(page)
        used.update(page.classes)
        used.update(tokens)
        refs.update(names)
    scans.save()
    bundle_paths = {theme / rel for rel in opts.bundles}
    script_words: set[str] = set()
    for path, text in script_texts.items():
        if path in bundle_paths:
            continue  # its parts are scanned one by one
        rel = path.relative_to(theme).as_posix() if theme in path.parents else ""
        prefixed = any(rel.startswith(p) for p in opts.prefixed_scripts)
        used |= usage.classes_in_script(text, prefixed)
        script_words |= usage.state_ids(text)
        used.update(fr_tokens(text))
        refs.update(csslib.CUSTOM_NAME_RE.findall(text))
    for text in data_texts:
        used.update(fr_tokens(text))
        refs.update(csslib.CUSTOM_NAME_RE.findall(text))
    pattern = theme_ref_re(opts.siteurl, opts.theme_dir)
    from_html = sorted({m.group("path") for text in html_texts.values() for m in pattern.finditer(text)})
    # Bundle parts are processed inside their bundle (unless a page also loads one on its own).
    skipped = {theme / rel for rel in consumed if rel not in from_html}
    css_files = [p for p in _files(theme, ".css") if p not in skipped]
    purge_targets = {theme / rel for rel in opts.purge}
    for path in css_files:
        if path not in purge_targets:
            refs.update(csslib.VAR_REF_RE.findall(path.read_text(encoding="utf-8")))
    result.used_classes = used

    # 2. Stylesheets.
    css_texts: dict[str, str] = {}
    for path in css_files:
        rel = path.relative_to(theme).as_posix()
        text = path.read_text(encoding="utf-8")
        if path in purge_targets:
            if rel in chunks:  # a bundle: its parts parsed one by one (the DSFR part is pre-parsed)
                parsed = tuple(rule for chunk in chunks[rel]
                               for rule in _parse_cached(chunk, opts.cache_dir, (opts.vendor_cache_dir,)))
            else:
                parsed = _parse_cached(text, opts.cache_dir)
            rules = csslib.purge(parsed, used | usage.runtime_modifiers(parsed, used, script_words))
            rules = usage.keep_font_faces(rules, usage.used_font_faces(rules, pages))
            rules = csslib.prune_custom_properties(rules, refs)
            text = csslib.serialize(rules) + "\n"
        elif opts.minify and not path.name.endswith(".min.css"):
            text = csslib.serialize(_parse_cached(text, opts.cache_dir)) + "\n"
        text = _inline_icons(text, rel, theme, opts, result)
        css_texts[rel] = text

    # 3. Our scripts (bundles: their parts were minified one by one).
    js_texts: dict[str, str] = {}
    for path, text in script_texts.items():
        if theme in path.parents and path not in bundle_paths and path not in skipped:
            rel = path.relative_to(theme).as_posix()
            if opts.minify and not path.name.endswith(".min.js"):
                text = _minify_js(text, opts.cache_dir)
            js_texts[rel] = text

    # 4. References: from the HTML (asset filter) and from the stylesheets.
    for rel in from_html:
        if not (theme / rel).is_file() and rel not in css_texts:
            pages = sorted(str(p.relative_to(output)) for p, t in html_texts.items() if f"/{rel}" in t)
            result.errors.append(f"{pages[0] if pages else '?'}: la page appelle /{opts.theme_dir}/{rel}, "
                                 "absent du thème : corrigez le chemin donné au filtre « asset ».")
    from_css: dict[str, list[str]] = {}
    for rel, text in css_texts.items():
        from_css[rel] = sorted({resolve(rel, url) for url in csslib.local_urls(text)})
        for target in from_css[rel]:
            if not (theme / target).is_file():
                result.errors.append(f"{opts.theme_dir}/{rel}: url({target}) introuvable dans le thème.")

    # 5. Write processed files, fingerprint leaves first, then stylesheets, then rewrite the HTML.
    for rel, text in sorted(js_texts.items()):
        _write(theme / rel, text)
    referenced = set(from_html) | {t for targets in from_css.values() for t in targets}
    renamed: dict[str, str] = {}
    if opts.fingerprint:
        for rel in sorted(referenced - set(css_texts)):
            path = theme / rel
            if path.is_file() and not is_hashed(rel):
                renamed[rel] = _rename(theme, rel, path.read_bytes())
    for rel, text in sorted(css_texts.items()):
        if opts.fingerprint:
            text = csslib.rewrite_urls(text, lambda url, rel=rel: _new_url(rel, url, renamed))
        _write(theme / rel, text)
        if opts.fingerprint and rel in referenced and not is_hashed(rel):
            renamed[rel] = _rename(theme, rel, text.encode("utf-8"))
    for path, text in html_texts.items():
        new = rewrite_refs(text, pattern, renamed) if renamed else text
        if new != text:
            _write(path, new)
    result.renamed = renamed

    # 6. Remove what nothing refers to any more.
    # Names in the minified scripts only: a file named in a comment is not loaded by anything.
    minified = {theme / rel: text for rel, text in js_texts.items()}
    mentioned = "\n".join([minified.get(path, text) for path, text in script_texts.items()] + data_texts)
    still_used = {t for targets in from_css.values() for t in targets} | set(from_html)
    for rel in consumed:
        if rel not in still_used and posixpath.basename(rel) not in mentioned:
            _remove(theme, rel, result)
    for rel in sorted(renamed):
        if posixpath.basename(rel) not in mentioned:
            _remove(theme, rel, result)
    for folder in opts.prune_dirs:
        base = theme / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(theme).as_posix()
            if path.is_file() and rel not in still_used and rel not in renamed.values() and path.exists():
                _remove(theme, rel, result)
        for sub in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
        if base.is_dir() and not any(base.iterdir()):
            base.rmdir()
    return result


def _inline_icons(text: str, rel: str, theme: Path, opts: Options, result: Result) -> str:
    if not opts.inline_dirs:
        return text
    memo: dict[str, str] = {}

    def mapping(url: str):
        target = resolve(rel, url)
        if target.endswith(".svg") and any(target.startswith(d.rstrip("/") + "/") for d in opts.inline_dirs):
            path = theme / target
            if target in memo:
                return memo[target]
            if path.is_file():
                memo[target] = csslib.svg_data_uri(path.read_bytes())
                return memo[target]
            result.errors.append(f"{opts.theme_dir}/{rel}: icône {target} introuvable.")
        return None
    return csslib.rewrite_urls(text, mapping)


def _new_url(css_rel: str, url: str, renamed: dict[str, str]) -> str | None:
    target = resolve(css_rel, url)
    if target in renamed:
        return relative(css_rel, renamed[target])
    return None


def _rename(theme: Path, rel: str, data: bytes) -> str:
    new = hashed_name(rel, data)
    _write_bytes(theme / new, data)
    return new


def _remove(theme: Path, rel: str, result: Result) -> None:
    path = theme / rel
    if path.is_file():
        path.unlink()
        result.removed.append(rel)
