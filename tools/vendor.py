"""Copy the front-end files the theme uses from node_modules/ into .vendor/.

Only what the theme needs is copied: DSFR core, the components listed in
DSFR_COMPONENTS, the icons and fonts their CSS refers to, lunr and its French
support. Pelican then publishes .vendor/ under /theme/ (THEME_STATIC_PATHS).
Nothing here is committed: the source of truth is package-lock.json.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
DEST = ROOT / ".vendor" / "vendor"

# DSFR components used by theme/templates (CSS, and JS when the package ships one).
DSFR_COMPONENTS = [
    "skiplink", "logo", "header", "navigation", "footer", "breadcrumb", "search",
    "link", "button", "input", "form", "select", "radio", "modal", "display",
    "card", "tile", "callout", "badge", "tag", "notice", "highlight", "quote",
    "accordion", "table", "summary", "sidemenu", "download",
]
DSFR_UTILITY_ICONS = ["icons-system", "icons-communication", "icons-document", "icons-device",
                      "icons-map"]
LUNR_FILES = {
    "lunr/lunr.js": "lunr/lunr.min.js",
    "lunr-languages/lunr.stemmer.support.js": "lunr/lunr.stemmer.support.js",
    "lunr-languages/lunr.fr.js": "lunr/lunr.fr.js",
}
URL_RE = re.compile(r"url\((['\"]?)(?!data:)([^)'\"]+)\1\)")


def copy(src: Path, dst: Path) -> None:
    if not src.is_file():
        sys.exit(f"vendor: fichier introuvable {src.relative_to(ROOT)} : lancez « npm ci ».")
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.read_bytes() == src.read_bytes():
        return
    shutil.copyfile(src, dst)


def bundle_css(css_files: list[Path], dist: Path, out: Path) -> str:
    """One stylesheet (one request) from the per-component files, urls rebased on dist/."""
    parts = []
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)

        def rebase(match: re.Match) -> str:
            ref = match.group(2)
            target = (css.parent / ref.split("#")[0].split("?")[0]).resolve()
            if not target.is_file():
                return match.group(0)
            rel = target.relative_to(dist.resolve())
            copy(target, out / rel)
            return f"url({rel.as_posix()})"

        parts.append(URL_RE.sub(rebase, text).strip())
    return "\n".join(parts) + "\n"


def bundle_js(js_files: list[Path]) -> str:
    """One module script; each file in its own block so top-level consts do not clash."""
    parts = []
    for js in js_files:
        text = re.sub(r"//# sourceMappingURL=\S+", "", js.read_text(encoding="utf-8")).strip()
        parts.append("{\n" + text + "\n}")
    return "\n".join(parts) + "\n"


def write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main() -> int:
    dist = NODE / "@gouvfr" / "dsfr" / "dist"
    if not dist.is_dir():
        sys.exit("vendor: @gouvfr/dsfr absent de node_modules : lancez « npm ci ».")
    out = DEST / "dsfr"
    css_files = [dist / "core" / "core.min.css", dist / "scheme" / "scheme.min.css"]
    js_files = [dist / "core" / "core.module.min.js", dist / "scheme" / "scheme.module.min.js"]
    for name in DSFR_COMPONENTS:
        comp = dist / "component" / name
        if (comp / f"{name}.min.css").is_file():
            css_files.append(comp / f"{name}.min.css")
        if (comp / f"{name}.module.min.js").is_file():
            js_files.append(comp / f"{name}.module.min.js")
    for group in DSFR_UTILITY_ICONS:
        icon_css = dist / "utility" / "icons" / group / f"{group}.min.css"
        if icon_css.is_file():
            css_files.append(icon_css)
    write_if_changed(out / "dsfr.bundle.min.css", bundle_css(css_files, dist, out))
    write_if_changed(out / "dsfr.bundle.module.min.js", bundle_js(js_files))
    for fav in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        copy(dist / "favicon" / fav, out / "favicon" / fav)
    for src, dst in LUNR_FILES.items():
        copy(NODE / src, DEST / dst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
