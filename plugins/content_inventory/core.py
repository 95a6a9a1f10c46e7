"""Pure core: every content file either becomes a page or is accounted for (count in = count out).

`inventory(sources, published, drafts, failed, written)` compares the files found under the
content folders with what the build did with them, and returns the problems and a French summary.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

MARKDOWN_EXTENSIONS = (".md", ".markdown")


@dataclass
class Inventory:
    sources: list[str] = field(default_factory=list)  # every .md found
    published: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, French message)

    def summary(self) -> str:
        text = (f"Contenus : {len(self.sources)} fichier(s) .md, {len(self.published)} page(s) publiée(s), "
                f"{len(self.drafts)} brouillon(s) non publié(s) volontairement")
        if self.drafts:
            text += " (" + ", ".join(self.drafts) + ")"
        if self.failed:
            text += f", {len(self.failed)} fichier(s) en erreur"
        return text + "."


def find_sources(content_root: Path, folders: list[str], ignores: list[str]) -> list[Path]:
    """Every file under the content folders, except editors' temporary files and hidden files."""
    found = []
    for folder in folders:
        base = content_root / folder
        if not base.is_dir():
            continue
        for dirpath, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
                    continue
                found.append(Path(dirpath) / name)
    return found


def inventory(sources: list[str], published: dict[str, str], drafts: set[str], failed: set[str],
              written: set[str]) -> Inventory:
    """sources: display paths of every file found; published: display path -> output file expected;
    drafts / failed: display paths; written: output files that exist."""
    inv = Inventory()
    for path in sorted(sources):
        if not path.lower().endswith(MARKDOWN_EXTENSIONS):
            inv.problems.append((path, "ce fichier n’est pas publié : seuls les fichiers .md (texte avec "
                                 "en-tête YAML) le sont dans les dossiers de contenu ; renommez-le en .md "
                                 "ou déplacez-le (les PDF vont dans content/pdfs/)."))
            continue
        inv.sources.append(path)
        if path in failed:
            inv.failed.append(path)
        elif path in drafts:
            inv.drafts.append(path)
        elif path in published:
            if published[path] in written:
                inv.published.append(path)
            else:
                inv.problems.append((path, f"la page de ce fichier ({published[path]}) n’a pas été écrite : "
                                     "vérifiez les messages précédents ; si aucun n’explique pourquoi, "
                                     "signalez-le à l’équipe technique."))
        else:
            inv.problems.append((path, "ce fichier n’a produit aucune page : vérifiez qu’il est dans "
                                 "content/fiches, content/prevention, content/rapports ou content/pages "
                                 "et que son nom finit par .md."))
    return inv
