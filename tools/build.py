"""Strict, atomic build: Pelican into a temporary folder, swapped into output/ only on success.

Any log record of level WARNING or above (from Pelican or our plugins) fails the build:
Pelican alone would skip a bad file and publish a site without it. The previous output/
is left exactly as it was when the build fails.

Recommendations (plugins/recommendations.py: editorial advice, never an error) are listed in the
summary under « Recommandations ». With `--github` (or under GitHub Actions) errors are also
printed as forge annotations and listed in the job summary (tools/forge_report.py); the
recommendations are annotated by `make check`, which runs before the build in CI.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from repo_root import ROOT  # the repository root, importable

from plugins.common.logs import Collector


def french_records(records, content_root=None) -> list[str]:
    """Messages of the collected records, Pelican's English lines turned into French or dropped.

    - « Could not process x.md »: dropped when a French message already names the file (the
      reader always logs one first: one mistake, one message); else said in French on the file;
    - « Cannot get modification stamp for x »: said in French on the file;
    - « Unable to find 'x', skipping url replacement »: a link to a missing file or to a file in
      error, which plugins/content_links or the file's own message already explains: dropped when a
      French message is there, else said in French.
    """
    messages = [r.getMessage() for r in records]
    named = [m.split(":", 1)[0].replace(os.sep, "/") for m in messages]
    # Files whose reading a French message explains, even when it names another file (the reader
    # logs with extra={"source_path": …}).
    named += [str(r.source_path).replace(os.sep, "/") for r in records if getattr(r, "source_path", None)]
    located = any(re.match(r"^[^\n]+?:\d+: ", m) for m in messages)
    out = []
    for record, message in zip(records, messages):
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Unable to find '%s', skipping url replacement." and args:
            if not located:
                out.append(f"lien vers « {args[0]} » introuvable : vérifiez le nom et le dossier du fichier "
                           "visé, par exemple [la fiche](emprise.md).")
        elif record.msg == "Could not process %s" and args:
            name = str(args[0]).replace(os.sep, "/")
            if any(p == name or p.endswith("/" + name) for p in named):
                continue
            shown = os.path.relpath(os.path.join(str(content_root), str(args[0]))) if content_root else name
            out.append(f"{shown}:1: ce fichier n’a pas pu être lu : vérifiez son en-tête (entre deux lignes "
                       "« --- ») et son encodage (UTF-8) ; si l’erreur persiste, signalez-la à l’équipe "
                       "technique.")
        elif str(record.msg).startswith("{filename} used for linking to static") and len(args) >= 2:
            if not located:  # else plugins/content_links said it, on the line
                out.append(f"{_in_content(content_root, args[1])}:1: le lien vers « {args[0]} » utilise "
                           "{filename} pour un fichier qui n’est pas une page : écrivez {static} à la place.")
        elif str(record.msg).startswith("Replacement Indicator") and len(args) >= 2:
            if not located:  # else plugins/content_links said it, on the line
                out.append(f"lien « {args[1]} » non reconnu : « {{{args[0]}}} » n’existe pas ; pour une page "
                           "du site, écrivez un lien vers son fichier, par exemple [la fiche](emprise.md).")
        elif str(record.msg).startswith("The {attach} link in") and len(args) >= 3:
            out.append(f"{_in_content(content_root, args[0])}:1: le lien {{attach}} vers « {args[1]} » ne peut "
                       "pas placer ce fichier à côté de la page (un autre lien l’utilise déjà) : écrivez "
                       "un lien simple vers le fichier, par exemple [le guide](../pdfs/guide.pdf).")
        elif str(record.msg).startswith("Cannot get modification stamp for") and len(args) >= 2:
            shown = os.path.relpath(str(args[0]))
            out.append(f"{shown}:1: ce fichier n’a pas pu être lu ({args[1]}) : vérifiez qu’il existe "
                       "toujours et n’est pas un lien vers un fichier absent, puis relancez.")
        else:
            out.append(message)
    return out


def _in_content(content_root, path) -> str:
    """A path of Pelican's messages (relative to the content folder), as editors see paths."""
    return os.path.relpath(os.path.join(str(content_root), str(path))) if content_root else str(path)


