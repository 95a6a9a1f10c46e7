"""The web editor /admin/ (Decap CMS) end to end in Chromium, on its local backend (decap-server).

decap-server works on a temporary git copy of content/ (the real repository is never touched), in
`git` mode: the editorial workflow opens a branch per entry and publishing merges it. A fiche made
through the interface must land in content/fiches/, pass the content checks (tools/check.py) and
show in a build of that content. The admin is served with its own security policy (the one of
deploy/nginx.conf, plus decap-server on 127.0.0.1).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from admin_editor import (PRECISE_SOURCE, SLUG, TITLE, WORDS, changed_files, choose, choose_last,
                          edit_summary, editor_fixture, front_matter, git, on_main, open_entry,
                          publish_through_the_workflow, settle)
from conftest import ROOT, build_site
from format_content import format_folder

assert editor_fixture  # the `editor` fixture (admin_editor.py), used by every test below


def test_a_fiche_made_in_the_browser_is_published_checked_and_built(editor, browser, tmp_path):
    url, repo = editor
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    outside, dialogs, violations = [], [], []
    pg.on("request", lambda r: r.url.startswith("http://127.0.0.1:") or r.url.startswith(("blob:", "data:"))
          or outside.append(r.url))
    pg.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").click()
        pg.get_by_label("Titre").fill(TITLE)
        pg.get_by_label("Résumé").fill("Une promesse de guérison sans preuve peut cacher une emprise : "
                                       "parlez-en à un médecin.")
        pg.locator("[id^=date-field-]").fill("2026-11-28")
        pg.locator("[id^=review_by-field-]").fill("2027-11-28")
        choose(pg, "themes", "Santé")
        choose(pg, "audiences", "Grand public")
        choose(pg, "related", "emprise")
        choose(pg, "related", "indicateurs")
        choose_last(pg, "contacts", "unadfi", "UNADFI – Union nationale des associations de défense des familles et de l’individu victimes de sectes")
        pg.get_by_role("button", name="Ajouter sources").click()
        pg.locator("[id^=title-field-]").nth(1).fill("Préfecture de la Haute-Vienne, les dérives sectaires")
        pg.locator("[id^=url-field-]").fill(PRECISE_SOURCE)
        body = "## De quoi parle-t-on ?\n\n" + WORDS * 6 + "\n\n## Que faire ?\n\n" + WORDS * 6
        pg.locator("[data-slate-editor]").fill(body)
        # The preview pane: the page laid out as the site does (title, « En bref », text), in French.
        preview = pg.frame_locator("iframe").last
        preview.locator("h1", has_text=TITLE).wait_for(timeout=30_000)
        preview.get_by_text("En bref", exact=True).wait_for()
        preview.locator("h2", has_text="Que faire ?").wait_for()
        assert "Publié le 28 novembre 2026" in preview.locator(".dates").inner_text()
        assert preview.locator(".contacts li").first.inner_text().startswith("UNADFI")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Entrée enregistrée").wait_for(timeout=90_000)
        # Editorial workflow: a branch for the entry, nothing on main yet.
        assert f"cms/fiches/{SLUG}" in git(repo, "branch", "--list")
        assert on_main(repo, f"content/fiches/{SLUG}.md") is False
        publish_through_the_workflow(pg)
    except Exception:
        pg.screenshot(path="/tmp/i22_fail1.png")
        raise
    finally:
        context.close()
    assert dialogs == ["Voulez-vous vraiment publier cette entrée ?"]
    assert outside == [] and violations == []

    settle(repo, f"content/fiches/{SLUG}.md")
    fiche = repo / "content" / "fiches" / f"{SLUG}.md"
    text = fiche.read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""  # merged and committed on main
    assert re.search(r"^date: 2026-11-28$", text, re.M) and "## Que faire ?" in text
    assert re.search(r'^related: \["emprise", "indicateurs"\]$', text, re.M)
    assert format_folder(repo / "content", check=True) == ([], [])  # written in the canonical form

    import check
    result = check.run_checks(content=str(repo / "content"))
    assert result.errors == []
    out = tmp_path / "output"
    assert build_site(out, overrides={"PATH": str(repo / "content"), "PRINTABLE_PDFS": False}) == []
    page = (out / "fiches" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "promesse de guérison miracle" in page


def test_a_pdf_uploaded_with_a_report_goes_through_review_and_passes_the_checks(editor, browser, tmp_path):
    """Uploads from an entry's form go with that entry (its branch), into content/pdfs/."""
    from pdf_fixtures import pdf_bytes
    url, repo = editor
    pdf = tmp_path / "rapport-essai-2025.pdf"
    pdf.write_bytes(pdf_bytes(("Rapport d’essai",), title="Rapport d’essai 2025", lang="fr", tagged=True))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("Rapports", exact=True).first.click()
        pg.get_by_text("＋ Rapport").click()
        pg.get_by_label("Titre").first.fill("Rapport d’essai 2025")
        pg.get_by_label("Résumé").fill("Un rapport d’essai déposé depuis l’éditeur en ligne.")
        pg.locator("[id^=date-field-]").fill("2026-11-28")
        pg.locator("[id^=period-field-]").fill("2025")
        pg.get_by_role("button", name="Ajouter documents pdf").click()
        pg.locator("[id^=title-field-]").nth(1).fill("Rapport d’essai 2025 (texte intégral)")
        pg.get_by_text("Choisir un fichier").click()
        with pg.expect_file_chooser() as chooser:
            pg.get_by_text("Téléverser une nouvelle ressource").click()
        chooser.value.set_files(str(pdf))
        pg.get_by_text(pdf.name).wait_for()
        pg.get_by_role("button", name="Choisir les éléments sélectionnés").click()
        pg.locator("[data-slate-editor]").fill("## De quoi s’agit-il ?\n\nUn rapport d’essai.")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Entrée enregistrée").wait_for(timeout=90_000)
        assert on_main(repo, f"content/pdfs/{pdf.name}") is False  # in the entry's branch only
        publish_through_the_workflow(pg)
    finally:
        context.close()
    settle(repo, "content/rapports/rapport-d-essai-2025.md")
    assert (repo / "content" / "pdfs" / pdf.name).read_bytes() == pdf.read_bytes()
    text = (repo / "content" / "rapports" / "rapport-d-essai-2025.md").read_text(encoding="utf-8")
    assert f'file: "pdfs/{pdf.name}"' in text and "url:" not in text and "\n## De quoi s’agit-il ?\n" in text
    import check
    assert check.run_checks(content=str(repo / "content")).errors == []


