"""A job run in a forked process while the build goes on (shared by plugins; not a plugin itself).

Used on large sites, where a step that only reads the built content can run on the second core:
the search index writer (plugins/search_index), the anchor check of written pages
(plugins/content_links). The job never logs into the build: its log records (WARNING and above
from any logger, plus the records it returns) come back through a pipe and are logged again by
`join()`, so the strict build (tools/build.py) sees them exactly as if the job had run in-process.

    job = ForkedJob(work)      # work(receive) -> [(logger name, level, message)]
    job.send(payload)          # optional: what `receive()` returns in the child, sent later
    job.join()                 # wait, then log the records
    job.abandon()              # a build that stopped early: stop it, drop its records
"""
from __future__ import annotations

import logging
import os
import pickle
import signal

from plugins.common.logs import captured

logger = logging.getLogger(__name__)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def available() -> bool:
    """Forking helps: the platform can fork, and there is a second core."""
    return hasattr(os, "fork") and cores() > 1


class ForkedJob:
    def __init__(self, work, failure: str):
        """Start `work(receive)` in a child process. `failure`: the French message logged (with the
        exception) if the child crashes or is lost."""
        self.failure = failure
        results_r, results_w = os.pipe()
        input_r, input_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into Pelican
            code = 0
            try:
                os.close(results_r)
                os.close(input_w)

                def receive():
                    with os.fdopen(input_r, "rb") as fh:
                        data = fh.read()
                    if not data:
                        raise RuntimeError("la construction s’est arrêtée avant la fin")
                    return pickle.loads(data)

                # The child's WARNING+ records, logged again by the build process.
                with captured(isolate=False) as capture:
                    records = list(work(receive))
                payload = pickle.dumps(capture.as_tuples() + records)
            except BaseException as exc:  # noqa: BLE001 - reported by the build process
                payload = pickle.dumps([(__name__, logging.ERROR, f"{failure} : {exc}")])
                code = 1
            try:
                with os.fdopen(results_w, "wb") as fh:
                    fh.write(payload)
            finally:
                os._exit(code)
        os.close(results_w)
        os.close(input_r)
        self._results, self._input = results_r, input_w

    def send(self, payload=None) -> None:
        """Hand `payload` to the child's `receive()` (None: tell it that nothing will come)."""
        if self._input is None:
            return
        fd, self._input = self._input, None
        with os.fdopen(fd, "wb") as fh:
            if payload is not None:
                fh.write(pickle.dumps(payload))

    def _collect(self) -> bytes:
        self.send(None)  # a child still waiting for its input stops instead of waiting forever
        with os.fdopen(self._results, "rb") as fh:
            data = fh.read()
        os.waitpid(self.pid, 0)
        return data

    def join(self) -> None:
        """Wait for the child and log its records in the build process."""
        data = self._collect()
        try:
            records = pickle.loads(data)
        except Exception:  # noqa: BLE001 - the child died before answering
            records = [(__name__, logging.ERROR, f"{self.failure} (processus interrompu) : relancez la "
                                                 "construction.")]
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)

    def abandon(self) -> None:
        """Stop the child of a build that stopped early; its records are dropped."""
        self.send(None)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self._results)
        os.waitpid(self.pid, 0)
