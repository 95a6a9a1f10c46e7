"""`make check`: validate all content quickly, without rendering the site, and list pages to re-check.

Reads every content file through the same Pelican plugins as the build (same French messages,
`fichier:ligne: message`), runs the checks made once everything is read (internal links, duplicate
addresses, related pages, contacts…), but writes no page. Then lists the content whose `review_by`
date is past. Exit code 1 on errors only; pages to re-check are a reminder, not an error.

Recommendations (editorial advice: length, usual headings, sources…) are listed under
« Recommandations » and never change the exit code (plugins/recommendations.py).

With `--github` (or under GitHub Actions), each error is also printed as an annotation (shown on the
right line of the pull request's changes), each recommendation as a warning annotation, and the
complete French list goes to the job summary (tools/forge_report.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from repo_root import ROOT  # the repository root, importable
import forge_report
from build import _dedupe, french_records

from plugins.common.dates import date_fr
from plugins.common.logs import Collector
from plugins.common.record import record_of



@dataclass
class Review:
    path: str
    line: int
    due: dt.date

    def message(self) -> str:
        return (f"{self.path}:{self.line}: à revérifier depuis le {date_fr(self.due, space=' ')} (review_by) : relisez la page et ses sources, puis mettez à jour "
                "« updated » et « review_by ».")


@dataclass
class Result:
    errors: list[str]
    reviews: list[Review]
    files: int
    recommendations: list = field(default_factory=list)


def run_checks(settings_file: str = "pelicanconf.py", content: str | None = None,
               today: dt.date | None = None) -> Result:
    """Read and check every content file; nothing is written outside a temporary folder."""
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    from plugins import recommendations as advice
    from plugins.content_inventory.core import find_sources, inventory

    today = today or dt.date.today()
    collector = Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with tempfile.TemporaryDirectory(prefix="check-") as tmp:
            # Nothing is written: no forked search writer either (it would wait for pages).
            overrides = {"OUTPUT_PATH": tmp, "PRINTABLE_PDFS": False, "SEARCH_PARALLEL_MIN": 10**9}
            if content:
                overrides["PATH"] = str(Path(content).resolve())
            settings = read_settings(settings_file, override=overrides)
            try:
                pelican = Pelican(settings)
            except Exception:  # plugins/content_guard stopped before reading (links…): messages logged
                if not collector.records:
                    raise
                return Result(list(dict.fromkeys(r.getMessage() for r in collector.records)), [], 0)
            context = settings.copy()
            context.update(generated_content={}, static_links=set(), static_content={},
                           localsiteurl=settings["SITEURL"])
            generators = [cls(context=context, settings=settings, path=pelican.path, theme=pelican.theme,
                              output_path=tmp) for cls in pelican._get_generator_classes()]
            try:
                for gen in generators:
                    if hasattr(gen, "generate_context"):
                        gen.generate_context()
                signals.all_generators_finalized.send(generators)
                if "plugins.content_links" in settings["PLUGINS"]:
                    from plugins import content_links
                    content_links.check_without_output(generators)
            except Exception as exc:  # noqa: BLE001 - a plugin stopped: explained, never a traceback
                if not collector.records:
                    logging.getLogger(__name__).error(
                        "la vérification s’est arrêtée (%s : %s) : corrigez d’abord les fichiers de "
                        "content/data/ si vous venez de les modifier ; sinon, signalez-le à l’équipe "
                        "technique.", type(exc).__name__, exc)
                return Result(_dedupe(french_records(collector.records, settings["PATH"])), [], 0)
            items, published, drafts, failed = _collect(generators, settings)
            folders = list(settings["ARTICLE_PATHS"]) + list(settings["PAGE_PATHS"])
            sources = [os.path.relpath(p) for p in find_sources(Path(settings["PATH"]), folders,
                                                                settings["IGNORE_FILES"])]
            inv = inventory(sources, published, drafts, failed, set(published.values()))
    finally:
        root_logger.removeHandler(collector)
        os.chdir(cwd)
    errors: list[str] = []
    for message in french_records(collector.records, settings["PATH"]):
        if message not in errors:
            errors.append(message)
    errors += [f"{path}:1: {message}" for path, message in inv.problems]
    reviews = []
    for item in items:
        due = item.metadata.get("review_by")
        if due is not None and due.date() < today:
            line = record_of(item).line_of(("review_by",))
            reviews.append(Review(os.path.relpath(item.source_path, ROOT), line, due.date()))
    return Result(errors, sorted(reviews, key=lambda r: (r.due, r.path)), len(inv.sources),
                  advice.collected())


def _collect(generators, settings):
    items, published, drafts, failed = [], {}, set(), set()
    for gen in generators:
        for name in ("articles", "translations", "pages", "hidden_pages", "drafts", "draft_pages"):
            for item in getattr(gen, name, []) or []:
                items.append(item)
                rel = os.path.relpath(item.source_path, ROOT)
                if name.startswith("draft"):
                    drafts.add(rel)
                else:
                    published[rel] = item.save_as
        for key, value in gen.context.get("generated_content", {}).items():
            if value is None:
                failed.add(os.path.relpath(Path(settings["PATH"]) / key, ROOT))
    return items, published, drafts, failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie tout le contenu sans construire le site.")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", default=None, help="dossier de contenu (par défaut : content/)")
    parser.add_argument("--today", default=None, help="date du jour AAAA-MM-JJ (pour les essais)")
    parser.add_argument("--github", action="store_true",
                        help="annotations et résumé pour la forge (automatique sous GitHub Actions)")
    args = parser.parse_args(argv)
    today = dt.date.fromisoformat(args.today) if args.today else None
    result = run_checks(args.settings, args.content, today)
    from plugins.pdf_links import check_pdfs  # PDF accessibility (RGAA 13.3): reported, never fatal
    pdf_warnings = check_pdfs(Path(args.content) if args.content else ROOT / "content")
    if pdf_warnings:
        print(f"\nPDF à améliorer ({len(pdf_warnings)}) : accessibilité (RGAA 13.3), sans bloquer la "
              "publication.")
        for warning in pdf_warnings:
            print(f"  {warning}")
    # The web editor's form (plugins/common/rules/canonical.py): an error, so that a one-sentence
    # edit in the editor stays a one-line diff (make format rewrites the files).
    from format_content import layout_errors
    result.errors += [e for e in layout_errors(Path(args.content) if args.content else ROOT / "content")
                      if e not in result.errors]
    if result.reviews:
        print(f"\nÀ revérifier ({len(result.reviews)}) : la date « review_by » est dépassée.")
        for review in result.reviews:
            print(f"  {review.message()}")
    from plugins.recommendations import summary_lines
    advice = summary_lines(result.recommendations)
    if advice:
        print("\n" + "\n".join(advice))
    if forge_report.github_mode(args.github):
        title = (f"Vérification du contenu : {len(result.errors)} erreur(s)" if result.errors else
                 f"Vérification du contenu : {result.files} fichier(s), aucune erreur")
        forge_report.report(title, result.errors, list(result.recommendations) + list(pdf_warnings),
                            [r.message() for r in result.reviews])
    if result.errors:
        print(f"\nÉchec de la vérification : {len(result.errors)} erreur(s) à corriger "
              "(fichier:ligne: problème — comment corriger).", file=sys.stderr)
        for message in result.errors:
            print(f"  {message}", file=sys.stderr)
        return 1
    print(f"\nContenu vérifié : {result.files} fichier(s), aucune erreur.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
