"""Départements and postcodes, derived from @etalab/decoupage-administratif (node_modules).

Nothing here is typed by hand: the list of départements and the postcode -> département mapping
both come from the package's data/departements.json and data/communes.json.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
PACKAGE = Path("@etalab") / "decoupage-administratif"
ZONES = ("metro", "drom")   # the 101 départements; collectivités d'outre-mer (zone "com") excluded


def _data_file(node_modules_dir: str | Path | None, name: str) -> Path:
    path = Path(node_modules_dir or NODE_MODULES) / PACKAGE / "data" / name
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} introuvable : installez les paquets front-end avec « npm ci » "
            "(paquet @etalab/decoupage-administratif)."
        )
    return path


def departement_sort_key(code: str) -> tuple[int, str]:
    """French order: 01 … 19, 2A, 2B, 21 … 95, 971 … 976."""
    if code in ("2A", "2B"):
        return (20, code)
    return (int(code), "")


def departements_from_package(node_modules_dir: str | Path | None = None) -> list[tuple[str, str]]:
    """[(code, name)] of the 101 départements (metropolitan + overseas départements), French order."""
    data = json.loads(_data_file(node_modules_dir, "departements.json").read_text(encoding="utf-8"))
    deps = [(d["code"], d["nom"]) for d in data if d.get("zone") in ZONES]
    return sorted(deps, key=lambda d: departement_sort_key(d[0]))


@lru_cache(maxsize=4)
def _departements_cached(node_modules_dir: str) -> tuple[tuple[str, str], ...]:
    return tuple(departements_from_package(node_modules_dir))


def departements(node_modules_dir: str | Path | None = None) -> list[tuple[str, str]]:
    """Cached departements_from_package (default: the repository's node_modules/)."""
    return list(_departements_cached(str(node_modules_dir or NODE_MODULES)))


@lru_cache(maxsize=2)
def _communes_cached(node_modules_dir: str) -> tuple[dict, ...]:
    path = _data_file(node_modules_dir, "communes.json")
    return tuple(json.loads(path.read_text(encoding="utf-8")))


def load_communes(node_modules_dir: str | Path | None = None) -> list[dict]:
    """The package's communes.json (cached): dicts with code, nom, type, departement, codesPostaux…"""
    return list(_communes_cached(str(node_modules_dir or NODE_MODULES)))


def postcode_index(communes_data: Iterable[dict]) -> dict[str, tuple[str, ...]]:
    """{postcode: (département codes, most communes first)} for the 101 départements.

    A few postcodes straddle two départements (e.g. 01200: Ain and Haute-Savoie): they map to both.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for commune in communes_data:
        dep = commune.get("departement")
        if not dep or commune.get("zone") not in ZONES:
            continue
        for cp in commune.get("codesPostaux") or ():
            counts[cp][dep] += 1
    return {
        cp: tuple(sorted(c, key=lambda d: (-c[d], departement_sort_key(d))))
        for cp, c in sorted(counts.items())
    }


_INDEX_CACHE: dict[int, tuple[object, dict]] = {}


def _as_index(communes_data) -> Mapping[str, tuple[str, ...]]:
    if isinstance(communes_data, Mapping):
        return communes_data
    key = id(communes_data)
    cached = _INDEX_CACHE.get(key)
    if cached is None or cached[0] is not communes_data:
        _INDEX_CACHE.clear()
        cached = (communes_data, postcode_index(communes_data))
        _INDEX_CACHE[key] = cached
    return cached[1]


def postcode_to_departements(postcode: str, communes_data) -> list[str]:
    """Every département of a postcode ([] if unknown). `communes_data`: the package's communes
    list, or a postcode_index() result."""
    postcode = str(postcode).strip()
    return list(_as_index(communes_data).get(postcode, ()))


def postcode_to_departement(postcode: str, communes_data) -> str | None:
    """69003 -> "69", 20000 -> "2A", 97400 -> "974", unknown -> None. For the few postcodes shared by
    two départements, the one with most communes under that postcode."""
    deps = postcode_to_departements(postcode, communes_data)
    return deps[0] if deps else None


def build_postcode_map(communes_data) -> dict[str, str | list[str]]:
    """Prefix map, exact for every postcode of the package: the shortest prefixes (2 to 5 digits)
    under which all known postcodes belong to the same département(s).

    Value: a code ("69"), or a list for postcodes shared by several départements (["01", "74"]).
    Look-up (Python: lookup_postcode_map, JavaScript the same): try the first 5, 4, 3, then 2 digits
    of the typed postcode; the first key found gives the département(s). A postcode that does not
    exist but starts with a known prefix (69999) resolves to that prefix's département: harmless
    for a filter, and 20 times smaller than the exact list (measured: about 4 kB against 82 kB).
    """
    index = _as_index(communes_data)
    out: dict[str, str | list[str]] = {}

    def visit(prefix: str, codes: list[str]) -> None:
        values = {index[c] for c in codes}
        if len(prefix) >= 2 and len(values) == 1:
            deps = list(next(iter(values)))  # most communes first, as postcode_to_departement
            out[prefix] = deps[0] if len(deps) == 1 else deps
            return
        children: dict[str, list[str]] = defaultdict(list)
        for c in codes:
            children[c[: len(prefix) + 1]].append(c)
        for child in sorted(children):
            visit(child, children[child])

    visit("", sorted(c for c in index if len(c) == 5 and c.isdigit()))
    return dict(sorted(out.items()))


def lookup_postcode_map(postcode: str, postcode_map: Mapping[str, str | list[str]]) -> list[str]:
    """Python twin of the /aide/ filter's look-up in the map written by write_postcode_map."""
    postcode = str(postcode).strip()
    if len(postcode) != 5 or not postcode.isdigit():
        return []
    for length in (5, 4, 3, 2):
        value = postcode_map.get(postcode[:length])
        if value is not None:
            return [value] if isinstance(value, str) else list(value)
    return []


def postcode_map_json(communes_data) -> str:
    return json.dumps(build_postcode_map(communes_data), ensure_ascii=False, separators=(",", ":")) + "\n"


def write_postcode_map(path: str | Path, communes_data=None, node_modules_dir: str | Path | None = None) -> int:
    """Write the compact postcode map (JSON, UTF-8) to `path`; return its size in bytes.
    `communes_data` defaults to the package's communes.json."""
    if communes_data is None:
        communes_data = load_communes(node_modules_dir)
    text = postcode_map_json(communes_data).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)
    return len(text)


def find_commune(name_or_code: str, communes_data: Iterable[dict]) -> list[dict]:
    """Current communes (type commune-actuelle) whose exact name or INSEE code matches."""
    value = str(name_or_code).strip()
    return [
        c for c in communes_data
        if c.get("type") == "commune-actuelle" and (c.get("code") == value or c.get("nom") == value)
    ]
