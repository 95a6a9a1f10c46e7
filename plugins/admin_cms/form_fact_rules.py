"""The fact-base rules of a page's sources and penalties for the production form (formes.json
« sources », « penalties »), each message obtained by running the content checks on a probe."""
from __future__ import annotations

from .form_probes import js_word_bounds


def source_checks(facts) -> dict | None:
    """A source that is a site's home page (common/rules/sources.py, formes.json « sources »): the
    fact base's precise pages by host (with their path segments), the test of a title that names a
    page, and the messages of `make check` ({titre}, {valeur}, {choix}, {site}). None without the
    fact base (make check then skips the first rule too; the second is still exported)."""
    from urllib.parse import unquote, urlsplit

    from plugins.common.rules import sources
    from plugins.common.rules.frontmatter import parse
    from plugins.fact_base import FactIndex

    def message(title: str, url: str, index) -> str:
        text = f'---\ntitle: T\nsources:\n  - title: "{title}"\n    url: "{url}"\n---\n\nUn texte.\n'
        found = sources.source_errors(parse(text.encode("utf-8"), "essai.md"), index)
        return found[0].message if found else ""
    one = FactIndex(pages={"zzzz.fr": ("https://zzzz.fr/a/b",)})
    two = FactIndex(pages={"zzzz.fr": ("https://zzzz.fr/a/b", "https://zzzz.fr/c/d")})
    precise = message("Zzzz", "https://zzzz.fr/", one)
    several = message("Zzzz", "https://zzzz.fr/", two)
    titled = message("Zzzz, une page", "https://zzzz.fr/", None)
    unnamed = message(", une page", "https://zzzz.fr/", None)
    site = unnamed.split("(par exemple « ")[-1].split(", page d’accueil")[0] if "(par exemple « " in unnamed else ""
    if not precise or not several or not titled or message("Zzzz", "https://zzzz.fr/", None):
        raise ValueError("the source rules of common/rules/sources.py changed: update form_fact_rules.source_checks")
    head = precise.replace("https://zzzz.fr/a/b", "\u2400")
    prefix = several.replace("https://zzzz.fr/a/b, https://zzzz.fr/c/d", "\u2400")
    if head.count("\u2400") != 1 or prefix.count("\u2400") != 1 or head.split("\u2400")[0] != prefix.split(
            "\u2400")[0][:len(head.split("\u2400")[0])]:
        raise ValueError("the precise-page message changed: update form_fact_rules.source_checks")
    pages = {}
    if facts is not None:
        for host, found in facts.pages.items():
            pages[host] = [[page, [s for s in unquote(urlsplit(page).path).split("/") if s]] for page in found]
    return {
        "pages": pages,
        "precise": head.replace("« Zzzz »", "« {titre} »").replace("(https://zzzz.fr/)", "({valeur})").replace("\u2400", "{choix}"),
        "several": prefix.split("\u2400")[0][len(head.split("\u2400")[0]):],
        "titled": titled.replace("« Zzzz, une page »", "« {titre} »").replace("(https://zzzz.fr/)", "({valeur})")
                        .replace("« Zzzz, page", "« {site}, page"),
        "page_title": sources._PAGE_TITLE.pattern, "unnamed_site": site,
    }


def penalty_checks(facts) -> dict | None:
    """« jusqu’à N ans » in the summary and the body (common/rules/penalties.py, formes.json
    « penalties »): the fact base's highest tier per article, the articles with a heavier tier marked
    CHECK, the patterns (JavaScript's \\b and \\w made Unicode) and the messages of `make check`
    ({trouve}, {article}, {max}, {annees}). None without the fact base (make check skips it too)."""
    from plugins.common.rules import penalties
    from plugins.common.rules.frontmatter import parse
    from plugins.fact_base import FactIndex
    if facts is None:
        return None

    def message(index) -> str:
        text = "---\ntitle: T\nsummary: \"Puni jusqu’à 7 ans (article 999-99).\"\n---\n\nUn texte.\n"
        found = penalties.penalty_errors(parse(text.encode("utf-8"), "essai.md"), index)
        return found[0].message if len(found) == 1 else ""
    wrong = message(FactIndex(tiers={"999-99": frozenset({7, 11})}))
    unsure = message(FactIndex(tiers={"999-99": frozenset({7})}, uncertain=frozenset({"999-99"})))
    if not wrong or not unsure or message(FactIndex(tiers={"999-99": frozenset({7})})):
        raise ValueError("the penalty rule of common/rules/penalties.py changed: update form_fact_rules.penalty_checks")

    def template(text: str) -> str:
        return (text.replace("jusqu’à 7 ans", "{trouve}").replace("999-99", "{article}")
                .replace("jusqu’à 11 ans", "jusqu’à {max} ans").replace("de 11 ans", "de {max} ans")
                .replace("« 7 ans dans", "« {annees} ans dans"))
    return {"up_to": js_word_bounds(penalties._UP_TO.pattern),
            "article": penalties._ARTICLE_NUMBER.pattern.replace(r"[\w-]", r"[\p{L}\p{N}_-]"),
            "highest": {article: max(years) for article, years in facts.tiers.items() if years},
            "uncertain": sorted(facts.uncertain), "wrong": template(wrong), "unsure": template(unsure)}
