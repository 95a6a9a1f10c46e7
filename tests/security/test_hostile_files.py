"""Hostile content files (issue 13, items 3–6): each case is built in a limited child process
(tests/security/harness.py) and must be refused in French naming the content file (and line),
or build with nothing dangerous in output/. No case may time out or crash: bombs are refused
by the checks, quickly, not by the harness's limits."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


from harness import build_hostile
from pdf_fixtures import odd_pdf_bytes, pdf_bytes

HEADER = "---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\n"  # body starts on line 6
PLAIN = {"fiches/essai.md": HEADER + "Texte de la fiche.\n"}


def fiche(body: str) -> str:
    return HEADER + "Intro.\n\n" + body + "\n"  # `body` starts on line 8


def page(extra: str = "", body: str = "Texte de la page.\n") -> str:
    return "---\ntitle: Page\nsummary: Une phrase.\ndate: 2026-11-28\n" + extra + "---\n" + body


def yaml_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def alias_bomb() -> str:
    return "---\ntitle: Bombe\nsummary: Une phrase.\ndate: 2026-11-28\n" + yaml_bomb() + "---\nTexte.\n"


def nested_list(levels: int) -> str:
    return "\n".join("    " * i + "- niveau" for i in range(levels))


# (case id, files (added to a plain fiche), path of the file to be named, line or None, French fragment)
REFUSED = [
    # 3. One HTML parser: mutation XSS and foreign images
    ("comment-trick", {"fiches/h.md": fiche('<!--><img alt=a src="https://evil.example/p.png">-->')},
     "fiches/h.md", 8, "hébergée sur un autre site"),
    ("leading-space-src", {"fiches/h.md": fiche('<img alt=a src=" //evil.example/x.png">')},
     "fiches/h.md", 8, "hébergée sur un autre site"),
    ("backslash-src", {"fiches/h.md": fiche('<img alt=a src="/\\evil.example/x.png">')},
     "fiches/h.md", 8, "hébergée sur un autre site"),
    ("entity-space-src", {"fiches/h.md": fiche('<img alt=a src="&#32;&#47;/evil.example/x.png">')},
     "fiches/h.md", 8, "hébergée sur un autre site"),
    ("markdown-image-space", {"fiches/h.md": fiche("![Affiche]( //evil.example/x.png)")},
     "fiches/h.md", 8, "hébergée sur un autre site"),
    ("noscript-mxss", {"fiches/h.md": fiche('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>')},
     "fiches/h.md", 8, "<noscript>"),
    ("svg-style-breakout", {"fiches/h.md": fiche("<svg><p><style><img src=x onerror=alert(1)></style></p></svg>")},
     "fiches/h.md", 8, "<svg>"),
    ("math-mglyph", {"fiches/h.md": fiche("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>")},
     "fiches/h.md", 8, "<math>"),
    ("svg-onload", {"fiches/h.md": fiche('<svg onload="alert(1)"><circle r="4"/></svg>')},
     "fiches/h.md", 8, "<svg>"),
    ("img-in-table", {"fiches/h.md": fiche("<table><img src=x.png alt=b onerror=alert(1)></table>")},
     "fiches/h.md", 8, "onerror"),
    ("tab-in-scheme", {"fiches/h.md": fiche('<a href="jav&#x09;ascript:alert(1)">x</a>')},
     "fiches/h.md", 8, "interdite"),
    ("entity-scheme", {"fiches/h.md": fiche('<a href="&#106;avascript:alert(1)">x</a>')},
     "fiches/h.md", 8, "interdite"),
    ("data-url", {"fiches/h.md": fiche('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>')},
     "fiches/h.md", 8, "interdite"),
    ("srcset", {"fiches/h.md": fiche('<img src="a.png" alt="a" srcset="https://evil.example/x.png 2x">')},
     "fiches/h.md", 8, "srcset"),
    ("deep-html", {"fiches/h.md": fiche("<div>" * 5000 + "x" + "</div>" * 5000)},
     "fiches/h.md", None, "imbriqués"),
    # 4. content/pdfs/ holds PDFs and nothing else
    ("js-in-pdfs", {"pdfs/x.js": "alert(1)\n"}, "pdfs/x.js", 1, "que des documents PDF"),
    ("html-in-pdfs", {"pdfs/x.html": "<script>alert(1)</script>"}, "pdfs/x.html", 1, "que des documents PDF"),
    ("svg-in-pdfs", {"pdfs/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'},
     "pdfs/x.svg", 1, "que des documents PDF"),
    ("html-named-pdf", {"pdfs/x.pdf": "<html><script>alert(1)</script></html>"}, "pdfs/x.pdf", 1,
     "n’est pas un PDF"),
    ("dotdot-name", {"pdfs/a..b.pdf": pdf_bytes()}, "pdfs/a..b.pdf", 1, "nom de fichier refusé"),
    ("quote-name", {"pdfs/x\"onload=alert(1).pdf": pdf_bytes()}, "pdfs/x\"onload=alert(1).pdf", 1, "guillemets"),
    ("markup-file-name", {"pages/<img src=x onerror=alert(1)>.md": page()}, "pages/<img src=x onerror=alert(1)>.md",
     1, "renommez-le"),
    ("bidi-file-name", {"fiches/\u202egpj.md": fiche("x")}, "fiches/\u202egpj.md", 1, "caractères invisibles"),
    ("orphan-broken-pdf", {"pdfs/casse.pdf": b"%PDF-1.4\nrien de lisible\n"}, "pdfs/casse.pdf", 1,
     "illisible ou endommagé"),
    ("huge-pdf-page", {"pdfs/geant.pdf": odd_pdf_bytes(3, 14400)}, "pdfs/geant.pdf", 1, "format de page inhabituel"),
    ("image-bomb-pdf", {"pdfs/bombe.pdf": odd_pdf_bytes(image=(100_000, 100_000))}, "pdfs/bombe.pdf", 1,
     "trop grande"),
    ("huge-attached-pdf", {"pdfs/geant.pdf": odd_pdf_bytes(3, 14400),
                           "fiches/h.md": HEADER.replace(
                               "date: 2026-11-28\n", "date: 2026-11-28\nattachments:\n  - title: Géant\n"
                               "    file: pdfs/geant.pdf\n") + "Texte.\n"},
     "pdfs/geant.pdf", 1, "format de page inhabituel"),
    # 5. Bounded resources
    ("yaml-alias-bomb", {"fiches/h.md": alias_bomb()}, "fiches/h.md", 5, "ancres"),
    ("data-alias-bomb", {"data/contacts.yaml": "# contacts\n" + yaml_bomb()}, "data/contacts.yaml", 2, "ancres"),
    ("data-python-tag", {"data/taxonomies.yaml": "themes: !!python/object/apply:os.system ['id']\n"},
     "data/taxonomies.yaml", 1, "étiquette YAML"),
    ("yaml-python-tag", {"fiches/h.md": "---\ntitle: !!python/object/apply:os.system ['id']\n"
                                        "summary: S.\ndate: 2026-11-28\n---\nTexte.\n"},
     "fiches/h.md", 2, "étiquette YAML"),
    ("yaml-local-tag", {"fiches/h.md": "---\ntitle: Essai\nsummary: !secret S.\ndate: 2026-11-28\n---\nTexte.\n"},
     "fiches/h.md", 3, "étiquette YAML"),
    ("huge-front-matter", {"fiches/h.md": "---\ntitle: Essai\nsummary: " + "x" * 50_000 +
                                          "\ndate: 2026-11-28\n---\nTexte.\n"},
     "fiches/h.md", 2, "trop long"),
    ("huge-file", {"fiches/h.md": HEADER + ("Une phrase assez longue. " * 80 + "\n\n") * 600},
     "fiches/h.md", 1, "trop long"),
    ("brackets", {"fiches/h.md": fiche(" [" * 50000)}, "fiches/h.md", 8, "crochets"),
    ("autolink-bomb", {"fiches/h.md": fiche("<http://a" * 20000)}, "fiches/h.md", 6, "dépasse"),
    ("nested-list", {"fiches/h.md": fiche(nested_list(600))}, "fiches/h.md", 28, "imbriquées"),
    ("nested-list-3000", {"fiches/h.md": fiche(nested_list(3000))}, "fiches/h.md", 1, "trop long"),
    ("nested-quote-line", {"fiches/h.md": fiche("> " * 3000 + "x")}, "fiches/h.md", 8, "imbriquées"),
    ("nested-quote-lines", {"fiches/h.md": fiche("\n".join(">" * i + " x" for i in range(1, 1000)))},
     "fiches/h.md", 28, "imbriquées"),
    # 6. Clear refusals
    ("page-aide", {"pages/aide.md": page()}, "pages/aide.md", 1, "réservée"),
    ("page-slug-fiches", {"pages/x.md": page("slug: fiches\n")}, "pages/x.md", 5, "réservée"),
    ("page-slug-pdfs", {"pages/pdfs.md": page()}, "pages/pdfs.md", 1, "réservée"),
    ("page-slug-admin", {"pages/admin.md": page()}, "pages/admin.md", 1, "réservée"),
    ("template-base", {"pages/x.md": page("template: base\n")}, "pages/x.md", 5, "réservé"),
    ("template-index", {"pages/x.md": page("template: index\n")}, "pages/x.md", 5, "réservé"),
    ("template-aide", {"pages/x.md": page("template: aide\n")}, "pages/x.md", 5, "réservé"),
    ("template-404", {"fiches/h.md": HEADER.replace("date:", "template: '404'\ndate:") + "Texte.\n"},
     "fiches/h.md", 4, "réservé"),
]


def _named(errors, path, line, fragment):
    where = f"content/{path}:{line}:" if line else f"content/{path}:"
    return any(where in e and fragment in e for e in errors)


@pytest.mark.parametrize("files, path, line, fragment",
                         [pytest.param(f, p, l, m, id=i) for i, f, p, l, m in REFUSED])
def test_hostile_file_is_refused_in_french_naming_the_file(tmp_path, files, path, line, fragment):
    result = build_hostile(tmp_path, {**PLAIN, **files})
    assert not result.timed_out and not result.crashed, result.crashed or "délai dépassé"
    assert _named(result.errors, path, line, fragment), result.errors
    # One mistake, one message: nothing else said about this file elsewhere (no cascade from other
    # checks); a body holding several refused constructs may name each on its own line.
    elsewhere = [e for e in result.errors if f"content/{path}:" in e and f"content/{path}:{line}:" not in e]
    assert elsewhere == [] if line else len([e for e in result.errors if f"content/{path}:" in e]) == 1, \
        result.errors
    assert not any("Traceback" in e for e in result.errors)
    assert not result.output.exists()  # atomic: nothing written


def test_symlinked_pdf_to_a_system_file_is_refused_before_reading(tmp_path):
    result = build_hostile(tmp_path, PLAIN, symlinks={"pdfs/x.pdf": "/etc/hostname"})
    assert not result.timed_out and not result.crashed, result.crashed
    assert _named(result.errors, "pdfs/x.pdf", 1, "lien symbolique"), result.errors


def test_symlinked_markdown_outside_the_repository_is_refused(tmp_path):
    outside = tmp_path / "ailleurs.md"
    outside.write_text(HEADER + "Secret hors du dépôt.\n", encoding="utf-8")
    result = build_hostile(tmp_path, PLAIN, symlinks={"fiches/lien.md": str(outside)})
    assert _named(result.errors, "fiches/lien.md", 1, "lien symbolique"), result.errors


def test_symlinked_folder_is_refused(tmp_path):
    outside = tmp_path / "dossier"
    outside.mkdir()
    (outside / "x.md").write_text(HEADER + "Hors du dépôt.\n", encoding="utf-8")
    result = build_hostile(tmp_path, PLAIN, symlinks={"fiches/sous": str(outside)})
    assert _named(result.errors, "fiches/sous", 1, "dossier est un lien symbolique"), result.errors


def test_a_fifo_does_not_block_the_build(tmp_path):
    (tmp_path / "content" / "fiches").mkdir(parents=True)
    os.mkfifo(tmp_path / "content" / "fiches" / "tube.md")
    result = build_hostile(tmp_path, PLAIN)
    assert not result.timed_out, "délai dépassé"
    assert _named(result.errors, "fiches/tube.md", 1, "pas un fichier ordinaire"), result.errors


def test_empty_content_folder_is_refused(tmp_path):
    result = build_hostile(tmp_path, {})
    assert not result.crashed and any("aucune page (.md)" in e for e in result.errors), result.errors


def test_empty_section_is_refused_where_required(tmp_path):
    result = build_hostile(tmp_path, PLAIN, overrides={"REFUSE_EMPTY_SECTIONS": True})
    assert _named(result.errors, "prevention", 1, "rubrique « Guides de prévention » ne contient aucune page"), \
        result.errors


HARMLESS = [
    ("cdata", {"fiches/h.md": fiche("<![CDATA[<img src=x onerror=alert(1)>]]>")}),
    ("escaped-markup", {"fiches/h.md": fiche("&lt;script&gt;alert(1)&lt;/script&gt; et `<img src=x onerror=y>`")}),
    ("orphan-valid-pdf", {"pdfs/guide.pdf": pdf_bytes(title="Guide", lang="fr")}),
    ("amp-star-bang-in-quotes", {"fiches/h.md": "---\ntitle: \"Vous & nous * !\"\nsummary: 'A & B !'\n"
                                                "date: 2026-11-28\n---\nTexte & suite.\n"}),
    ("dotdot-markdown-name", {"fiches/..md": fiche("Texte."), "fiches/a..b.md": fiche("Texte.")}),
    ("emphasis-flood", {"fiches/h.md": fiche("*a" * 20000)}),
    ("moderate-nesting", {"fiches/h.md": fiche(nested_list(6) + "\n\n" + "> " * 5 + "citation")}),
]


def own_names(case: str, files: dict) -> dict:
    """A case's files, its fiche under a name of its own (fiches/h-<case>.md): the cases share one build."""
    return {(f"fiches/h-{case}.md" if rel == "fiches/h.md" else rel): data for rel, data in files.items()}


