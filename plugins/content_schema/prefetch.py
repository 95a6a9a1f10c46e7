"""Read the Markdown files of a large site on every core, before Pelican asks for them one by one.

Pelican reads files sequentially; on a 1,000-fiche site, reading (YAML, schema, Markdown with the
checking extensions) is most of the build. When a generator is created, this module reads the
files it will ask for (those not in Pelican's content cache) in worker processes, and the reader
then takes the prepared result instead of reading the file again.

Nothing changes for editors: a worker returns the same HTML, metadata and French errors as the
reader would (the reader logs them, in file order, when Pelican asks for the file), and any log
record of level WARNING or above emitted in a worker is logged again in the build process, so
the strict build still sees it. A file changed since it was prefetched is read again.

Settings: CONTENT_READ_WORKERS ("auto": one per core; 1: never), CONTENT_READ_PARALLEL_MIN
(fewer files than this are read in the build process: starting workers costs more).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass

from pelican.utils import file_suffix

from plugins import forked
from plugins.common import settings as typed
from plugins.common.logs import captured

_PREPARED: dict[str, tuple] = {}  # absolute path -> (stamp, result)
_WORKER: dict = {}  # state inherited by the forked workers: the reader to use
STATS = {"prefetched": 0, "taken": 0}  # of the current build (tests, make bench)


@dataclass(frozen=True)
class ContentRead:
    """Settings of the parallel reading (CONTENT_READ_<FIELD>)."""
    workers: int | str | None = "auto"  # "auto": one per core; 1: never in parallel
    parallel_min: int = 200             # fewer files than this are read in the build process

    @classmethod
    def read(cls, settings) -> ContentRead:
        return typed.read(cls, settings, "CONTENT_READ")


def workers_for(settings) -> int:
    wanted = ContentRead.read(settings).workers
    if wanted in (None, "auto"):
        wanted = forked.cores()
    try:
        return max(1, int(wanted))
    except (TypeError, ValueError):
        return 1


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _work(path: str):
    """In a worker: (path, stamp, kind, payload, log records)."""
    reader = _WORKER["reader"]
    with captured(isolate=False) as records:  # logged again by the build process
        stamp = _stamp(path)
        try:
            content, metadata, errors = reader.compute(path)
            errors = [(e.path, e.line, e.message) for e in errors]
            return path, stamp, "ok", (content, metadata, errors), records.as_tuples()
        except Exception as exc:  # noqa: BLE001 - handed back to the reader, which reports it
            return path, stamp, "exception", (type(exc).__name__, str(exc)), records.as_tuples()


def prefetch(generator, paths_setting: str, excludes_setting: str, reader_class) -> int:
    """Read in parallel the files `generator` will read; returns how many were prepared."""
    settings = generator.settings
    count = workers_for(settings)
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    readers = generator.readers
    minimum = int(ContentRead.read(settings).parallel_min)
    candidates = []
    for name in generator.get_files(settings[paths_setting], exclude=settings[excludes_setting]):
        path = os.path.abspath(os.path.join(generator.path, name))
        if file_suffix(path) in reader_class.file_extensions and path not in _PREPARED:
            candidates.append(path)
    if len(candidates) < minimum:
        return 0  # a small site: not even the content cache is consulted
    # Only files that Pelican's content cache does not hold (unchanged files are not read at all).
    todo = [path for path in candidates if readers.get_cached_data(path, None) is None]
    if len(todo) < minimum:
        return 0
    reader = readers.readers.get(file_suffix(todo[0]))
    if not isinstance(reader, reader_class):
        return 0
    try:
        reader.prepare()  # load the controlled lists once, before the workers inherit the reader
    except Exception:  # noqa: BLE001 - a broken list is reported by the reader itself, file by file
        return 0
    _WORKER["reader"] = reader
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            results = pool.map(_work, todo, chunksize=max(1, len(todo) // (count * 8)))
    finally:
        _WORKER.clear()
    for path, stamp, kind, payload, records in results:
        _PREPARED[path] = (stamp, kind, payload, records)
    STATS["prefetched"] += len(results)
    return len(results)


def take(path: str):
    """The prepared result for `path`, or None (not prefetched, or changed since)."""
    entry = _PREPARED.pop(os.path.abspath(path), None)
    if entry is None:
        return None
    stamp, kind, payload, records = entry
    if stamp is None or stamp != _stamp(path):
        return None
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    STATS["taken"] += 1
    return kind, payload


def reset(*_args) -> None:
    _PREPARED.clear()
    STATS.update(prefetched=0, taken=0)
