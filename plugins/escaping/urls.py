"""Every address an editor writes is parsed and written again by this module, never concatenated.

- ``web_url(value, allow_http=False)``: an absolute ``https://`` address (``http://`` only where a
  rule allows it: sources, attachments), host checked, path, query and fragment re-encoded;
- ``mailto_url(address)``, ``tel_url(number)``, ``sms_url(number)``: links built from a checked
  e-mail address or phone number;
- ``body_link_url(value)``: a link written in a body (plugins/content_sanitize) or in a PDF
  (plugins/pdfinspect), by the same rules: ``https://`` (``http://`` where allowed),
  ``mailto:`` one checked address with at most a ``subject`` (no ``cc``, ``bcc``, ``body``…
  header that would write to someone else), ``tel:`` digits, spaces and ``+`` only (no ``*``,
  ``#``, ``,`` or ``;`` service codes).

Refused, with a French reason (``UrlError``): any other scheme (``javascript:``, ``data:``,
``vbscript:``, ``file:``…, whatever its case), an address without scheme (``//hote``,
``\\\\hote``, ``java&#x09;script:``), spaces, tabs, control or invisible characters anywhere (a
browser would drop some of them and read another scheme), ``<``, ``>``, ``"``, `` ` `` and
``\\``, a user name before the host (``https://banque.fr@hote``). The value written in the page is
the re-serialized one: what the check saw is what the reader's browser gets.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

WEB_SCHEMES = ("https",)
WEB_OR_HTTP_SCHEMES = ("https", "http")

# Characters kept as they are when the path / query / fragment is written again (RFC 3986
# reserved and unreserved characters, and "%" of existing escapes); anything else is %-encoded.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_FORBIDDEN = set('<>"`\\')
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9]{2,15}$")
_HOW = "écrivez l’adresse complète copiée depuis la barre d’adresse du navigateur, commençant par https://"


class UrlError(ValueError):
    """A refused address; ``str(exc)`` is the French reason and how to fix it."""


def _char_problem(value: str) -> str:
    for ch in value:
        category = unicodedata.category(ch)
        if ch in " \t\n\r" or category in ("Zs", "Zl", "Zp"):
            return "contient une espace ou un retour à la ligne"
        if category in ("Cc", "Cf", "Co", "Cs", "Cn"):
            return f"contient un caractère invisible ou de contrôle (U+{ord(ch):04X})"
        if ch in _FORBIDDEN:
            return f"contient le caractère « {ch} », interdit dans une adresse"
    return ""


def web_url(value, *, allow_http: bool = False) -> str:
    """The checked, re-serialized form of an absolute web address; raises UrlError."""
    schemes = WEB_OR_HTTP_SCHEMES if allow_http else WEB_SCHEMES
    wanted = "https:// (ou http://)" if allow_http else "https://"
    if not isinstance(value, str) or not value:
        raise UrlError(f"adresse vide ou qui n’est pas un texte : {_HOW}.")
    problem = _char_problem(value)
    if problem:
        raise UrlError(f"l’adresse {problem} : {_HOW}, sans espace.")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme and scheme not in schemes:
        raise UrlError(f"adresse en « {scheme}: » refusée (seules les adresses {wanted} sont "
                       f"acceptées ici) : {_HOW}.")
    if not scheme or not value.lower().startswith(scheme + "://"):
        raise UrlError(f"l’adresse ne commence pas par {wanted} : {_HOW}.")
    if "@" in parts.netloc:
        raise UrlError(f"l’adresse contient « @ » avant le nom du site (un nom d’utilisateur, souvent "
                       f"utilisé pour tromper le lecteur) : {_HOW}.")
    host = (parts.hostname or "").rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if host else ""
        port = parts.port
    except (UnicodeError, ValueError):
        ascii_host, port = "", None
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) \
            or labels[-1].isdigit():
        raise UrlError(f"nom de site invalide dans l’adresse « {parts.netloc} » : {_HOW}.")
    netloc = ascii_host + (f":{port}" if port is not None else "")
    return urlunsplit((scheme, netloc, quote(parts.path, safe=_PATH_SAFE),
                       quote(parts.query, safe=_QUERY_SAFE), quote(parts.fragment, safe=_QUERY_SAFE)))


def mailto_url(address) -> str:
    """``mailto:`` link for a checked e-mail address; raises UrlError."""
    if not isinstance(address, str) or not _EMAIL.match(address):
        raise UrlError("adresse électronique invalide : écrivez-la sous la forme nom@domaine.fr, sans "
                       "espace ni « mailto: ».")
    return "mailto:" + address


def _phone_url(scheme: str, number) -> str:
    if not isinstance(number, str) or not _PHONE.match(number):
        raise UrlError("numéro invalide : écrivez-le sans espace, au format international (+33…) ou "
                       "comme numéro court (17, 116006).")
    return f"{scheme}:{number}"


def tel_url(number) -> str:
    """``tel:`` link for a number in E.164 form or a short number; raises UrlError."""
    return _phone_url("tel", number)


def sms_url(number) -> str:
    """``sms:`` link for a number in E.164 form or a short number; raises UrlError."""
    return _phone_url("sms", number)


_TEL_BODY = re.compile(r"^\+?[0-9][0-9 ]{1,30}$")


def _mailto_link(value: str) -> str:
    rest = value[len("mailto:"):]
    address, _, query = rest.partition("?")
    address = unquote(address)
    if not _EMAIL.match(address):
        raise UrlError("adresse électronique invalide dans le lien « mailto: » : écrivez une seule adresse "
                       "sous la forme mailto:nom@domaine.fr.")
    subject = None
    for pair in query.split("&") if query else []:
        key, sep, item = pair.partition("=")
        if key.lower() != "subject" or not sep or subject is not None:
            raise UrlError(f"le lien « mailto: » contient « {key[:20]}= » : seul un objet (?subject=…) est "
                           "accepté, jamais de copie (cc, bcc) ni de texte prérempli ; retirez-le.")
        subject = unquote(item)
        problem = _char_problem(subject.replace(" ", ""))
        if problem:
            raise UrlError(f"l’objet du lien « mailto: » {problem} : écrivez un objet simple.")
    return "mailto:" + address + (f"?subject={quote(subject, safe='')}" if subject is not None else "")


def _tel_link(value: str) -> str:
    number = unquote(value[len("tel:"):])
    if not _TEL_BODY.match(number) or not 2 <= sum(ch.isdigit() for ch in number) <= 15:
        raise UrlError("numéro invalide dans le lien « tel: » : seuls les chiffres, les espaces et « + » "
                       "sont acceptés (ni « * », ni « # », ni code de service), par exemple tel:+33800005696.")
    return "tel:" + number.replace(" ", "")


def body_link_url(value, *, schemes=("https", "http", "mailto", "tel")) -> str:
    """The checked, re-serialized form of a link written in a body or a PDF; raises UrlError."""
    if not isinstance(value, str) or not value:
        raise UrlError(f"adresse vide : {_HOW}.")
    scheme = value.partition(":")[0].lower() if ":" in value else ""
    if scheme in ("mailto", "tel") and scheme in schemes:
        problem = _char_problem(value.replace(" ", "") if scheme == "tel" else value)
        if problem:
            raise UrlError(f"l’adresse {problem} : écrivez le lien sans caractère invisible.")
        return _mailto_link(value) if scheme == "mailto" else _tel_link(value)
    return web_url(value, allow_http="http" in schemes)


def url_problem(value, *, allow_http: bool = False) -> str:
    """The French reason why ``value`` is refused, or "" (for checks that list every mistake)."""
    try:
        web_url(value, allow_http=allow_http)
    except UrlError as exc:
        return str(exc)
    return ""