@pytest.fixture(scope="module")
def harmless_build(tmp_path_factory):
    """Every HARMLESS case in one build: each must build and publish nothing dangerous, so none can
    hide another (a refusal or a finding fails the build or the scan of the whole output, and names
    its file). One build instead of one per case."""
    files = dict(PLAIN)
    for case, case_files in HARMLESS:
        renamed = own_names(case, case_files)
        assert not set(renamed) & set(files), f"{case} : fichier déjà pris par un autre cas"
        files.update(renamed)
    return build_hostile(tmp_path_factory.mktemp("harmless"), files)


@pytest.mark.parametrize("case, files", [pytest.param(i, f, id=i) for i, f in HARMLESS])
def test_hostile_looking_file_builds_harmless(harmless_build, case, files):
    result = harmless_build  # `case`, `files`: named in the test's id; the shared build holds them
    assert result.built, (case, result.errors or result.crashed or "délai dépassé")
    assert result.findings == [], case


def test_the_real_site_plus_the_slowest_bomb_stays_within_the_limits(tmp_path):
    """The budget holds on the real content too: every real file plus the one hostile body that
    runs to the Markdown time budget (the harness stops anything past 60 s or 2 GB)."""
    real = Path(__file__).resolve().parents[2] / "content"
    files = {p.relative_to(real).as_posix(): p.read_bytes() for p in real.rglob("*") if p.is_file()}
    files["fiches/zz-bombe.md"] = fiche("<http://a" * 20000)
    result = build_hostile(tmp_path, files)
    assert not result.timed_out and not result.crashed, result.crashed or "délai dépassé"
    assert result.errors and all("zz-bombe.md" in e for e in result.errors), result.errors
