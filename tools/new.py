"""`make new TYPE=fiche TITLE="…"`: create a well-formed content file dated today.

TYPE: fiche, prevention, rapport or page. The file name (hence the address) is derived from the
title; an existing file or address is never overwritten. The text and the summary are placeholder
sentences that `make check` and the build refuse, so an unfinished file cannot be published; the
file starts as a draft (`draft: true`), with the usual headings of its type and, for a report, its
period (read from the title when it names years) and a commented `attachments` block.

Any title is safe: the Makefile hands TYPE and TITLE over in the environment (NEW_TYPE, NEW_TITLE),
never through a shell command line (quotes, `$`, backquotes stay as typed), and the title is written
in the header by the YAML library (dumped, hence escaped), never pasted into YAML text.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

from repo_root import ROOT  # the repository root, importable

from plugins.common.rules.canonical import canonical_file
from plugins.common.rules.frontmatter import ContentError, parse
from plugins.content_schema.rules import EXPECTED_HEADINGS
from plugins.common.rules.schema import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARY

TYPES = {
    "fiche": "fiches", "fiches": "fiches",
    "prevention": "prevention", "prévention": "prevention", "guide": "prevention",
    "rapport": "rapports", "rapports": "rapports",
    "page": "pages", "pages": "pages",
}
FOLDERS = ("fiches", "prevention", "rapports", "pages")

# The file is written in the web editor's form (plugins/common/rules/canonical.py: no comments,
# fields in the schema's order), so that `make check` accepts it as it is and a later edit in the
# editor is a small diff; the optional fields are shown in the terminal instead (OPTIONAL_FIELDS).
TEMPLATE = """---
title: {title}
summary: {summary}
date: {today}
review_by: {review}
draft: true
{period}---

{body}
"""

OPTIONAL_FIELDS = """\
# Date de la dernière mise à jour :
updated: {today}
# Thèmes et publics : identifiants de content/data/taxonomies.yaml.
themes: [comprendre]
audiences: [grand-public]
# La source de chaque fait publié (l’adresse précise de la page, copiée depuis le navigateur) :
sources:
  - title: "Titre de la source"
    url: "https://…"
legal_refs: ["Code pénal, article 223-15-2"]
# Autres contenus à proposer (« Voir aussi ») et contacts d’aide (content/data/contacts.yaml) :
related: [emprise, indicateurs]
contacts: ["119"]
"""

ATTACHMENTS = """\
# Documents PDF à télécharger (PDF déposé dans content/pdfs/) :
attachments:
  - title: "Rapport d’activité (PDF)"
    file: pdfs/nom-du-fichier.pdf
"""

PERIOD_HINT = """\
# Années couvertes par le rapport (classe la liste des rapports) :
period: "2022-2024"
"""

_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–—/à]+\s*((?:19|20)\d\d))?\b")


def yaml_text(value: str) -> str:
    """`value` as a one-line YAML scalar, escaped by the YAML library (quotes, « : », #, $…)."""
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**9).strip()


def period_line(folder: str, title: str) -> str:
    """`period:` of a report: the years its title names (« Rapport 2022-2024 »), else nothing (the
    terminal then shows the field as an optional one)."""
    if folder != "rapports":
        return ""
    match = _YEARS.search(title)
    if match:
        period = match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")
        return f"period: \"{period}\"\n"
    return ""


def body_for(folder: str) -> str:
    """The placeholder sentence, under each heading that pages of this type usually have."""
    sentence = PLACEHOLDER_BODIES[folder]
    parts = [sentence]
    for heading in EXPECTED_HEADINGS.get(folder, ()):
        parts += [f"## {heading.replace(chr(39), chr(8217))}", sentence]
    return "\n\n".join(parts)


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
    text = TEMPLATE.format(title=yaml_text(title), summary=yaml_text(PLACEHOLDER_SUMMARY),
                           today=today.isoformat(), review=review.isoformat(),
                           period=period_line(folder, title), body=body_for(folder))
    text = canonical_file(text.encode("utf-8"), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(text)
    return path


def optional_fields(path: Path, kind: str) -> str:
    """The optional fields a new page of this type can take, with examples, for the terminal."""
    folder = TYPES.get((kind or "").strip().lower())
    text = OPTIONAL_FIELDS.format(today=dt.date.today().isoformat())
    if folder == "rapports":
        text += ATTACHMENTS
        if "period" not in parse(path.read_bytes(), str(path)).metadata:
            text += PERIOD_HINT
    return ("Champs facultatifs : copiez ceux qu’il vous faut entre les deux lignes « --- » (exemples à "
            "remplacer ; voir CONTRIBUTING.md), puis « make format » range les champs :\n\n" + text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Crée un fichier de contenu bien formé, daté du jour.")
    parser.add_argument("type", nargs="?", default=None,
                        help="fiche, prevention, rapport ou page (par défaut : variable NEW_TYPE)")
    parser.add_argument("title", nargs="?", default=None, help="titre de la page (par défaut : NEW_TITLE)")
    parser.add_argument("--content", default=os.environ.get("NEW_CONTENT") or str(ROOT / "content"),
                        help="dossier de contenu (par défaut : content/, ou la variable NEW_CONTENT)")
    args = parser.parse_args(argv)
    kind = args.type if args.type is not None else os.environ.get("NEW_TYPE", "")
    title = args.title if args.title is not None else os.environ.get("NEW_TITLE", "")
    try:
        path = create(kind, title, Path(args.content))
    except (ValueError, FileExistsError) as exc:
        print(f"Rien n’a été créé : {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(Path(args.content).resolve().parent) if path.is_absolute() else path
    print(f"Fichier créé : {shown}\n"
          "Ouvrez-le, écrivez le résumé (summary) et le texte à la place des phrases « …ici… », "
          "ajoutez les sources, puis lancez « make check ». C’est un brouillon : retirez la ligne "
          "« draft: true » quand la page est prête à être publiée.\n")
    print(optional_fields(path, kind))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
