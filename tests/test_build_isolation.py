"""In-process builds do not leak plugin state into each other (tests build many sites in one process)."""
from __future__ import annotations

from pathlib import Path

from conftest import build_site

FICHE = "---\ntitle: A\nsummary: Résumé.\ndate: 2026-11-28\n---\nTexte.\n"
# These fixture sites have one section only: production's empty-section refusal is not the subject.
PROD = {"PRINTABLE_PDFS": False, "SITEURL": "http://127.0.0.1", "REFUSE_EMPTY_SECTIONS": False}


def test_a_failed_production_build_does_not_stop_the_next_sitemap(fixture_site, tmp_path):
    # A production build that fails before `finalized` leaves no page of its own in the next sitemap.
    errors, _, content = fixture_site({"fiches/a.md": FICHE, "fiches/b.md": "---\ntitle: B\n---\nx\n"},
                                      )
    assert errors
    failed = build_site(tmp_path / "failed", "publishconf.py",
                        {"PATH": str(content), **PROD})
    assert failed
    (content / "fiches" / "b.md").unlink()
    out = tmp_path / "published"
    assert build_site(out, "publishconf.py",
                      {"PATH": str(content), **PROD}) == []
    assert (out / "sitemap.xml").is_file()


def test_a_development_build_after_a_production_build_has_no_production_plugins(fixture_site, tmp_path):
    errors, _, content = fixture_site({"fiches/a.md": FICHE})
    assert errors == []
    assert build_site(tmp_path / "prod", "publishconf.py",
                      {"PATH": str(content), **PROD}) == []
    dev = tmp_path / "dev"
    assert build_site(dev, overrides={"PATH": str(content), "PRINTABLE_PDFS": False}) == []
    assert not (dev / "sitemap.xml").exists()
    assert not list(Path(dev).rglob("*.br"))
