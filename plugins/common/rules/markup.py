"""Pure core: an allow-list for the HTML of editors' content, the problems it refuses, nh3 cleaning.

One kind of parser decides everything (no parser differential, issue 13): an HTML5 parser as a
browser would read the text. `find_problems(html)` walks the tree of the WHATWG algorithm (Lexbor,
through selectolax) and returns what the allow-list refuses, as (needles, message) pairs: `needles`
are pieces of source text (or « re: » patterns) used to find the line, most precise first.
`clean(html)` applies the same allow-list with nh3 (html5ever, the same algorithm): every URL it
keeps is decided by `url_problem` inside nh3's own attribute filter, on the tree it serializes.
`check_cleaned(cleaned)` parses the cleaned output again and lists anything unsafe left in it
(must be nothing; the build fails otherwise). Bodies nested deeper than MAX_HTML_DEPTH are refused
before any parse (`depth_problem`): HTML5 tree building is quadratic in the nesting depth.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser

from plugins.escaping.urls import UrlError, body_link_url

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
MAX_HTML_DEPTH = 60  # nested elements in a body (Markdown needs < 15; the theme adds its own)

_INTRASITE = re.compile(r"^\{(filename|static|attach|index|category|tag|author)\}")
# What browsers strip around a URL (C0 controls and space) and drop inside it (tab, newline).
_EDGES = "".join(chr(c) for c in range(0x21))


def normalize_url(url: str) -> str:
    """`url` as a browser reads it: no leading/trailing controls or spaces, no tab or newline
    inside, backslashes as slashes (WHATWG URL parser for special schemes)."""
    url = (url or "").strip(_EDGES)
    return re.sub(r"[\t\n\r]", "", url).replace("\\", "/")


def _scheme(url: str) -> str:
    url = normalize_url(url)
    if _INTRASITE.match(url):
        return ""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return "?"


def is_same_origin_path(url: str) -> bool:
    """True for a path on this site (`x.png`, `../pdfs/x`, `/a/b`, `{static}/x`): no scheme, no host,
    and no `//`, `\\\\`, `/\\` start (network paths) once normalized as a browser does."""
    url = _INTRASITE.sub("", normalize_url(url))
    if url.startswith("//"):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def _source(url: str) -> str:
    """A URL as the editor wrote it (without the {static}/{filename} prefix added for relative
    links), cut to a length that still finds it in the source."""
    return _INTRASITE.sub("", (url or "").strip())[:60]


def url_problem(tag: str, attr: str, value: str) -> tuple[tuple[str, ...], str] | None:
    """The refusal of one URL attribute value (the same function in the checker and in nh3's filter)."""
    if attr not in URL_ATTRIBUTES or value is None:
        return None
    scheme = _scheme(value)
    needles = (_source(value), f"{attr}=")
    if scheme in ("javascript", "vbscript", "data", "?"):
        return (needles, f"adresse « {value.strip()[:40]} » interdite : un lien doit "
                "mener à une page (https://…, ou une page du site), jamais à du code ; corrigez-la.")
    if scheme and scheme not in URL_SCHEMES:
        return (needles, f"adresse « {value.strip()[:40]} » non autorisée : seuls "
                "les liens https://, http://, mailto: et tel: sont acceptés.")
    if scheme in ("mailto", "tel"):  # the rules of contacts (plugins/escaping/urls.py)
        try:
            body_link_url(normalize_url(value))
        except UrlError as exc:
            return (needles, f"lien « {value.strip()[:40]} » refusé : {exc}")
    if tag == "img" and attr == "src" and not is_same_origin_path(value):
        return ((_source(value), "src=", "!["), f"image « {value.strip()[:60]} » hébergée sur un autre site : le site "
                "ne charge rien d’ailleurs ; enregistrez l’image dans le dépôt et liez-la depuis le "
                "contenu.")
    return None


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


_SELF_CLOSING_OK = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
                    "option", "optgroup", "rb", "rt", "rp", "caption"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
         "wbr", "param", "keygen"}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")


