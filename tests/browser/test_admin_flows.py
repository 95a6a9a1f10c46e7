"""The web editor's other flows (issue 22), in Chromium on decap-server's local git mode:

- « Voir la page telle qu’elle sera publiée »: the draft (not saved, not published) built with the
  site's own templates, CSS and plugins (tools/serve_draft.py), served under /__apercu__/brouillon/;
- retiring a page, a contact, a theme and a synonym group without a terminal, and the refusals when
  something still names what is retired (the messages of `make check`).
After each flow, main holds exactly the intended change.
"""
from __future__ import annotations

import re

from admin_editor import (ROOT, changed_files, editor_fixture, git, open_entry, publish_through_the_workflow,
                          settle)

assert editor_fixture  # the `editor` fixture (admin_editor.py): a module of its own, its own repository


def signed_in(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    pg.goto(url)
    pg.get_by_role("button", name="Se connecter").click()
    pg.get_by_text("＋ Fiche").wait_for()
    return context, pg


FIND_ITEM = """shown => [...document.querySelectorAll("[class*='-ListItem']")].find(item => {
    if (/TopBar/.test(item.className)) { return false; }
    const label = item.querySelector("[class*='-NestedObjectLabel']");
    return (label && label.textContent.trim() === shown) || [...item.querySelectorAll("input")].some(i => i.value === shown);
})"""


def remove_item(pg, shown: str) -> None:
    """Click the remove button (×, no text) of the list item whose summary (collapsed item) or field
    shows `shown`, once the entry is loaded; then see the item gone. Found and clicked in one step:
    Decap may re-draw the list while it loads, replacing the elements a locator would have kept."""
    pg.wait_for_function(f"""shown => {{
        const item = ({FIND_ITEM})(shown);
        const bar = item && item.querySelector("[class*=StyledListItemTopBar]");
        const buttons = bar ? bar.querySelectorAll("button") : [];
        if (!buttons.length) {{ return false; }}
        buttons[buttons.length - 1].click();
        return true;
    }}""", arg=shown, timeout=60_000)
    pg.wait_for_function(f"shown => !({FIND_ITEM})(shown)", arg=shown, timeout=30_000)


def test_the_draft_is_seen_built_by_the_site_before_it_is_published(editor, browser):
    """The preview pane's button posts the file the editor would write; the site is built with it and
    the page opens with the site's header, its contact card ([[contact:3114]]) and related pages,
    marked as an unpublished draft; nothing is saved in the repository nor written into output/."""
    url, repo = editor
    start = git(repo, "rev-parse", "main").strip()
    summary = "Un résumé de brouillon jamais enregistré, vu comme le site le publiera."
    context, pg = signed_in(browser, url)
    violations = []
    try:
        open_entry(pg, url, "fiches", "sortir-d-un-groupe")
        pg.get_by_label("Résumé").fill(summary)
        button = pg.frame_locator("iframe").last.get_by_role("button", name="Voir la page telle qu’elle sera publiée")
        with context.expect_page(timeout=30_000) as opened:
            button.click()
        page = opened.value
        page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        page.wait_for_load_state("load", timeout=180_000)  # the site is built first (seconds)
        assert re.search(r"/__apercu__/brouillon/fiches/sortir-d-un-groupe/$", page.url), page.content()[:2000]
        page.get_by_text("Aperçu : brouillon non publié").wait_for()
        assert page.locator("header.fr-header").count() == 1  # the site's own header (templates)
        assert summary in page.locator("main").inner_text()
        card = page.locator(".contact-dans-texte .fiche-contact")
        assert "3114" in card.inner_text()  # the shortcode rendered by plugins/contacts
        assert page.locator("a[href='/__apercu__/brouillon/fiches/emprise/']").count() >= 1  # related page
        assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
        assert page.evaluate("[...document.styleSheets].some(s => /\\/theme\\/css\\/site\\.bundle/.test(s.href || ''))")
        assert page.evaluate("getComputedStyle(document.querySelector('header.fr-header')).display") != "inline"
    except Exception:
        pg.screenshot(path="/tmp/i22_fail_brouillon.png")
        raise
    finally:
        context.close()
    assert violations == []
    assert git(repo, "rev-parse", "main").strip() == start and git(repo, "status", "--porcelain") == ""
    assert git(repo, "branch", "--list", "cms/*") == ""  # not even a draft saved
    published = ROOT / "output"
    assert not any(summary in p.read_text(encoding="utf-8", errors="replace")
                   for p in published.rglob("*.html")) if published.is_dir() else True


def test_a_page_still_listed_elsewhere_is_kept_and_an_unlisted_fiche_is_retired(editor, browser):
    """« Supprimer l’entrée publiée »: refused with the messages of `make check` while other pages
    list the page in `related`; an unlisted fiche is deleted from main, and nothing else changes."""
    url, repo = editor
    # A fiche no page lists, added to main (as a published fiche would be).
    text = (repo / "content" / "fiches" / "sortir-d-un-groupe.md").read_text(encoding="utf-8")
    text = text.replace("title: \"Sortir d'un groupe et se reconstruire\"", "title: \"Fiche d’essai à retirer\"") \
        .replace('slug: "sortir-d-un-groupe"', 'slug: "fiche-d-essai-a-retirer"')
    (repo / "content" / "fiches" / "fiche-d-essai-a-retirer.md").write_text(text, encoding="utf-8")
    git(repo, "add", "content/fiches/fiche-d-essai-a-retirer.md")
    git(repo, "commit", "-q", "-m", "Fiche d’essai")
    start = git(repo, "rev-parse", "main").strip()
    context, pg = signed_in(browser, url)
    try:
        open_entry(pg, url, "fiches", "emprise")
        pg.get_by_role("button", name="Supprimer l'entrée publiée").click()
        pg.get_by_text("« related » cite « emprise », qui ne correspond à aucune page").first.wait_for(timeout=90_000)
        assert pg.get_by_text("content/fiches/sortir-d-un-groupe.md:26: « related » cite « emprise »").count() >= 1
        assert git(repo, "rev-parse", "main").strip() == start  # nothing deleted
        assert (repo / "content" / "fiches" / "emprise.md").is_file()
        open_entry(pg, url, "fiches", "fiche-d-essai-a-retirer")
        pg.get_by_role("button", name="Supprimer l'entrée publiée").click()
        gone = {"content/fiches/fiche-d-essai-a-retirer.md"}
        assert changed_files(repo, start, gone) == gone
    except Exception:
        pg.screenshot(path="/tmp/i22_fail_retrait.png")
        raise
    finally:
        context.close()
    assert git(repo, "diff", "--name-status", start, "main").split() == ["D", "content/fiches/fiche-d-essai-a-retirer.md"]
    assert git(repo, "status", "--porcelain") == ""


def test_a_contact_a_theme_and_a_synonym_group_are_retired_from_the_editor(editor, browser):
    """The directory and the lists: retiring a contact that pages still name is refused with the message
    of `make check` (a theme likewise: same save check); retiring an unused contact, a theme and a
    synonym group goes through review and publication, and main then differs only by the removed lines."""
    url, repo = editor
    taxonomies = repo / "content" / "data" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace(
        '  institution: "La Miviludes"\n', '  institution: "La Miviludes"\n  essai: "Thème d’essai"\n'),
        encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Thème d’essai")
    start = git(repo, "rev-parse", "main").strip()
    context, pg = signed_in(browser, url)
    try:
        pg.goto(f"{url}#/collections/annuaire/entries/contacts")  # the first entry opened: no reload
        remove_item(pg, "Numéro national de prévention du suicide (3114)")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("content/fiches/sortir-d-un-groupe.md:47: « 3114 » n’est pas un contact connu").first.wait_for(timeout=90_000)
        assert git(repo, "branch", "--list", "cms/*") == ""  # nothing saved
        pg.reload()
        remove_item(pg, "GEMPPI (gemppi)")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
        settle(repo, "content/data/contacts.yaml")

        pg.goto(f"{url}#/collections/listes/entries/taxonomies")
        pg.reload()
        remove_item(pg, "Thème d’essai")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
        settle(repo, "content/data/taxonomies.yaml")

        pg.goto(f"{url}#/collections/listes/entries/synonymes")
        pg.reload()
        remove_item(pg, "gourou, dirigeant, chef du groupe, leader")
        pg.get_by_role("button", name="Enregistrer").click()
        pg.get_by_text("Statut: Brouillon").wait_for(timeout=90_000)
        publish_through_the_workflow(pg)
    except Exception:
        pg.screenshot(path="/tmp/i22_fail_retrait_listes.png")
        raise
    finally:
        context.close()
    three = {"content/data/contacts.yaml", "content/data/taxonomies.yaml", "content/data/synonymes.yaml"}
    assert changed_files(repo, start, three) == three
    diff = git(repo, "diff", "-U0", start, "main")
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == [] and removed[-2:] == ["-  - [gourou, dirigeant, chef du groupe, leader]", '-  essai: "Thème d’essai"']
    assert '-- id: "gemppi"' in removed and all("3114" not in line for line in removed)
    import check
    assert check.run_checks(content=str(repo / "content")).errors == []
