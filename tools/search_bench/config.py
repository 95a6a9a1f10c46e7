"""What the search bench measures with (`make bench`): the browser, the queries, the sizes."""
from __future__ import annotations

import os
from pathlib import Path

from search_bench import quality

ROOT = Path(__file__).resolve().parents[2]
# Issue 21: « personas-ajustement » = first persona set whole (its frozen half retired into tuning
# after about 16 reads) + tuning half of the second; « personas-gele » = frozen half of the second.
QUALITY_SETS = (("courant", quality.QUALITY_FILE), ("difficile", quality.HARD_FILE),
                ("personas-ajustement", quality.PERSONAS_TUNING), ("personas-gele", quality.PERSONAS_FROZEN))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TYPICAL_QUERY = "derive sectaire"
# A query whose first word the index does not hold: the dictionary guard's filter is fetched too.
MISS_QUERY = "envie de partir du groupe"
PAGEFIND_VERSION = "1.5.2"
SYNTHETIC_COUNT = int(os.environ.get("BENCH_COUNT", 1000))
REPEATS = 5
# Sites also measured for bytes to the first result and p95 only (issue 21: ≤ 1/3 of Pagefind's).
BYTES_COUNTS = tuple(int(n) for n in os.environ.get("BENCH_BYTES_COUNTS", "3000,10000").split(",") if n.strip())
