"""plugins/assets: CSS purge, fingerprinting, the pipeline on a small output tree, and the vendor
lists (DSFR components, icons, fonts) checked against the real site."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins.assets import css as C
from plugins.assets import cache as K
from plugins.assets import usage as U
from plugins.assets import fingerprint as F
from plugins.assets import make_filter
from plugins.assets.pipeline import Options, run

import vendor


# ---------------------------------------------------------------- css.py

def test_purge_keeps_selectors_whose_classes_are_all_used():
    rules = C.parse(".a{color:red}.b,.a .c{margin:0}.d:hover{x:y}div{padding:0}")
    out = C.serialize(C.purge(rules, {"a", "c"}))
    assert out == ".a{color:red}.a .c{margin:0}div{padding:0}"


def test_classes_inside_functional_pseudo_classes_are_not_required():
    rules = C.parse(".a:not(.unused){x:1}.b:is(.nope,.never) .a{y:2}")
    assert C.serialize(C.purge(rules, {"a", "b"})) == ".a:not(.unused){x:1}.b:is(.nope,.never) .a{y:2}"


def test_purge_recurses_into_media_and_drops_empty_blocks():
    rules = C.parse("@media (min-width:48em){.a{x:1}.b{y:2}}@media print{.b{z:3}}@font-face{font-family:X}")
    assert C.serialize(C.purge(rules, {"a"})) == "@media (min-width:48em){.a{x:1}}@font-face{font-family:X}"


def test_attribute_selectors_with_strings_and_data_uris_survive_serialization():
    css = '[href$=".pdf"]:after{background:url("data:image/svg+xml;charset=utf-8,%3Csvg%3E");content:"a;b"}'
    assert C.serialize(C.parse(css)) == css


def test_custom_properties_nobody_reads_are_dropped_to_a_fixed_point():
    rules = C.parse(":root{--a:red;--b:var(--c);--c:blue;--d:green;--e:1px;--js:0}.x{color:var(--b)}")
    out = C.serialize(C.prune_custom_properties(rules, {"--js"}))
    assert out == ":root{--b:var(--c);--c:blue;--js:0}.x{color:var(--b)}"


def test_split_declarations_respects_strings_and_parentheses():
    body = 'a:url("x;y");b:calc(1px + (2px));--c:"d;e";f:g'
    assert C.split_declarations(body) == ['a:url("x;y")', "b:calc(1px + (2px))", '--c:"d;e"', "f:g"]


def test_script_classes_with_and_without_the_dsfr_prefix():
    js = 'this.addClass(ns("collapse--expanded")); el.classList.add("is-open", `fr-card`)'
    assert {"collapse--expanded", "is-open", "fr-card"} <= U.classes_in_script(js)
    assert "fr-collapse--expanded" not in U.classes_in_script(js)
    assert "fr-collapse--expanded" in U.classes_in_script(js, prefixed=True)


def test_state_modifiers_built_by_scripts_are_kept():
    rules = C.parse(".fr-modal{a:1}.fr-modal--opened{b:2}.fr-modal--top{c:3}.fr-tab--opened{d:4}")
    words = U.state_ids('const T={OPENED:{id:"opened"}};this.modifier=this._selector+"--"+T.id;x("top")')
    assert words == {"opened"}
    assert U.runtime_modifiers(rules, {"fr-modal"}, words) == {"fr-modal--opened"}


def _classes_reference(html: str) -> set[str]:
    """Every value of a `class=` written anywhere (the over-inclusive regex of the former scan)."""
    found = set()
    for match in re.finditer(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", html, re.I):
        found.update((match.group(1) or match.group(2) or match.group(3) or "").split())
    return found


def test_page_usage_reads_class_attributes_as_a_browser_does():
    html = ("<p class=\"a b\"><span class=c></span><i class='d'></i><P CLASS='Up'>x</P>"
            "<p xclass=\"no\" data-subclass=\"no2\" class = \"yes\">y</p>"
            "<!-- <p class=\"comment\"> --><p>un texte qui cite class=\"texte\"</p>")
    assert U.classes_in_html(html) == {"a", "b", "c", "d", "Up", "yes"}


def test_page_usage_counts_noscript_and_template_contents_and_the_bold_and_italic_elements():
    page = U.page_usage("<html><body><noscript><p class=\"sans-js\">x</p></noscript>"
                        "<template><p class=\"plus-tard\"><em>y</em></p></template><p>z</p></body></html>")
    assert page.classes == ("plus-tard", "sans-js") and page.italic and not page.bold
    assert U.page_usage("<h2>Titre</h2>").bold and not U.page_usage("<p>« strong »</p>").bold


def test_page_usage_takes_a_parsed_tree_too():
    html = '<p class="fr-btn">x</p><strong>y</strong><noscript><p class="sans-js">z</p></noscript>'
    expected = U.PageUsage(("fr-btn", "sans-js"), True, False)
    assert U.page_usage(U.parse_page(html)) == U.page_usage(html) == expected
    from selectolax.lexbor import LexborHTMLParser  # a tree parsed with scripting on, as a browser does
    assert U.page_usage(LexborHTMLParser(html, scripting=True)) == expected


def test_the_parsed_classes_are_those_written_on_every_page(real_site):
    """The HTML reader finds every class written in a real page (and nothing else: a class written in
    plain text is no class)."""
    for page in sorted(real_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert U.classes_in_html(html) <= _classes_reference(html), page
        assert U.classes_in_html(html) >= {c for c in _classes_reference(html) if c.startswith("fr-")}, page


def test_font_faces_follow_the_weights_and_styles_in_use():
    css = ("@font-face{font-family:M;font-weight:400;src:url(r.woff2)}"
           "@font-face{font-family:M;font-weight:700;src:url(b.woff2)}"
           "@font-face{font-family:M;font-style:italic;font-weight:400;src:url(i.woff2)}"
           "@font-face{font-family:S;font-weight:400;src:url(s.woff2)}"
           "body{font-family:M,arial}")
    rules = C.parse(css)
    assert U.used_font_faces(rules, ["<p>x</p>"]) == {("M", 400, "normal")}
    assert U.used_font_faces(rules, ["<h1>x</h1><em>y</em>"]) == {
        ("M", 400, "normal"), ("M", 700, "normal"), ("M", 400, "italic")}
    kept = C.serialize(U.keep_font_faces(rules, {("M", 400, "normal")}))
    assert "r.woff2" in kept and "b.woff2" not in kept and "s.woff2" not in kept


def test_svg_data_uri_is_safe_in_a_quoted_css_url():
    uri = C.svg_data_uri(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n  <path d="M0 0#"/>\n</svg>')
    assert uri.startswith("data:image/svg+xml,")
    assert '"' not in uri and "#" not in uri and "<" not in uri and "\n" not in uri
    assert "%3Cpath d='M0 0%23'/%3E" in uri


def test_rewrite_urls_leaves_data_and_remote_urls_alone():
    css = 'a{b:url(x.svg)}c{d:url("data:image/png,AA")}e{f:url(https://x.org/y.png)}g{h:url(\'z.woff2\')}'
    out = C.rewrite_urls(css, lambda u: "N-" + u)
    assert out == 'a{b:url(N-x.svg)}c{d:url("data:image/png,AA")}e{f:url(https://x.org/y.png)}g{h:url(N-z.woff2)}'


# ---------------------------------------------------------------- fingerprint.py

def test_hashed_names_put_the_content_hash_before_the_extension():
    name = F.hashed_name("vendor/dsfr/dsfr.bundle.min.css", b"x")
    assert re.fullmatch(r"vendor/dsfr/dsfr\.bundle\.min\.[0-9a-f]{8}\.css", name)
    assert F.is_hashed(name) and not F.is_hashed("css/site.css")
    assert F.hashed_name("a.css", b"x") != F.hashed_name("a.css", b"y")


def test_references_are_rewritten_with_and_without_siteurl():
    for siteurl in ("", "https://www.example.org"):
        pattern = F.theme_ref_re(siteurl, "theme")
        html = f'<link href="{siteurl}/theme/css/a.css"><script src="{siteurl}/theme/js/b.js"></script>'
        out = F.rewrite_refs(html, pattern, {"css/a.css": "css/a.11111111.css"})
        assert f'href="{siteurl}/theme/css/a.11111111.css"' in out
        assert f'src="{siteurl}/theme/js/b.js"' in out


def test_resolve_and_relative_are_inverse():
    assert F.resolve("vendor/dsfr/x.css", "fonts/a.woff2") == "vendor/dsfr/fonts/a.woff2"
    assert F.resolve("css/site.bundle.css", "../vendor/dsfr/icons/i.svg") == "vendor/dsfr/icons/i.svg"
    assert F.relative("css/site.bundle.css", "vendor/dsfr/fonts/a.woff2") == "../vendor/dsfr/fonts/a.woff2"


# ---------------------------------------------------------------- pipeline.py on a small tree

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2"/></svg>'


def make_output(root: Path) -> Path:
    out = root / "output"
    theme = out / "theme"
    files = {
        "vendor/dsfr/dsfr.bundle.min.css": (
            "@font-face{font-family:Marianne;font-weight:400;src:url(fonts/M-Regular.woff2) format(\"woff2\")}"
            "@font-face{font-family:Marianne;font-weight:300;src:url(fonts/M-Light.woff2) format(\"woff2\")}"
            ":root{--used:red;--unused:blue}body{font-family:Marianne,arial}"
            ".fr-btn{color:var(--used)}.fr-unused{color:red}"
            ".fr-icon-x:before{mask-image:url(icons/system/x.svg)}"
            ".fr-icon-y:before{mask-image:url(icons/system/y.svg)}"
            ".fr-collapse--expanded{max-height:none}"),
        "vendor/dsfr/dsfr.bundle.module.min.js": 'const a=ns("collapse--expanded");',
        "vendor/dsfr/fonts/M-Regular.woff2": b"regular",
        "vendor/dsfr/fonts/M-Light.woff2": b"light",
        "vendor/dsfr/icons/system/x.svg": SVG,
        "vendor/dsfr/icons/system/y.svg": SVG,
        "css/site.css": ".mine { margin : 0 }\n.not-used { padding: 0 }\n",
        "css/print.css": ".fr-btn { display: none }\n",
        "js/site.js": "/* comment */\nconst  value = 1 ;\ndocument.body.classList.add('is-ready');\n",
        "js/other.js": "window.x = 1;\n",
    }
    for rel, data in files.items():
        path = theme / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    (out / "index.html").write_text(
        '<link rel="stylesheet" href="/theme/css/site.bundle.css">'
        '<link rel="preload" href="/theme/vendor/dsfr/fonts/M-Regular.woff2" as="font">'
        '<p class="fr-btn fr-icon-x mine">x</p><script src="/theme/js/other.js"></script>'
        '<script type="module" src="/theme/js/site.bundle.js"></script>', encoding="utf-8")
    return out


def options(**extra) -> Options:
    return Options(bundles={"css/site.bundle.css": ["vendor/dsfr/dsfr.bundle.min.css", "css/site.css",
                                                    ("css/print.css", "print")],
                            "js/site.bundle.js": ["vendor/dsfr/dsfr.bundle.module.min.js", "js/site.js"]},
                   purge=("css/site.bundle.css",), **extra)


def test_pipeline_bundles_purges_inlines_and_fingerprints(tmp_path):
    out = make_output(tmp_path)
    result = run(out, options())
    assert result.errors == []
    html = (out / "index.html").read_text()
    css_name = re.search(r'/theme/(css/site\.bundle\.[0-9a-f]{8}\.css)"', html).group(1)
    js_name = re.search(r'/theme/(js/site\.bundle\.[0-9a-f]{8}\.js)"', html).group(1)
    assert re.search(r'/theme/js/other\.[0-9a-f]{8}\.js"', html)
    css = (out / "theme" / css_name).read_text()
    assert ".fr-btn{color:var(--used)}" in css and "--used:red" in css
    assert "fr-unused" not in css and "--unused" not in css and "fr-icon-y" not in css and ".not-used" not in css
    assert ".mine{margin:0}" in css                      # site.css, minified
    assert "@media print{.fr-btn{display:none}}" in css  # print.css, wrapped
    assert ".fr-collapse--expanded" in css               # class the DSFR script adds at run time
    assert 'mask-image:url("data:image/svg+xml,' in css  # icon inlined
    assert re.search(r"url\(\.\./vendor/dsfr/fonts/M-Regular\.[0-9a-f]{8}\.woff2\)", css)
    assert "M-Light" not in css                          # weight 300 is not used
    theme_files = sorted(p.relative_to(out / "theme").as_posix() for p in (out / "theme").rglob("*") if p.is_file())
    assert not any("icons/" in f for f in theme_files)
    assert not any(f.endswith(("M-Light.woff2", "css/site.css", "css/print.css", "dsfr.bundle.min.css",
                               "js/site.js", "M-Regular.woff2")) for f in theme_files), theme_files
    js = (out / "theme" / js_name).read_text()
    assert "const value=1;" in js and "is-ready" in js and 'ns("collapse--expanded")' in js
    assert re.search(r'href="/theme/vendor/dsfr/fonts/M-Regular\.[0-9a-f]{8}\.woff2"', html)


def test_pipeline_is_deterministic(tmp_path):
    outputs = []
    for name in ("one", "two"):
        out = make_output(tmp_path / name)
        run(out, options())
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]


def test_pipeline_reports_a_page_that_calls_a_missing_theme_file(tmp_path):
    out = make_output(tmp_path)
    (out / "page.html").write_text('<script src="/theme/js/absent.js"></script>', encoding="utf-8")
    errors = run(out, options()).errors
    assert errors and "page.html" in errors[0] and "/theme/js/absent.js" in errors[0]


def test_a_file_named_only_in_a_script_comment_is_not_published(tmp_path):
    out = make_output(tmp_path)
    (out / "theme" / "js" / "loader.js").write_text('/* the layout comes from other.js */\nwindow.y = 2;\n',
                                                   encoding="utf-8")
    run(out, options())
    assert not (out / "theme" / "js" / "other.js").exists()


def test_pipeline_keeps_a_file_that_a_script_loads_by_name(tmp_path):
    out = make_output(tmp_path)
    (out / "theme" / "js" / "loader.js").write_text('import("./other.js");\n', encoding="utf-8")
    run(out, options())
    assert (out / "theme" / "js" / "other.js").is_file()


def test_asset_filter_reports_unknown_files(tmp_path, caplog):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("")
    asset = make_filter({"SITEURL": "https://x.org", "THEME": str(tmp_path), "THEME_STATIC_PATHS": ["static"],
                         "ASSETS_BUNDLES": {"css/site.bundle.css": []}})
    assert asset("css/site.css") == "https://x.org/theme/css/site.css"
    assert asset("css/site.bundle.css") == "https://x.org/theme/css/site.bundle.css"
    caplog.clear()
    asset("css/absent.css")
    assert any("absent.css" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)


# ---------------------------------------------------------------- vendor lists vs the real site

def theme_css(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (site / "theme").rglob("*.css"))


def site_classes(site: Path) -> set[str]:
    found = set()
    for page in site.rglob("*.html"):
        found |= U.classes_in_html(page.read_text(encoding="utf-8"))
    return found


def test_every_listed_dsfr_component_is_used_and_no_other_is(real_site):
    classes = site_classes(real_site)
    scripts = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "theme" / "static" / "js").rglob("*.js"))
    roots = {name: vendor.DSFR_COMPONENT_ROOTS.get(name, f"fr-{name}") for name in
             sorted(p.name for p in (ROOT / "node_modules/@gouvfr/dsfr/dist/component").iterdir() if p.is_dir())}
    unused = [n for n in vendor.DSFR_COMPONENTS if roots[n] not in classes and roots[n] not in scripts]
    assert unused == [], f"composants DSFR listés mais inutilisés : retirez-les de DSFR_COMPONENTS ({unused})"
    missing = [n for n, root in roots.items() if n not in vendor.DSFR_COMPONENTS
               and (root in classes or any(c.startswith(root + "--") or c.startswith(root + "__") for c in classes))]
    assert missing == [], f"composants DSFR utilisés mais absents de DSFR_COMPONENTS (tools/vendor.py) : {missing}"


def test_every_icon_class_used_has_its_css_and_no_unused_icon_is_shipped(real_site):
    css = theme_css(real_site)
    used = {c for c in site_classes(real_site) if c.startswith("fr-icon-")}
    defined = set(re.findall(r"\.(fr-icon-[a-z0-9-]+)", css))
    assert used - defined == set(), (f"icônes sans CSS : ajoutez leur groupe à DSFR_UTILITY_ICONS "
                                     f"(tools/vendor.py) : {sorted(used - defined)}")
    assert defined - used == set(), f"icônes livrées mais inutilisées : {sorted(defined - used)}"
    for group in vendor.DSFR_UTILITY_ICONS:
        group_css = (ROOT / "node_modules/@gouvfr/dsfr/dist/utility/icons" / group / f"{group}.main.min.css").read_text()
        assert set(re.findall(r"\.(fr-icon-[a-z0-9-]+)", group_css)) & used, f"groupe d’icônes inutile : {group}"
    assert not (real_site / "theme" / "vendor" / "dsfr" / "icons").exists()


def test_fonts_are_subset_woff2_with_swap_and_only_the_faces_in_use(real_site):
    css = theme_css(real_site)
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert faces and all("font-display:swap" in f for f in faces)
    assert ".woff)" not in css and "Spectral" not in css
    shipped = sorted(p.name for p in (real_site / "theme").rglob("*.woff*"))
    assert all(n.endswith(".woff2") for n in shipped)
    assert len(shipped) == len(faces)
    weights = {int(w) for w in re.findall(r"font-weight:(\d+)", "".join(faces))}
    used = {int(w) for w in re.findall(r"font-weight:(\d00)", re.sub(r"@font-face\{[^}]*\}", "", css))}
    assert used - weights <= {300, 800, 900}, "graisse utilisée sans sa police : complétez FONT_FACES"
    for font in (real_site / "theme").rglob("*.woff2"):
        assert font.stat().st_size < 24_000, f"{font.name} : sous-ensemble trop gros"


def test_subset_fonts_cover_every_character_of_the_site(real_site):
    from fontTools.ttLib import TTFont

    regular = next((real_site / "theme").rglob("Marianne-Regular.*.woff2"))
    cmap = set(TTFont(str(regular)).getBestCmap())
    text = set()
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        text |= set(re.sub(r"<[^>]+>", " ", html))
    missing = sorted(f"U+{ord(c):04X} {c!r}" for c in text if ord(c) >= 32 and ord(c) not in cmap
                     and ord(c) not in (0xFE0F, 0x200B))
    assert missing == [], ("caractères absents des polices : ajoutez leur plage à FONT_UNICODES "
                           f"(tools/vendor.py) : {missing}")


def test_vendored_bundle_uses_the_main_builds_without_legacy_rules():
    bundle = ROOT / ".vendor" / "vendor" / "dsfr" / "dsfr.bundle.min.css"
    text = bundle.read_text(encoding="utf-8")
    assert "-ms-high-contrast:none" not in text  # the IE 11 rules of the non-.main builds
    assert not (ROOT / ".vendor" / "vendor" / "dsfr" / "fonts" / "Marianne-Light.woff2").exists()


def test_built_theme_files_are_fingerprinted(real_site):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="(/theme/[^"]+)"', html)
    assert refs and all(F.is_hashed(r) for r in refs), refs
    for ref in refs:
        assert (real_site / ref.lstrip("/")).is_file()


# ---------------------------------------------------------------- bundles parsed part by part

def _real_theme(tmp_path):
    from pelican.settings import read_settings
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "static", theme)
    shutil.copytree(ROOT / ".vendor", theme, dirs_exist_ok=True)
    bundles = read_settings(str(ROOT / "pelicanconf.py"))["ASSETS_BUNDLES"]
    return theme, bundles


def test_a_bundle_parsed_part_by_part_equals_the_whole_bundle(tmp_path):
    import plugins.assets.pipeline as P
    theme, bundles = _real_theme(tmp_path)
    result = P.Result()
    _consumed, chunks = P._make_bundles(theme, Options(bundles=bundles, cache_dir=None), result)
    assert not result.errors
    css_bundles = [b for b in bundles if b.endswith(".css")]
    assert css_bundles and all(len(chunks[b]) >= 2 for b in css_bundles)
    for bundle in css_bundles:
        whole = C.parse((theme / bundle).read_text(encoding="utf-8"))
        by_part = tuple(rule for chunk in chunks[bundle] for rule in C.parse(chunk))
        assert by_part == whole


def test_vendor_step_pre_parses_the_dsfr_and_the_build_reads_it(tmp_path, monkeypatch):
    import plugins.assets.pipeline as P
    monkeypatch.setattr(K, "_MEMO", {})  # not the parses of earlier builds in this process
    theme, bundles = _real_theme(tmp_path)
    cache = tmp_path / "vendor-css"
    assert P.warm_vendor_cache([ROOT / "theme" / "static", ROOT / ".vendor"], bundles, cache) >= 1
    assert list(cache.glob("css-*.pickle"))
    K._MEMO.clear()
    calls = []
    real_parse = C.parse
    monkeypatch.setattr(C, "parse", lambda text: calls.append(len(text)) or real_parse(text))
    _consumed, chunks = P._make_bundles(theme, Options(bundles=bundles), P.Result())
    dsfr = chunks["css/site.bundle.css"][0]
    assert K._parse_cached(dsfr, None, (cache,)) and not calls  # read from the vendor cache
    K._MEMO.clear()
    K._parse_cached(dsfr, None, ())
    assert calls == [len(dsfr)]  # without it, parsed again


def test_cached_rules_come_back_as_rules_of_the_purge(tmp_path, monkeypatch):
    # The cache holds plain data: read back, it gives the Rule/AtRule classes the purge checks with
    # isinstance (one module identity: Pelican loads the plugin as `plugins.assets`).
    import plugins.assets.css as read_css
    monkeypatch.setattr(K, "_MEMO", {})
    text = ".a{color:red}@media print{.b{color:blue}}"
    K._parse_cached(text, tmp_path)
    assert list(tmp_path.glob("css-*.pickle"))
    K._MEMO.clear()
    rules = K._parse_cached(text, tmp_path)
    assert isinstance(rules[0], read_css.Rule) and isinstance(rules[1], read_css.AtRule)
    assert isinstance(rules[1].children[0], read_css.Rule)
    assert read_css.defined_classes(rules) >= {"a", "b"}


def test_fast_fr_token_scan_equals_the_word_boundary_pattern(real_site):
    import plugins.assets.pipeline as P
    samples = ["fr-btn xfr-no _fr-no é fr-yes (fr-a) data-fr-js fr-", "éfr-no 1fr-no -fr-yes"]
    samples += [p.read_text(encoding="utf-8") for p in sorted(real_site.rglob("*.html"))]
    samples += [p.read_text(encoding="utf-8") for p in sorted(real_site.rglob("*.js"))]
    for text in samples:
        assert P.fr_tokens(text) == P.FR_TOKEN_RE.findall(text)


@pytest.mark.parametrize("script", sorted(p.relative_to(ROOT / "theme" / "static").as_posix()
                                          for p in (ROOT / "theme" / "static" / "js").rglob("*.js")))
def test_our_scripts_are_minified_without_comments_and_still_parse(script, tmp_path):
    import subprocess
    source = (ROOT / "theme" / "static" / script).read_text(encoding="utf-8")
    small = K._minify_js_now(source)
    assert "/*" not in small and len(small) < len(source)
    module = tmp_path / "script.mjs"
    module.write_text(small, encoding="utf-8")
    check = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_page_scans_are_remembered_and_give_the_same_result(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first_out = make_output(tmp_path / "a")
    (first_out / "page.html").write_text('<p class="fr-btn mine">x</p>', encoding="utf-8")
    first = run(first_out, options(cache_dir=cache))
    assert list(cache.glob("pages-*.pickle"))
    calls = []
    real = U.page_usage
    monkeypatch.setattr(U, "page_usage", lambda html: calls.append(1) or real(html))
    again_out = make_output(tmp_path / "b")
    (again_out / "page.html").write_text('<p class="fr-btn mine">x</p>', encoding="utf-8")
    (again_out / "new.html").write_text('<p class="fr-unused">y</p>', encoding="utf-8")
    again = run(again_out, options(cache_dir=cache))
    assert len(calls) == 1  # only the new page was scanned
    assert "fr-unused" in again.used_classes and first.used_classes < again.used_classes
    stylesheet = next((again_out / "theme" / "css").glob("site.bundle.*.css")).read_text(encoding="utf-8")
    assert ".fr-unused" in stylesheet
