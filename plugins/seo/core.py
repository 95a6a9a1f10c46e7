"""Pure SEO helpers: canonical URLs, Open Graph tags, JSON-LD structured data, robots.txt."""
from __future__ import annotations

import re

from plugins.escaping.markup import json_for_script
from plugins.site_url import site_path


def page_path(output_file: str) -> str:
    """`fiches/emprise/index.html` -> `/fiches/emprise/`; `404.html` -> `/404.html`."""
    path = "/" + output_file.replace("\\", "/").lstrip("/")
    return re.sub(r"(^|/)index\.html$", r"\1", path)


def absolute(siteurl: str, path: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*://", path):
        return path
    return siteurl.rstrip("/") + "/" + path.lstrip("/")


def json_script(data):
    """JSON for a <script type="application/ld+json"> block: valid JSON in which nothing can close the
    element or open a comment (`<`, `>`, `&` as \\u escapes); markup made by plugins/escaping."""
    return json_for_script(data)


def organization(siteurl: str, org: dict) -> dict:
    data = {"@type": "GovernmentOrganization", "@id": absolute(siteurl, "/#organisation")}
    for key in ("name", "alternateName", "url", "foundingDate", "sameAs"):
        if org.get(key):
            data[key] = org[key]
    if org.get("parentOrganization"):
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": org["parentOrganization"]}
    return data


def website(siteurl: str, sitename: str, description: str) -> dict:
    return {"@type": "WebSite", "@id": absolute(siteurl, "/#site"), "url": absolute(siteurl, "/"),
            "name": sitename, "description": description, "inLanguage": "fr-FR",
            "publisher": {"@id": absolute(siteurl, "/#organisation")}}


def breadcrumb_list(siteurl: str, crumbs, current_url: str) -> dict:
    items = []
    for position, (label, url) in enumerate(crumbs, start=1):
        items.append({"@type": "ListItem", "position": position, "name": label,
                      "item": absolute(siteurl, url) if url else current_url})
    return {"@type": "BreadcrumbList", "itemListElement": items}


def content_page(siteurl: str, canonical: str, *, kind: str, title: str, description: str,
                 published: str | None, modified: str | None, crumbs=None) -> list[dict]:
    """Article (fiches, guides, rapports) or WebPage (pages), with its breadcrumb trail."""
    page = {"@type": "Article" if kind == "article" else "WebPage", "@id": canonical + "#contenu",
            "url": canonical, "headline" if kind == "article" else "name": title,
            "description": description, "inLanguage": "fr-FR",
            "isPartOf": {"@id": absolute(siteurl, "/#site")},
            "publisher": {"@id": absolute(siteurl, "/#organisation")}}
    if kind == "article":
        page["author"] = {"@id": absolute(siteurl, "/#organisation")}
        page["mainEntityOfPage"] = canonical
    if published:
        page["datePublished"] = published
    if modified:
        page["dateModified"] = modified
    graph = [page]
    if crumbs:
        graph.append(breadcrumb_list(siteurl, crumbs, canonical))
    return graph


def graph(items: list[dict]) -> dict:
    return {"@context": "https://schema.org", "@graph": items}


def robots_txt(siteurl: str, sitemap: str | None, disallow=(), noindex: bool = False) -> str:
    """Everything may be crawled but `disallow` (paths under the site's root, like "/admin/"); nothing
    with `noindex` (a preview). The sitemap is announced when its absolute address is known. Paths are
    under the sub-path of SITEURL, if any."""
    prefix = site_path(siteurl)
    lines = ["User-agent: *", f"{'Disallow' if noindex else 'Allow'}: {prefix}/"]
    if not noindex:
        lines += [f"Disallow: {prefix}/{path.lstrip('/')}" for path in disallow]
    if sitemap and not noindex and re.match(r"^https?://", siteurl):
        lines += ["", f"Sitemap: {absolute(siteurl, sitemap)}"]
    return "\n".join(lines) + "\n"
