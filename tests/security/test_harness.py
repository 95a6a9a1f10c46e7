"""The hostile-content harness itself: it must see every kind of danger it claims to see,
and a plain fiche must build through it with no finding (otherwise every case would be moot)."""
from __future__ import annotations

from harness import _page_findings, build_hostile

PLAIN_FICHE = ("---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\n"
               "Texte de la fiche, avec un [lien](https://www.service-public.fr/).\n")


def test_a_plain_fiche_builds_within_limits_with_nothing_dangerous(tmp_path):
    result = build_hostile(tmp_path, {"fiches/essai.md": PLAIN_FICHE})
    assert result.built, result.errors or result.crashed or "délai dépassé"
    assert result.findings == []
    assert (result.output / "fiches" / "essai" / "index.html").is_file()


def test_the_page_scanner_sees_each_kind_of_danger():
    html = ('<p onclick=x>a</p><img src=" //evil.example/x.png"><a href="java\tscript:alert(1)">x</a>'
            '<script>alert(1)</script><meta http-equiv=Refresh content="0;url=https://evil.example">'
            '<iframe src=/x></iframe><img srcset="/a.png 1x, https://evil.example/b.png 2x">'
            '<a href="data:text/html,x">d</a><base href="https://evil.example/">')
    found = "\n".join(_page_findings(html))
    for expected in ("script en ligne", "meta refresh", "onclick", "autre hôte", "'javascript'",
                     "<iframe>", "'data'", "<base>"):
        assert expected in found, (expected, found)
    assert found.count("autre hôte") == 2  # src and srcset


def test_the_page_scanner_accepts_what_the_theme_writes():
    html = ('<script src="/theme/js/site.js"></script><script type="application/ld+json">{}</script>'
            '<a href="https://www.service-public.fr/">x</a><a href="tel:+33100000000">t</a>'
            '<img src="/pdfs/x.webp" alt="">')
    assert _page_findings(html) == []


def test_the_output_scanner_sees_files_off_the_allow_list(tmp_path):
    from harness import dangerous_findings
    for rel, data in {"index.html": b"<p>x</p>", "_headers": b"/*\n", "pdfs/guide.pdf": b"%PDF-1.7",
                      "images/p.png": b"\x89PNG\r\n\x1a\n", "aide/contacts.csv": b"id\r\n",
                      "fiches/app.js": b"alert(1)", "fiches/dessin.svg": b"<svg/>", "data/contacts.yaml": b"x",
                      "images/faux.png": b"<svg/>", "fiches/essai.md": b"x", "pages/outil.htm": b"<p>"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    off = {f.split(":")[0] for f in dangerous_findings(tmp_path) if "hors de la liste autorisée" in f}
    assert off == {"fiches/app.js", "fiches/dessin.svg", "data/contacts.yaml", "images/faux.png",
                   "fiches/essai.md", "pages/outil.htm"}
