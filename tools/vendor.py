"""Copy the front-end files the theme uses from node_modules/ into .vendor/.

Only what the theme needs is copied: DSFR core, the components listed in
DSFR_COMPONENTS, the icons and fonts their CSS refers to, lunr and lunr-languages' French
stemmer (minified) for the search. Pelican then publishes .vendor/ under /theme/ (THEME_STATIC_PATHS).
Nothing here is committed: the source of truth is package-lock.json.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from repo_root import ROOT  # the repository root, importable
NODE = ROOT / "node_modules"
DEST = ROOT / ".vendor" / "vendor"

# DSFR components used by theme/templates and plugins (CSS, and JS when the package ships one).
# Keep this list to what the site renders: tests/plugins/test_assets.py checks that each listed
# component's root class appears in the built site, and that no unlisted component is used.
DSFR_COMPONENTS = [
    "skiplink", "logo", "header", "navigation", "footer", "breadcrumb", "search",
    "link", "button", "input", "form", "radio", "modal", "display",
    "card", "tile", "callout", "badge", "tag",
    "select", "table",  # /aide/: filter by département, open-data schema (plugins/contacts)
]
# Root class of each DSFR component (default: fr-<name>), for that check.
DSFR_COMPONENT_ROOTS = {
    "skiplink": "fr-skiplinks", "navigation": "fr-nav", "search": "fr-search-bar",
    "form": "fr-fieldset", "radio": "fr-radio-group", "checkbox": "fr-checkbox-group",
    "button": "fr-btn", "tab": "fr-tabs", "consent": "fr-consent-banner",
    "content": "fr-content-media", "segmented": "fr-segmented", "connect": "fr-connect",
}
# Icon classes (fr-icon-*) come from these groups; the build keeps only the icons the site uses.
DSFR_UTILITY_ICONS = ["icons-system", "icons-device", "icons-communication", "icons-map"]
# Font faces shipped (others are removed from the stylesheet): subset to the characters below,
# woff2 only (every browser that runs our module scripts reads woff2).
FONT_FACES = ["Marianne-Regular", "Marianne-Regular_Italic", "Marianne-Medium", "Marianne-Medium_Italic",
              "Marianne-Bold", "Marianne-Bold_Italic"]
FONT_UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (é, à, «, », °, €-less currencies…)
    (0x0100, 0x017F),  # Latin Extended-A (œ, Œ, Ÿ, names)
    (0x0192, 0x0192), (0x02C6, 0x02C7), (0x02DA, 0x02DC),
    (0x2000, 0x206F),  # General Punctuation (’, “ ”, –, —, …, narrow no-break space)
    (0x20AC, 0x20AC),  # €
    (0x2116, 0x2116), (0x2122, 0x2122),  # №, ™
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
]
FONT_FEATURES = ["kern", "liga", "calt", "locl", "lnum", "tnum", "pnum", "case", "ccmp", "mark", "mkmk"]
# Search (theme/static/js/search/): lunr 2.3.9 and lunr-languages' French stemmer (with the
# stemmer support it needs), minified; loaded in this order on the search field's first focus
# (theme/templates/partials/search_data.html), never before. analyzer.js calls lunr.fr.stemmer.
LUNR_FILES = {
    "lunr/lunr.min.js": "lunr/lunr.min.js",
    "lunr-languages/min/lunr.stemmer.support.min.js": "lunr/lunr.stemmer.support.min.js",
    "lunr-languages/min/lunr.fr.min.js": "lunr/lunr.fr.min.js",
}
URL_RE = re.compile(r"url\((['\"]?)(?!data:)([^)'\"]+)\1\)")
WRITTEN: set[Path] = set()  # files this run produced: anything else under .vendor/vendor/dsfr/ is stale


def copy(src: Path, dst: Path) -> None:
    if not src.is_file():
        sys.exit(f"vendor: fichier introuvable {src.relative_to(ROOT)} : lancez « npm ci ».")
    WRITTEN.add(dst.resolve())
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.read_bytes() == src.read_bytes():
        return
    shutil.copyfile(src, dst)


FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_SRC_RE = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)\s*format\((['\"]?)([a-z0-9]+)\3\)")


def font_faces_kept(text: str) -> str:
    """Keep the @font-face rules of FONT_FACES, each with its woff2 source only."""
    def face(match: re.Match) -> str:
        rule = match.group(0)
        sources = [m for m in FONT_SRC_RE.finditer(rule) if m.group(4) == "woff2"]
        names = [Path(m.group(2)).stem for m in sources]
        if not sources or names[0] not in FONT_FACES:
            return ""
        src = f"src:url({sources[0].group(2)}) format(\"woff2\")"
        return re.sub(r"src:[^;}]*", src, rule)
    return FONT_FACE_RE.sub(face, text)


def subset_font(src: Path, dst: Path) -> None:
    """Subset a woff2 to FONT_UNICODES (deterministic: same input, same bytes)."""
    import hashlib
    import json

    stamp_file = ROOT / ".cache" / "vendor-fonts.json"
    stamps = json.loads(stamp_file.read_text()) if stamp_file.is_file() else {}
    key = hashlib.sha256(src.read_bytes() + repr((FONT_UNICODES, FONT_FEATURES)).encode()).hexdigest()
    rel = dst.relative_to(ROOT).as_posix()
    WRITTEN.add(dst.resolve())
    if dst.is_file() and stamps.get(rel) == [key, hashlib.sha256(dst.read_bytes()).hexdigest()]:
        return
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FONT_FEATURES
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.notdef_outline = True
    font = subset.load_font(str(src), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in FONT_UNICODES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dst), options)
    stamps[rel] = [key, hashlib.sha256(dst.read_bytes()).hexdigest()]
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(json.dumps(stamps, indent=1, sort_keys=True))


def bundle_css(css_files: list[Path], dist: Path, out: Path) -> str:
    """One stylesheet (one request) from the per-component files, urls rebased on dist/."""
    parts = []
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)
        text = font_faces_kept(text)

        def rebase(match: re.Match) -> str:
            ref = match.group(2)
            target = (css.parent / ref.split("#")[0].split("?")[0]).resolve()
            if not target.is_file():
                return match.group(0)
            rel = target.relative_to(dist.resolve())
            if target.suffix == ".woff2":
                subset_font(target, out / rel)
            else:
                copy(target, out / rel)
            return f"url({rel.as_posix()})"

        parts.append(URL_RE.sub(rebase, text).strip())
    return "\n".join(parts) + "\n"


def main_variant(path: Path) -> Path:
    """The `.main.min.css` build (without the IE11 legacy rules) when the package has one."""
    main = path.with_name(path.name.replace(".min.css", ".main.min.css"))
    return main if main.is_file() else path


def bundle_js(js_files: list[Path]) -> str:
    """One module script; each file in its own block so top-level consts do not clash."""
    parts = []
    for js in js_files:
        text = re.sub(r"//# sourceMappingURL=\S+", "", js.read_text(encoding="utf-8")).strip()
        parts.append("{\n" + text + "\n}")
    return "\n".join(parts) + "\n"


def write_if_changed(path: Path, text: str) -> None:
    WRITTEN.add(path.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main() -> int:
    dist = NODE / "@gouvfr" / "dsfr" / "dist"
    if not dist.is_dir():
        sys.exit("vendor: @gouvfr/dsfr absent de node_modules : lancez « npm ci ».")
    out = DEST / "dsfr"
    css_files = [main_variant(dist / "core" / "core.min.css"), main_variant(dist / "scheme" / "scheme.min.css")]
    js_files = [dist / "core" / "core.module.min.js", dist / "scheme" / "scheme.module.min.js"]
    for name in DSFR_COMPONENTS:
        comp = dist / "component" / name
        if (comp / f"{name}.min.css").is_file():
            css_files.append(main_variant(comp / f"{name}.min.css"))
        if (comp / f"{name}.module.min.js").is_file():
            js_files.append(comp / f"{name}.module.min.js")
    for group in DSFR_UTILITY_ICONS:
        icon_css = dist / "utility" / "icons" / group / f"{group}.min.css"
        if icon_css.is_file():
            css_files.append(main_variant(icon_css))
    write_if_changed(out / "dsfr.bundle.min.css", bundle_css(css_files, dist, out))
    write_if_changed(out / "dsfr.bundle.module.min.js", bundle_js(js_files))
    for fav in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        copy(dist / "favicon" / fav, out / "favicon" / fav)
    for src, dst in LUNR_FILES.items():
        copy(NODE / src, DEST / dst)
    remove_stale(out)
    remove_stale(DEST / "lunr")
    warm_parsed_css()
    warm_search_lexicon()
    return 0


def warm_parsed_css() -> None:
    """Parse the vendored stylesheets once, at install time (plugins/assets reads the result from
    ASSETS_VENDOR_CACHE_PATH): parsing the DSFR was the slowest step of every cold build."""
    try:
        from pelican.settings import read_settings

        from plugins.assets.pipeline import warm_vendor_cache
    except ImportError:  # run outside the project's venv: the build parses the CSS itself
        return
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    cache = settings.get("ASSETS_VENDOR_CACHE_PATH")
    if cache:
        warm_vendor_cache([ROOT / "theme" / "static", ROOT / ".vendor"], settings.get("ASSETS_BUNDLES", {}),
                          Path(cache))


def warm_search_lexicon() -> None:
    """Compute the search's French filters and frequencies once, at install time (they derive from
    wordfreq's data only; plugins/search_index reads them from SEARCH_LEXICON_CACHE)."""
    try:
        from pelican.settings import read_settings

        from plugins.search_index import lexicon
    except ImportError:  # run outside the project's venv: the build computes them itself
        return
    lexicon.load_cached(read_settings(str(ROOT / "pelicanconf.py")).get("SEARCH_LEXICON_CACHE"))


def remove_stale(folder: Path) -> None:
    """Delete what an earlier run left (pruned components, icons, font faces)."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in WRITTEN:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


if __name__ == "__main__":
    raise SystemExit(main())
