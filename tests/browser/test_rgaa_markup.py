"""RGAA 4.1 checks on the built HTML (no browser): what a person would otherwise check page by page.

Each test is cited as evidence by the audit grid (docs/rgaa/grille.yaml): when one fails, the
criteria it proves are no longer conform and `make test` fails. Pages: every page of the site, or
the audit sample (site_pages.audit_pages) when the check is about the sample.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import pelicanconf
from plugins.typography.core import FOREIGN_TERMS
from site_pages import all_pages, audit_pages, page_file

SITENAME = pelicanconf.SITENAME
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def norm(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def parse(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser(page_file(site, path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(real_site):
    """{URL path: parsed page} for every HTML page of the site (404 included)."""
    return {path: parse(real_site, path) for path in all_pages(real_site)}


@pytest.fixture(scope="module")
def sample(real_site, pages):
    found = {}
    for page_id, url in audit_pages():
        assert page_file(real_site, url).is_file(), f"page de l’échantillon absente du site : {url} ({page_id})"
        found[url] = pages[url]
    return found


# RGAA 8.5, 8.6 (WCAG 2.4.2): every page has a title, plain text (the home page once showed the
# « Sources » block's markup), unique, naming the page then the site; og:title says the same.
def test_titles_are_plain_unique_and_meaningful(real_site, pages):
    problems, seen = [], defaultdict(list)
    for path, tree in pages.items():
        raw = re.search(r"<title>(.*?)</title>", page_file(real_site, path).read_text(encoding="utf-8"), re.S)
        if not raw or not norm(raw.group(1)):
            problems.append(f"{path} : pas de <title>")
            continue
        text = norm(html.unescape(raw.group(1)))
        if "<" in text or ">" in text or "\n" in raw.group(1):
            problems.append(f"{path} : le titre contient du balisage ou des retours à la ligne : {text[:120]!r}")
        seen[text].append(path)
        og = tree.css_first('meta[property="og:title"]')
        if og is not None and norm(og.attributes.get("content")) != text:
            problems.append(f"{path} : og:title ≠ <title> ({og.attributes.get('content')!r})")
        if path == "/":
            if not text.startswith(SITENAME + " – "):
                problems.append(f"/ : le titre de l’accueil doit commencer par le nom du site : {text!r}")
            continue
        if not text.endswith(" – " + SITENAME) or len(text) <= len(SITENAME) + 6:
            problems.append(f"{path} : le titre doit nommer la page puis le site : {text!r}")
        h1 = tree.css_first("main h1")
        if h1 is not None and path != "/404.html" and norm(h1.text()) not in text:
            problems.append(f"{path} : le titre ne reprend pas le h1 « {norm(h1.text())} » : {text!r}")
    problems += [f"titre en double « {t} » : {', '.join(p)}" for t, p in seen.items() if len(p) > 1]
    assert problems == [], "\n".join(problems)


# RGAA 8.3, 8.4, 8.7, 8.8 (WCAG 3.1.1, 3.1.2): the page is in French; every foreign expression of
# the site (plugins/typography FOREIGN_TERMS) is inside an element carrying its language; every
# lang attribute is a valid code.
def test_foreign_words_carry_a_valid_lang(pages):
    problems = []
    for path, tree in pages.items():
        if tree.css_first("html").attributes.get("lang") != "fr":
            problems.append(f"{path} : <html lang> ≠ fr")
        for el in tree.css("[lang]"):
            if not LANG_CODE.match(el.attributes.get("lang") or ""):
                problems.append(f"{path} : code de langue invalide {el.attributes.get('lang')!r}")
        for node in tree.body.traverse(include_text=True):
            if node.tag != "-text":
                continue
            text = node.text_content or ""
            for term, lang in FOREIGN_TERMS.items():
                if term not in text:
                    continue
                parent, marked = node.parent, False
                while parent is not None and not marked:
                    marked = parent.tag in ("script", "style", "template") or parent.attributes.get("lang") == lang
                    parent = parent.parent
                if not marked:
                    problems.append(f"{path} : « {term} » sans lang=\"{lang}\" : {norm(text)[:80]!r}")
    assert problems == [], "\n".join(problems)


# Themes 1, 2, 4 (images, frames, media) are non applicable on the sample: this test keeps them so.
# An image, frame or media added to a sampled page fails here until the grid judges it.
MEDIA = "img, svg, canvas, object, embed, iframe, frame, video, audio, [role=img], input[type=image], area"


def test_sample_has_no_image_frame_or_media(sample):
    found = [f"{path} : <{el.tag}>" for path, tree in sample.items() for el in tree.css(MEDIA)]
    assert found == [], "images, cadres ou médias à auditer (grille RGAA thèmes 1, 2, 4) :\n" + "\n".join(found)


# RGAA 6.1, 6.2, 10.6 (WCAG 2.4.4, 2.5.3): every link has a name; no name that says nothing out of
# context; two links with the same name lead to the same place; a name given by aria-label or
# title contains the visible text; links of running text are underlined (DSFR, not colour alone).
AMBIGUOUS = {"ici", "cliquez ici", "cliquer ici", "lien", "en savoir plus", "savoir plus", "lire la suite",
             "la suite", "plus", "voir", "suite", "page", "article", "télécharger", "pdf", "→", ">", "»"}


def link_name(el) -> str:
    label = el.attributes.get("aria-label")
    if label:
        return norm(label)
    return norm(el.text(separator=" ")) or norm(el.attributes.get("title"))


def test_links_have_a_name_and_a_purpose_out_of_context(pages):
    problems = []
    for path, tree in pages.items():
        targets = defaultdict(set)
        for el in tree.css("a[href]"):
            name, visible = link_name(el), norm(el.text(separator=" "))
            if not name:
                problems.append(f"{path} : lien sans intitulé vers {el.attributes.get('href')}")
                continue
            if name.lower().strip(" .:") in AMBIGUOUS:
                problems.append(f"{path} : intitulé « {name} » incompréhensible hors contexte")
            if visible and visible.lower() not in name.lower():
                problems.append(f"{path} : le nom « {name} » ne contient pas l’intitulé visible « {visible} »")
            href = (el.attributes.get("href") or "").split("#")[0] or path
            targets[name.lower()].add(href)
        for name, hrefs in targets.items():
            if len(hrefs) > 1:
                problems.append(f"{path} : « {name} » mène à plusieurs endroits : {sorted(hrefs)}")
        for el in tree.css("main .corps a[href]"):
            if "fr-link" not in (el.attributes.get("class") or "") and el.css_first("img") is not None:
                problems.append(f"{path} : lien image dans le texte : {el.attributes.get('href')}")
    assert problems == [], "\n".join(problems)


# RGAA 6.1, decision of issue 25: a document is offered under one label on a page (the 2013-2014 report
# page once gave the full report's PDF two), and a link that says « synthèse » leads to the summary, never
# to a document (the home page once called the full report's PDF « Synthèse du rapport »).
DOCUMENT_HREF = re.compile(r"\.(pdf|docx?|odt|ods|xlsx?|pptx?|odp|rtf|epub)([?#]|$)", re.I)


def test_a_document_has_one_label_that_says_what_it_is(pages):
    problems, documents = [], 0
    for path, tree in pages.items():
        labels = defaultdict(set)
        for el in tree.css("a[href]"):
            href, name = el.attributes.get("href") or "", link_name(el)
            if DOCUMENT_HREF.search(href):
                documents += 1
                labels[href].add(name.lower())
                if "synthèse" in name.lower():
                    problems.append(f"{path} : « {name} » mène à un document, pas à une synthèse : {href}")
        for href, names in labels.items():
            # One label, which a download link may follow with the format and size (« … PDF, 2 Mo »).
            shortest = min(names, key=len)
            if any(not n.startswith(shortest) for n in names):
                problems.append(f"{path} : le document {href} a plusieurs intitulés : {sorted(names)}")
    assert documents, "aucun lien vers un document : le test ne vérifie plus rien"
    assert problems == [], "\n".join(problems)


# RGAA 5.1 to 5.8: data tables have a header row of <th>; row headers are <th scope="row">; a table
# with a title has it in <caption>; no complex table (merged cells) and no layout table.
def test_data_tables_have_a_caption_and_scoped_headers(sample):
    problems, tables = [], 0
    for path, tree in sample.items():
        for table in tree.css("table"):
            tables += 1
            if table.attributes.get("role") in ("presentation", "none"):
                problems.append(f"{path} : tableau de mise en forme")
            head = table.css("thead tr")
            if len(head) != 1 or not head[0].css("th"):
                problems.append(f"{path} : le tableau doit avoir une ligne d’en-têtes <th> dans <thead>")
            if table.css("[rowspan], [colspan], [headers]"):
                problems.append(f"{path} : tableau complexe (cellules fusionnées) : il lui faut un résumé")
            for th in table.css("tbody th"):
                if th.attributes.get("scope") != "row":
                    problems.append(f"{path} : en-tête de ligne sans scope=\"row\" : {norm(th.text())!r}")
            caption = table.css_first("caption")
            if caption is not None and not norm(caption.text()):
                problems.append(f"{path} : <caption> vide")
            if caption is not None and next(table.iter()).tag != "caption":
                problems.append(f"{path} : <caption> doit être le premier enfant du tableau")
    assert tables, "aucun tableau dans l’échantillon : les résultats C du thème 5 n’ont plus d’objet"
    assert problems == [], "\n".join(problems)


# RGAA 9.1 (WCAG 1.3.1, 2.4.6): one h1 per page, headings never skip a level going down.
def test_one_h1_and_no_skipped_heading_level(pages):
    problems = []
    for path, tree in pages.items():
        levels = [int(h.tag[1]) for h in tree.body.css("h1, h2, h3, h4, h5, h6")]
        if levels.count(1) != 1:
            problems.append(f"{path} : {levels.count(1)} h1")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{path} : saut de niveau h{before} → h{after}")
                break
        for h in tree.body.css("h1, h2, h3, h4, h5, h6"):
            if not norm(h.text()):
                problems.append(f"{path} : titre <{h.tag}> vide")
    assert problems == [], "\n".join(problems)


# RGAA 9.2, 12.6 (WCAG 1.3.1, 2.4.1): header, main navigation, one main, footer; every search region
# named, and two of them never share a name (/recherche/ has the header's and its own).
def test_landmarks_and_labelled_search_regions(pages):
    problems = []
    for path, tree in pages.items():
        for selector in ("header[role=banner]", "nav#navigation-principale[aria-label]", "main#contenu",
                         "footer[role=contentinfo]"):
            if len(tree.css(selector)) != 1:
                problems.append(f"{path} : {selector} absent ou en double")
        names = [norm(el.attributes.get("aria-label")) for el in tree.css("[role=search], search")]
        if any(not n for n in names) or len(set(names)) != len(names):
            problems.append(f"{path} : régions de recherche sans nom ou de même nom : {names}")
        navs = [norm(el.attributes.get("aria-label")) for el in tree.css("nav")]
        if any(not n for n in navs) or len(set(navs)) != len(navs):
            problems.append(f"{path} : régions de navigation sans nom ou de même nom : {navs}")
    assert problems == [], "\n".join(problems)


# RGAA 11.3, 12.2, 12.4, 12.5 (WCAG 3.2.3, 3.2.4): the header (menu, search field and its label) and
# the footer's « Plan du site » link are the same, in the same order, on every page.
def _shape(tree) -> tuple:
    header = tree.css_first("header[role=banner]")
    nav = tuple((norm(a.text()), a.attributes.get("href")) for a in header.css("#navigation-principale a"))
    label = header.css_first("label[for=recherche-entete-input]")
    bottom = tuple(norm(a.text()) for a in tree.css("footer .fr-footer__bottom-list a"))
    return nav, norm(label.text()) if label else None, bottom.index("Plan du site") if "Plan du site" in bottom else None


def test_header_navigation_search_and_site_map_link_are_the_same_everywhere(pages):
    shapes = defaultdict(list)
    for path, tree in pages.items():
        shapes[_shape(tree)].append(path)
    assert len(shapes) == 1, "en-tête ou pied de page différents :\n" + "\n".join(
        f"{shape} : {paths[:5]}" for shape, paths in shapes.items())
    (nav, label, sitemap), = shapes
    assert len(nav) == len(pelicanconf.MAIN_NAV) and label == "Rechercher sur le site" and sitemap is not None


# RGAA 8.9, 10.1 (WCAG 1.3.1): no presentational elements or attributes; no runs of spaces or
# non-breaking spaces used for layout.
PRESENTATIONAL = "font, center, big, blink, marquee, tt, strike, u, [align], [bgcolor], [border], [valign], [width], [height]"


def test_no_presentational_markup(pages):
    problems = []
    for path, tree in pages.items():
        problems += [f"{path} : <{el.tag}> de présentation" for el in tree.body.css(PRESENTATIONAL)
                     if el.tag not in ("img", "svg", "canvas")]
        for p in tree.body.css("p, li, td, th"):
            if re.search(r"\u00a0[ \u00a0]*\u00a0", p.text() or ""):
                problems.append(f"{path} : espaces insécables répétés pour la mise en page : {norm(p.text())[:60]!r}")
        problems += [f"{path} : <br> pour espacer" for br in tree.body.css("br + br")]
    assert problems == [], "\n".join(problems)


# RGAA 13.1, 13.2 (WCAG 2.2.1, 3.2.1): no refresh or redirect, no new window opened by the site.
def test_no_refresh_redirect_or_new_window(real_site, pages):
    problems = []
    for path, tree in pages.items():
        if tree.css('meta[http-equiv="refresh" i]'):
            problems.append(f"{path} : <meta http-equiv=refresh>")
        problems += [f"{path} : target={el.attributes.get('target')!r}" for el in tree.css("[target]")]
    for script in (real_site / "theme").rglob("*.js"):
        text = script.read_text(encoding="utf-8", errors="replace")
        if re.search(r"\bwindow\.open\s*\(|\bsetInterval\s*\(\s*[^)]*location", text):
            problems.append(f"{script.name} : ouverture de fenêtre ou redirection minutée")
    assert problems == [], "\n".join(problems)


# RGAA 11.13 (WCAG 1.3.5): the help directory's postcode field says what it is for.
def test_fields_about_the_user_have_autocomplete(pages):
    field = pages["/aide/"].css_first("#aide-code-postal")
    assert field is not None and field.attributes.get("autocomplete") == "postal-code"


# RGAA 7.5 (WCAG 4.1.3): the messages scripts write (search result count, directory filter result,
# quick-exit count) are live regions present from the start, with a status role.
def test_status_messages_use_a_live_role(pages, real_site):
    problems = []
    for path, selector in [("/aide/", "#aide-resultat"), ("/", "#sortie-rapide-compteur")]:
        el = pages[path].css_first(selector)
        if el is None or el.attributes.get("role") != "status":
            problems.append(f"{path} : {selector} sans role=status")
    ui = next((real_site / "theme").rglob("site.bundle*.js"), None)
    text = ui.read_text(encoding="utf-8") if ui else ""
    if not re.search(r"""setAttribute\(\s*['"`]role['"`]\s*,\s*['"`]status['"`]\s*\)""", text):
        problems.append("js/search/ui.js : la ligne de statut des résultats n’a pas role=status")
    assert problems == [], "\n".join(problems)


# Column names of the help directory's open data are identifiers, not French words: marked as code.
def test_identifiers_are_marked_as_code(pages):
    table = next(t for t in pages["/aide/"].css("table") if "CSV" in norm(t.css_first("caption").text()))
    heads = table.css("tbody th")
    assert heads and all(th.css_first("code") is not None for th in heads)


# RGAA 9.4 (WCAG 1.3.1): citations are marked. A person judges what is a citation (see the grid);
# this test keeps what was marked: <q> has its guillemets from CSS, never typed a second time inside.
def test_citations_use_q_or_blockquote(real_site, sample):
    problems, quotes = [], 0
    for path, tree in sample.items():
        for q in tree.css("q"):
            quotes += 1
            if re.search(r"^[«“\"]|[»”\"]$", norm(q.text())):
                problems.append(f"{path} : guillemets tapés dans <q> (la feuille de styles les ajoute) : {norm(q.text())!r}")
    css = "".join(p.read_text(encoding="utf-8") for p in (real_site / "theme").rglob("site.bundle*.css"))
    if not re.search(r"(^|[};])q\{quotes:\"«", css.replace(" ", "")):
        problems.append("css : q sans guillemets français (quotes)")
    assert quotes, "aucune citation balisée dans l’échantillon (la fiche cite le code pénal)"
    assert problems == [], "\n".join(problems)


# RGAA 10.9, 10.10 (WCAG 1.3.3): no instruction that relies on shape, colour, size or position alone.
SENSORY = re.compile(r"\b(?:à|sur la|dans la colonne de) (?:droite|gauche)\b|\ben (?:haut|bas) (?:à|de la page)\b"
                     r"|\b(?:bouton|lien|case|zone|texte) (?:rouge|vert|verte|bleu|bleue|jaune|orange|gris|grise|rond|ronde|carré)\b"
                     r"|\ben (?:rouge|vert|bleu|jaune|orange)\b|\bci-contre\b", re.I)


def test_no_instruction_by_shape_colour_or_position(sample):
    found = []
    for path, tree in sample.items():
        text = norm(tree.css_first("main").text(separator=" "))
        found += [f"{path} : « {m.group(0)} » dans « {text[max(0, m.start() - 40):m.end() + 20]} »"
                  for m in SENSORY.finditer(text)]
    assert found == [], "consignes données par la forme, la couleur ou la position :\n" + "\n".join(found)
