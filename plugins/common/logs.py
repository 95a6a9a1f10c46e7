"""Log capture: keep log records instead of letting them reach the build's strict handler."""
from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator


class Collector(logging.Handler):
    """Keeps every record of `level` or above (default WARNING)."""

    def __init__(self, level: int = logging.WARNING):
        super().__init__(level=level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]

    def as_tuples(self) -> list[tuple[str, int, str]]:
        """(logger name, level, message): plain data, for another process to log again."""
        return [(r.name, r.levelno, r.getMessage()) for r in self.records]


_LOCK = threading.RLock()


@contextlib.contextmanager
def captured(logger_name: str = "", level: int = logging.WARNING, *, isolate: bool = True) -> Iterator[Collector]:
    """Records of `logger_name` (and its children; "" for the root) of `level` or above go to the
    Collector yielded. With `isolate`, they stop there (a library's English warnings never reach
    the build's strict handler) and the logger's level is lowered to `level` if needed."""
    logger = logging.getLogger(logger_name or None)
    collector = Collector(level)
    if not isolate:  # nothing of the logger changes: no lock (safe in a forked child)
        logger.addHandler(collector)
        try:
            yield collector
        finally:
            logger.removeHandler(collector)
        return
    with _LOCK:  # the logger's settings are changed and restored: one capture of it at a time
        old = (logger.propagate, logger.level)
        logger.addHandler(collector)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
        try:
            yield collector
        finally:
            logger.removeHandler(collector)
            logger.propagate, previous = old
            logger.setLevel(previous)
