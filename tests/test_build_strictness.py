"""The build never publishes a partial site: late failures keep output/ intact, every content file is
accounted for, odd but valid input works, and every page links to its own source file."""
from __future__ import annotations

import re
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]

from plugins.common.rules.frontmatter import parse


def page(title: str, body: str = "Texte.", *extra: str) -> str:
    return "\n".join(["---", f"title: {title}", "summary: Une phrase.", "date: 2026-11-28", *extra, "---",
                      body]) + "\n"


def snapshot(out: Path) -> dict:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


GOOD = {"fiches/a.md": page("A", "## Partie\n\nTexte."), "fiches/b.md": page("B"), "pages/c.md": page("C")}


def test_failure_while_writing_keeps_the_previous_output(fixture_site, tmp_path, monkeypatch):
    errors, out, _ = fixture_site(GOOD)
    assert errors == []
    before = snapshot(out)
    from pelican.writers import Writer
    original, calls = Writer.write_file, []

    def failing(self, *args, **kwargs):  # writes two pages, then the disk « fills up »
        calls.append(args[0])
        if len(calls) > 2:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", failing)
    errors, out, _ = fixture_site({"fiches/d.md": page("D")})
    assert errors and "No space left on device" in errors[-1]
    assert len(calls) == 3, "l’échec doit survenir au milieu de l’écriture"
    assert snapshot(out) == before
    assert not list(tmp_path.glob("output.tmp-*")) and not list(tmp_path.glob("output.old-*"))


def test_failure_after_writing_keeps_the_previous_output(fixture_site, tmp_path):
    errors, out, _ = fixture_site(GOOD)
    before = snapshot(out)
    # Anchors are checked once every page is written (finalized): the latest possible failure.
    errors, out, _ = fixture_site({"fiches/d.md": page("D", "[partie](a.md#partie-absente)")})
    assert any("fiches/d.md:6: l’ancre « #partie-absente » n’existe pas" in e for e in errors), errors
    assert snapshot(out) == before
    assert not list(tmp_path.glob("output.tmp-*"))


def test_every_content_file_becomes_a_page_or_fails(fixture_site, capsys):
    errors, _, _ = fixture_site({
        **GOOD,
        "fiches/notes.txt": "Notes de travail.",
        "fiches/ancien.rst": "Titre\n=====\n\nTexte.\n",
        "prevention/.gitkeep": "",
        "prevention/brouillon.md~": "copie de sauvegarde de l’éditeur",
    })
    # Refused by the content guard (off the list of published types) before anything reads them.
    for name in ("fiches/notes.txt", "fiches/ancien.rst"):
        assert any((e.startswith(f"content/{name}:1: ") or f"/content/{name}:1: " in e)
                   and "ce fichier ne peut pas être publié" in e for e in errors), (name, errors)
    assert len(errors) == 2, errors  # hidden files and editors' backups are ignored


def test_drafts_are_reported_as_intentionally_not_published(fixture_site, capsys):
    errors, out, _ = fixture_site({**GOOD, "fiches/brouillon.md": page("Brouillon", "Pas fini.", "draft: true")})
    assert errors == []
    assert not (out / "fiches" / "brouillon").exists()
    summary = capsys.readouterr().out.replace("\n", " ")
    assert "4 fichier(s) .md, 3 page(s) publiée(s), 1 brouillon(s) non publié(s) volontairement" in summary
    assert "fiches/brouillon.md" in summary


def test_odd_but_valid_input(fixture_site):
    errors, out, _ = fixture_site({
        "fiches/bom.md": ("\ufeff" + page("Avec BOM")).encode("utf-8"),
        "fiches/crlf.md": page("Fin de ligne Windows", "## Partie\r\n\r\nTexte.").replace("\n", "\r\n").encode(),
        "fiches/Fiche été.md": page("\"« L’été\u00a0: guide\u202f? »\"", "Texte."),
        "fiches/liens.md": page("Liens", "[été](<Fiche été.md>) et [encodé](Fiche%20%C3%A9t%C3%A9.md) "
                                "et [crlf](crlf.md#partie)."),
        "pages/Mentions Légales.md": page("Mentions"),
    })
    assert errors == []
    for path in ("fiches/bom/index.html", "fiches/crlf/index.html", "fiches/fiche-ete/index.html",
                 "mentions-legales/index.html"):
        assert (out / path).is_file(), path
    html = (out / "fiches" / "fiche-ete" / "index.html").read_text(encoding="utf-8").replace("&nbsp;", "\u00a0")
    assert "<h1>«\u00a0L’été\u00a0: guide\u202f?\u00a0»</h1>" in html
    assert re.search(r'href="[^"]*/content/fiches/Fiche%20%C3%A9t%C3%A9\.md"', html)  # edit link, encoded
    links = (out / "fiches" / "liens" / "index.html").read_text(encoding="utf-8")
    assert links.count('href="/fiches/fiche-ete/"') == 2 and 'href="/fiches/crlf/#partie"' in links


def test_edit_link_points_to_the_page_source_file(real_site):
    import pelicanconf

    checked = 0
    for source in sorted((ROOT / "content").glob("*/*.md")):
        section = source.parent.name
        meta = parse(source.read_bytes(), str(source)).metadata
        if meta.get("draft"):
            continue
        slug = meta.get("slug") or source.stem
        built = real_site / (f"{slug}/index.html" if section == "pages" else f"{section}/{slug}/index.html")
        html = built.read_text(encoding="utf-8")
        expected = pelicanconf.REPO_EDIT_URL.rstrip("/") + f"/content/{section}/{source.name}"
        assert f'href="{expected}"' in html, (built, expected)
        checked += 1
    assert checked >= 10
