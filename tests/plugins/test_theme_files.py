"""Reserved addresses and templates, theme files (plugins/theme_files.py)."""
from __future__ import annotations

from plugins import theme_files as core


def test_reserved_slugs_come_from_settings_and_plugin_defaults():
    settings = {"DIRECT_TEMPLATES": ["index", "404"], "ARTICLE_PATHS": ["fiches"], "STATIC_PATHS": ["pdfs"],
                "THEME_STATIC_DIR": "theme", "AIDE_SAVE_AS": "aide/index.html", "SEARCH_OUTPUT_DIR": "search",
                "PAGE_SAVE_AS": "{slug}/index.html", "INDEX_SAVE_AS": "index.html", "TAG_SAVE_AS": ""}
    assert core.reserved_slugs(settings) == {"index", "404", "fiches", "pdfs", "theme", "aide", "search"}


def test_reserved_templates_are_the_ones_that_show_no_page_text():
    templates = {"base", "index", "404", "category", "aide", "page", "fiche", "recherche", "plan-du-site"}
    settings = {"DIRECT_TEMPLATES": ["index", "404"], "AIDE_SAVE_AS": "aide/index.html"}
    reserved = core.reserved_templates(settings, templates, extended={"base", "layouts/content"})
    assert reserved == {"base", "index", "404", "category", "aide"}


def test_theme_templates_and_the_ones_others_extend(tmp_path):
    folder = tmp_path / "templates"
    (folder / "layouts").mkdir(parents=True)
    (folder / "base.html").write_text("<html>{% block c %}{% endblock %}</html>")
    (folder / "layouts" / "content.html").write_text("{% extends 'base.html' %}")
    (folder / "fiche.html").write_text('{%- extends "layouts/content.html" %}')
    settings = {"THEME": str(tmp_path)}
    assert core.theme_templates(settings) == {"base", "fiche"}
    assert core.theme_extended(settings) == {"base", "layouts/content"}
    assert core.theme_templates({"THEME": str(tmp_path / "absent")}) == set()