def depth_problem(html: str) -> tuple[tuple[str, ...], str] | None:
    """A body nested deeper than MAX_HTML_DEPTH, found by a linear scan of its tags (an upper
    bound of the real depth: elements whose end tag may be left out are not counted)."""
    depth = deepest = 0
    where = ""
    for match in _TAG_RE.finditer(html):
        closing, name, selfclose = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _SELF_CLOSING_OK or selfclose:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            where = f"<{name}"
        if depth > MAX_HTML_DEPTH:
            return (("re:^\\s*(?:[-*+>]|\\d+[.)])\\s", where),
                    f"éléments imbriqués sur plus de {MAX_HTML_DEPTH} niveaux (listes, citations ou "
                    "balises les unes dans les autres) : simplifiez la structure du texte.")
    return None


class _Walker:
    """Walks an HTML5 fragment tree (Lexbor), iteratively, in document order."""

    def __init__(self, safety_only: bool = False):
        self.problems: list[tuple[tuple[str, ...], str]] = []
        self.last_heading = 1
        self.safety_only = safety_only

    def walk(self, html: str) -> None:
        # As html5ever inside nh3 (and a reader's browser): a <div> context, scripting on.
        tree = LexborHTMLParser(html, is_fragment=True, fragment_tag="div", scripting=True)
        stack = list(reversed(list(tree.root.iter(include_text=False)))) if tree.root else []
        while stack:
            node = stack.pop()
            tag = node.tag or ""
            if tag.startswith("-"):  # comment, text
                continue
            if self._check(tag.lower(), list((node.attributes or {}).items())):
                stack.extend(reversed(list(node.iter(include_text=False))))

    def _check(self, tag, attrs) -> bool:
        """Report the problems of one element; False when its content is not walked."""
        add = self.problems.append
        if tag not in ALLOWED:
            needles = (f"<{tag}", r"re:^#(?!#)") if tag == "h1" else (f"<{tag}",)
            add((needles, _tag_message(tag)))
            if tag in REMOVED_WITH_CONTENT:
                return False
        if re.fullmatch(r"h[2-6]", tag) and not self.safety_only:
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
            name = name.lower()
            values[name] = value
            if name.startswith("on"):
                add(((f"{name}=",), f"attribut « {name} » interdit : il exécuterait du code JavaScript ; "
                     "supprimez-le."))
            elif name == "style":
                add((("style=",), "attribut « style » interdit : la mise en forme vient du thème du site ; "
                     "supprimez-le."))
            elif name not in allowed and tag in ALLOWED:
                add(((f"{name}=",), f"attribut « {name} » non autorisé sur <{tag}> : supprimez-le."))
            elif value:
                problem = url_problem(tag, name, value)
                if problem:
                    add(problem)
        if tag == "img" and not self.safety_only:
            src = values.get("src") or ""
            if not (values.get("alt") or "").strip():
                add(((_source(src), "<img", "!["), f"image « {_source(src)} » sans texte alternatif : décrivez-la entre les "
                     "crochets, par exemple ![Affiche de la campagne de prévention](…), pour les "
                     "personnes qui ne la voient pas."))
        return True


def find_problems(html: str) -> list[tuple[tuple[str, ...], str]]:
    """What the allow-list refuses in `html`: [(needles to find the source line, French message)]."""
    too_deep = depth_problem(html)
    if too_deep:
        return [too_deep]
    walker = _Walker()
    walker.walk(html)
    return walker.problems


def check_cleaned(cleaned: str) -> list[tuple[tuple[str, ...], str]]:
    """Unsafe things left in cleaned HTML, parsed again as a browser would (expected: none)."""
    walker = _Walker(safety_only=True)
    walker.walk(cleaned)
    return walker.problems


def clean(html: str, refused: list | None = None) -> str:
    """`html` reduced to the allow-list (nh3): no script, no event handler, no foreign URL scheme,
    no image from another host. URLs are judged by `url_problem` in nh3's attribute filter, on
    html5ever's tree; each refusal is appended to `refused` (needles, message) when given."""
    if depth_problem(html):
        return ""

    def keep(element, attribute, value):
        problem = url_problem(element, attribute, value)
        if problem is None:
            return value
        if refused is not None:
            refused.append(problem)
        return None

    return nh3.clean(
        html,
        tags=set(ALLOWED),
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={"*": GLOBAL_ATTRIBUTES, **{tag: attrs for tag, attrs in ALLOWED.items() if attrs}},
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
