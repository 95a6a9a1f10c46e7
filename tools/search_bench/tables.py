"""The bench's tables and lists of misses, printed in French (no measuring here)."""
from __future__ import annotations

from search_bench.config import MISS_QUERY, PAGEFIND_VERSION, TYPICAL_QUERY


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} Kio"


def _rows(label_sites: list[tuple[str, dict]]) -> tuple[list[str], list[list[str]]]:
    header = ["Mesure"] + [label for label, _ in label_sites]

    def row(title, fn):
        cells = []
        for _, f in label_sites:
            try:
                cells.append(fn(f))
            except (KeyError, TypeError):
                cells.append("—")
        return [title] + cells

    def pf(key, fmt):
        return lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else fmt(f["pagefind"][key])

    rows = [
        row("Documents indexés", lambda f: str(f["index"]["docs"])),
        row("Index (manifeste + parts + affichage) brut / gzip / brotli",
            lambda f: f"{_kib(f['index']['raw'])} / {_kib(f['index']['gzip'])} / {_kib(f['index']['brotli'])}"),
        row("Fichiers d’index / d’affichage", lambda f: f"{f['index']['shards']} / {f['index']['store']}"),
        row(f"Octets avant le 1er résultat (« {TYPICAL_QUERY} », gzip, scripts compris)",
            lambda f: f"{_kib(f['ours']['bytes_first'])} (brotli {_kib(f['ours']['bytes_first_br'])}) en {f['ours']['requests_first']} requêtes"),
        row(f"  puis « {MISS_QUERY} » (mot absent de l’index : filtre du dictionnaire)",
            lambda f: f"+ {_kib(f['ours']['bytes_miss'])}"),
        row("1er résultat après le focus (à froid, 127.0.0.1)", lambda f: f"{f['ours']['first_ms']:.0f} ms"),
        row("  idem, processeur ralenti 4×", lambda f: f"{f['ours']['first_ms_cpu4']:.0f} ms"),
        row("Chargement de l’index (depuis le cache HTTP)", lambda f: f"{f['ours']['load_ms']:.0f} ms"),
        row("Requête (moteur + affichage) p50 / p95",
            lambda f: f"{f['ours']['p50_ms']:.1f} / {f['ours']['p95_ms']:.1f} ms ({f['ours']['timed_queries']} requêtes)"),
        row("Qualité : recall@5 / MRR (tests/search_quality.yaml)",
            lambda f: f"{f['quality']['recall']:.2f} / {f['quality']['mrr']:.2f} ({f['quality']['queries']} requêtes)"),
        row("Qualité, jeu difficile : recall@5 / MRR (tests/search_quality_hard.yaml)",
            lambda f: f"{f['quality_hard']['recall']:.2f} / {f['quality_hard']['mrr']:.2f} "
                      f"({f['quality_hard']['queries']} requêtes)"),
        row("Pagefind : recall@5 / MRR (mêmes requêtes, jeu courant)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['pagefind']['quality']['courant']['recall']:.2f} / {f['pagefind']['quality']['courant']['mrr']:.2f}"),
        row("Pagefind : recall@5 / MRR (jeu difficile)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['pagefind']['quality']['difficile']['recall']:.2f} / {f['pagefind']['quality']['difficile']['mrr']:.2f}"),
    ] + issue21_rows(row) + [
        row(f"Pagefind {PAGEFIND_VERSION} : temps d’indexation", pf("index_s", lambda v: f"{v:.1f} s")),
        row("Pagefind : index brut / brotli",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{_kib(f['pagefind']['raw'])} / {_kib(f['pagefind']['brotli'])} ({f['pagefind']['files']} fichiers)"),
        row(f"Pagefind : octets avant le 1er résultat (« {TYPICAL_QUERY} »)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{_kib(f['pagefind']['bytes_first'])} en {f['pagefind']['requests_first']} requêtes"),
        row("Pagefind : 1er résultat (à froid, 127.0.0.1)", pf("first_ms", lambda v: f"{v:.0f} ms")),
        row("Octets avant le 1er résultat : nous / Pagefind (objectif ≤ 1/3)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['ours']['bytes_first'] / f['pagefind']['bytes_first']:.2f} gzip, "
            f"{f['ours']['bytes_first_br'] / f['pagefind']['bytes_first_br']:.2f} brotli"),
    ]
    return header, rows


def _rate(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def issue21_rows(row) -> list[list[str]]:
    """Rows of issue 21 (tests/search_quality/), `row(title, fn(figures))` giving one cell per site."""
    def personas(half):
        return lambda f: (f"{f['issue21'][half]['recall']:.2f} / {f['issue21'][half]['mrr']:.2f} "
                          f"({f['issue21'][half]['queries']} requêtes)")

    def pagefind(name):
        return lambda f: (f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
                          f"{f['pagefind']['quality'][name]['recall']:.2f} / {f['pagefind']['quality'][name]['mrr']:.2f}")

    def distress(key, part="distress"):
        return lambda f: f"{_rate(f['issue21'][part][key])} ({f['issue21'][part]['queries']} requêtes)"

    return [
        row("Personas, ajustement (v1 entier, v2 moitié d’ajustement) : recall@5 / MRR", personas("tuning")),
        row("Personas v2, moitié gelée (jamais ajustée) : recall@5 / MRR", personas("frozen")),
        row("Pagefind : personas, ajustement", pagefind("personas-ajustement")),
        row("Pagefind : personas v2, moitié gelée", pagefind("personas-gele")),
        row("Détresse (moteur, node) : aide avec les numéros attendus", distress("help")),
        row("Détresse (moteur, node) : aucune suggestion « Vouliez-vous dire »", distress("no_suggestion")),
        row("Détresse, jeu gelé v3 (jamais ajusté) : aide avec les numéros attendus",
            distress("help", "distress_frozen")),
        row("Détresse, jeu gelé v3 : aucune suggestion « Vouliez-vous dire »",
            distress("no_suggestion", "distress_frozen")),
        row("Détresse, page /recherche/ (Chromium) : numéros attendus avant le 1er résultat",
            lambda f: f"{f['distress_page']['help_first']:.2f} ({f['distress_page']['queries']} requêtes)"),
        row("Détresse, page /recherche/ (Chromium) : aucune suggestion affichée",
            lambda f: f"{f['distress_page']['no_suggestion']:.2f}"),
        row("Mots français corrects jamais réécrits (aucune suggestion)",
            lambda f: f"{_rate(f['issue21']['no_rewrite']['passed'])} ({f['issue21']['no_rewrite']['queries']} requêtes)"),
    ]


def print_issue21_misses(results: list[tuple[str, dict]], frozen_too: bool = False) -> None:
    """The misses of the tuning half, of the distress set and of the no-rewrite set (never those
    of the frozen half: quality.measure_issue21 drops them)."""
    for label, figures in results:
        f = figures["issue21"]
        print(f"\n{label} — personas, ajustement : {len(f['tuning']['misses'])} requêtes manquées")
        for q, expected, top in f["tuning"]["misses"]:
            print(f"  « {q} » attendu {', '.join(expected)} ; obtenu {', '.join(u or '?' for u in top) or 'rien'}")
        print(f"{label} — détresse : {len(f['distress']['misses'])} requêtes en défaut")
        for q, contacts, help_ids, suggestion in f["distress"]["misses"]:
            print(f"  « {q} » attendu {', '.join(contacts)} ; aide {help_ids} ; suggestion « {suggestion or ''} »")
        if "distress_page" in figures:
            print(f"{label} — détresse dans la page : {len(figures['distress_page']['misses'])} requêtes en défaut")
            for q, contacts, before, suggested in figures["distress_page"]["misses"]:
                print(f"  « {q} » attendu {', '.join(contacts)} ; liens avant le 1er résultat {before} ; "
                      f"suggestion {'affichée' if suggested else 'aucune'}")
        print(f"{label} — mots corrects réécrits : {len(f['no_rewrite']['misses'])}")
        for q, suggestion in f["no_rewrite"]["misses"]:
            print(f"  « {q} » → « {suggestion} »")



def _table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [f"\n{title}", line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(r) for r in rows])


