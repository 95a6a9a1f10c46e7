"""plugins/admin_cms: the /admin/ configuration generated from the content schema, its page and headers."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from plugins.admin_cms import DEFAULTS, core, decap_files, form_rules, make_config, read_contacts, read_pages, write_admin
from plugins.common.rules.schema import FIELDS, build_schema, load_taxonomies
from plugins.seo.core import robots_txt

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
DEFAULTS_DIST = DEFAULTS["ADMIN_CMS_DIST"]
BACKEND = {"name": "github", "repo": "exemple/site", "branch": "main"}


def real_config(local_backend: bool = True) -> dict:
    return make_config(CONTENT, BACKEND, local_backend)


def folders(config: dict) -> list[dict]:
    """The folder collections (pages); the « listes » collection edits content/data/ files."""
    return [c for c in config["collections"] if "folder" in c]


def fields_by_name(collection: dict) -> dict:
    return {f["name"]: f for f in collection["fields"]}


def fake_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in ("decap-cms.js", "12.decap-cms.js", "7.decap-cms.js", "12.decap-cms.js.map", "12.cms.js",
                 "cms.js"):
        (dist / name).write_text(f"/* {name} */", encoding="utf-8")
    return dist


# ---------------------------------------------------------------- generated from the schema

def test_every_schema_field_is_edited_or_explained():
    config = real_config()
    schema = build_schema(load_taxonomies(CONTENT / "data" / "taxonomies.yaml"))
    assert set(core.NOT_EDITED) | set(core.ONLY_IN) <= set(FIELDS)
    names = [c["name"] for c in folders(config)]
    assert names == ["fiches", "prevention", "rapports", "pages"]
    for collection in folders(config):
        fields = fields_by_name(collection)
        expected = [f for f in schema["properties"] if f not in core.NOT_EDITED
                    and collection["name"] in core.ONLY_IN.get(f, {collection["name"]})]
        assert [f["name"] for f in collection["fields"]] == expected + ["body"]
        assert collection["folder"] == f"content/{collection['name']}"
        assert fields["body"]["widget"] == "markdown"
    # A field offered somewhere is offered in every collection but those of ONLY_IN.
    offered = {f["name"] for c in folders(config) for f in c["fields"]}
    assert offered == (set(FIELDS) - set(core.NOT_EDITED)) | {"body"}


def test_required_flags_and_patterns_match_the_schema():
    schema = build_schema({})
    required = set(schema["required"])
    for collection in folders(real_config()):
        for name, field in fields_by_name(collection).items():
            if name == "body":
                continue
            spec = schema["properties"][name]
            assert field["required"] is (name in required), (collection["name"], name)
            items = spec.get("items", {})
            if items.get("type") == "object":
                sub = {f["name"]: f for f in field["fields"]}
                assert list(sub) == list(items["properties"])
                for sub_name, sub_field in sub.items():
                    assert sub_field["required"] is (sub_name in items.get("required", ())), (name, sub_name)
                    if "pattern" in sub_field:
                        assert sub_field["pattern"][0] == items["properties"][sub_name]["pattern"]
            if "pattern" in field:
                assert field["pattern"][0] == spec["pattern"]
    fiches = fields_by_name(real_config()["collections"][0])
    assert fiches["date"]["widget"] == "string" and re.fullmatch(fiches["date"]["pattern"][0], "2026-11-28")
    assert not re.fullmatch(fiches["date"]["pattern"][0], "11/28/2026")
    assert fiches["draft"]["widget"] == "boolean"
    assert fiches["legal_refs"]["widget"] == "list" and fiches["legal_refs"]["field"]["widget"] == "string"
    assert [f["name"] for f in fiches["sources"]["fields"]] == ["title", "url", "page"]


def test_option_lists_come_from_taxonomies_contacts_and_existing_pages():
    taxonomies = load_taxonomies(CONTENT / "data" / "taxonomies.yaml")
    slugs = set()
    for folder in ("fiches", "prevention", "rapports", "pages"):
        for path in (CONTENT / folder).glob("*.md"):
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            if meta.get("draft") is not True:
                slugs.add(path.stem)
    for collection in folders(real_config()):
        fields = fields_by_name(collection)
        for name in ("themes", "audiences"):
            assert fields[name]["widget"] == "select" and fields[name]["multiple"] is True
            assert [(o["value"], o["label"]) for o in fields[name]["options"]] == list(taxonomies[name].items())
        # « Où s’adresser ? »: the directory as it is (a contact published a minute ago is offered).
        assert fields["contacts"]["widget"] == "relation" and fields["contacts"]["multiple"] is True
        assert (fields["contacts"]["collection"], fields["contacts"]["file"]) == ("annuaire", "contacts")
        assert fields["contacts"]["value_field"] == "contacts.*.id"
        assert {o["value"] for o in fields["related"]["options"]} == slugs
        assert fields["related"]["multiple"] is True
        # A source may be a page of the site instead of an address: one page, chosen like `related`.
        source = {f["name"]: f for f in fields["sources"]["fields"]}
        assert source["page"]["widget"] == "select" and source["page"]["multiple"] is False
        assert source["page"]["options"] == fields["related"]["options"]
        assert source["page"]["required"] is False and source["url"]["required"] is False


def test_read_pages_skips_drafts_unreadable_files_and_symlinks(tmp_path):
    (tmp_path / "fiches").mkdir()
    (tmp_path / "fiches" / "a.md").write_text('---\ntitle: "Zèbre"\n---\nx\n', encoding="utf-8")
    (tmp_path / "fiches" / "b.md").write_text('---\ntitle: "Âne"\ndraft: true\n---\nx\n', encoding="utf-8")
    (tmp_path / "fiches" / "c.md").write_text('---\ntitle: "unclosed\n---\nx\n', encoding="utf-8")
    (tmp_path / "fiches" / "d.md").symlink_to(tmp_path / "fiches" / "a.md")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "e.md").write_text('---\ntitle: "abeille"\n---\nx\n', encoding="utf-8")
    assert read_pages(tmp_path) == {"e": "abeille (pages/e)", "a": "Zèbre (fiches/a)"}


def test_read_contacts_keeps_ids_as_text(tmp_path):
    path = tmp_path / "contacts.yaml"
    path.write_text('- id: "17"\n  name: "Police"\n- id: unadfi\n- nope\n', encoding="utf-8")
    assert read_contacts(path) == {"17": "Police (17)", "unadfi": "unadfi (unadfi)"}
    path.write_text("- id: [", encoding="utf-8")
    assert read_contacts(path) == {}


def test_workflow_locale_slugs_uploads_and_backends():
    config = real_config()
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "fr"
    assert config["slug"]["encoding"] == "ascii" and config["slug"]["clean_accents"] is True
    assert config["media_folder"] == "content/pdfs" and config["public_folder"] == "pdfs"
    assert config["backend"] == {**BACKEND, "commit_messages": core.COMMIT_MESSAGES}
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert "local_backend" not in real_config(local_backend=False)
    attachments = fields_by_name(config["collections"][2])["attachments"]
    assert {f["name"]: f["widget"] for f in attachments["fields"]}["file"] == "file"


def test_config_yml_reads_back_as_the_same_config():
    config = real_config()
    assert yaml.safe_load(core.to_yaml(config)) == config


# ---------------------------------------------------------------- page and headers

def test_admin_page_loads_nothing_from_another_host_and_is_not_indexed():
    page = core.index_html()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert not re.search(r"<script>|<style|style=|\son\w+=", page)
    assert '<script src="decap-cms.js"></script>' in page


def test_admin_policy_only_adds_what_decap_needs():
    production, local = core.admin_csp(), core.admin_csp(local_backend=True)
    directives = dict(part.split(" ", 1) for part in production.split("; "))
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    assert directives["connect-src"] == "'self' blob: https://api.github.com"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "127.0.0.1" not in production
    assert local == production.replace("https://api.github.com", "https://api.github.com http://127.0.0.1:8081")
    assert core.admin_headers()["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"


def test_robots_txt_disallows_paths_under_the_site_root():
    assert "Disallow: /admin/\n" in robots_txt("", None, ["/admin/"])
    assert "Disallow: /apercu/pr-12/admin/\n" in robots_txt("https://x.fr/apercu/pr-12/", None, ["/admin/"])


def test_decap_files_are_the_main_file_and_every_chunk(tmp_path):
    dist = fake_dist(tmp_path)
    assert [p.name for p in decap_files(dist)] == ["decap-cms.js", "12.decap-cms.js", "7.decap-cms.js"]
    assert decap_files(tmp_path / "absent") == []


def test_write_admin_writes_page_config_and_chunks(tmp_path):
    out = tmp_path / "out"
    write_admin(out, CONTENT, BACKEND, fake_dist(tmp_path), local_backend=False)
    assert sorted(p.name for p in (out / "admin").iterdir()) == [
        "12.decap-cms.js", "7.decap-cms.js", "config.yml", "decap-cms.js", "editeur.js", "formes.json",
        "index.html", "js-yaml.min.js", "regles.js"]
    assert yaml.safe_load((out / "admin" / "config.yml").read_text("utf-8")) == real_config(False)
    rules = json.loads((out / "admin" / "formes.json").read_text("utf-8"))
    assert rules["order"][:3] == ["title", "summary", "date"] and rules["verify_url"] is None
    assert rules["sub_order"]["sources"] == ["title", "url", "page"] and "3114" in rules["contacts"]
    # The form's own checks of known pages and contacts use the site's lists at build time.
    assert set(rules["references"]["pages"]) == set(read_pages(CONTENT))
    assert rules["references"]["contacts"]["known"] == list(read_contacts(CONTENT / "data" / "contacts.yaml"))
    page = (out / "admin" / "index.html").read_text("utf-8")
    assert page.index("decap-cms.js") < page.index("js-yaml.min.js") < page.index("regles.js") < page.index("editeur.js")


def test_collections_use_the_canonical_format_french_commits_and_the_contact_component():
    config = real_config(False)
    for collection in folders(config):
        assert collection["format"] == core.FORMAT == "miviludes-md"
        body = fields_by_name(collection)["body"]
        assert body["modes"][0] == "raw" and body["editor_components"] == ["contact"]
    assert all(not re.search(r"\b(Create|Update|Delete|Upload)\b", m) for m in config["backend"]["commit_messages"].values())
    script = (Path(core.__file__).parent / "static" / "editeur.js").read_text("utf-8")
    for needle in ('registerCustomFormat("miviludes-md"', 'id: "contact"', 'name: "preSave"'):
        assert needle in script


# ---------------------------------------------------------------- wiring in the build

FICHE = '---\ntitle: "Une fiche"\nsummary: "Un résumé."\ndate: 2026-11-28\n---\n\nUn paragraphe.\n'


def test_build_writes_admin_only_when_asked_with_its_headers(fixture_site, tmp_path):
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE})
    assert errors == [] and not (out / "admin").exists()
    assert "Disallow: /admin/" in (out / "robots.txt").read_text(encoding="utf-8")
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE},
                                  {"ADMIN_CMS": True, "ADMIN_CMS_DIST": str(fake_dist(tmp_path))})
    assert errors == []
    config = yaml.safe_load((out / "admin" / "config.yml").read_text("utf-8"))
    related = fields_by_name(config["collections"][0])["related"]
    assert [o["value"] for o in related["options"]] == ["une-fiche"]  # pages of the built content
    headers = (out / "_headers").read_text(encoding="utf-8")
    block = headers.split("\n/admin/*\n", 1)[1]
    assert f"  ! Content-Security-Policy\n  Content-Security-Policy: {core.admin_csp()}\n" in block
    assert "  Cross-Origin-Opener-Policy: same-origin-allow-popups\n" in block
    # Not linked from the public pages, not in the sitemap.
    for page in out.rglob("*.html"):
        if page.parent.name != "admin":
            assert "/admin" not in page.read_text(encoding="utf-8"), page


def test_build_without_decap_installed_says_how_to_install_it(fixture_site, tmp_path):
    errors, _, _ = fixture_site({"fiches/une-fiche.md": FICHE},
                                {"ADMIN_CMS": True, "ADMIN_CMS_DIST": str(tmp_path / "absent")})
    assert len(errors) == 1 and "make admin-deps" in errors[0]


def test_production_build_keeps_admin_out_of_the_sitemap_and_local_backend_out_of_the_config(tmp_path):
    from conftest import build_fixture_site
    errors, out, _ = build_fixture_site(tmp_path, {"fiches/une-fiche.md": FICHE}, {
        "ADMIN_CMS": True, "ADMIN_CMS_DIST": str(fake_dist(tmp_path)), "ADMIN_LOCAL_BACKEND": False,
        "PLUGINS": __import__("publishconf").PLUGINS, "SITEMAP": __import__("publishconf").SITEMAP,
        "SEO_SITEMAP": "sitemap.xml", "SITEURL": "https://exemple.gouv.fr", "RELATIVE_URLS": False})
    assert errors == []
    assert "/admin" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "Disallow: /admin/" in (out / "robots.txt").read_text(encoding="utf-8")
    assert "noindex" in (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert "local_backend" not in (out / "admin" / "config.yml").read_text(encoding="utf-8")


def test_no_public_page_links_to_the_editor(real_site):
    linked = [p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
              if re.search(r"(?:href|src|action)=\"?[^\"\s>]*/admin(?:/|\")", p.read_text(encoding="utf-8"))]
    assert linked == [] and not (real_site / "admin").exists()


def test_collections_are_the_content_folders_of_the_settings():
    import pelicanconf
    assert [name for name, _, _ in core.COLLECTIONS] == pelicanconf.ARTICLE_PATHS + pelicanconf.PAGE_PATHS
    assert core.MEDIA_FOLDER == "content/" + pelicanconf.STATIC_PATHS[0]


def test_lists_follow_the_data_given():
    config = core.build_config({"themes": {"t1": "Thème un"}, "audiences": {"a1": "Public un"}},
                               {"c1": "Contact un (c1)"}, {"p1": "Page un (pages/p1)"}, BACKEND, False)
    fields = fields_by_name(config["collections"][3])
    assert fields["themes"]["options"] == [{"label": "Thème un", "value": "t1"}]
    assert fields["audiences"]["options"] == [{"label": "Public un", "value": "a1"}]
    assert fields["contacts"]["widget"] == "relation"  # the directory itself, not a frozen list
    assert fields["related"]["options"] == [{"label": "Page un (pages/p1)", "value": "p1"}]
    assert "template" in fields and "period" not in fields


# ---------------------------------------------------------------- production sign-in and placement (issue 20)

def test_production_refuses_a_missing_or_plain_http_sign_in_address():
    for url in ("", "  ", "http://auth.exemple.gouv.fr", "auth.exemple.gouv.fr"):
        backend, problems = core.production_backend(BACKEND, url)
        assert len(problems) == 1 and "base_url" not in backend, url
    assert "api.netlify.com" in core.production_backend(BACKEND, "")[1][0]
    backend, problems = core.production_backend(BACKEND, "https://auth.exemple.gouv.fr/")
    assert problems == [] and backend["base_url"] == "https://auth.exemple.gouv.fr"
    assert backend["auth_scope"] == "public_repo" and backend["squash_merges"] is True
    assert backend["repo"] == BACKEND["repo"] and "base_url" not in BACKEND  # the input is not changed
    assert core.production_backend(BACKEND, "https://a.fr", "admin:org")[1]  # unknown scope refused


def test_admin_is_placed_only_where_frame_protection_holds():
    assert core.admin_placement("", "") == "site" and core.admin_placement("nginx", "") == "site"
    assert core.admin_placement("github-pages", "") == "none"
    assert core.admin_placement("GitHub-Pages", "https://editeur.exemple.gouv.fr") == "own-origin"


def test_admin_page_carries_its_policy_in_a_meta_tag():
    import html as html_lib
    page = core.index_html()
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert html_lib.unescape(meta) == core.admin_csp(meta=True)
    assert "frame-ancestors" not in meta and "127.0.0.1" not in meta
    local = core.index_html(local_backend="http://127.0.0.1:8093/api/v1")
    assert "connect-src &#x27;self&#x27; blob: https://api.github.com http://127.0.0.1:8093;" in local


def test_production_build_without_sign_in_address_fails(tmp_path, fixture_site):
    dist = str(fake_dist(tmp_path))
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE}, {
        "ADMIN_CMS": True, "ADMIN_CMS_DIST": dist, "ADMIN_PRODUCTION": True, "ADMIN_OAUTH_URL": ""})
    assert len(errors) == 1 and "MIVILUDES_OAUTH_URL" in errors[0] and not (out / "admin").exists()
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE}, {
        "ADMIN_CMS": True, "ADMIN_CMS_DIST": dist, "ADMIN_PRODUCTION": True,
        "ADMIN_OAUTH_URL": "https://auth.exemple.gouv.fr"})
    assert errors == []
    backend = yaml.safe_load((out / "admin" / "config.yml").read_text("utf-8"))["backend"]
    assert backend["base_url"] == "https://auth.exemple.gouv.fr" and backend["auth_scope"] == "public_repo"


def test_admin_on_github_pages_is_not_published_and_own_origin_gets_its_folder(tmp_path, fixture_site):
    base = {"ADMIN_CMS": True, "ADMIN_CMS_DIST": str(fake_dist(tmp_path))}
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE}, {**base, "ADMIN_HOST": "github-pages"})
    assert errors == [] and not (out / "admin").exists()
    own = tmp_path / "output-admin"
    errors, out, _ = fixture_site({"fiches/une-fiche.md": FICHE}, {
        **base, "ADMIN_HOST": "github-pages", "ADMIN_OWN_ORIGIN_URL": "https://editeur.exemple.gouv.fr",
        "ADMIN_OWN_ORIGIN_OUTPUT": str(own)})
    assert errors == [] and not (out / "admin").exists()
    assert {"index.html", "config.yml", "decap-cms.js", "_headers"} <= {p.name for p in own.iterdir()}
    headers = (own / "_headers").read_text(encoding="utf-8")
    assert "X-Frame-Options: DENY" in headers and "frame-ancestors 'none'" in headers


def test_nginx_example_of_the_editor_on_its_own_origin_sends_the_headers_file():
    text = (ROOT / "deploy" / "nginx-admin.conf").read_text(encoding="utf-8")
    sent = dict(re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;$', text, re.M))
    written = dict(re.findall(r"^  ([\w-]+): (.+)$", core.own_origin_headers(), re.M))
    assert sent == written

def test_the_lists_editors_own_are_editable_in_their_own_style():
    config = real_config()
    lists = next(c for c in config["collections"] if c["name"] == "listes")
    assert lists["name"] == "listes" and lists["format"] == core.LISTS["format"] == "miviludes-listes"
    files = {f["name"]: f for f in lists["files"]}
    assert files["taxonomies"]["file"] == "content/data/taxonomies.yaml"
    assert files["synonymes"]["file"] == "content/data/synonymes.yaml"
    themes = fields_by_name(files["taxonomies"])["themes"]
    assert re.fullmatch(themes["fields"][0]["pattern"][0], "grand-public")
    assert not re.fullmatch(themes["fields"][0]["pattern"][0], "Grand public")
    assert fields_by_name(files["synonymes"])["groupes"]["field"]["widget"] == "list"
    script = (Path(core.__file__).parent / "static" / "editeur.js").read_text("utf-8")
    assert 'registerCustomFormat("miviludes-listes"' in script


def collection(name: str) -> dict:
    return next(c for c in real_config()["collections"] if c["name"] == name)


def test_the_directory_and_the_distress_list_are_edited_with_fields_from_the_contact_schema():
    """content/data/contacts.yaml: every field of the contact JSON Schema (plugins/contacts), with its
    required flag, its allowed values and its pattern; detresse.yaml: situations whose contacts are
    chosen in the directory."""
    from plugins.common.rules.contacts import CHANNEL_KINDS, CONTACT_SCHEMA, KINDS
    annuaire = collection("annuaire")
    assert annuaire["format"] == "miviludes-annuaire"
    files = {f["name"]: f for f in annuaire["files"]}
    assert files["contacts"]["file"] == "content/data/contacts.yaml"
    assert files["detresse"]["file"] == "content/data/detresse.yaml"
    contact = fields_by_name(fields_by_name(files["contacts"])["contacts"])
    assert [n for n in contact if n != "_commentaire"] == list(CONTACT_SCHEMA["properties"])
    for name in CONTACT_SCHEMA["properties"]:
        assert contact[name]["required"] is (name in CONTACT_SCHEMA["required"]), name
    assert [o["value"] for o in contact["kind"]["options"]] == list(KINDS)
    channel = fields_by_name(contact["channels"])
    assert [o["value"] for o in channel["kind"]["options"]] == list(CHANNEL_KINDS)
    e164 = fields_by_name(contact["phone"])["e164"]["pattern"][0]
    assert re.fullmatch(e164, "+33800005696") and re.fullmatch(e164, "17") and not re.fullmatch(e164, "0800005696")
    assert re.fullmatch(contact["id"]["pattern"][0], "unadfi") and not re.fullmatch(contact["id"]["pattern"][0], "Unadfi")
    assert not re.fullmatch(contact["source"]["field"]["pattern"][0], "http://exemple.fr")
    area = contact["area"]["pattern"][0]
    assert re.fullmatch(area, "national") and re.fullmatch(area, "13, 2A") and not re.fullmatch(area, "13, Marseille")
    situation = fields_by_name(fields_by_name(files["detresse"])["situations"])
    assert situation["contacts"]["widget"] == "relation" and situation["contacts"]["multiple"] is True


def run_format(tmp_path, name: str, path: Path) -> str:
    """toFile(fromFile(file)) of the editor's format `name` (static/editeur.js, run by Node)."""
    import subprocess
    from plugins.admin_cms import js_yaml
    from plugins.common.rules.contacts import FIELDS as contact_order
    rules = tmp_path / "formes.json"
    rules.write_text(json.dumps(form_rules.form_rules({}, None, None, contact_order)), encoding="utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "plugins" / "run_editor_format.js"),
                           str(Path(core.__file__).parent / "static" / "editeur.js"),
                           str(js_yaml(Path(DEFAULTS_DIST))), str(rules), name, str(path)],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_the_directory_files_are_in_the_form_the_editor_writes(tmp_path):
    """Saving contacts.yaml or detresse.yaml unchanged from the editor writes the same bytes (each
    comment kept): so one changed field is one changed line for the reviewers."""
    for name in ("contacts.yaml", "detresse.yaml"):
        path = CONTENT / "data" / name
        assert run_format(tmp_path, "miviludes-annuaire", path) == path.read_text(encoding="utf-8"), name
    # A contact written by the editor: one field per line, the area as the schema wants it.
    added = (CONTENT / "data" / "contacts.yaml").read_text(encoding="utf-8") + (
        '\n- id: "essai"\n  area: [\"13\"]\n')
    sample = tmp_path / "contacts.yaml"
    sample.write_text(added, encoding="utf-8")
    assert run_format(tmp_path, "miviludes-annuaire", sample).endswith('\n\n- id: "essai"\n  area: ["13"]\n')