def test_a_waiting_draft_never_changes_a_file_it_did_not_edit(editor, browser):
    """Draft A saved; draft B saved and published; A opened again shows A's own text, edited and
    published: main holds both changes and nothing else (issue 22: decap-server took every change of
    main since A was saved for part of A and undid B)."""
    url, repo = editor
    start = git(repo, "rev-parse", "main").strip()
    # A sorts after B: decap-server's old two-dot diff listed B's file first in A's draft. A holds a
    # contact card ([[contact:3114]]), which must come back unescaped.
    first = (repo / "content" / "fiches" / "sortir-d-un-groupe.md").read_text(encoding="utf-8")
    second = (repo / "content" / "fiches" / "emprise.md").read_text(encoding="utf-8")
    assert "\n[[contact:3114]]\n" in first
    summary_a = "Quitter un groupe qui exerçait une emprise est une étape difficile (brouillon A)."
    summary_b = "L’emprise prive une personne d’une partie de son libre arbitre (brouillon B)."
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").wait_for()
        edit_summary(pg, url, "fiches", "sortir-d-un-groupe", summary_a)
        edit_summary(pg, url, "fiches", "emprise", summary_b)
        publish_through_the_workflow(pg)
        assert changed_files(repo, start, {"content/fiches/emprise.md"}) == {"content/fiches/emprise.md"}
        # A again: its own text in the form, not another page's.
        open_entry(pg, url, "fiches", "sortir-d-un-groupe")
        field = pg.get_by_label("Résumé")
        assert field.input_value() == summary_a
        assert pg.get_by_label("Titre").first.input_value() == "Sortir d'un groupe et se reconstruire"
        field.fill(summary_a + " Mis à jour.")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Entrée enregistrée").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
    except Exception:
        pg.screenshot(path="/tmp/i22_fail.png")
        raise
    finally:
        context.close()
    both = {"content/fiches/emprise.md", "content/fiches/sortir-d-un-groupe.md"}
    assert changed_files(repo, start, both) == both
    assert git(repo, "status", "--porcelain") == ""
    now_first = front_matter((repo / "content" / "fiches" / "sortir-d-un-groupe.md").read_text(encoding="utf-8"))
    now_second = front_matter((repo / "content" / "fiches" / "emprise.md").read_text(encoding="utf-8"))
    assert now_first.pop("summary") == summary_a + " Mis à jour."
    assert now_second.pop("summary") == summary_b  # B not undone by A
    # Nothing else of either page changed (front matter and text).
    old_first, old_second = front_matter(first), front_matter(second)
    old_first.pop("summary"), old_second.pop("summary")
    assert now_first == old_first and now_second == old_second
    assert git(repo, "branch", "--list", "cms/fiches/emprise", "cms/fiches/sortir-d-un-groupe") == ""
    # One changed sentence, one changed line (the files are in the form the editor writes).
    assert sorted(git(repo, "diff", "--numstat", start, "main").splitlines()) == [
        "1\t1\tcontent/fiches/emprise.md", "1\t1\tcontent/fiches/sortir-d-un-groupe.md"]
    assert "\n[[contact:3114]]\n" in (repo / "content" / "fiches" / "sortir-d-un-groupe.md").read_text(encoding="utf-8")


