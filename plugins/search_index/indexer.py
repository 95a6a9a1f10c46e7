"""Search index of the site: lunr 2.3.9 indexes, sharded, built without lunr.py's Builder.

Why not lunr.py's Builder: it needs ~17 s for 1,000 pages of ~700 words. This module computes
exactly what it computes (same BM25 weights: k1 = 1.2, b = 0.75, lunr's idf, field boosts,
scores rounded to WEIGHT_DECIMALS decimals; ``tests/plugins/test_search_index.py`` compares both on a corpus)
and writes the lunr 2.3.9 serialization directly, in a fraction of the time. Issue 21 (bytes):
a term's weight in a (field, document) is the posting's metadata (``"body": {"12": 3.456}``,
kept as is by ``lunr.Index.load``) and ``fieldVectors`` is empty: search.js scores from the
postings only (it never runs lunr's query), and a posting costs ~12 bytes instead of ~35. The French pipeline
(``analyzer.py``) is registered with lunr.py under the labels the browser registers with
``lunr.Pipeline.registerFunction``, and each index file names them in ``pipeline``, so
``lunr.Index.load`` (lunr.js 2.3.9) reads every file as is.

Design: bytes before the first result stay small as the site grows
-------------------------------------------------------------------
``write_search_assets(documents, out_dir)`` writes into ``out_dir``:

* ``manifest.json`` (the only fixed name; a few KB + one byte per document): analyzer data
  (stop words, folding tables: the browser needs them to analyze the query), the document
  type of every document (``docTypes``: one character per document, an index into ``types``,
  so counts and type filters need nothing else), the list of index shards and store chunks.
* ``index.<hash>.json``: *term-partitioned* shards. The sorted vocabulary is cut into
  contiguous ranges of about ``shard_bytes`` bytes; each shard is a self-contained lunr index
  holding the postings of its terms, each with its BM25 weight (written compact: refs as
  differences, weights as integers, ``lunr_json(compact=True)``; ``expand_shard`` and
  search.js rebuild lunr's form). A term's BM25 weight does not
  depend on the other terms, so the scores are exactly the unsharded ones. ``shards[i].from``
  is the first term of shard i (``""`` for the first): the client loads only the shards whose
  range holds a query term (or intersects a prefix range), so a query costs a few shards
  whatever the size of the site. While the whole index stays under ``eagerBytes`` (search.js,
  300 KB: the real site today is about 100 KB raw / 35 KB gzip in nine shards), the first query
  fetches every shard, so the shard fetched never hints at the word typed in server logs.
* In each shard, beside the lunr index, ``accents`` (accents.py: which documents hold which
  accented form of a term two words share once folded) and ``related``: the word families and synonyms
  (``related.py``) whose key falls in the shard's term range; the manifest's ``families`` (the
  derivational endings) lets the browser find the family of a word no page uses.
* ``store.<hash>.json``: display data (url, title, type, summary) in chunks of about
  ``store_bytes`` bytes, in document order (``store[i].from``/``to``): the client fetches only
  the chunks of the results it displays.

Every name holds a content hash (immutable caching); output is deterministic (documents
sorted by id, terms sorted, keys in fixed order, no timestamps): two runs give identical bytes.

Documents: dicts with ``id`` (unique), ``url``, ``type`` (one of ``TYPES``), ``title``,
``summary``, ``headings``, ``themes``, ``body``; text fields are plain text (no HTML), a string
or a list of strings (lists are analyzed item by item: digits never join across items).
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

from . import accents, analyzer, lexicon, related as related_terms

LUNR_VERSION = "2.3.9"
FORMAT = 1
FIELDS = ("title", "summary", "headings", "themes", "body")
FIELD_BOOSTS = {"title": 10, "summary": 4, "headings": 3, "themes": 3, "body": 1}
TYPES = ("fiche", "prevention", "rapport", "page", "contact", "pdf")
K1 = 1.2
B = 0.75
SHARD_BYTES = 20_000    # issue 21: a query fetches ~4 shards; smaller ones cost fewer bytes
WEIGHT_DECIMALS = 2     # decimals of the BM25 weights written (each posting carries one: 2 = 13 % fewer
                        # gzip bytes than 3, same rankings on the quality sets; 1 loses some)
STORE_BYTES = 8_000
SUMMARY_CHARS = 300
MANIFEST_NAME = "manifest.json"
PIPELINE = [analyzer.STOP_LABEL, analyzer.STEM_LABEL]


def _dumps(obj, sort_keys=False) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys,
                      allow_nan=False).encode("utf-8")


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _normalize(documents) -> list[dict]:
    docs = []
    seen = set()
    for doc in documents:
        if "id" not in doc or doc["id"] is None:
            raise ValueError(f"document sans id : {doc.get('url')!r}")
        doc_id = str(doc["id"])
        if doc_id in seen:
            raise ValueError(f"id de document en double : {doc_id!r}")
        seen.add(doc_id)
        if doc.get("type") not in TYPES:
            raise ValueError(f"{doc_id}: type inconnu {doc.get('type')!r} (attendu : {', '.join(TYPES)})")
        if not doc.get("url"):
            raise ValueError(f"{doc_id}: url manquante")
        docs.append({**doc, "id": doc_id})
    docs.sort(key=lambda d: d["id"])
    return docs


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


class _Corpus:
    """Term statistics of the whole corpus; BM25 weights are computed while serializing."""

    def __init__(self, documents):
        self.docs = _normalize(documents)
        n = len(self.docs)
        self.refs = [str(i) for i in range(n)]
        self.ref_keys = [f'"{ref}"' for ref in self.refs]
        nfields = len(FIELDS)
        # postings: term -> per field position: [(ref, tf), ...] in ascending ref order
        postings: dict[str, list[list[tuple[int, int]]]] = defaultdict(
            lambda: [[] for _ in range(nfields)])
        lengths = [[0] * n for _ in FIELDS]
        self.token_sets: list[set[str]] = []  # per document, its lowercase tokens (accents.py)
        for ref, doc in enumerate(self.docs):
            tokens: set[str] = set()
            self.token_sets.append(tokens)
            for fpos, field in enumerate(FIELDS):
                values = _values(doc.get(field))
                for value in values:
                    tokens.update(analyzer.tokenize(value))
                if len(values) == 1:
                    terms = analyzer.analyze(values[0])
                else:
                    terms = [term for value in values for term in analyzer.analyze(value)]
                lengths[fpos][ref] = len(terms)
                for term, tf in Counter(terms).items():
                    postings[term][fpos].append((ref, tf))
        postings = dict(postings)
        self.terms = sorted(postings)
        self.postings = postings
        # lunr's idf counts a document once per field holding the term.
        self.idf = {}
        for term, entry in postings.items():
            with_term = sum(len(refs) for refs in entry)
            x = (n - with_term + 0.5) / (with_term + 0.5)
            self.idf[term] = math.log(1 + abs(x))
        # BM25 length normalisation per field and document: k1 * (1 - b + b * len / avg).
        self.norms = []
        for fpos in range(nfields):
            average = sum(lengths[fpos]) / n if n else 0
            self.norms.append([K1 * (1 - B + B * (length / average)) if average else K1 * (1 - B)
                               for length in lengths[fpos]])

    def term_counts(self) -> dict[str, int]:
        """Occurrences of each term in the whole corpus (every field)."""
        return {term: sum(tf for refs in entry for _r, tf in refs) for term, entry in self.postings.items()}

    def heading_terms(self) -> set[str]:
        """Terms of a title, a heading or a theme somewhere on the site: what its pages are about."""
        at = [FIELDS.index(f) for f in ("title", "headings", "themes")]
        return {term for term, entry in self.postings.items() if any(entry[f] for f in at)}

    def lunr_json(self, terms: list[str], related: dict | None = None, common=(), accents=None,
                  compact: bool = False) -> bytes:
        """A lunr 2.3.9 serialized index restricted to ``terms`` (sorted), as compact JSON.

        ``compact`` (the shard files): ``invertedIndex`` is replaced by ``postings``, one row per
        term ``[term, [ref, weight, ...] per field]`` with each ref the difference from the
        previous one in the field and each weight an integer (``weight * scale``, ``scale``
        written beside): a third of the gzip bytes. ``expand_shard`` (and search.js) rebuild the
        lunr serialization from it, with the very same numbers.

        Written by hand (not json.dumps) for speed: refs are digits, terms ``[a-z0-9]+``, fields
        fixed names, weights floats (``repr`` is what json.dumps writes), so nothing needs
        escaping. Same numbers as lunr.py's Builder (see ``build_index_with_lunr_py``), weights
        written with 3 decimals.
        """
        ref_keys = self.ref_keys
        norms = self.norms
        k1_plus_1 = K1 + 1
        inverted = []
        for index, term in enumerate(terms):
            entry = self.postings[term]
            idf = self.idf[term]
            fields = []
            if compact:
                for fpos, field in enumerate(FIELDS):
                    boost = FIELD_BOOSTS[field]
                    field_norms = norms[fpos]
                    items, previous = [], 0
                    for r, tf in entry[fpos]:
                        # the digits of the weight written with WEIGHT_DECIMALS decimals
                        weight = f"{idf * (k1_plus_1 * tf) / (field_norms[r] + tf) * boost:.{WEIGHT_DECIMALS}f}"
                        items.append(f"{r - previous},{int(weight.replace('.', ''))}")
                        previous = r
                    fields.append("[" + ",".join(items) + "]")
                inverted.append(f'["{term}",{",".join(fields)}]')
                continue
            for fpos, field in enumerate(FIELDS):
                refs = entry[fpos]
                if not refs:
                    fields.append(f'"{field}":{{}}')
                    continue
                boost = FIELD_BOOSTS[field]
                field_norms = norms[fpos]
                # lunr's BM25, same operation order as lunr.py; f"{x:.3f}" is round(x, 3). The
                # weight is the posting's metadata (lunr keeps it as is): no field vectors.
                fields.append(f'"{field}":{{' + ",".join([
                    f"{ref_keys[r]}:{idf * (k1_plus_1 * tf) / (field_norms[r] + tf) * boost:.{WEIGHT_DECIMALS}f}"
                    for r, tf in refs]) + '}')
            inverted.append(f'["{term}",{{"_index":{index},{",".join(fields)}}}]')
        field_vectors = ""
        header = _dumps({"version": LUNR_VERSION, "fields": list(FIELDS), "pipeline": PIPELINE})
        # Related terms (families, synonyms) whose key falls in this shard's range: read by
        # search.js beside the lunr index (lunr.Index.load ignores the key).
        extra = f',"related":{_dumps(related, sort_keys=True).decode("utf-8")}' if related else ""
        # Terms common in French but not on this site (lexicon.common_terms): weigh little.
        extra += f',"common":{_dumps(sorted(common)).decode("utf-8")}' if common else ""
        # Terms the site writes under two accented forms (accents.py): which documents hold which.
        extra += f',"accents":{_dumps(accents, sort_keys=True).decode("utf-8")}' if accents else ""
        if compact:
            return (header[:-1].decode("utf-8") + f',"fieldVectors":[],"scale":{10 ** WEIGHT_DECIMALS},'
                    f'"postings":[{",".join(inverted)}]{extra}}}').encode("utf-8")
        return (header[:-1].decode("utf-8") + f',"fieldVectors":[{field_vectors}],'
                f'"invertedIndex":[{",".join(inverted)}]{extra}}}').encode("utf-8")

    def lunr_index(self, terms: list[str]) -> dict:
        """The same, as a dict (what ``json.loads`` of the file gives)."""
        return json.loads(self.lunr_json(terms))

    def store(self) -> list[dict]:
        return [{"url": doc["url"], "title": " ".join(_values(doc.get("title"))), "type": doc["type"],
                 "summary": _snippet(" ".join(_values(doc.get("summary"))))} for doc in self.docs]

    def term_bytes(self, term: str) -> int:
        """Approximate serialized size of a term (its postings with their weights)."""
        return len(term) + 50 + 12 * sum(len(refs) for refs in self.postings[term])


def expand_shard(data: dict) -> dict:
    """A shard file (``lunr_json(..., compact=True)``) as the lunr 2.3.9 serialization (what
    search.js's ``expandShard`` gives ``lunr.Index.load``); other keys kept as they are."""
    if not isinstance(data.get("postings"), list):
        return data
    scale = data.get("scale") or 1
    inverted = []
    for index, row in enumerate(data["postings"]):
        posting: dict = {"_index": index}
        for fpos, field in enumerate(data["fields"]):
            values, refs, ref = row[fpos + 1], {}, 0
            for k in range(0, len(values) - 1, 2):
                ref += values[k]
                refs[str(ref)] = values[k + 1] / scale
            posting[field] = refs
        inverted.append([row[0], posting])
    out = {k: v for k, v in data.items() if k not in ("postings", "scale")}
    out["invertedIndex"] = inverted
    return out


def build_index(documents) -> tuple[dict, list[dict]]:
    """One unsharded lunr 2.3.9 index (serialized dict) and the store (display data by ref).

    Refs are ``"0"``, ``"1"``... in the order of the sorted document ids; ``store[int(ref)]`` is
    ``{"url", "title", "type", "summary"}``.
    """
    corpus = _Corpus(documents)
    return corpus.lunr_index(corpus.terms), corpus.store()


def _partition(corpus: _Corpus, target: int) -> list[list[str]]:
    shards: list[list[str]] = []
    current: list[str] = []
    size = 0
    for term in corpus.terms:
        current.append(term)
        size += corpus.term_bytes(term)
        if size >= target:
            shards.append(current)
            current, size = [], 0
    if current:
        shards.append(current)
    return shards


def _write(out_dir: Path, prefix: str, data: bytes) -> str:
    name = f"{prefix}.{hashlib.sha256(data).hexdigest()[:12]}.json"
    path = out_dir / name
    if not (path.exists() and path.read_bytes() == data):
        path.write_bytes(data)
    return name


def _split_related(related: dict, starts: list[str]) -> list[dict]:
    """``related`` cut by the shards' term ranges (``starts``: first term of each shard)."""
    import bisect

    out: list[dict] = [{} for _ in starts]
    for key, values in related.items():
        out[max(0, bisect.bisect_right(starts, key) - 1)][key] = values
    return out


def write_search_assets(documents, out_dir, *, shard_bytes: int = SHARD_BYTES,
                        store_bytes: int = STORE_BYTES, manifest_name: str = MANIFEST_NAME,
                        synonyms=(), help=None, french=True) -> dict:
    """Write the manifest, the index shards and the store chunks into ``out_dir``.

    Returns the manifest (also written as ``out_dir/manifest_name``)::

        {"format": 1, "lunr": "2.3.9", "analyzer": {...analyzer.config()...},
         "fields": [...], "types": [...], "docCount": N, "docTypes": "0031...",
         "families": {"suffixes": [...], "coreMin": 4},
         "shards": [{"from": "", "file": "index.<hash>.json", "terms": k, "bytes": b}, ...],
         "store": [{"from": 0, "to": 57, "file": "store.<hash>.json", "bytes": b}, ...],
         "french": {"a": {"file": "fr.<hash>.json", "m": bits, "k": k}, ...},   (lexicon.py)
         "help": {...}}   (optional: distress.compile_help)

    File names are relative to the manifest's URL. A store chunk is
    ``{"from": 0, "docs": [{"url", "title", "type", "summary"}, ...]}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus = _Corpus(documents)
    shards = []
    parts = _partition(corpus, shard_bytes)
    related = _split_related(related_terms.related_map(corpus.terms, synonyms),
                             [""] + [terms[0] for terms in parts[1:]])
    common = lexicon.common_terms(corpus.term_counts(), corpus.heading_terms()) if french else set()
    forms = accents.accent_table(corpus.token_sets, lexicon.zipf if french else None)
    for terms, rel in zip(parts, related):
        data = corpus.lunr_json(terms, rel, [t for t in terms if t in common],
                                {t: forms[t] for t in terms if t in forms}, compact=True)
        shards.append({"from": terms[0] if shards else "", "file": _write(out, "index", data),
                       "terms": len(terms), "bytes": len(data)})
    store = corpus.store()
    chunks = []
    start, size = 0, 0
    for i, entry in enumerate(store):
        size += len(_dumps(entry)) + 1
        if size >= store_bytes or i == len(store) - 1:
            data = _dumps({"from": start, "docs": store[start:i + 1]}, sort_keys=True)
            chunks.append({"from": start, "to": i + 1, "file": _write(out, "store", data),
                           "bytes": len(data)})
            start, size = i + 1, 0
    manifest = {
        "format": FORMAT,
        "lunr": LUNR_VERSION,
        "analyzer": analyzer.config(),
        "fields": list(FIELDS),
        "types": list(TYPES),
        "docCount": len(store),
        "docTypes": "".join(str(TYPES.index(d["type"])) for d in store),
        "families": {"suffixes": list(related_terms.SUFFIXES), "coreMin": related_terms.CORE_MIN},
        "shards": shards,
        "store": chunks,
    }
    if french:  # the dictionary guard (lexicon.py), one Bloom filter per first letter
        manifest["french"] = {letter: {"file": _write(out, "fr", _dumps(filt, sort_keys=True)), "m": filt["m"],
                                       "k": filt["k"]}
                              for letter, filt in lexicon.french_filters().items()}
    if help:  # distress triggers and the help numbers they show first (distress.compile_help)
        manifest["help"] = help
    data = _dumps(manifest, sort_keys=True)
    path = out / manifest_name
    if not (path.exists() and path.read_bytes() == data):
        path.write_bytes(data)
    return manifest


def build_index_with_lunr_py(documents) -> dict:
    """Reference: the same index built by lunr.py's Builder (slow; used by the tests only)."""
    from lunr.builder import Builder

    functions = analyzer.register_lunr_pipeline()
    builder = Builder()
    builder.pipeline.add(*functions)
    builder.search_pipeline.add(*functions)
    builder.ref("ref")
    for field in FIELDS:
        builder.field(field, boost=FIELD_BOOSTS[field])
    for ref, doc in enumerate(_normalize(documents)):
        entry = {"ref": str(ref)}
        for field in FIELDS:
            tokens: list[str] = []
            for value in _values(doc.get(field)):
                tokens.extend(analyzer.tokenize(value))
            entry[field] = tokens
        builder.add(entry)
    return builder.build().serialize()
