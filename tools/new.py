"""`make new TYPE=fiche TITLE="…"`: create a well-formed content file dated today.

TYPE: fiche, prevention, rapport or page. The file name (hence the address) is derived from the
title; an existing file or address is never overwritten. The text and the summary are placeholder
sentences that `make check` and the build refuse, so an unfinished file cannot be published.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from plugins.content_schema.frontmatter import ContentError, parse  # noqa: E402
from plugins.content_schema.schema import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARY  # noqa: E402

TYPES = {
    "fiche": "fiches", "fiches": "fiches",
    "prevention": "prevention", "prévention": "prevention", "guide": "prevention",
    "rapport": "rapports", "rapports": "rapports",
    "page": "pages", "pages": "pages",
}
FOLDERS = ("fiches", "prevention", "rapports", "pages")

TEMPLATE = """---
title: {title}
summary: "{summary}"
date: {today}
# Champs facultatifs : retirez le « # » en début de ligne pour en utiliser un (voir CONTRIBUTING.md).
# Date de la dernière mise à jour, date à laquelle revérifier le contenu :
# updated: {today}
# review_by: {review}
# Thèmes et publics : identifiants de content/data/taxonomies.yaml.
# themes: [comprendre]
# audiences: [grand-public]
# La source de chaque fait publié :
# sources:
#   - title: "Titre de la source"
#     url: "https://…"
# legal_refs: ["Code pénal, article 223-15-2"]
# Autres contenus à proposer (« Voir aussi ») et contacts d’aide (content/data/contacts.yaml) :
# related: [emprise]
# contacts: ["119"]
---

{body}
"""


def slug_for(title: str) -> str:
    from pelican.utils import slugify

    import pelicanconf

    return slugify(title, regex_subs=pelicanconf.SLUG_REGEX_SUBSTITUTIONS)


def used_slugs(content: Path) -> dict[str, Path]:
    """Slugs already taken (file names and explicit `slug:` fields) -> file."""
    taken: dict[str, Path] = {}
    for folder in FOLDERS:
        for path in sorted((content / folder).glob("**/*.md")):
            taken.setdefault(slug_for(path.stem), path)
            try:
                slug = parse(path.read_bytes(), str(path)).metadata.get("slug")
            except ContentError:
                continue
            if isinstance(slug, str):
                taken.setdefault(slug, path)
    return taken


def create(kind: str, title: str, content: Path = ROOT / "content", today: dt.date | None = None) -> Path:
    """Create the file; raise ValueError with a French message when it cannot be done."""
    folder = TYPES.get((kind or "").strip().lower())
    if folder is None:
        raise ValueError(f"type « {kind} » inconnu : écrivez TYPE=fiche, TYPE=prevention, TYPE=rapport "
                         "ou TYPE=page.")
    title = " ".join((title or "").split())
    if not title:
        raise ValueError("titre manquant : écrivez par exemple make new TYPE=fiche "
                         "TITLE=\"Qu’est-ce que l’emprise ?\".")
    slug = slug_for(title)
    if not slug:
        raise ValueError(f"impossible de tirer une adresse du titre « {title} » : utilisez des lettres "
                         "ou des chiffres.")
    path = content / folder / f"{slug}.md"
    if path.exists():
        raise ValueError(f"{path.relative_to(content.parent)} existe déjà : rien n’a été modifié ; "
                         "choisissez un autre titre ou modifiez le fichier existant.")
    taken = used_slugs(content).get(slug)
    if taken is not None:
        raise ValueError(f"l’adresse « {slug} » est déjà utilisée par {taken.relative_to(content.parent)} : "
                         "rien n’a été créé ; choisissez un autre titre.")
    today = today or dt.date.today()
    try:
        review = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        review = today + dt.timedelta(days=365)
    text = TEMPLATE.format(title=json.dumps(title, ensure_ascii=False), summary=PLACEHOLDER_SUMMARY,
                           today=today.isoformat(), review=review.isoformat(),
                           body=PLACEHOLDER_BODIES[folder])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(text)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Crée un fichier de contenu bien formé, daté du jour.")
    parser.add_argument("type", nargs="?", default="", help="fiche, prevention, rapport ou page")
    parser.add_argument("title", nargs="?", default="", help="titre de la page")
    parser.add_argument("--content", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    try:
        path = create(args.type, args.title, Path(args.content))
    except (ValueError, FileExistsError) as exc:
        print(f"Rien n’a été créé : {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(Path(args.content).resolve().parent) if path.is_absolute() else path
    print(f"Fichier créé : {shown}\n"
          "Ouvrez-le, écrivez le résumé (summary) et le texte à la place des phrases « …ici… », "
          "puis lancez « make check ».")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
