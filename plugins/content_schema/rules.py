"""Pure core: editorial rules on the body and the recommendations of one content file.

Two kinds, one rule book (CONTRIBUTING.md, « Règles et recommandations ») shared by `make check`,
the build and the web editor:

- rules (`rule_errors`): a mistake that would publish a wrong page; a ContentError, the build fails;
- recommendations (`recommendations`): the editorial shape the team aims for (length, usual
  headings, sources, contacts, « Voir aussi »…); a Recommendation, listed in the summaries of
  `make check` and of the build, never an error.

Text pasted from a word processor (apostrophes ’, « », non-breaking spaces) is compared after
`plain()`, so it is never a reason for a message.
"""
from __future__ import annotations

import re

from plugins.fact_base import FactIndex
from plugins.recommendations import Recommendation

from plugins.common.rules.frontmatter import ContentError, Document
from plugins.common.rules.headings import (TEMPLATE_HEADINGS, _fold, headings, plain,  # noqa: F401
                                           template_heading_errors)
from plugins.common.rules.penalties import penalty_errors  # noqa: F401
from plugins.common.rules.sources import is_home_page, names_a_page, source_errors  # noqa: F401

# Sections whose pages publish facts: sources, contacts and a review date are expected there.
FACT_SECTIONS = ("fiches", "prevention", "rapports")
MIN_WORDS, MAX_WORDS = 250, 600
MIN_RELATED, MAX_RELATED = 2, 4
# Headings each section usually has (plain text, compared after `plain`).
EXPECTED_HEADINGS = {
    "fiches": ("Que faire ?",),
    "prevention": ("Quels signes doivent vous alerter ?", "Que faire ?", "Ce qu'il vaut mieux éviter"),
    "rapports": ("Chiffres clés", "Ce qui a changé"),
}
# Pasted from a word processor: invisible characters (soft hyphen, zero-width space, word joiner, BOM)
# and non-breaking spaces where Markdown expects a plain space (after « - », « 1. », « ## », « > »).
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_PASTED_MARKER = re.compile(r"^([ \t]*)((?:[-*+]|\d{1,9}[.)]|#{1,6}|>))[\u00a0\u202f\u2007]+", re.M)
_PASTED_INDENT = re.compile(r"^[\u00a0\u202f\u2007]+", re.M)


def normalize_pasted(text: str) -> str:
    """Text pasted from a word processor, made ordinary Markdown; never changes the line count.

    Apostrophes ’, guillemets « » and non-breaking spaces inside sentences are kept: they are
    correct French, and plugins/typography sets them everywhere anyway."""
    if not text:
        return text
    text = _INVISIBLE.sub("", text)
    text = _PASTED_INDENT.sub(lambda m: " " * len(m.group(0)), text)
    return _PASTED_MARKER.sub(lambda m: m.group(1) + m.group(2) + " ", text)


_WORD = re.compile(r"\w")


def word_count(body: str) -> int:
    return sum(1 for token in body.split() if _WORD.search(token))


def rule_errors(doc: Document, facts: FactIndex | None = None) -> list[ContentError]:
    """Rules on the body: headings that the page template adds itself; rules on sources; with the
    fact base (plugins/fact_base.py, None when absent), its precise pages and penalty tiers."""
    errors = template_heading_errors(doc)
    errors += source_errors(doc, facts)
    if facts is not None:
        errors += penalty_errors(doc, facts)
    return errors


def recommendations(doc: Document, section: str, file_stem: str,
                    fact_index: FactIndex | None = None) -> list[Recommendation]:
    """Advice for one file that passed every rule. `section`: its content folder (fiches…);
    `fact_index`: the fact base's index (plugins/fact_base.py), None when absent."""
    meta = doc.metadata
    out: list[tuple[int, str]] = []
    facts = section in FACT_SECTIONS
    special = bool(meta.get("template"))  # plan du site, recherche…: the template writes the page

    sources = meta.get("sources")
    if facts and not sources:
        out.append((doc.line_of(("sources",)), "aucune source : chaque fait publié (chiffre, date, loi, "
                    "numéro) doit venir de la base de faits et figurer dans « sources » (un titre et "
                    "l’adresse précise de la page) ; ajoutez-les."))
    elif not facts and sources is None and not special:
        out.append((1, "aucune source : si la page donne des faits, ajoutez leurs sources dans "
                    "« sources » ; si elle n’en donne aucun, écrivez « sources: [] » pour le dire."))
    for index, source in enumerate(sources or []):
        url = source.get("url") if isinstance(source, dict) else None
        if isinstance(url, str) and is_home_page(url):
            out.append((doc.line_of(("sources", index, "url")), f"la source « {source.get('title', '')} » "
                        f"renvoie à la page d’accueil d’un site ({url}) : citez l’adresse précise de la "
                        "page qui donne le fait, pour que le lecteur puisse le vérifier"
                        + (" ; la base de faits ne donne que ce site : proposez-y l’adresse précise "
                           "(« Ajouter un fait » dans CONTRIBUTING.md)." if fact_index is not None
                           and fact_index.knows_domain_only(url) else ".")))
    if facts and not meta.get("contacts"):
        out.append((doc.line_of(("contacts",)), "aucun contact d’aide : ajoutez dans « contacts » au "
                    "moins un contact de content/data/contacts.yaml (la page affiche « Où s’adresser ? »), "
                    "par exemple contacts: [\"miviludes-informer\"]."))
    if "review_by" not in meta:
        out.append((doc.line_of(("date",)), "pas de date « review_by » : ajoutez la date à laquelle "
                    "revérifier la page et ses sources (en général dans un an), par exemple "
                    "« review_by: 2027-11-28 » ; `make check` la rappellera le moment venu."))
    slug = meta.get("slug")
    if isinstance(slug, str) and slug != file_stem:
        out.append((doc.line_of(("slug",)), f"l’adresse « {slug} » diffère du nom du fichier "
                    f"« {file_stem}.md » : les autres pages citent celle-ci dans « related » par son "
                    f"adresse ; renommez le fichier « {slug}.md » et retirez la ligne « slug »."))
    if not special:
        related = meta.get("related") or []
        if not MIN_RELATED <= len(related) <= MAX_RELATED:
            out.append((doc.line_of(("related",)), f"{len(related)} page(s) dans « related » : proposez "
                        f"de {MIN_RELATED} à {MAX_RELATED} pages proches (« Voir aussi »), par exemple "
                        "related: [emprise, indicateurs]."))
        words = word_count(doc.body)
        if not MIN_WORDS <= words <= MAX_WORDS:
            advice = ("complétez-la ou regroupez-la avec une page proche" if words < MIN_WORDS else
                      "coupez-la en deux pages, ou resserrez le texte")
            out.append((doc.body_line, f"texte de {words} mots : une page se lit mieux entre {MIN_WORDS} "
                        f"et {MAX_WORDS} mots ; {advice}."))
        present = [_fold(text) for _line, level, text in headings(doc) if level == 2]
        for wanted in EXPECTED_HEADINGS.get(section, ()):
            if not any(text.startswith(_fold(wanted)) for text in present):
                out.append((doc.body_line, f"intertitre « ## {wanted} » absent : les pages de "
                            f"« {section} » le proposent toutes au lecteur ; ajoutez-le (au niveau « ## »)."))
    return [Recommendation(doc.path, line, message) for line, message in sorted(out, key=lambda x: x[0])]