# Each mistake of issue 22 (field, value, part of the message `make check` prints for it).
MISTAKES = (
    ("summary", "     ", "« summary » est vide"),
    ("summary", "Un résumé beaucoup trop long. " * 70, "« summary » est trop long (au plus"),
    ("url", "haute-vienne.gouv.fr", "l’adresse ne commence pas par https://"),
    ("url", "javascript:alert(1)", "adresse en « javascript: » refusée"),
    ("url", "https://haute-vienne.gouv.fr/les derives", "l’adresse contient une espace"),
    ("title", "<b>Un titre en gras</b>", "« title » contient une balise HTML"),
    ("body", "## Titre\n\nUn texte.\n\n<script>alert(1)</script>\n", "balise <script> interdite"),
    ("body", "## Titre\n\nTODO : finir ce texte.\n", "marque de texte inachevé « TODO »"),
)


def test_each_mistake_is_refused_in_the_form_with_the_message_of_make_check(editor, browser):
    """Issue 22: the form enforced only « required »; every rule of `make check` that can be checked
    on one entry now blocks the save, with the message `make check` prints (tools/serve.py runs the
    checks on the file the editor is about to write)."""
    url, repo = editor
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    good = {"title": "Une fiche d’essai pour les règles", "summary": "Un résumé simple de la fiche d’essai.",
            "url": PRECISE_SOURCE, "body": "## De quoi parle-t-on ?\n\n" + WORDS * 4}

    def fill(field: str, value: str) -> None:
        if field == "body":
            editor_box = pg.locator("[data-slate-editor]")
            editor_box.click()
            pg.keyboard.press("Control+A")
            pg.keyboard.press("Delete")
            editor_box.fill(value)
        elif field == "url":
            box = pg.locator("[id^=url-field-]")
            box.fill("")
            box.fill(value)
            assert box.input_value() == value
        elif field == "title":
            pg.locator("[id^=title-field-]").first.fill(value)
        else:
            pg.get_by_label("Résumé").fill(value)

    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").click()
        pg.locator("[id^=date-field-]").fill("2026-11-28")
        pg.get_by_role("button", name="Ajouter sources").click()
        pg.locator("[id^=title-field-]").nth(1).fill("Préfecture de la Haute-Vienne, les dérives sectaires")
        for field, value in good.items():
            fill(field, value)
        for field, value, message in MISTAKES:
            fill(field, value)
            pg.get_by_role("button", name="Enregistrer").click()
            pg.get_by_text(message).first.wait_for(timeout=60_000)
            assert git(repo, "branch", "--list", "cms/fiches/une-fiche-d-essai*") == "", message
            fill(field, good[field])
    except Exception:
        pg.screenshot(path="/tmp/i22_fail.png")
        raise
    finally:
        context.close()


def test_a_synonym_group_and_a_theme_are_added_from_the_editor_one_line_each(editor, browser):
    """content/data/synonymes.yaml and taxonomies.yaml in the editor (« Listes du site »): each file
    keeps its comments and style, an added entry is one added line, and `make check` accepts it."""
    url, repo = editor
    start = git(repo, "rev-parse", "main").strip()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").wait_for()
        pg.goto(f"{url}#/collections/listes/entries/synonymes")
        pg.reload()
        pg.get_by_role("button", name="Ajouter groupes de synonymes").click()
        pg.locator("[id^=mots-field-]").last.fill("gourou, maître spirituel")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
        settle(repo, "content/data/synonymes.yaml")
        assert changed_files(repo, start, {"content/data/synonymes.yaml"}) == {"content/data/synonymes.yaml"}
        pg.goto(f"{url}#/collections/listes/entries/taxonomies")
        pg.reload()
        pg.get_by_role("button", name="Ajouter thèmes").click()
        pg.locator("[id^=id-field-]:visible").last.fill("famille")
        pg.locator("[id^=label-field-]:visible").last.fill("Famille et proches")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
    except Exception:
        pg.screenshot(path="/tmp/i22_fail_lists.png")
        raise
    finally:
        context.close()
    both = {"content/data/synonymes.yaml", "content/data/taxonomies.yaml"}
    assert changed_files(repo, start, both) == both
    assert sorted(git(repo, "diff", "--numstat", start, "main").splitlines()) == [
        "1\t0\tcontent/data/synonymes.yaml", "1\t0\tcontent/data/taxonomies.yaml"]
    diff = git(repo, "diff", start, "main")
    assert "\n+  - [gourou, maître spirituel]\n" in diff and '\n+  famille: "Famille et proches"\n' in diff
    import check
    assert check.run_checks(content=str(repo / "content")).errors == []


