"""What a build did, counted from Pelican's signals; a progress display on a terminal only.

`BuildReport` is connected for one build (tools/build.py): it counts the content files read and
the pages written, and, when the output is a terminal (not in CI logs, not in tests), shows two
progress bars (rich, on Pelican's own console, so its lines print above them) that disappear at
the end. `summary_lines` is the one-screen French summary that ends `make html`.
"""
from __future__ import annotations

import os
from pathlib import Path

from pelican import signals


def interactive(console) -> bool:
    return bool(console.is_terminal) and not os.environ.get("CI")


class BuildReport:
    def __init__(self, show: bool | None = None):
        from pelican.log import console

        self.read = 0
        self.written = 0
        self.progress = None
        if interactive(console) if show is None else show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=console, transient=True)
            self.reading = self.progress.add_task("Lecture des contenus", total=None)
            self.writing = self.progress.add_task("Écriture des pages", total=None, visible=False)

    # Pelican's signals (connected after the previous build's receivers were cleared).
    def _initialized(self, pelican):
        if self.progress is not None:
            root = Path(pelican.settings.get("PATH", "content"))
            folders = list(pelican.settings.get("ARTICLE_PATHS", [])) + list(pelican.settings.get("PAGE_PATHS", []))
            total = sum(1 for folder in folders for _ in (root / folder).rglob("*.md"))
            self.progress.update(self.reading, total=total or None)

    def _content(self, instance):
        if str(getattr(instance, "source_path", "") or "").endswith(".md"):
            self.read += 1
            if self.progress is not None:
                self.progress.advance(self.reading)

    def _finalized(self, generators):
        if self.progress is not None:
            pages = sum(len(getattr(g, "articles", []) or []) + len(getattr(g, "pages", []) or [])
                        for g in generators)
            self.progress.update(self.reading, visible=False)
            self.progress.update(self.writing, total=pages or None, visible=True)

    def _written(self, path, context=None):
        if str(path).endswith(".html"):
            self.written += 1
            if self.progress is not None:
                self.progress.advance(self.writing)

    def __enter__(self):
        signals.initialized.connect(self._initialized, weak=False)
        signals.content_object_init.connect(self._content, weak=False)
        signals.all_generators_finalized.connect(self._finalized, weak=False)
        signals.content_written.connect(self._written, weak=False)
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        signals.initialized.disconnect(self._initialized)
        signals.content_object_init.disconnect(self._content)
        signals.all_generators_finalized.disconnect(self._finalized)
        signals.content_written.disconnect(self._written)
        return False


def summary_lines(report: BuildReport | None, advice: list, shown_advice: int = 10) -> list[str]:
    """The end of `make html`, in French, on one screen: what was read and written, and the first
    recommendations (all of them: `make check`, which runs first in CI)."""
    lines = [""]
    if report is not None:
        lines.append(f"Construction : {report.read} fichier(s) de contenu lu(s), {report.written} page(s) HTML "
                     "écrite(s).")
    if advice:
        files = len({r.path for r in advice})
        lines.append(f"Recommandations ({len(advice)}, dans {files} fichier(s)) : conseils de rédaction, "
                     "qui ne bloquent pas la publication.")
        lines += [f"  {r}" for r in advice[:shown_advice]]
        if len(advice) > shown_advice:
            lines.append(f"  … et {len(advice) - shown_advice} autre(s) : « make check » les liste toutes.")
    return lines
