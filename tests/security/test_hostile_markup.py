"""Hostile markup, addresses and invisible characters in what editors write (issue 13, items 1–2).

Each case is a pull request an attacker could open: a fiche's front matter, content/data/contacts.yaml,
content/data/taxonomies.yaml, or a body. Each must be either refused with a French message naming the
editor's own file and line (`fiches/x.md:LINE:`), or built harmless: nothing in output/ that could run
code, redirect or fetch from another host (tests/security/harness.py), and a `_headers` whose policy
is the theme's (no hash of anything a page holds).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import build_hostile

from plugins.security_headers.core import content_security_policy

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = (ROOT / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8")
TAXONOMIES = (ROOT / "content" / "data" / "taxonomies.yaml").read_text(encoding="utf-8")


def fiche(extra: str = "", body: str = "Texte de la fiche.\n", title: str = "Essai",
          summary: str = "Une phrase.") -> str:
    """A fiche whose front matter has `extra` from line 5 on (title line 2, summary line 3)."""
    return (f"---\ntitle: {title}\nsummary: {summary}\ndate: 2026-11-28\n{extra}---\n{body}")


def source(url: str, title: str = "S") -> str:
    """`sources:` with one entry: title on line 6, url on line 7."""
    return f"sources:\n  - title: {title}\n    url: {url}\n"


def contacts_with(old: str, new: str) -> tuple[str, int]:
    """contacts.yaml with `old` (once) replaced by `new`, and the line of the change."""
    assert CONTACTS.count(old) >= 1, old
    index = CONTACTS.index(old)
    return CONTACTS[:index] + new + CONTACTS[index + len(old):], CONTACTS.count("\n", 0, index) + 1


POLICE_NAME = 'name: "Police secours – gendarmerie"'
POLICE_PHONE = 'phone: {e164: "17", display: "17"}'
POLICE_SOURCE = ('source: ["https://sdis04.fr/quels-numeros-composer-18-112-15-ou-17/", '
                 '"https://sdis45.com/index.php/en-pratique/une-urgence-quel-numero"]')

# (id, files, file named in the refusal, its line, a word of the French message)
REFUSED = [
    ("source-url-script", {"fiches/x.md": fiche(source('"https://exemple.fr/\\"><script>alert(1)</script>"'))},
     "fiches/x.md", 7, "adresse"),
    ("source-url-meta-refresh", {"fiches/x.md": fiche(source(
        "'https://exemple.fr/\"><meta http-equiv=refresh content=\"0;url=https://evil.example\">'"))},
     "fiches/x.md", 7, "adresse"),
    ("source-title-meta-refresh", {"fiches/x.md": fiche(source(
        "https://exemple.fr/", title="'<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">'"))},
     "fiches/x.md", 6, "balise"),
    ("source-url-javascript", {"fiches/x.md": fiche(source('"javascript:alert(1)"'))}, "fiches/x.md", 7, "javascript"),
    ("source-url-javascript-mixed-case", {"fiches/x.md": fiche(source('"JaVaScRiPt:alert(1)"'))},
     "fiches/x.md", 7, "javascript"),
    ("source-url-entity-tab", {"fiches/x.md": fiche(source('"java&#x09;script:alert(1)"'))},
     "fiches/x.md", 7, "https://"),
    ("source-url-real-tab", {"fiches/x.md": fiche(source('"java\\tscript:alert(1)"'))}, "fiches/x.md", 7, "espace"),
    ("source-url-leading-space", {"fiches/x.md": fiche(source('" https://exemple.fr/"'))}, "fiches/x.md", 7, "espace"),
    ("source-url-leading-control", {"fiches/x.md": fiche(source('"\\x01javascript:alert(1)"'))},
     "fiches/x.md", 7, "contrôle"),
    ("source-url-protocol-relative", {"fiches/x.md": fiche(source('"//evil.example/x"'))},
     "fiches/x.md", 7, "https://"),
    ("source-url-backslashes", {"fiches/x.md": fiche(source('"\\\\\\\\evil.example\\\\x"'))},
     "fiches/x.md", 7, "\\"),
    ("source-url-data", {"fiches/x.md": fiche(source('"data:text/html,<script>alert(1)</script>"'))},
     "fiches/x.md", 7, "data"),
    ("source-url-vbscript", {"fiches/x.md": fiche(source('"vbscript:msgbox(1)"'))}, "fiches/x.md", 7, "vbscript"),
    ("source-url-userinfo", {"fiches/x.md": fiche(source('"https://www.service-public.fr@evil.example/"'))},
     "fiches/x.md", 7, "@"),
    ("attachment-url-javascript", {"fiches/x.md": fiche(
        "attachments:\n  - title: Rapport\n    url: \"javascript:alert(1)//.pdf\"\n")}, "fiches/x.md", 7, "https://"),
    ("attachment-url-script", {"fiches/x.md": fiche(
        "attachments:\n  - title: Rapport\n    url: 'https://exemple.fr/a.pdf\"><script>alert(1)</script>'\n")},
     "fiches/x.md", 7, "adresse"),
    ("title-bidi-override", {"fiches/x.md": fiche(title='"Appelez le \u202e696 500 008 0"')},
     "fiches/x.md", 2, "sens d’écriture"),
    ("summary-control-char", {"fiches/x.md": fiche(summary='"Une phrase\\x07 piégée."')},
     "fiches/x.md", 3, "contrôle"),
    ("source-title-bidi-isolate", {"fiches/x.md": fiche(source("https://exemple.fr/", title='"S \u2066x\u2069"'))},
     "fiches/x.md", 6, "sens d’écriture"),
    ("legal-ref-markup", {"fiches/x.md": fiche('legal_refs: ["<img src=x onerror=alert(1)>"]\n')},
     "fiches/x.md", 5, "balise"),
    ("title-markup", {"fiches/x.md": fiche(title='"<script>alert(1)</script>"')}, "fiches/x.md", 2, "balise"),
    ("summary-markup", {"fiches/x.md": fiche(summary="'<a href=\"javascript:alert(1)\">lien</a>'")},
     "fiches/x.md", 3, "balise"),
    ("attachment-title-markup", {"fiches/x.md": fiche(
        "attachments:\n  - title: '<svg onload=alert(1)>'\n    url: https://exemple.fr/a.pdf\n")},
     "fiches/x.md", 6, "balise"),
    ("contact-channel-url-data", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_SOURCE, POLICE_SOURCE + "\n  channels: [{kind: tchat, label: Tchat, url: 'https://x.fr/\"><svg onload=alert(1)>'}]")[0]},
     "data/contacts.yaml", contacts_with(POLICE_SOURCE, "")[1] + 1, "adresse"),
    ("contact-name-markup", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_NAME, 'name: "<script>alert(1)</script>"')[0]},
     "data/contacts.yaml", contacts_with(POLICE_NAME, "")[1], "balise"),
    ("contact-name-spreadsheet-formula", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_NAME, 'name: "=HYPERLINK(\\"https://evil.example\\";\\"17\\")"')[0]},
     "data/contacts.yaml", contacts_with(POLICE_NAME, "")[1], "formule"),
    ("contact-display-markup", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_PHONE, 'phone: {e164: "17", display: "<img src=x onerror=alert(1)>17"}')[0]},
     "data/contacts.yaml", contacts_with(POLICE_PHONE, "")[1], "balise"),
    ("contact-display-bidi", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_PHONE, 'phone: {e164: "17", display: "\u202e71"}')[0]},
     "data/contacts.yaml", contacts_with(POLICE_PHONE, "")[1], "sens d’écriture"),
    ("contact-source-script", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_SOURCE, "source: ['https://sdis04.fr/\"><script>alert(1)</script>']")[0]},
     "data/contacts.yaml", contacts_with(POLICE_SOURCE, "")[1], "adresse"),
    ("contact-website-javascript", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_SOURCE, POLICE_SOURCE + "\n  website: \"javascript:alert(1)\"")[0]},
     "data/contacts.yaml", contacts_with(POLICE_SOURCE, "")[1] + 1, "https://"),
    ("contact-form-userinfo", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_SOURCE, POLICE_SOURCE + "\n  form: \"https://www.interieur.gouv.fr@evil.example/\"")[0]},
     "data/contacts.yaml", contacts_with(POLICE_SOURCE, "")[1] + 1, "@"),
    ("contact-email-quotes", {"fiches/x.md": fiche(), "data/contacts.yaml": contacts_with(
        POLICE_SOURCE, POLICE_SOURCE + "\n  email: 'a\"onmouseover=\"alert(1)\"@exemple.fr'")[0]},
     "data/contacts.yaml", contacts_with(POLICE_SOURCE, "")[1] + 1, "électronique"),
    ("taxonomy-label-markup", {"fiches/x.md": fiche(), "data/taxonomies.yaml": TAXONOMIES.replace(
        'emprise: "Emprise et sujétion"', 'emprise: "<script>alert(1)</script>"')},
     "data/taxonomies.yaml", TAXONOMIES.splitlines().index('  emprise: "Emprise et sujétion"') + 1, "balise"),
    # The CSP-widening case of the issue: code in a body is refused (plugins/content_sanitize), never hashed.
    ("body-inline-script", {"fiches/x.md": fiche(body="Texte.\n\n<script>alert(1)</script>\n")},
     "fiches/x.md", None, None),
]


@pytest.mark.parametrize("case, files, named, line, word", REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_value_is_refused_on_the_editors_file(tmp_path, case, files, named, line, word):
    result = build_hostile(tmp_path, files)
    assert not result.timed_out and not result.crashed, result.crashed or "délai dépassé"
    assert result.errors, f"{case}: construit sans erreur"
    pattern = re.compile(rf"(?:^|/){re.escape(named)}:(\d+): ")
    mine = [e for e in result.errors if pattern.search(e)]
    assert mine, result.errors
    if line is not None:
        assert any(int(pattern.search(e).group(1)) == line for e in mine), (line, mine)
    if word is not None:
        assert any(word in e for e in mine), (word, mine)
    assert not any("Traceback" in e for e in result.errors)
    assert not (result.output / "_headers").exists()  # a failed build writes nothing


# Values that are text, not markup: built, and displayed as text.
HARMLESS = [
    ("title-double-quote-breaks-attributes", fiche(title="'Essai \" onmouseover=alert(1) //'"),
     "Essai &#34; onmouseover=alert(1) //"),
    ("summary-single-quote-breaks-attributes", fiche(summary="'Résumé '' autofocus onfocus=''alert(1)'"),
     "Résumé &#39; autofocus onfocus=&#39;alert(1)"),
    ("jinja-in-title-and-summary", fiche(title='"{{ 7 * 7 }} {% if true %}oui{% endif %}"',
                                         summary='"{{ SITENAME }} {# x #}"'), "{{ 7 * 7 }}"),
    ("jinja-in-body", fiche(body="Calcul : {{ 7 * 7 }} et {% raw %}x{% endraw %} et {{ SITENAME }}.\n"),
     "{{ 7 * 7 }}"),
    ("entities-in-title", fiche(title='"&lt;script&gt;alert(1)&lt;/script&gt;"'), "&lt;script&gt;"),
    ("source-url-escaped-by-reserialization", fiche(source('"https://exemple.fr/recherche?q=a&b=\'c\'#x"')),
     "https://exemple.fr/recherche?q=a&amp;b="),
]


@pytest.fixture(scope="module")
def harmless_build(tmp_path_factory):
    """Every HARMLESS case in one build, each as its own fiche (fiches/<case>.md): each must build and
    publish nothing dangerous, so none can hide another (a refusal fails the build and names its
    file; the scan covers the whole output). One build instead of one per case."""
    return build_hostile(tmp_path_factory.mktemp("harmless"), {f"fiches/{case}.md": text for case, text, _ in HARMLESS})


@pytest.mark.parametrize("case, text, shown", HARMLESS, ids=[c[0] for c in HARMLESS])
def test_hostile_text_is_built_as_text(harmless_build, case, text, shown):
    result = harmless_build
    assert result.built, (case, result.errors or result.crashed or "délai dépassé")
    assert result.findings == [], case
    page = (result.output / "fiches" / case / "index.html").read_text(encoding="utf-8")
    assert shown in page, case  # the editor's text, escaped, is what the reader sees
    assert "49" not in page.split("<main", 1)[1].split("</main>", 1)[0] or "{{ 7 * 7 }}" not in text
    headers = (result.output / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: " + content_security_policy() + "\n" in headers


def test_contact_name_with_quotes_stays_text_on_every_page(tmp_path):
    contacts = contacts_with(POLICE_NAME, "name: 'Police \" onmouseover=alert(1) & secours'")[0]
    result = build_hostile(tmp_path, {"fiches/x.md": fiche(), "data/contacts.yaml": contacts})
    assert result.built, result.errors or result.crashed or "délai dépassé"
    assert result.findings == []
    for page in ("fiches/x/index.html", "aide/index.html", "index.html"):
        html = (result.output / page).read_text(encoding="utf-8")
        assert "Police &#34; onmouseover=alert(1) &amp; secours" in html, page


def test_pdf_link_with_markup_in_its_encoded_file_name_is_written_back_escaped(tmp_path):
    from pdf_fixtures import pdf_bytes  # tests/pdf_fixtures.py (tests/ is on sys.path)
    name = 'x"><meta http-equiv=refresh content=0>.pdf'
    encoded = "x%22%3E%3Cmeta%20http-equiv%3Drefresh%20content%3D0%3E.pdf"
    result = build_hostile(tmp_path, {"fiches/x.md": fiche(body=f"Voir [le document](/pdfs/{encoded}).\n"),
                                      f"pdfs/{name}": pdf_bytes(["Page une"])})
    assert not result.timed_out and not result.crashed, result.crashed
    if result.errors:  # refused (e.g. a file-name rule): on the editor's file, in French
        assert any(re.search(r"(?:^|/)(?:fiches/x\.md|pdfs/x[^:]*):\d+: ", e) for e in result.errors), result.errors
        return
    assert result.findings == []
    html = (result.output / "fiches" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<meta http-equiv=refresh" not in html and "http-equiv=refresh content=0>" not in html
