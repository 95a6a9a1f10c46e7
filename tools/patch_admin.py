"""Patch decap-server (the web editor's local backend) after `npm ci --prefix admin`: `make admin-deps`.

decap-server 3.11.3, in local git mode, works out the files of a draft (branch cms/…) with a two-dot
diff against main: once main has moved on (another page published), every file changed on main since
the draft was saved looks like part of the draft, the editor loads another page's old text and
publishing the draft undoes that other page. It also commits with `git add .` (any stray file of the
work tree goes with the page), and a failed rebase or merge is left half done.

This script makes exact, pinned replacements in decap-server's two bundles (dist/index.js, the
server `make editer` starts, and dist/middlewares.js), checked against the sha256 of the pinned
version: a new version of decap-server fails here loudly instead of running unpatched. It runs as
our own install step (never an npm postinstall script), is idempotent, and `tools/serve.py` refuses
to start an unpatched server (`is_patched`).

1. a draft's files: three-dot diff (main...cms/x, from the merge base): only what the draft changed;
2. commits stage only the entry's own files (its data files, its uploads, the uploads it removed);
3. a rebase or merge that fails is aborted (the repository is never left mid-merge); publishing
   checks out main first (never merges into whatever branch was left checked out) and commits with a
   French message.
It also translates the two English strings of decap-cms's lists that its French locale lacks.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "admin" / "node_modules" / "decap-server" / "dist"
VERSION = "3.11.3"
MARKER = "/* miviludes: patched by tools/patch_admin.py */\n"
ORIGINAL_SHA256 = {
    "index.js": "311623af6febca96315a2a62da8fc1492e194abe00af9ffb510cc34d131d7ae8",
    "middlewares.js": "5c2950555a8f670f4ff447d45488ecf46456b1d2c457b0ad7133afc83ce4ec54",
}
# decap-cms 3.16.3: the two English strings of its lists (react-select) that the French locale lacks.
CMS_DIST = ROOT / "admin" / "node_modules" / "decap-cms" / "dist"
CMS_SHA256 = {"decap-cms.js": "7c1efd6b616b4786e279aeef194dd21649a72058d3bc8d1f78901b574610dfb8"}
CMS_REPLACEMENTS = (
    ('noOptionsMessage:function(){return"No options"}',
     'noOptionsMessage:function(){return"Aucun choix ne correspond (un contact ou une page à ajouter '
     'l’est d’abord dans sa liste)"}'),
    ('loadingMessage:function(){return"Loading..."}', 'loadingMessage:function(){return"Chargement…"}'),
)
_LITERAL = 'e=>":(literal)"+e'
# (original, replacement): each original must occur exactly once in each bundle.
REPLACEMENTS = (
    # 1. the files of a draft, from the merge base of main and the draft's branch
    ("async function F(e,t,a){const r=await e.diff([t,a]);",
     'async function F(e,t,a){const r=await e.diff([t+"..."+a]);'),
    # 2. stage only the given paths (never `git add .`)
    ('async function m(e,t){await e.add("."),',
     f'async function m(e,t,p){{await e.raw(["add","-A","--",...p.map({_LITERAL})]),'),
    ("async function b(e,t,a,r,i,n=!0){", "async function b(e,t,a,r,i,n=!0,x=[]){"),
    ("await(0,p.move)(t,e.path,e.newPath,n)}),await m(e,i)}",
     "await(0,p.move)(t,e.path,e.newPath,n)}),await m(e,i,[...a.map(e=>e.path),"
     "...a.map(e=>e.newPath).filter(Boolean),...r.map(e=>e.path),...x])}"),
    ("await b(a,e,o,c,d.commitMessage,p),!t)", "await b(a,e,o,c,d.commitMessage,p,i.map(e=>e.path)),!t)"),
    ("await m(a,i),(0,f.readMediaFile)(e,r.path)", "await m(a,i,[r.path]),(0,f.readMediaFile)(e,r.path)"),
    ("await(0,p.deleteFile)(e,r),await m(a,i)}", "await(0,p.deleteFile)(e,r),await m(a,i,[r])}"),
    ("await Promise.all(r.map(t=>(0,p.deleteFile)(e,t))),await m(a,i)}",
     "await Promise.all(r.map(t=>(0,p.deleteFile)(e,t))),await m(a,i,r)}"),
    # 3. abort a failed rebase or merge; French message for the publication's merge commit
    ('await e.rebase([t,"--no-verify"])',
     'await e.rebase([t,"--no-verify"]).catch(async x=>{await e.raw(["rebase","--abort"]).catch(()=>{});throw x})'),
    ("await e.mergeFromTo(t,a)",
     'await e.checkout(a),await e.raw(["merge","--no-edit","-m","Publication : "+t.replace(/^cms\\//,""),t])'
     '.catch(async x=>{await e.raw(["merge","--abort"]).catch(()=>{});throw x})'),
)


def patch_text(text: str, replacements=REPLACEMENTS) -> str:
    """The patched bundle; ValueError when an original is not found exactly once."""
    for old, new in replacements:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{old[:60]!r} trouvé {count} fois")
        text = text.replace(old, new)
    shebang, newline, rest = text.partition("\n") if text.startswith("#!") else ("", "", text)
    return shebang + newline + MARKER + rest


def _patched(data: bytes) -> bool:
    return MARKER.encode() in data[:200]


def is_patched(dist: Path = DIST) -> bool:
    return all((dist / name).is_file() and _patched((dist / name).read_bytes()) for name in ORIGINAL_SHA256)


def main(dist: Path = DIST, cms_dist: Path = CMS_DIST) -> int:
    targets = [(dist / name, digest, REPLACEMENTS) for name, digest in ORIGINAL_SHA256.items()]
    targets += [(cms_dist / name, digest, CMS_REPLACEMENTS) for name, digest in CMS_SHA256.items()]
    for path, digest, replacements in targets:
        if not path.is_file():
            print(f"{path}:1: decap-server absent — lancez « make admin-deps ».", file=sys.stderr)
            return 1
        data = path.read_bytes()
        if _patched(data):
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            print(f"{path}:1: ce n’est pas la version fixée dans admin/package.json — remettez cette "
                  "version, ou adaptez tools/patch_admin.py à la nouvelle.", file=sys.stderr)
            return 1
        path.write_text(patch_text(data.decode("utf-8"), replacements), encoding="utf-8")
    print(f"decap-server {VERSION} et decap-cms corrigés (tools/patch_admin.py).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
