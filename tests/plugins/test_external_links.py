"""plugins/external_links: rel="noopener noreferrer external" on links leaving the site."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from plugins.external_links.core import add_rel, is_external


def test_external_link_gets_rel():
    assert add_rel('<p><a href="https://www.legifrance.gouv.fr/x">Loi</a></p>') == \
        '<p><a href="https://www.legifrance.gouv.fr/x" rel="noopener noreferrer external">Loi</a></p>'


def test_existing_rel_tokens_are_kept_and_completed():
    out = add_rel('<a rel="nofollow" href="http://example.org" title="a > b">x</a>')
    link = LexborHTMLParser(out).css_first("a")  # the title survives, whatever its serialization
    assert link.attributes == {"href": "http://example.org", "title": "a > b",
                               "rel": "nofollow noopener noreferrer external"}
    assert out.count("rel=") == 1


def test_one_parse_for_every_link_of_a_body():
    """Several links, nested markup, an entity in an address: each external link completed once."""
    out = add_rel('<ul><li><a href="https://a.example/?x=1&amp;y=2">a</a></li>'
                  '<li><em><a href="/aide/">b</a></em> <a href="//c.example">c</a></li></ul>')
    links = LexborHTMLParser(out).css("a")
    assert [a.attributes.get("rel") for a in links] == ["noopener noreferrer external", None,
                                                        "noopener noreferrer external"]
    assert links[0].attributes["href"] == "https://a.example/?x=1&y=2"


def test_complete_rel_is_left_untouched():
    html = '<a href="https://example.org" rel="external noreferrer noopener">x</a>'
    assert add_rel(html) == html


def test_internal_and_special_links_are_left_alone():
    html = ('<a href="/fiches/emprise/">a</a><a href="#sources">b</a><a href="tel:119">c</a>'
            '<a href="mailto:x@example.org">d</a><a id="ancre">e</a><abbr title="t">f</abbr>')
    assert add_rel(html) == html


def test_site_host_is_not_external():
    assert not is_external("https://www.miviludes.gouv.fr/fiches/", "www.miviludes.gouv.fr")
    assert is_external("//cdn.example.org/x.js")
    assert is_external("HTTPS://EXAMPLE.ORG")


def test_real_site_content_links(real_site):
    """Every external link of the built site has the rel (templates and Markdown bodies alike)."""
    import re
    bad = []
    for page in real_site.rglob("*.html"):
        for tag in re.findall(r"<a\b[^>]*>", page.read_text(encoding="utf-8")):
            href = re.search(r'href="([^"]*)"', tag)
            if href and is_external(href.group(1)):
                rel = re.search(r'rel="([^"]*)"', tag)
                if not rel or not {"noopener", "noreferrer"} <= set(rel.group(1).split()):
                    bad.append(f"{page.relative_to(real_site)}: {tag}")
    assert bad == []
