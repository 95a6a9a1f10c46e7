"""Pure core: an allow-list for the HTML of editors' content, the problems it refuses, nh3 cleaning.

`find_problems(html)` walks the HTML (with the standard library parser) and returns what the
allow-list refuses, as (needles, message) pairs: `needles` are pieces of source text (or « re: »
patterns) used to find the line, most precise first. `clean(html)` applies the same allow-list with nh3: what is refused is also removed,
but the build fails on the reported problem, so nothing is ever dropped silently.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang"}
ALLOWED = {
    "a": {"href", "hreflang"},
    "abbr": set(), "b": set(), "blockquote": {"cite"}, "br": set(), "caption": set(),
    "cite": set(), "code": set(), "col": {"span"}, "colgroup": {"span"}, "dd": set(),
    "del": {"cite", "datetime"}, "details": set(), "dfn": set(), "div": set(), "dl": set(),
    "dt": set(), "em": set(), "figcaption": set(), "figure": set(),
    "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(), "hr": set(), "i": set(),
    "img": {"src", "alt", "width", "height"}, "ins": {"cite", "datetime"}, "kbd": set(),
    "li": {"value"}, "mark": set(), "ol": {"start", "reversed", "type"}, "p": set(), "pre": set(),
    "q": {"cite"}, "s": set(), "samp": set(), "small": set(), "span": set(), "strong": set(),
    "sub": set(), "summary": set(), "sup": set(), "table": set(), "tbody": set(),
    "td": {"colspan", "rowspan", "align", "headers"}, "tfoot": set(),
    "th": {"colspan", "rowspan", "align", "headers", "scope"}, "thead": set(),
    "time": {"datetime"}, "tr": set(), "u": set(), "ul": set(), "var": set(), "wbr": set(),
}
URL_ATTRIBUTES = {"href", "src", "cite"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with their content by nh3 (and reported).
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template",
                        "svg", "math", "frame", "frameset", "applet"}

_INTRASITE = re.compile(r"^\{(filename|static|attach|index|category|tag|author)\}")


def _scheme(url: str) -> str:
    url = re.sub(r"[\x00-\x20]", "", url or "")
    if _INTRASITE.match(url):
        return ""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return "?"


def _source(url: str) -> str:
    """A URL as the editor wrote it (without the {static}/{filename} prefix added for relative
    links), cut to a length that still finds it in the source."""
    return _INTRASITE.sub("", (url or "").strip())[:60]


def _tag_message(tag: str) -> str:
    if tag == "script":
        return ("balise <script> interdite : le contenu ne peut pas contenir de programme ; "
                "supprimez-la.")
    if tag in ("iframe", "object", "embed", "frame", "frameset", "applet"):
        return (f"contenu intégré <{tag}> interdit : il chargerait un autre site (cookies, traçage) ; "
                "remplacez-le par un lien vers la page concernée.")
    if tag == "style":
        return ("balise <style> interdite : la mise en forme vient du thème du site ; supprimez-la et "
                "utilisez la syntaxe Markdown (## titre, **gras**, listes).")
    if tag == "h1":
        return ("titre de niveau 1 (« # » ou <h1>) interdit dans le texte : le titre de la page est déjà "
                "le seul titre de niveau 1 ; commencez vos intertitres par « ## ».")
    if tag in ("form", "input", "button", "select", "textarea"):
        return f"élément de formulaire <{tag}> interdit dans le contenu : supprimez-le."
    return (f"balise <{tag}> non autorisée dans le contenu : utilisez la syntaxe Markdown (titres "
            "##, listes, liens, **gras**) ou supprimez-la.")


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[tuple[str, ...], str]] = []
        self.last_heading = 1

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        add = self.problems.append
        if tag not in ALLOWED:
            needles = (f"<{tag}", r"re:^#(?!#)") if tag == "h1" else (f"<{tag}",)
            add((needles, _tag_message(tag)))
            if tag in REMOVED_WITH_CONTENT:
                return
        if re.fullmatch(r"h[2-6]", tag):
            level = int(tag[1])
            if level > self.last_heading + 1:
                add(((f"<{tag}", rf"re:^{'#' * level}(?!#)"), f"intertitre de niveau {level} juste après un niveau "
                     f"{self.last_heading} : ne sautez pas de niveau (utilisez "
                     f"« {'#' * (self.last_heading + 1)} »), pour les personnes qui naviguent par "
                     "titres."))
            self.last_heading = level
        allowed = ALLOWED.get(tag, set()) | GLOBAL_ATTRIBUTES
        values = {}
        for name, value in attrs:
            values[name] = value
            if name.startswith("on"):
                add(((f"{name}=",), f"attribut « {name} » interdit : il exécuterait du code JavaScript ; "
                     "supprimez-le."))
            elif name == "style":
                add((("style=",), "attribut « style » interdit : la mise en forme vient du thème du site ; "
                     "supprimez-le."))
            elif name not in allowed and tag in ALLOWED:
                add(((f"{name}=",), f"attribut « {name} » non autorisé sur <{tag}> : supprimez-le."))
            elif name in URL_ATTRIBUTES and value:
                scheme = _scheme(value)
                if scheme in ("javascript", "vbscript", "data", "?"):
                    add(((_source(value),), f"adresse « {value.strip()[:40]} » interdite : un lien doit "
                         "mener à une page (https://…, ou une page du site), jamais à du code ; "
                         "corrigez-la."))
                elif scheme and scheme not in URL_SCHEMES:
                    add(((_source(value),), f"adresse « {value.strip()[:40]} » non autorisée : seuls "
                         "les liens https://, http://, mailto: et tel: sont acceptés."))
        if tag == "img":
            src = values.get("src") or ""
            if not (values.get("alt") or "").strip():
                add(((_source(src), "<img", "!["), f"image « {_source(src)} » sans texte alternatif : décrivez-la entre les "
                     "crochets, par exemple ![Affiche de la campagne de prévention](…), pour les "
                     "personnes qui ne la voient pas."))
            if _scheme(src) in ("http", "https") or src.startswith("//"):
                add(((_source(src),), f"image « {src} » hébergée sur un autre site : le site ne charge rien "
                     "d’ailleurs ; enregistrez l’image dans le dépôt et liez-la depuis le contenu."))


def find_problems(html: str) -> list[tuple[tuple[str, ...], str]]:
    """What the allow-list refuses in `html`: [(needles to find the source line, French message)]."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.problems


def clean(html: str) -> str:
    """`html` reduced to the allow-list (nh3): no script, no event handler, no foreign URL scheme."""
    return nh3.clean(
        html,
        tags=set(ALLOWED),
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={"*": GLOBAL_ATTRIBUTES, **{tag: attrs for tag, attrs in ALLOWED.items() if attrs}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
