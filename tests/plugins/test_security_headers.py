"""plugins/security_headers: inline code detection, CSP hashes, cache rules, the `_headers` file."""
from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest

from plugins.security_headers import core
from plugins.security_headers import build_headers
from plugins.security_headers.core import (IMMUTABLE, THEME_CACHE, cache_rules, content_security_policy,
                                            csp_hash, find_inline_code, render_headers_file,
                                            security_headers)

ROOT = Path(__file__).resolve().parents[2]


def test_inline_code_is_found_and_data_blocks_are_not():
    found = find_inline_code(
        '<script>alert(1)</script><script type="module">x()</script><script src="/a.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script><style>p{}</style>\n'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a></p>')
    assert found.scripts == ["alert(1)", "x()"]
    assert found.styles == ["p{}"]
    assert found.style_attributes == [2]
    assert found.event_handlers == [(2, "onclick")]
    assert found.javascript_urls == [2]


def test_hash_is_the_csp_sha256_of_the_exact_text():
    expected = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert csp_hash("alert(1)") == f"'sha256-{expected}'"


def test_policy_is_strict_and_takes_hashes():
    csp = content_security_policy()
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
    with_hash = content_security_policy(["'sha256-abc'"], ["'sha256-def'"])
    assert "script-src 'self' 'sha256-abc'" in with_hash and "style-src 'self' 'sha256-def'" in with_hash


def test_security_headers_cover_the_state_site_baseline():
    names = dict(security_headers("x"))
    assert names["Referrer-Policy"] == "no-referrer"
    assert names["X-Content-Type-Options"] == "nosniff"
    assert names["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "max-age=" in names["Strict-Transport-Security"]
    assert "geolocation=()" in names["Permissions-Policy"]


def test_cache_rules_never_give_two_rules_to_one_file():
    rules = cache_rules(["css/site.0123abcd.css", "css/print.css", "vendor/lunr/lunr.js",
                         "vendor/dsfr/fonts/Marianne.89abcdef.woff2", "vendor/dsfr/favicon/favicon.svg"])
    assert rules == [
        ("/theme/css/print.css", THEME_CACHE),
        ("/theme/css/site.0123abcd.css", IMMUTABLE),
        ("/theme/vendor/dsfr/favicon/*", THEME_CACHE),
        ("/theme/vendor/dsfr/fonts/Marianne.89abcdef.woff2", IMMUTABLE),
        ("/theme/vendor/lunr/*", THEME_CACHE),
    ]
    assert cache_rules(["a.css", "b/c.js"]) == [("/theme/*", THEME_CACHE)]
    assert cache_rules([]) == []


def test_headers_file_format():
    text = render_headers_file([("X-A", "1")], [("/theme/*", THEME_CACHE)])
    assert text.splitlines()[-4:] == ["/*", "  X-A: 1", "/theme/*", f"  Cache-Control: {THEME_CACHE}"]
    # Under a sub-path (a pull request's preview), every path of the file is under it.
    text = render_headers_file([("X-A", "1")], cache_rules(["a.css"], "/apercu/pr-12/theme"), "/apercu/pr-12")
    assert text.splitlines()[-4:] == ["/apercu/pr-12/*", "  X-A: 1", "/apercu/pr-12/theme/*",
                                      f"  Cache-Control: {THEME_CACHE}"]


def test_inline_style_attribute_fails_the_build(tmp_path, caplog):
    (tmp_path / "index.html").write_text('<p>a</p>\n<p style="color:red">b</p>', encoding="utf-8")
    with caplog.at_level("ERROR"):
        text = build_headers(tmp_path)
    assert any(r.getMessage().startswith("index.html:2: attribut style") for r in caplog.records)
    assert "Content-Security-Policy: default-src 'self'" in text


def _theme(tmp_path, templates: dict) -> object:
    theme = tmp_path / "theme"
    for name, text in templates.items():
        (theme / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / "templates" / name).write_text(text, encoding="utf-8")
    return theme


def test_inline_script_written_by_the_theme_is_allowed_by_its_hash(tmp_path, caplog):
    theme = _theme(tmp_path, {"base.html": "<html><script>go()</script>{% block x %}{% endblock %}</html>"})
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("<script>go()</script>", encoding="utf-8")
    text = build_headers(out, theme=theme)
    assert f"script-src 'self' {csp_hash('go()')}" in text
    assert not caplog.records


def test_the_policy_comes_from_the_theme_even_when_no_page_uses_its_code(tmp_path):
    theme = _theme(tmp_path, {"partials/x.html": "<style>p{}</style>"})
    out = tmp_path / "output"
    out.mkdir()
    assert f"style-src 'self' {csp_hash('p{}')}" in build_headers(out, theme=theme)


def test_inline_script_not_written_by_the_theme_fails_the_build_and_never_widens_the_policy(tmp_path, caplog):
    theme = _theme(tmp_path, {"base.html": "<html></html>"})
    content = tmp_path / "content"
    (content / "fiches").mkdir(parents=True)
    fiche = content / "fiches" / "x.md"
    fiche.write_text("---\ntitle: X\n---\nTexte\n\n<script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "output"
    (out / "fiches" / "x").mkdir(parents=True)
    page = out / "fiches" / "x" / "index.html"
    page.write_text("<p>Texte</p>\n<script>alert(1)</script>", encoding="utf-8")
    with caplog.at_level("ERROR"):
        text = build_headers(out, theme=theme, content_root=content, sources={str(page): str(fiche)})
    assert csp_hash("alert(1)") not in text
    assert "script-src 'self';" in text
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and messages[0].endswith("(page fiches/x/index.html, ligne 2)")
    assert messages[0].startswith(f"{os.path.relpath(fiche)}:6: script en ligne absent du thème")


@pytest.mark.parametrize("html, kind", [
    ('<p onclick="voler()">x</p>', "attribut onclick"),
    ('<a href="java\tscript:voler()">x</a>', "adresse javascript:"),
    ('<a href=" JaVaScRiPt:voler()">x</a>', "adresse javascript:"),
    ('<a href="&#x6A;avascript:voler()">x</a>', "adresse javascript:"),
    ('<a href="vbscript:voler()">x</a>', "adresse javascript:"),
    ('<button formaction="javascript:voler()">x</button>', "adresse javascript:"),
    ('<p style="background:url(https://evil.example/voler())">x</p>', "attribut style"),
])
def test_code_found_in_a_page_is_blamed_on_the_content_file_that_holds_it(tmp_path, caplog, html, kind):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "fiches").mkdir()
    data = content / "data" / "contacts.yaml"
    data.write_text("- id: a\n  name: A\n- id: b\n  name: 'voler()'\n", encoding="utf-8")
    (content / "fiches" / "y.md").write_text("---\ntitle: Y\n---\nRien.\n", encoding="utf-8")
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("<p>Accueil</p>\n" + html, encoding="utf-8")
    with caplog.at_level("ERROR"):
        build_headers(out, content_root=content, sources={})
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1, messages
    if kind == "attribut style":  # the whole value is not in any file: the page is named
        assert messages[0].startswith("index.html:2: attribut style")
    else:
        assert messages[0].startswith(f"{os.path.relpath(data)}:4: {kind}"), messages


def test_theme_inline_code_must_be_fixed_text(tmp_path, caplog):
    theme = _theme(tmp_path, {"base.html": "<html>\n<script>var t = '{{ article.title }}';</script>\n"
                                            "<a href=\"#\" onclick=\"go()\">x</a></html>"})
    out = tmp_path / "output"
    out.mkdir()
    with caplog.at_level("ERROR"):
        text = build_headers(out, theme=theme)
    messages = sorted(r.getMessage() for r in caplog.records)
    assert "script-src 'self';" in text
    assert len(messages) == 2
    assert "base.html:2: <script> en ligne contenant du Jinja" in messages[0]
    assert "base.html:3: attribut onclick" in messages[1]


def test_the_real_theme_writes_no_inline_code():
    scripts, styles, problems = core.theme_inline_hashes(
        {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "theme" / "templates").rglob("*.html")})
    assert (scripts, styles, problems) == (set(), set(), [])


def test_real_site_has_no_inline_code_and_publishes_headers(real_site):
    text = (real_site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: " + content_security_policy() in text, \
        "le site contient du code en ligne (haché dans la CSP) : retirez-le ou mettez deploy/nginx.conf à jour"
    for page in real_site.rglob("*.html"):
        found = find_inline_code(page.read_text(encoding="utf-8"))
        assert not (found.scripts or found.styles or found.style_attributes or found.event_handlers), page


# ---------------------------------------------------------------- one parser (Lexbor) decides

FORBIDDEN_OR_INLINE = [
    ('<p style="color:red">x</p>', "style-attribute"),
    ("<P STYLE='x'>x</P>", "style-attribute"),
    ('<a href="/x"onclick="f()">x</a>', "handler:onclick"),
    ('<body onload="go()">', "handler:onload"),
    ('<a href="javascript:alert(1)">x</a>', "url"),
    ('<a href=" JavaScript:alert(1)">x</a>', "url"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "url"),
    ('<form action="javascript:void(0)"></form>', "url"),
    ("<script>alert(1)</script>", "script"),
    ('<script type="module">import "./x.js"</script>', "script"),
    ("<script type='text/javascript'>x()</script>", "script"),
    ("<style>p{color:red}</style>", "style"),
    ('<template><p onclick="x()">a</p></template>', "handler:onclick"),  # a script may clone it
]
CLEAN = [
    '<script src="/theme/js/site.js" defer></script><p>On ne voit ici aucun code en ligne.</p>',
    '<script type="application/ld+json">{"@type": "GovernmentOrganization"}</script>',
    '<a href="/aide/" class="fr-link">Aide</a>',
    "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title><textarea><p onclick=x()></textarea>",
    "<!-- <p style='x'> --><p>style=\"x\" onclick=\"y\" javascript:z</p>",
]


@pytest.mark.parametrize("html, kind", FORBIDDEN_OR_INLINE)
def test_inline_code_is_found_on_the_browsers_tree(html, kind):
    assert [k for k, _, _ in find_inline_code(html).located] == [kind]


@pytest.mark.parametrize("html", CLEAN)
def test_text_comments_and_data_blocks_are_not_code(html):
    assert find_inline_code(html) == core.InlineCode()


def test_each_finding_gives_the_line_of_its_element():
    html = ('<!doctype html>\n<html><head><title>p style="x"</title></head>\n<body>\n<p>a</p>\n'
            '<p\n class="c" style="color:red">b</p>\n<a href="/a/">a</a> <a href="javascript:x()">j</a>\n'
            "<script>\nalert(1)\n</script>\n")
    found = find_inline_code(html)
    assert [(kind, line) for kind, line, _ in found.located] == [
        ("style-attribute", 5), ("url", 7), ("script", 8)]


def test_every_page_of_the_real_site_is_clean(real_site):
    pages = sorted(real_site.rglob("*.html"))
    assert pages
    for path in pages:
        assert find_inline_code(path.read_text(encoding="utf-8")) == core.InlineCode(), path


def test_pages_are_mapped_to_the_content_file_or_data_file_they_come_from(tmp_path):
    import plugins.security_headers as wiring

    class Item:
        source_path = str(tmp_path / "content" / "fiches" / "x.md")

    wiring._SOURCES.clear()
    wiring.remember_source(str(tmp_path / "out" / "fiches" / "x" / "index.html"), context={"article": Item()})
    wiring.remember_source(str(tmp_path / "out" / "aide" / "index.html"),
                           context={"aide": {}, "PATH": str(tmp_path / "content")})
    wiring.remember_source(str(tmp_path / "out" / "index.html"), context={"articles": []})
    assert wiring._SOURCES == {
        str(tmp_path / "out" / "fiches" / "x" / "index.html"): Item.source_path,
        str(tmp_path / "out" / "aide" / "index.html"): str(tmp_path / "content" / "data" / "contacts.yaml"),
    }
    wiring._SOURCES.clear()


def test_an_unlocated_finding_names_the_page_content_file_at_line_1(tmp_path, caplog):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    source = content / "pages" / "p.md"
    source.write_text("---\ntitle: P\n---\nTexte.\n", encoding="utf-8")
    out = tmp_path / "output"
    (out / "p").mkdir(parents=True)
    page = out / "p" / "index.html"
    page.write_text("<p>\n\n<i onclick=\"a&amp;&amp;b()\">x</i></p>", encoding="utf-8")
    with caplog.at_level("ERROR"):
        build_headers(out, content_root=content, sources={str(page): str(source)})
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"{os.path.relpath(source)}:1: attribut onclick")
    assert message.endswith("(page p/index.html, ligne 3)")


# ---------------------------------------------------------------- hosts that ignore _headers (issue 20)

def test_meta_policy_is_the_header_policy_less_what_only_a_header_carries():
    csp = content_security_policy(["'sha256-abc='"])
    meta = core.meta_policy(csp)
    assert "frame-ancestors" not in meta and "'sha256-abc='" in meta
    assert meta + "; frame-ancestors 'none'" == csp  # nothing else dropped or changed


def test_every_page_carries_the_policy_and_referrer_policy_in_meta_tags(real_site):
    import html as html_lib
    import re
    headers = (real_site / "_headers").read_text(encoding="utf-8")
    header_csp = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = re.search(r'<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"', text)
        assert found, page
        assert html_lib.unescape(found.group(1)) == core.meta_policy(header_csp), page
        assert text.index("Content-Security-Policy") < text.index("<link"), page  # before anything loads
        assert re.search(r'<meta name="?referrer"? content="?no-referrer"?', text), page
