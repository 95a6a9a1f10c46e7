"""`make liens`: check every external source link and remote PDF of the content, record each remote
PDF's size, page count, sha256 and date (day that checksum was first seen) in
content/data/pdf-distants.lock.json (read by the build,
plugins/remote_pdfs), and report link rot in French.

    python tools/liens.py [--base URL] [--resume FICHIER] [--delai S] [--max-mo N]

--base: send every request to this address instead (scheme, host and port replaced, path and query
kept), e.g. a local mirror or test server; the lock keeps the addresses as written in the content.
Every request is bounded: connect/read timeout, a deadline per link, a maximum size, 5 redirects.
Pure core (collect_links, rebase, classify, lock_entry) tested without the network; fetch() is the I/O.
Exit status 1 when a link is broken or moved (the scheduled workflow shows the list in its summary).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from repo_root import ROOT  # the repository root, importable

from plugins import remote_pdfs
from plugins.common.rules.frontmatter import ContentError, parse

USER_AGENT = "miviludes-liens/1 (verification des sources du site)"
MAX_REDIRECTS = 5
PAGE_BYTES = 65_536            # a page is only opened: its first bytes are enough
CHUNK = 65_536
_BODY_PDF = re.compile(r"\]\(\s*<?(https?://[^)\s>]+\.pdf(?:[?#][^)\s>]*)?)>?", re.I)
_HREF_PDF = re.compile(r"href=[\"'](https?://[^\"']+\.pdf(?:[?#][^\"']*)?)[\"']", re.I)


@dataclass(frozen=True)
class Link:
    file: str
    line: int
    url: str
    pdf: bool          # expected to be a PDF (attachment, or a body link ending in .pdf)


@dataclass
class Result:
    status: int | None = None          # final HTTP status (None: no answer)
    final_url: str | None = None       # after redirects
    permanent: bool = False            # a 301/308 redirect was followed
    content_type: str = ""
    length: int | None = None          # Content-Length
    body: bytes = b""                  # the PDF (or the first bytes of a page)
    error: str | None = None           # "delai", "taille", "reseau", "adresse"
    elapsed: float = 0.0


# ---------------------------------------------------------------------------------------------
# pure core

def collect_links(path: str, text: str) -> list[Link]:
    """Every external link of one content file: sources[].url, attachments[].url (PDF), and PDF links
    of the body, with their lines (from the page's record, parsed as the build parses it). A file the
    build refuses gives none (its own error is the build's)."""
    try:
        record = parse(text.encode("utf-8"), path)
    except ContentError:
        return []
    out: list[Link] = []
    for field, pdf in (("sources", False), ("attachments", True)):
        entries = record.metadata.get(field)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and isinstance(entry.get("url"), str) \
                    and entry["url"].startswith(("https://", "http://")):
                out.append(Link(path, record.line_of((field, index, "url")), entry["url"], pdf))
    for number, line in enumerate(record.body.split("\n"), start=record.body_line):
        for match in list(_BODY_PDF.finditer(line)) + list(_HREF_PDF.finditer(line)):
            out.append(Link(path, number, match.group(1), True))
    return out


def rebase(url: str, base: str | None) -> str:
    """`url` with the scheme, host and port of `base` (None or empty: unchanged)."""
    if not base:
        return url
    b, u = urlsplit(base), urlsplit(url)
    path = b.path.rstrip("/") + (u.path or "/")
    return urlunsplit((b.scheme, b.netloc, path, u.query, ""))


def unbase(final: str, base: str, original: str) -> str:
    """A redirect target on the `base` host, written back with the original link's host."""
    f, b, o = urlsplit(final), urlsplit(base), urlsplit(original)
    if f.netloc != b.netloc:
        return final
    path = f.path[len(b.path.rstrip("/")):] if f.path.startswith(b.path.rstrip("/")) else f.path
    return urlunsplit((o.scheme, o.netloc, path or "/", f.query, ""))


def looks_like_pdf(body: bytes) -> bool:
    return body[:1024].lstrip().startswith(b"%PDF-")


def count_pages(body: bytes) -> int | None:
    try:
        from pypdf import PdfReader
        return len(PdfReader(io.BytesIO(body)).pages) or None
    except Exception:  # noqa: BLE001 - any unreadable PDF: no page count
        return None


def classify(link: Link, result: Result, max_bytes: int) -> list[str]:
    """French problems of one checked link (empty: fine). `fichier:ligne: problème — correction`."""
    where = f"{link.file}:{link.line}: "
    if result.error == "delai":
        return [where + f"« {link.url} » ne répond pas à temps — réessayez plus tard ; si cela dure, "
                "remplacez la source par une adresse qui répond."]
    if result.error == "taille":
        return [where + f"« {link.url} » dépasse {max_bytes // 1_000_000} Mo — vérifiez le document ; "
                "indiquez sa taille et ses pages à la main (size, pages)."]
    if result.error == "adresse":
        return [where + f"« {link.url} » redirige vers une adresse non https — corrigez le lien."]
    if result.error or result.status is None:
        reason = {"reseau": "erreur réseau", "trop de redirections": "trop de redirections"}.get(
            result.error or "", "pas de réponse")
        return [where + f"« {link.url} » est injoignable ({reason}) — vérifiez "
                "l’adresse ou remplacez la source."]
    if result.status in (404, 410):
        return [where + f"« {link.url} » n’existe plus (erreur {result.status}) — trouvez la nouvelle adresse "
                "du document ou une archive, ou retirez la source."]
    if result.status >= 400:
        return [where + f"« {link.url} » répond par une erreur {result.status} — vérifiez l’adresse."]
    problems = []
    if result.permanent and result.final_url and result.final_url != link.url:
        problems.append(where + f"« {link.url} » a déménagé vers « {result.final_url} » — écrivez la nouvelle "
                        "adresse.")
    if link.pdf and result.status < 300 and not looks_like_pdf(result.body):
        problems.append(where + f"« {link.url} » n’est pas un PDF (reçu : {result.content_type or 'inconnu'}) "
                        "— donnez l’adresse du fichier PDF lui-même.")
    return problems


def lock_entry(body: bytes, today: str) -> remote_pdfs.RemotePdf | None:
    pages = count_pages(body)
    if pages is None:
        return None
    return remote_pdfs.RemotePdf(len(body), pages, hashlib.sha256(body).hexdigest(), today)


# ---------------------------------------------------------------------------------------------
# I/O

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, *, want_body: bool, timeout: float, deadline: float, max_bytes: int,
          only_host: str | None = None) -> Result:
    """GET `url` following up to 5 redirects by hand (http/https only), within `deadline` seconds in
    all, reading at most `max_bytes` (PDF) or PAGE_BYTES (a page). `only_host` (with --base): a
    redirect to another host is recorded, never followed."""
    result = Result(final_url=url)
    start = time.monotonic()
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            try:
                response = _OPENER.open(request, timeout=timeout)
            except urllib.error.HTTPError as exc:
                response = exc
            status = response.status if hasattr(response, "status") else response.code
            if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                target = urljoin(current, response.headers["Location"])
                response.close()
                if urlsplit(target).scheme not in ("http", "https"):
                    result.error = "adresse"
                    return result
                result.permanent = result.permanent or status in (301, 308)
                current = target
                result.final_url = current
                if only_host is not None and urlsplit(target).netloc != only_host:
                    result.status = status  # not followed: outside the address being checked
                    return result
                continue
            result.status = status
            result.content_type = response.headers.get("Content-Type", "")
            length = response.headers.get("Content-Length")
            result.length = int(length) if length and length.isdigit() else None
            limit = max_bytes if want_body else PAGE_BYTES
            if want_body and result.length is not None and result.length > max_bytes and status < 400:
                result.error = "taille"
                response.close()
                return result
            chunks, read = [], 0
            while status < 400:
                if time.monotonic() - start > deadline:
                    result.error = "delai"
                    break
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                read += len(chunk)
                if read > limit:
                    if want_body:
                        result.error = "taille"
                    break
            response.close()
            result.body = b"".join(chunks)[:limit]
            return result
        result.error = "trop de redirections"
        return result
    except TimeoutError:
        result.error = "delai"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        result.error = "delai" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else "reseau"
    finally:
        result.elapsed = time.monotonic() - start
    return result


def content_files(content: Path) -> list[Path]:
    return sorted(p for p in content.rglob("*.md") if p.is_file() and not p.is_symlink())


def check_all(content: Path, *, base: str | None = None, timeout: float = 10.0, deadline: float = 60.0,
              max_bytes: int = 100_000_000, workers: int = 4, today: str | None = None,
              display_root: Path | None = None):
    """(problems, new lock documents, notes) for every external link under `content`."""
    today = today or date.today().isoformat()
    display_root = display_root or Path.cwd()
    links: list[Link] = []
    for path in content_files(content):
        try:
            shown = path.resolve().relative_to(display_root.resolve()).as_posix()
        except ValueError:
            shown = str(path)
        links += collect_links(shown, path.read_text(encoding="utf-8", errors="replace"))
    unique: dict[str, bool] = {}
    for link in links:
        unique[link.url] = unique.get(link.url, False) or link.pdf

    def check(item):
        url, pdf = item
        return url, fetch(rebase(url, base), want_body=pdf, timeout=timeout, deadline=deadline,
                          max_bytes=max_bytes, only_host=urlsplit(base).netloc if base else None)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(pool.map(check, unique.items()))
    try:
        previous = remote_pdfs.load_lock(content / remote_pdfs.LOCK_FILE)
    except remote_pdfs.LockError:
        previous = {}
    problems, documents, notes = [], {}, []
    for link in links:
        result = results[link.url]
        if base and result.final_url:  # report addresses as the content writes them
            result.final_url = unbase(result.final_url, base, link.url)
        problems += classify(link, result, max_bytes)
        if link.pdf and link.url not in documents and result.status and result.status < 400 \
                and looks_like_pdf(result.body) and not result.error:
            entry = lock_entry(result.body, today)
            if entry is None:
                problems.append(f"{link.file}:{link.line}: « {link.url} » est un PDF illisible — vérifiez le document.")
                continue
            old = previous.get(link.url)
            if old and old.sha256 != entry.sha256:
                notes.append(f"{link.file}:{link.line}: le document « {link.url} » a changé depuis le "
                             f"{old.date} — relisez les faits qui le citent.")
            documents[link.url] = old if old and old.sha256 == entry.sha256 else entry
    # A PDF that could not be checked this time keeps its last known entry (with its date).
    for link in links:
        if link.pdf and link.url not in documents and link.url in previous:
            documents[link.url] = previous[link.url]
    return sorted(set(problems)), documents, notes, len(unique)


def summary(problems: list[str], notes: list[str], count: int) -> str:
    import html
    lines = [f"## Liens externes : {count} adresse(s) vérifiée(s), {len(problems)} problème(s)", ""]
    lines += [f"- {html.escape(p, quote=False)}" for p in problems] or ["Aucun lien cassé ni déplacé."]
    if notes:
        lines += ["", "### Documents modifiés", ""] + [f"- {html.escape(n, quote=False)}" for n in notes]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie les liens externes et les PDF distants du contenu.")
    parser.add_argument("--contenu", default=str(ROOT / "content"))
    parser.add_argument("--base", help="adresse à interroger à la place (schéma, hôte et port remplacés)")
    parser.add_argument("--resume", help="fichier où ajouter le résumé (résumé de tâche de la forge)")
    parser.add_argument("--delai", type=float, default=10.0, help="délai de connexion et de lecture (s)")
    parser.add_argument("--delai-total", type=float, default=60.0, help="délai total par lien (s)")
    parser.add_argument("--max-mo", type=float, default=100.0, help="taille maximale d’un PDF (Mo)")
    args = parser.parse_args(argv)
    content = Path(args.contenu)
    problems, documents, notes, count = check_all(
        content, base=args.base, timeout=args.delai, deadline=args.delai_total,
        max_bytes=int(args.max_mo * 1_000_000), display_root=ROOT)
    lock = content / remote_pdfs.LOCK_FILE
    text = remote_pdfs.render_lock(documents)
    if not lock.is_file() or lock.read_text(encoding="utf-8") != text:
        lock.write_text(text, encoding="utf-8")
    for line in problems + notes:
        print(line)
    report = summary(problems, notes, count)
    if args.resume:
        with open(args.resume, "a", encoding="utf-8") as handle:
            handle.write(report)
    print(f"{count} adresse(s) vérifiée(s), {len(problems)} problème(s) ; {len(documents)} PDF distant(s) "
          f"dans {lock.relative_to(content.parent) if lock.is_relative_to(content.parent) else lock}.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