# Mistakes of issue 22 that one entry shows (field, value): refused by the form itself in production.
FORM_MISTAKES = (
    ("summary", "     "), ("summary", "Un résumé beaucoup trop long. " * 70), ("title", "<b>Un titre</b>"),
    ("title", "x" * 151), ("url", "haute-vienne.gouv.fr"), ("url", "javascript:alert(1)"),
    ("url", "https://haute-vienne.gouv.fr/les derives"), ("body", "## Titre\n\nTODO : finir ce texte.\n"),
    ("summary", "Un résumé à compléter, FIXME."), ("date", "11/28/2026"), ("period", "2022 à 2024"),
    ("sources_title", "<i>Source</i>"),
)


def test_the_form_checks_one_entry_without_server_with_the_messages_of_make_check(tmp_path):
    """Production (no save check on the forge): formes.json carries tests and messages produced by the
    content checks themselves (form_rules.form_checks); static/editeur.js refuses each mistake with exactly a
    message that `make check` prints for that entry, and accepts a good entry."""
    from plugins.common.rules.canonical import canonical_text
    from plugins.common.rules.frontmatter import parse
    from plugins.common.rules.schema import validate
    good = {"title": "Une fiche d’essai", "summary": "Un résumé simple.", "date": "2026-11-28",
            "sources": [{"title": "Une source", "url": "https://exemple.fr/page"}], "body": "## Partie\n\nUn texte."}
    entries = [good]
    for field, value in FORM_MISTAKES:
        entry = json.loads(json.dumps(good))
        if field == "url":
            entry["sources"][0]["url"] = value
        elif field == "sources_title":
            entry["sources"][0]["title"] = value
        else:
            entry[field] = value
        entries.append(entry)
    data = tmp_path / "entrees.json"
    data.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    found = json.loads(run_format(tmp_path, "localErrors", data))
    assert found[0] == []
    for (field, value), entry, messages in zip(FORM_MISTAKES, entries[1:], found[1:]):
        body = entry.pop("body")
        doc = parse(canonical_text(entry, body).encode("utf-8"), "essai.md")
        expected = {e.message for e in validate(doc)}
        assert messages, (field, value)
        assert set(messages) <= expected, (field, value, messages, expected)


