"""YAML as editors write it, one set of rules for every file they edit (front matters, content/data/):

- `Loader` (pure Python) and `FastLoader` (libyaml, same rules): SafeLoader that keeps dates as text
  (a wrong date such as 2026-13-01 is then reported by a schema with its line, instead of crashing the
  parser);
- `compose_and_load`: node tree (line marks) and data, parsed once;
- `yaml_feature_problem`: anchors (`&a`), aliases (`*a`) and tags (`!!python/object`) refused from
  libyaml's token stream before anything is built (an alias bomb expands exponentially).

Pure; imports no plugin.
"""
from __future__ import annotations

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


# libyaml's parser (C) when PyYAML was built with it: the front matter of every file is parsed on
# each build, and the pure-Python parser was the largest cost of a 1,000-fiche build.
# A file in error is parsed again by the pure-Python parser, whose messages and lines editors'
# errors (and their tests) are written against.
class Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (checked by the schema, with their line)."""


class FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Same rules as Loader, parsed by libyaml."""


Loader.yaml_implicit_resolvers = FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose_and_load(text: str, loader_class):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def compose_and_load(text: str):
    """(node tree with line marks, Python data) of a YAML text, parsed once."""
    try:
        return _compose_and_load(text, FastLoader)
    except yaml.YAMLError:
        return _compose_and_load(text, Loader)  # raises again, with the pure-Python message


def yaml_feature_problem(text: str) -> tuple[int, str] | None:
    """(0-based line, French message) of the first anchor, alias or tag of a YAML text, found in
    libyaml's token stream (linear, nothing constructed); None when there is none. Also used for
    content/data/*.yaml (plugins/content_guard)."""
    if not any(c in text for c in "&*!"):
        return None
    scanner = FastLoader(text)
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                return None
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                mark = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return token.start_mark.line, (
                    f"« {mark}{token.value} » : les ancres et renvois YAML (& et *) ne sont pas acceptés ; "
                    "écrivez la valeur en entier, ou mettez-la entre guillemets si « & » ou « * » fait "
                    "partie du texte.")
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                return token.start_mark.line, (
                    f"étiquette YAML « {(handle or '') + (suffix or '')} » refusée : les fichiers du site ne "
                    "contiennent que du texte, des nombres, des listes et des dates ; retirez-la, ou "
                    "mettez la valeur entre guillemets si « ! » fait partie du texte.")
    except yaml.YAMLError:
        return None  # a syntax error: reported with its line by the parser
    finally:
        scanner.dispose()
