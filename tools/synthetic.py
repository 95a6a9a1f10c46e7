"""Generate N synthetic French fiches (clearly fake content) to measure the build at scale.

    python tools/synthetic.py DEST [--count 1000] [--pelican-format]

DEST/content/ receives a copy of the real content/ (pages, data: every page the theme links to
exists) plus N fiches `fiches/synthetique-NNNN.md`. Nothing is ever written into content/.
Every fiche says it is fake, in its title and its first paragraph, and cites example.org only.
The text is drawn from a fixed vocabulary with a seeded generator: same N, same files, byte for byte.

--pelican-format writes the same fiches for bare Pelican (its own Markdown metadata header
`Title: …`), without the real content: used by `make bench` for the baseline without plugins.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

THEMES = ["comprendre", "emprise", "sante", "numerique", "mineurs", "droit", "victimes"]
AUDIENCES = ["grand-public", "familles", "victimes", "jeunes", "professionnels-sante", "agents-publics"]
CONTACTS = ["17", "119", "116006", "unadfi", "ccmm"]
WORDS = ("accompagnement aide association attention besoin changement comportement confiance conseil "
         "démarche dialogue difficulté doute écoute entourage équilibre exemple famille formation groupe "
         "habitude information isolement lien message moment parole personne pratique prévention proche "
         "question réponse ressource rythme santé situation soutien temps travail vigilance vie "
         "adresse alerte argent choix décision droit école emploi enfant promesse réseau signe").split()
VERBS = ("observe décrit rappelle précise explique propose illustre résume présente indique "
         "souligne détaille").split()
ADJ = "fictif imaginaire générique neutre simple ordinaire courant habituel illustratif provisoire".split()
HEADINGS = ["Ce que décrit cette fiche factice", "Les points à retenir", "Un exemple imaginaire",
            "Que faire dans ce cas fictif ?", "Pour aller plus loin"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return f"Ce texte {rng.choice(VERBS)} un cas {rng.choice(ADJ)} : " + ", ".join(words) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def fiche(n: int, total: int, pelican_format: bool = False) -> tuple[str, str]:
    """(file name, text) of synthetic fiche n (1-based) out of `total`."""
    rng = random.Random(f"fiche-{n}")
    slug = f"synthetique-{n:04d}"
    title = f"Fiche synthétique n° {n} (contenu factice)"
    summary = (f"Contenu factice n° {n}, généré pour mesurer la construction du site : "
               "il ne décrit aucune situation réelle.")
    day = 1 + (n * 7) % 28
    month = 1 + (n * 5) % 12
    year = 2020 + n % 7
    date = f"{year}-{month:02d}-{day:02d}"
    updated = f"{min(year + 1, 2026)}-{month:02d}-{day:02d}" if n % 3 == 0 else None
    others = [1 + (n + k * 37) % total for k in (1, 2)]
    related = [f"synthetique-{o:04d}" for o in others if o != n]
    body = [f"Cette fiche est **factice** : elle sert uniquement à mesurer la construction du site "
            f"avec {total} fiches. {_paragraph(rng)}"]
    for i, heading in enumerate(HEADINGS):
        body.append(f"## {heading}")
        body.append(_paragraph(rng))
        if i == 1:
            body.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
        if i == 2 and related:
            body.append(f"Voir aussi la [fiche synthétique voisine](/fiches/{related[0]}/), tout aussi factice.")
        if i == 3:
            body.append(_paragraph(rng))
    text_body = "\n\n".join(body) + "\n"
    if pelican_format:
        head = [f"Title: {title}", f"Date: {date}", f"Slug: {slug}", "Category: fiches",
                f"Summary: {summary}"]
        if updated:
            head.append(f"Modified: {updated}")
        return f"{slug}.md", "\n".join(head) + "\n\n" + text_body
    themes = rng.sample(THEMES, 2)
    audiences = rng.sample(AUDIENCES, 2)
    head = ["---", f'title: "{title}"', f"slug: {slug}", f'summary: "{summary}"', f"date: {date}"]
    if updated:
        head.append(f"updated: {updated}")
    head += [f"themes: [{', '.join(themes)}]", f"audiences: [{', '.join(audiences)}]",
             "sources:", f'  - title: "Source factice n° {n} (exemple, aucun fait réel)"',
             f'    url: "https://www.example.org/source-factice-{n}"']
    if related:
        head.append(f"related: [{', '.join(related)}]")
    if n % 4 == 0:
        head.append(f'contacts: ["{CONTACTS[n % len(CONTACTS)]}"]')
    head.append("---")
    return f"{slug}.md", "\n".join(head) + "\n\n" + text_body


def generate(dest: Path, count: int = 1000, pelican_format: bool = False, source: Path | None = None) -> Path:
    """Write the synthetic corpus; returns the content folder (DEST/content).

    `source`: the real content copied beside the fiches (default: content/)."""
    content = Path(dest) / "content"
    if content.exists():
        shutil.rmtree(content)
    if pelican_format:
        (content / "fiches").mkdir(parents=True)
    else:
        shutil.copytree(source or ROOT / "content", content)
    for n in range(1, count + 1):
        name, text = fiche(n, count, pelican_format)
        (content / "fiches" / name).write_text(text, encoding="utf-8")
    return content


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Écrit N fiches synthétiques (factices) dans DEST/content/.")
    parser.add_argument("dest")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pelican-format", action="store_true")
    args = parser.parse_args(argv)
    dest = Path(args.dest).resolve()
    if dest == ROOT or ROOT / "content" == dest or (ROOT / "content") in dest.parents:
        parser.error("DEST ne doit pas être le dépôt ni content/ : choisissez un dossier temporaire.")
    content = generate(dest, args.count, args.pelican_format)
    print(f"{args.count} fiches synthétiques dans {content}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
