"""French dates: « 28 novembre 2026 », « 1er mai 2024 » (the ordinal on the first day)."""
from __future__ import annotations

import datetime as dt

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
NBSP = "\u00a0"


def date_fr(value: dt.date | dt.datetime | None, space: str = NBSP) -> str:
    """The day, `space` (a no-break space on pages, so the day never ends a line), the month and the
    year; "" for None. Messages to editors (plain text in a terminal) pass space=" "."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}{space}{MONTHS_FR[value.month - 1]} {value.year}"
