"""Typed settings: a plugin's settings as one frozen dataclass named after it, defaults in one place.

    @dataclass(frozen=True)
    class Seo:
        noindex: bool = False           # setting SEO_NOINDEX

    read(Seo, settings, "SEO") -> reads SEO_NOINDEX (prefix + "_" + field name in capitals), else the
    default.

`defaults_of(cls, prefix)` gives {SETTING_NAME: default}: plugins/content_guard reads them
(a plugin's module-level DEFAULTS) to know every address the build writes.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping


def setting_name(prefix: str, field_name: str) -> str:
    return f"{prefix}_{field_name}".upper() if prefix else field_name.upper()


def _default(field: dataclasses.Field):
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return field.default_factory()  # type: ignore[misc]
    raise TypeError(f"le réglage {field.name} n’a pas de valeur par défaut")


def defaults_of(cls, prefix: str) -> dict:
    """{SETTING_NAME: default} of every field of the dataclass `cls`."""
    return {setting_name(prefix, f.name): _default(f) for f in dataclasses.fields(cls)}


def read(cls, settings: Mapping, prefix: str):
    """An instance of the dataclass `cls` from Pelican's settings (a missing setting: the default)."""
    values = {}
    for f in dataclasses.fields(cls):
        name = setting_name(prefix, f.name)
        values[f.name] = settings[name] if name in settings else _default(f)
    return cls(**values)