def swap_into(tmp: Path, final: Path) -> None:
    """Replace `final` by `tmp` with renames only (no half-written state is ever visible)."""
    old = final.with_name(f"{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def reset_plugin_state() -> None:
    """Start each in-process build clean.

    Pelican's signals are process-wide: without this, the plugins of an earlier build (say
    publishconf's minify) would also act on the next one. Pelican connects the plugins of the
    current settings again in Pelican.__init__; each plugin starts its own state at `initialized`.
    """
    import blinker
    for sig in list(blinker.default_namespace.values()):
        sig._clear_state()  # blinker's documented way to disconnect everything ("useful for tests")


def build(settings_file: str, output: Path, overrides: dict | None = None, quiet: bool = False,
          report=None) -> list[str]:
    """Build the site; return the list of error messages (empty on success). `report`: a
    tools/progress.py BuildReport, counting (and on a terminal showing) the work as it goes."""
    reset_plugin_state()
    # Fewer full garbage collections while Pelican holds every page in memory (a large site spent
    # about a tenth of its build in them); restored afterwards (tests build in-process).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        if report is None:
            return _build(settings_file, output, overrides)
        with report:
            return _build(settings_file, output, overrides)
    finally:
        gc.set_threshold(*thresholds)


def _build(settings_file: str, output: Path, overrides: dict | None) -> list[str]:
    from pelican import Pelican
    from pelican.settings import read_settings

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{output.name}.tmp-", dir=output.parent))
    collector = Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    if root_logger.level > logging.INFO or root_logger.level == logging.NOTSET:
        root_logger.setLevel(logging.INFO)
    errors: list[str] = []
    try:
        settings = read_settings(settings_file, override={"OUTPUT_PATH": str(tmp), **(overrides or {})})
        try:
            Pelican(settings).run()
        except Exception as exc:  # a plugin raised: report it like any other error
            if not collector.records:
                errors.append(f"erreur pendant la construction : {exc}")
        errors = french_records(collector.records, settings.get("PATH")) + errors
        if errors:
            shutil.rmtree(tmp, ignore_errors=True)
            if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
                # A file read without error but logged as wrong must be read (and reported) again.
                shutil.rmtree(settings["CACHE_PATH"], ignore_errors=True)
            return _dedupe(errors)
        swap_into(tmp, output)
        return []
    finally:
        root_logger.removeHandler(collector)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _dedupe(messages: list[str]) -> list[str]:
    seen, out = set(), []
    for m in messages:
        if m not in seen:
            seen.add(m)
            out.append(m)
    return out


def preview_overrides(environ) -> dict:
    """Settings of a pull request's preview: APERCU_SITEURL (set by the CI content job) is the address
    the preview is published under (a sub-path); nothing when it is unset or empty."""
    siteurl = (environ.get("APERCU_SITEURL") or "").strip().rstrip("/")
    return {"SITEURL": siteurl} if siteurl else {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Construit le site dans output/ (strict et atomique).")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--github", action="store_true",
                        help="annotations et résumé pour la forge (automatique sous GitHub Actions)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    start = time.perf_counter()
    import forge_report
    import progress

    report = progress.BuildReport()
    errors = build(args.settings, Path(args.output), preview_overrides(os.environ), report=report)
    from plugins.recommendations import collected

    advice = collected()
    print("\n".join(progress.summary_lines(report, advice)))
    if forge_report.github_mode(args.github):
        # Recommendations are annotated by `make check`, which runs first: not twice.
        title = (f"Construction du site : {len(errors)} erreur(s)" if errors else
                 "Construction du site : réussie")
        forge_report.report(title, errors, (), [] if errors else
                            [f"{len(advice)} recommandation(s), listées par la vérification du contenu."],
                            reminders_title="Recommandations")
    if errors:
        print(f"\nÉchec de la construction : {len(errors)} erreur(s). Le dossier output/ précédent "
              "est conservé tel quel.", file=sys.stderr)
        for message in errors:
            print(f"  {message}", file=sys.stderr)
        return 1
    print(f"Site construit dans {os.path.relpath(args.output)}/ en {time.perf_counter() - start:.1f} s.")
    return 0


def finish(code: int) -> None:
    """Exit without tearing down the build's objects one by one (half a second on a large site):
    everything is written and closed; only the output streams need flushing."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    finish(main())