def run_local_errors(tmp_path, entries: list, pages=(), drafts=()) -> list[list[str]]:
    """The form's own messages (static/editeur.js localErrors, run by Node) for each entry, with the
    formes.json the build writes for the real content (its contacts, pages and drafts)."""
    import subprocess
    from plugins.admin_cms import js_yaml
    rules = tmp_path / "formes-reelles.json"
    rules.write_text(json.dumps(form_rules.form_rules(
        read_contacts(CONTENT / "data" / "contacts.yaml"), None, None, (),
        [*read_pages(CONTENT), *pages], [*read_pages(CONTENT, drafts=True), *drafts])), encoding="utf-8")
    data = tmp_path / "entrees-reelles.json"
    data.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "plugins" / "run_editor_format.js"),
                           str(Path(core.__file__).parent / "static" / "editeur.js"),
                           str(js_yaml(Path(DEFAULTS_DIST))), str(rules), "localErrors", str(data)],
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def _entry_text(entry: dict) -> str:
    from plugins.common.rules.canonical import canonical_text
    meta = {k: v for k, v in entry.items() if k != "body"}
    return canonical_text(meta, entry["body"])


def test_the_form_refuses_date_order_unknown_pages_and_contacts_and_markup_as_make_check_does(tmp_path):
    """Production form (no save check): an entry with an update before its publication, a `related`
    page and contacts that do not exist, and refused markup in its body is refused by editeur.js,
    each message one that `make check` (tools/serve_verify.verify_file: the real checks on the real
    content) prints for that very file; the rules come from formes.json (plugins/admin_cms/form_rules)."""
    import serve_verify
    known_page = next(iter(read_pages(CONTENT)))
    known_contact = next(iter(read_contacts(CONTENT / "data" / "contacts.yaml")))
    bad = {"title": "Une fiche d’essai", "summary": "Un résumé simple.", "date": "2026-11-28",
           "updated": "2026-11-01",
           "body": ("## Partie\n\nUn texte <span onclick=\"x()\" style=\"color: red\">rouge</span> et "
                    "<marquee>défilant</marquee>.\n\n<iframe src=\"https://exemple.fr/\"></iframe>\n\n"
                    "# Un titre de niveau 1\n\n<script>alert(1)</script>\n\n"
                    "Du code `<script>` permis.\n\n#### Trop bas\n\nUn [lien](javascript:alert(1)) et "
                    "![Une affiche](https://exemple.fr/affiche.png).\n")}
    good = {"title": "Une fiche d’essai", "summary": "Un résumé simple.", "date": "2026-11-28",
            "updated": "2026-11-30", "related": [known_page], "contacts": [known_contact],
            "body": f"## Partie\n\nUn texte <em>simple</em>.\n\n[[contact:{known_contact}]]\n\n```\n<script>\n```\n"}
    # A file in error is not resolved further by make check (one mistake, one message): the unknown
    # pages and contacts are checked on an entry that has no other mistake.
    refs = {**good, "related": [known_page, "page-qui-n-existe-pas"], "contacts": [known_contact, "unadfy"],
            "body": good["body"] + "\n[[contact:zzzz-inconnu]]\n"}
    found_bad, found_refs, found_good = run_local_errors(tmp_path, [bad, refs, good])
    assert found_good == []
    rel = "content/fiches/essai-formulaire.md"
    for entry, found in ((bad, found_bad), (refs, found_refs)):
        expected = {e.split(": ", 1)[1] for e in serve_verify.verify_file(CONTENT, rel, _entry_text(entry))}
        assert found and set(found) <= expected, (set(found) - expected, expected)
    found_bad += found_refs
    for part in ("« updated » (2026-11-01) est antérieure", "« page-qui-n-existe-pas »", "« unadfy » n’est pas un contact",
                 "vouliez-vous dire « unadfi »", "« zzzz-inconnu »", "attribut « onclick »", "attribut « style »",
                 "<marquee>", "<iframe>", "<script>", "titre de niveau 1", "intertitre de niveau 4 juste après un niveau 2",
                 "« javascript:alert(1) » interdite", "« https://exemple.fr/affiche.png » hébergée"):
        assert [m for m in found_bad if part in m], (part, found_bad)


