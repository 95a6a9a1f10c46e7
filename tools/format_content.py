"""`make format`: rewrite the content files in the one form the web editor writes.

The form is defined in plugins/common/rules/canonical.py (and followed by the editor's `toFile`,
plugins/admin_cms/static/editeur.js): run this once after editing files by hand, so that the next
change made in the editor is a one-line diff. Only the layout changes: every file is parsed again
after rewriting and must say exactly the same thing (fields, values, text), or it is left alone.

    python tools/format_content.py [--check] [content folder]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from plugins.common.rules.canonical import canonical_file  # noqa: E402
from plugins.common.rules.frontmatter import ContentError, parse  # noqa: E402

FOLDERS = ("fiches", "prevention", "rapports", "pages")


def _meaning(meta: dict) -> dict:
    """The fields that say something (a field without value, or `draft: false`, says nothing)."""
    return {k: v for k, v in meta.items() if v is not None and v is not False and v != ""}


def _same(before: bytes, after: str, path: str) -> bool:
    old, new = parse(before, path), parse(after.encode("utf-8"), path)
    return _meaning(old.metadata) == _meaning(new.metadata) and old.body.strip() == new.body.strip()


def format_folder(content: Path, check: bool = False) -> tuple[list[str], list[str]]:
    """(files rewritten or to rewrite, files left alone with the reason)."""
    changed, skipped = [], []
    for folder in FOLDERS:
        for path in sorted((content / folder).glob("*.md")):
            if path.is_symlink() or not path.is_file():
                continue
            raw = path.read_bytes()
            rel = str(path.relative_to(content.parent)) if content.parent in path.parents else str(path)
            try:
                text = canonical_file(raw, rel)
            except ContentError as err:
                skipped.append(f"{err} (fichier laissé tel quel : corrigez-le d’abord)")
                continue
            if raw == text.encode("utf-8"):
                continue
            if not _same(raw, text, rel):
                skipped.append(f"{rel}:1: la réécriture changerait le contenu : fichier laissé tel quel.")
                continue
            changed.append(rel)
            if not check:
                path.write_text(text, encoding="utf-8", newline="\n")
    return changed, skipped


def first_difference(before: str, after: str) -> int:
    """The 1-based line where `before` first differs from `after`."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            return number
    return min(len(old), len(new)) + 1


def layout_errors(content: Path) -> list[str]:
    """`make check` (an error): one `fichier:ligne: …` line per content file not in the editor's
    form, at its first line that differs from that form."""
    content = Path(content).resolve()
    changed, _ = format_folder(content, check=True)
    out = []
    for rel in changed:
        path = content.parent / rel if not Path(rel).is_absolute() else Path(rel)
        raw = path.read_bytes()
        line = first_difference(raw.decode("utf-8", "replace").replace("\r\n", "\n"), canonical_file(raw, rel))
        out.append(f"{rel}:{line}: {LAYOUT_MESSAGE}")
    return out


layout_warnings = layout_errors  # former name

LAYOUT_MESSAGE = ("le fichier n’est pas écrit sous la forme qu’utilise l’éditeur en ligne (guillemets, ordre "
                  "des champs, listes ; première différence à cette ligne) — lancez « make format » pour le "
                  "réécrire, ou ouvrez la page dans l’éditeur en ligne et enregistrez-la une fois : ainsi "
                  "une phrase modifiée ne change qu’une ligne.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Réécrit le contenu sous la forme de l’éditeur en ligne.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--check", action="store_true", help="liste seulement les fichiers à réécrire")
    args = parser.parse_args(argv)
    changed, skipped = format_folder(Path(args.content).resolve(), args.check)
    for line in skipped:
        print(line, file=sys.stderr)
    verb = "à réécrire" if args.check else "réécrit(s)"
    print(f"{len(changed)} fichier(s) {verb}" + (" : " + ", ".join(changed) if changed else "."))
    return 1 if (args.check and changed) or skipped else 0


if __name__ == "__main__":
    raise SystemExit(main())