def test_a_contact_added_in_the_directory_is_checked_then_chosen_in_a_fiche(editor, browser):
    """content/data/contacts.yaml in the editor (« Annuaire d’aide »): a contact is added with the
    form; a phone whose displayed digits differ from the dialled ones is refused with the message of
    `make check`; once published, the contact is offered in « Où s’adresser ? » of a fiche and both
    changes reach main, each as the lines it adds, and `make check` accepts the result."""
    url, repo = editor
    start = git(repo, "rev-parse", "main").strip()
    name = "Association d’essai de l’annuaire"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    try:
        pg.goto(url)
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").wait_for()
        pg.goto(f"{url}#/collections/annuaire/entries/contacts")
        pg.reload()
        pg.get_by_role("button", name=re.compile(r"^Ajouter contact")).click()
        pg.locator("[id^=id-field-]:visible").last.fill("essai-annuaire")
        pg.locator("[id^=name-field-]:visible").last.fill(name)
        choose_last(pg, "kind", "Association")
        pg.locator("[id^=description-field-]:visible").last.fill("Une association d’essai, ajoutée depuis l’éditeur.")
        pg.locator("[id^=e164-field-]:visible").first.fill("+33800005696")
        pg.locator("[id^=display-field-]:visible").first.fill("0 800 005 697")  # one digit off
        pg.locator("[id^=area-field-]:visible").last.fill("13")
        pg.get_by_role("button", name=re.compile(r"^Ajouter sources")).last.click()
        pg.locator("[id^=adresse-field-]:visible").last.fill("https://unadfi.org/qui-sommes-nous/historique-de-l-unadfi")
        pg.locator("[id^=verified-field-]:visible").last.fill("2026-11-28")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("ne correspond pas au numéro composé « +33800005696 »").first.wait_for(timeout=60_000)
        assert git(repo, "branch", "--list", "cms/annuaire/*") == ""  # nothing saved
        display = pg.locator("[id^=display-field-]:visible").first
        display.fill("")
        display.fill("0 800 005 696")
        assert display.input_value() == "0 800 005 696"
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
        settle(repo, "content/data/contacts.yaml")
        assert changed_files(repo, start, {"content/data/contacts.yaml"}) == {"content/data/contacts.yaml"}
        open_entry(pg, url, "fiches", "derive-sectaire")
        choose_last(pg, "contacts", "essai", name)
        # The choice is in the field (a multi-value label) before saving.
        pg.locator("[id^=contacts-field-]:visible").last.locator("xpath=ancestor::div[contains(@class, 'control')][1]") \
            .get_by_text(name, exact=True).wait_for(timeout=30_000)
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
    except Exception:
        pg.screenshot(path="/tmp/i22_fail_contact.png")
        raise
    finally:
        context.close()
    both = {"content/data/contacts.yaml", "content/fiches/derive-sectaire.md"}
    assert changed_files(repo, start, both) == both
    numstat = {line.split("\t")[2]: line.split("\t")[:2]
               for line in git(repo, "diff", "--numstat", start, "main").splitlines()}
    assert numstat["content/fiches/derive-sectaire.md"] == ["1", "1"]
    assert numstat["content/data/contacts.yaml"][1] == "0"  # lines added, none rewritten
    directory = (repo / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8")
    assert ('\n\n- id: "essai-annuaire"\n  name: "Association d’essai de l’annuaire"\n  kind: "association"\n'
            in directory)
    assert '  phone: {e164: "+33800005696", display: "0 800 005 696"}\n  area: ["13"]\n' in directory
    fiche = (repo / "content" / "fiches" / "derive-sectaire.md").read_text(encoding="utf-8")
    assert re.search(r'^contacts: \[.*"essai-annuaire"\]$', fiche, re.M)
    import check
    assert check.run_checks(content=str(repo / "content")).errors == []


# The mistakes of issue 22, and those the production form now reads in the body too (image without
# alternative text, skipped heading level, a link to code): (field, value) refused in the form itself.
PRODUCTION_MISTAKES = (
    ("summary", "     "), ("summary", "Un résumé beaucoup trop long. " * 70),
    ("url", "haute-vienne.gouv.fr"), ("url", "javascript:alert(1)"),
    ("url", "https://haute-vienne.gouv.fr/les derives"), ("title", "<b>Un titre en gras</b>"),
    ("body", "## Titre\n\nUn texte.\n\n<script>alert(1)</script>\n"),
    ("body", "## Titre\n\nTODO : finir ce texte.\n"),
    ("body", "## Titre\n\nUne affiche : ![](../images/affiche.png)\n"),
    ("body", "## Titre\n\nUn texte.\n\n#### Trop bas\n\nSuite.\n"),
    ("body", "## Titre\n\nUn [lien](javascript:alert(1)) piégé.\n"),
)


def make_check_messages(entries: list[dict]) -> list[list[str]]:
    """The messages of `make check` (tools/check.run_checks, once) for each entry written as a fiche
    beside a copy of the real content (canonical form, as the editor writes it)."""
    import tempfile

    import check
    from plugins.common.rules.canonical import canonical_text
    with tempfile.TemporaryDirectory(prefix="formulaire-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        for index, entry in enumerate(entries):
            meta = {k: v for k, v in entry.items() if k != "body"}
            (content / "fiches" / f"essai-{index:02d}.md").write_text(canonical_text(meta, entry["body"]),
                                                                      encoding="utf-8")
        found: list[list[str]] = [[] for _ in entries]
        for message in check.run_checks(content=str(content)).errors:
            match = re.match(r"^.*?essai-(\d{2})\.md:\d+: (.*)$", message, re.S)
            assert match, message
            found[int(match.group(1))].append(match.group(2))
    return found


def test_the_production_form_refuses_each_mistake_with_the_message_of_make_check(editor, browser):
    """Issue 22 in production (the editor on the forge, no save check): each mistake of the issue and
    the body's images without alternative text, skipped headings and links to code are refused by the
    form itself (formes.json, static/regles.js), with a message `make check` prints for that entry."""
    url, repo = editor
    url = url.replace("/admin/", "/production/admin/")
    good = {"title": "Une fiche d’essai en production", "summary": "Un résumé simple de la fiche d’essai.",
            "url": PRECISE_SOURCE, "body": "## De quoi parle-t-on ?\n\n" + WORDS * 4}
    base = {"title": good["title"], "summary": good["summary"], "date": "2026-11-28",
            "sources": [{"title": "Préfecture de la Haute-Vienne, les dérives sectaires", "url": PRECISE_SOURCE}],
            "body": good["body"]}
    entries = []
    for field, value in PRODUCTION_MISTAKES:
        entry = json.loads(json.dumps(base))
        if field == "url":
            entry["sources"][0]["url"] = value
        else:
            entry[field] = value
        entries.append(entry)
    expected = make_check_messages(entries)
    assert all(expected), expected  # make check refuses each
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()

    def fill(field: str, value: str) -> None:
        if field == "body":
            editor_box = pg.locator("[data-slate-editor]")
            editor_box.click()
            pg.keyboard.press("Control+A")
            pg.keyboard.press("Delete")
            editor_box.fill(value)
        elif field == "url":
            box = pg.locator("[id^=url-field-]")
            box.fill("")
            box.fill(value)
            assert box.input_value() == value
        elif field == "title":
            pg.locator("[id^=title-field-]").first.fill(value)
        else:
            pg.get_by_label("Résumé").fill(value)

    try:
        pg.goto(url)
        assert pg.evaluate("fetch('formes.json').then(r => r.json()).then(j => j.verify_url)") is None
        pg.get_by_role("button", name="Se connecter").click()
        pg.get_by_text("＋ Fiche").click()
        pg.locator("[id^=date-field-]").fill("2026-11-28")
        pg.get_by_role("button", name="Ajouter sources").click()
        pg.locator("[id^=title-field-]").nth(1).fill("Préfecture de la Haute-Vienne, les dérives sectaires")
        for field, value in good.items():
            fill(field, value)
        for (field, value), messages in zip(PRODUCTION_MISTAKES, expected):
            fill(field, value)
            pg.get_by_role("button", name="Enregistrer").click()
            # The form's message is exactly one of make check's for that entry.
            pg.wait_for_function("texts => texts.some(t => document.body.innerText.includes(t))", arg=messages,
                                 timeout=60_000)
            assert git(repo, "branch", "--list", "cms/fiches/une-fiche-d-essai-en-production*") == "", value
            fill(field, good[field])
    except Exception:
        pg.screenshot(path="/tmp/i22_production_fail.png")
        raise
    finally:
        context.close()
