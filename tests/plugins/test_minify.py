"""plugins/minify: HTML minification keeps what readers and parsers rely on."""
from __future__ import annotations

from plugins.minify.core import minify


def test_whitespace_goes_closing_tags_and_preformatted_text_stay():
    html = ("<!doctype html>\n<html lang=\"fr\">\n<head>\n  <title>T</title>\n</head>\n<body>\n"
            "  <p class=\"a b\">Un   texte  <strong>fort</strong> </p>\n  <pre>  a\n    b</pre>\n"
            "  <!-- commentaire -->\n</body>\n</html>\n")
    out = minify(html)
    assert out.startswith("<!doctype html><html lang=fr><head><title>T</title></head><body>")
    assert '<p class="a b">Un texte <strong>fort</strong></p>' in out
    assert "<pre>  a\n    b</pre>" in out
    assert "commentaire" not in out and out.endswith("</body></html>")


def test_json_ld_is_kept_as_written():
    data = '{"@context":"https://schema.org","name":"A  B"}'
    out = minify(f'<html><head><script type="application/ld+json">{data}</script></head></html>')
    assert data in out
