"""Strict, atomic build: Pelican into a temporary folder, swapped into output/ only on success.

Any log record of level WARNING or above (from Pelican or our plugins) fails the build:
Pelican alone would skip a bad file and publish a site without it. The previous output/
is left exactly as it was when the build fails.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


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
    publishconf's sitemap) would also act on the next one, and a build that stopped before
    `finalized` would leave pelican-sitemap waiting for it forever (no sitemap.xml afterwards).
    Pelican connects the plugins of the current settings again in Pelican.__init__.
    """
    import blinker
    for sig in list(blinker.default_namespace.values()):
        sig._clear_state()  # blinker's documented way to disconnect everything ("useful for tests")
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is not None:
        sitemap.generator._main_pelican = None
        sitemap.generator.page_queue = []


def build(settings_file: str, output: Path, overrides: dict | None = None, quiet: bool = False) -> list[str]:
    """Build the site; return the list of error messages (empty on success)."""
    reset_plugin_state()
    # Fewer full garbage collections while Pelican holds every page in memory (a large site spent
    # about a tenth of its build in them); restored afterwards (tests build in-process).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
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
        errors = [r.getMessage() for r in collector.records] + errors
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Construit le site dans output/ (strict et atomique).")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    start = time.perf_counter()
    errors = build(args.settings, Path(args.output))
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
