"""The fork server every hostile case is built from (tests/security/harness.py starts one per test
worker: `python hostile_child.py`, requests on stdin, answers on stdout, one JSON line each).

Python, Pelican and the plugins are loaded once, and one plain fiche is built so that the caches
every build fills the same way (wordfreq's French lexicon, the departements list, compiled
patterns) are warm. Each case is then a fresh fork of that state: its own process, its own memory
limit (RLIMIT_AS), killed by the server's clock, and no case sees what another did. A fresh
interpreter per case cost ~4 s of imports and warm-up per build.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The overrides every hostile build gets (a case adds its own).
BASE_OVERRIDES = {"PRINTABLE_PDFS": False, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
_WARM_FICHE = "---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\nTexte de la fiche.\n"


def _warm_up(build, write_content) -> None:
    """Build one plain fiche, output thrown away. Never fatal: a broken build shows in every case."""
    base = Path(tempfile.mkdtemp(prefix="hostile-warm-"))
    try:
        content = write_content(base, {"fiches/essai.md": _WARM_FICHE})
        build.build("pelicanconf.py", base / "output", {"PATH": str(content), **BASE_OVERRIDES}, quiet=True)
    except Exception:  # noqa: BLE001 - the cases report what is wrong, each on its own
        pass
    finally:
        shutil.rmtree(base, ignore_errors=True)
        build.reset_plugin_state()


def _child(build, request: dict, answers) -> None:  # pragma: no cover - the forked child
    """Limit memory, send both output streams to the log, build, write the error list and the peak
    memory to the result file. No result file means the child died (the log tells why)."""
    code = 1
    try:
        answers.close()
        resource.setrlimit(resource.RLIMIT_AS, (request["memory_limit"], request["memory_limit"]))
        fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        errors = build.build("pelicanconf.py", Path(request["output"]),
                             {"PATH": request["content"], **BASE_OVERRIDES, **request["overrides"]}, quiet=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
        Path(request["result"]).write_text(json.dumps({"errors": errors, "max_rss_bytes": peak}),
                                           encoding="utf-8")
        code = 0
    except BaseException:  # noqa: BLE001 - reported through the log
        import traceback
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _wait(pid: int, limit: float) -> tuple[bool, int]:
    """Wait for the child at most `limit` seconds (on its pidfd: no polling); kill it past that.
    Returns (timed_out, exit status)."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], limit)
    finally:
        os.close(pidfd)
    timed_out = not ready
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    return timed_out, os.waitpid(pid, 0)[1]


def serve() -> None:
    # Answers go to a private copy of stdout; what Pelican prints goes to stderr, never into them.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    os.chdir(ROOT)
    import build
    from fixture_content import write_content

    _warm_up(build, write_content)
    gc.collect()
    gc.freeze()  # the forks share these pages instead of copying them when the collector walks them
    answers.write(json.dumps({"ready": True}) + "\n")
    answers.flush()
    for line in sys.stdin:
        request = json.loads(line)
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(build, request, answers)
        timed_out, status = _wait(pid, request["time_limit"])
        answers.write(json.dumps({"timed_out": timed_out, "seconds": time.monotonic() - start,
                                  "exit": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve()
