"""plugins/escaping: autoescape everywhere, markup made in one place, the one URL module, the text rule."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from plugins.escaping.markup import body_html, json_for_script, lang_spans
from plugins.escaping.text import text_problem
from plugins.escaping.urls import UrlError, mailto_url, sms_url, tel_url, url_problem, web_url

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ escaping by construction

def test_every_template_is_rendered_with_autoescape():
    import pelicanconf
    import publishconf
    assert pelicanconf.JINJA_ENVIRONMENT["autoescape"] is True
    assert publishconf.JINJA_ENVIRONMENT["autoescape"] is True
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")),
                             **pelicanconf.JINJA_ENVIRONMENT)
    assert env.from_string("{{ x }}").render(x='<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"


def test_markup_is_made_in_one_module_only():
    """No other module or template turns a string into markup (Markup, |safe, autoescape off)."""
    offenders = []
    for path in sorted((ROOT / "plugins").rglob("*.py")) + sorted((ROOT / "theme" / "templates").rglob("*.html")):
        if path.parent.name == "escaping":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bMarkup\(|markupsafe|\|\s*safe\b|autoescape\s+false|autoescape\s*=\s*False", text):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_body_filter_accepts_content_objects_only():
    class Fake:
        content = "<p>x</p>"
    with pytest.raises(TypeError):
        body_html("<script>alert(1)</script>")
    with pytest.raises(TypeError):
        body_html(Fake())


def test_json_for_script_cannot_close_its_element_and_stays_json():
    import json
    data = {"name": "</script><script>alert(1)</script><!--", "x": "a & b > c \u2028"}
    text = json_for_script(data)
    assert isinstance(text, Markup)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(str(text)) == data


def test_lang_spans_escape_every_piece():
    html = lang_spans([("Le <b>", None), ("New Age", "en"), (" & co", None), ("<x>", 'en"><script>')])
    assert isinstance(html, Markup)
    assert html == ('Le &lt;b&gt;<span lang="en">New Age</span> &amp; co'
                    '<span lang="en&#34;&gt;&lt;script&gt;">&lt;x&gt;</span>')


def test_home_title_is_text():
    index = (ROOT / "theme" / "templates" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"{% block title %}(.*?){% endblock %}", index, re.S).group(1)
    assert "<" not in title


# ------------------------------------------------------------------ the URL module

@pytest.mark.parametrize("value, expected", [
    ("https://www.service-public.fr", "https://www.service-public.fr"),
    ("https://www.service-public.fr/particuliers/vosdroits/F1234", "https://www.service-public.fr/particuliers/vosdroits/F1234"),
    ("HTTPS://Exemple.FR:8443/a%20b?q=1&r=2#x", "https://exemple.fr:8443/a%20b?q=1&r=2#x"),
    ("https://exemple.fr/é?q=ç", "https://exemple.fr/%C3%A9?q=%C3%A7"),
    ("https://exemple.fr/a(b)'c'", "https://exemple.fr/a(b)'c'"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
])
def test_web_url_is_re_serialized(value, expected):
    assert web_url(value) == expected
    assert web_url(expected) == expected  # stable


@pytest.mark.parametrize("value, reason", [
    ('https://exemple.fr/"><script>alert(1)</script>', "« \" »"),
    ("https://exemple.fr/<x>", "« < »"),
    ("javascript:alert(1)", "« javascript: »"),
    ("JaVaScRiPt:alert(1)", "« javascript: »"),
    ("java\tscript:alert(1)", "espace"),
    ("java&#x09;script:alert(1)", "https://"),
    ("vbscript:msgbox(1)", "« vbscript: »"),
    ("data:text/html,x", "« data: »"),
    ("file:///etc/passwd", "« file: »"),
    (" https://exemple.fr/", "espace"),
    ("https://exemple.fr/ ", "espace"),
    ("\x01https://exemple.fr/", "contrôle"),
    ("https://exemple.fr/\u202e", "U+202E"),
    ("https://exemple.fr/\u200b", "U+200B"),
    ("//evil.example/x", "https://"),
    ("\\\\evil.example\\x", "« \\ »"),
    ("https:evil.example", "https://"),
    ("https:///x", "nom de site"),
    ("https://localhost/", "nom de site"),
    ("https://127.0.0.1/", "nom de site"),
    ("https://exemple.fr:99999/", "nom de site"),
    ("https://www.service-public.fr@evil.example/", "« @ »"),
    ("http://exemple.fr/", "« http: »"),
    ("", "vide"),
    (None, "vide"),
])
def test_web_url_refuses_with_a_french_reason(value, reason):
    with pytest.raises(UrlError) as exc:
        web_url(value)
    assert reason in str(exc.value)
    assert url_problem(value) == str(exc.value)


def test_http_only_where_a_rule_allows_it():
    assert web_url("http://www.derives-sectes.gouv.fr/x.pdf", allow_http=True) == "http://www.derives-sectes.gouv.fr/x.pdf"
    assert url_problem("http://www.derives-sectes.gouv.fr/x.pdf")
    assert url_problem("ftp://exemple.fr/x.pdf", allow_http=True)


def test_mail_and_phone_links_are_built_from_checked_values():
    assert mailto_url("contact@exemple.fr") == "mailto:contact@exemple.fr"
    assert tel_url("+33800005696") == "tel:+33800005696" and sms_url("114") == "sms:114"
    for bad in ('a"onmouseover="x"@exemple.fr', "a@b", "mailto:a@b.fr", "a b@c.fr", "a@b.fr?subject=x"):
        with pytest.raises(UrlError):
            mailto_url(bad)
    for bad in ("17;x", "+33 8", "javascript:1", "1", ""):
        with pytest.raises(UrlError):
            tel_url(bad)


# ------------------------------------------------------------------ the text rule

@pytest.mark.parametrize("value", [
    "Qu’est-ce que l’emprise ?", "Ligne 1\nligne 2", "Tab\tulé", "<b> reste du texte échappé",
    "{{ 7 * 7 }}", "العربية", "Numéro 0\u00a0800\u202f005",
])
def test_plain_texts_pass(value):
    assert text_problem(value) == ""


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069"])
def test_bidi_overrides_and_isolates_are_refused(char):
    problem = text_problem(f"Appelez le {char}17")
    assert f"U+{ord(char):04X}" in problem and "sens d’écriture" in problem


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9f"])
def test_control_characters_are_refused(char):
    assert "contrôle" in text_problem(f"Texte{char}")


# ------------------------------------------------------------------ the rules, in the content checks

def _front_matter_errors(text: str) -> list[str]:
    from plugins.common.rules.frontmatter import parse
    from plugins.common.rules.schema import validate
    return [str(e) for e in validate(parse(text.encode("utf-8"), "fiches/x.md"))]


def test_front_matter_checks_use_the_url_module_and_the_text_rule():
    errors = _front_matter_errors(
        "---\ntitle: \"Essai \u202e\"\nsummary: Une phrase.\ndate: 2026-11-28\nsources:\n"
        "  - title: \"S\\x07\"\n    url: \"JaVaScRiPt:alert(1)\"\n  - title: Bonne\n"
        "    url: http://www.derives-sectes.gouv.fr/x.pdf\n---\nTexte.\n")
    assert len(errors) == 3, errors
    assert errors[0].startswith("fiches/x.md:2: « title » contient un caractère invisible")
    assert errors[1].startswith("fiches/x.md:6: « sources » (élément n° 1, champ « title ») contient un caractère")
    assert errors[2].startswith("fiches/x.md:7: « sources » (élément n° 1, champ « url ») : adresse "
                                "« JaVaScRiPt:alert(1) » refusée : adresse en « javascript: » refusée")


def test_contacts_checks_use_the_url_module_and_the_text_rule(tmp_path):
    from plugins.contacts.core import load_contacts
    from plugins.contacts.model import ContactsError
    text = (ROOT / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8")
    text = text.replace('name: "Police secours – gendarmerie"', 'name: "Police \u2066secours"', 1)
    old = ('source: ["https://sdis04.fr/quels-numeros-composer-18-112-15-ou-17/", '
           '"https://sdis45.com/index.php/en-pratique/une-urgence-quel-numero"]')
    assert old in text
    text = text.replace(old, 'source: ["https://sdis04.fr/quels-numeros-composer-18-112-15-ou-17/", '
                             "'https://sdis45.com/\"><b>']", 1)
    path = tmp_path / "contacts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContactsError) as exc:
        load_contacts(path, root=tmp_path)
    messages = [f"{i.line}: {i.message}" for i in exc.value.issues]
    name_line = text.splitlines().index('  name: "Police \u2066secours"') + 1
    assert any(m.startswith(f"{name_line}: « name » contient un caractère invisible") for m in messages), messages
    assert any("adresse « https://sdis45.com/\"><b> » refusée dans « source »" in m for m in messages), messages
    assert len(messages) == 2, messages


def test_loaded_contacts_hold_re_serialized_addresses():
    from plugins.contacts.core import load_contacts
    for contact in load_contacts():
        for url in (*contact.sources, contact.website, contact.form, *(c.url for c in contact.channels)):
            if url:
                assert web_url(url) == url
        if contact.phone:
            assert contact.phone.href == tel_url(contact.phone.e164)


@pytest.mark.parametrize("body", [
    '<p><a href="/pdfs/x%22%3E%3Cmeta%20http-equiv%3Drefresh%20content%3D0%3E.pdf">doc</a></p>',
    '<p><a href="/pdfs/x&quot;&gt;&lt;meta http-equiv=refresh content=0&gt;.pdf">doc</a></p>',
    "<p><a href='/pdfs/x\"&gt;&lt;meta http-equiv=refresh content=0&gt;.pdf' title='a\"b'>doc</a></p>",
])
def test_pdf_download_decoration_writes_attributes_back_escaped(body):
    """plugins/pdf_links rewrites <a> start tags after the sanitizer ran: every value it writes back
    must be escaped, whatever the (decoded) file name holds."""
    from selectolax.lexbor import LexborHTMLParser

    from plugins.pdf_links.core import decorate_pdf_links
    html = decorate_pdf_links(body, lambda href: "PDF – 1 page <b>")
    tree = LexborHTMLParser(html)
    assert tree.css("meta") == [] and tree.css("b") == []
    [link] = tree.css("a")
    assert "fr-link--download" in link.attributes["class"]
    assert link.text().startswith("doc")
    assert link.attributes["href"].endswith(".pdf")


# --- issue 23: every Bidi_Control character, invisible characters in numbers, body links ---------

# Unicode's Bidi_Control property (PropList.txt), written out here so the test can fail if the
# rule ever falls back to a shorter hand list.
BIDI_CONTROL = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@pytest.mark.parametrize("code", BIDI_CONTROL, ids=lambda c: f"U+{c:04X}")
def test_every_bidi_control_character_is_refused(code):
    assert f"U+{code:04X}" in text_problem(f"0 800 {chr(code)}005 696")


def test_the_text_rule_keeps_letters_of_every_script():
    assert text_problem("Miviludes – مرحبا – שלום – «\u00a0guillemets\u00a0»") == ""


@pytest.mark.parametrize("char", ["\u200d", "\u200c", "\u200b", "\u2060", "\ufeff", "\u00ad"])
def test_numbers_refuse_invisible_format_characters(char):
    from plugins.escaping.text import number_problem
    assert text_problem(f"0 800{char}005 696") == ""  # harmless in a sentence (emoji joiners…)
    assert f"U+{ord(char):04X}" in number_problem(f"0 800{char}005 696")


@pytest.mark.parametrize("value, expected", [
    ("mailto:contact@exemple.fr", "mailto:contact@exemple.fr"),
    ("mailto:contact@exemple.fr?subject=Bonjour%20%C3%A0%20vous", "mailto:contact@exemple.fr?subject=Bonjour%20%C3%A0%20vous"),
    ("tel:+33800005696", "tel:+33800005696"),
    ("tel:+33%20800%20005%20696", "tel:+33800005696"),
    ("https://exemple.fr/a b", None),
])
def test_body_links_are_re_serialized(value, expected):
    from plugins.escaping.urls import body_link_url
    if expected is None:
        with pytest.raises(UrlError):
            body_link_url(value)
    else:
        assert body_link_url(value) == expected


@pytest.mark.parametrize("value, reason", [
    ("mailto:contact@exemple.fr?bcc=espion@evil.example", "bcc="),
    ("mailto:contact@exemple.fr?cc=espion@evil.example", "cc="),
    ("mailto:contact@exemple.fr?subject=a&body=texte", "body="),
    ("mailto:contact@exemple.fr?subject=a&subject=b", "subject="),
    ("mailto:a@exemple.fr,b@evil.example", "une seule adresse"),
    ("tel:*31#17", "ni « * »"),
    ("tel:17,1234", "ni « * »"),
    ("tel:+33800005696;ext=1", "ni « * »"),
    ("tel:+33\u200e800005696", "invisible"),
])
def test_body_links_refuse_headers_and_service_codes(value, reason):
    from plugins.escaping.urls import body_link_url
    with pytest.raises(UrlError, match=re.escape(reason)):
        body_link_url(value)


def test_body_sanitizer_applies_the_url_module_to_mailto_and_tel():
    from plugins.common.rules.markup import url_problem as body_url_problem
    assert body_url_problem("a", "href", "mailto:contact@exemple.fr?subject=Aide") is None
    assert body_url_problem("a", "href", "tel:+33 800 005 696") is None
    assert "bcc=" in body_url_problem("a", "href", "mailto:contact@exemple.fr?bcc=x@evil.example")[1]
    assert "« * »" in body_url_problem("a", "href", "tel:*31#17")[1]