def test_the_form_accepts_every_page_make_check_accepts_and_says_the_draft_message(tmp_path):
    """No false refusal: every content page of the site (accepted by make check) passes the form's
    own checks; a `related` draft gets plugins/site_structure's own message for drafts."""
    from plugins.common.rules.frontmatter import parse
    from plugins.site_structure.core import unresolved_message
    entries = []
    for path in sorted(CONTENT.glob("*/*.md")):
        doc = parse(path.read_bytes(), str(path))
        meta = json.loads(json.dumps(doc.metadata, default=str))
        entries.append({**meta, "body": doc.body})
    draft = {"title": "Essai", "summary": "Un résumé.", "date": "2026-11-28", "related": ["un-brouillon"],
             "body": "Un texte."}
    found = run_local_errors(tmp_path, [*entries, draft], drafts=["un-brouillon"])
    assert len(entries) > 10 and found[:-1] == [[]] * len(entries), [f for f in found if f]
    assert found[-1] == [unresolved_message("« related »", "un-brouillon", True)]


def test_the_form_suggests_the_contact_make_check_suggests(tmp_path):
    """editeur.js's port of difflib.get_close_matches gives, for typos and unrelated words, exactly
    the « vouliez-vous dire » of plugins/contacts (the message of make check)."""
    import random

    from plugins.contacts import references
    known = list(read_contacts(CONTENT / "data" / "contacts.yaml"))
    rng = random.Random(22)
    words = ["unadfy", "3115", "ccm", "gempi", "miviludes", "psy", "caffe", "cnap", "zzzz", "119a", "1"]
    for cid in known:
        chars = list(cid)
        chars[rng.randrange(len(chars))] = rng.choice("abcxyz0123456789-")
        words.append("".join(chars))
        words.append(cid[::-1])
    entries = [{"title": "Essai", "summary": "Un résumé.", "date": "2026-11-28", "contacts": [w], "body": "Texte."}
               for w in words if w not in known]
    found = run_local_errors(tmp_path, entries)
    for entry, messages in zip(entries, found):
        assert messages == [references.unknown_id_message(entry["contacts"][0], known)], entry["contacts"]
