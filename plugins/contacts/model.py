"""Data shape of a loaded contact, and the errors reported to editors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from plugins.escaping.urls import sms_url, tel_url

from plugins.common.rules.contacts import CHANNEL_KINDS, KINDS


class Issue(NamedTuple):
    """One editor's mistake. `str(issue)` is `path:line: message`; for Pelican:
    `logger.error("%s:%d: %s", *issue)`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContactsError(Exception):
    """Raised by load_contacts with every mistake found (message in French, one per line)."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    @property
    def path(self) -> str:
        return self.issues[0].path

    @property
    def line(self) -> int:
        return self.issues[0].line


@dataclass(frozen=True)
class Phone:
    """`e164` is what is dialled: "+33800005696" for a long number, "17" for a short number.
    `display` is the French way of writing it ("0 800 005 696", "116 006")."""

    e164: str
    display: str

    @property
    def is_short(self) -> bool:
        return not self.e164.startswith("+")

    @property
    def href(self) -> str:
        return tel_url(self.e164)

    @property
    def sms_href(self) -> str:
        return sms_url(self.e164)


@dataclass(frozen=True)
class Channel:
    kind: str                      # a key of schema.CHANNEL_KINDS
    label: str                     # French text shown as is
    url: str | None = None
    phone: Phone | None = None

    @property
    def kind_label(self) -> str:
        return CHANNEL_KINDS[self.kind]


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    kind: str                      # a key of schema.KINDS
    description: str
    sources: tuple[str, ...]       # YAML `source` (one URL or a list), always a tuple here
    verified: dt.date
    phone: Phone | None = None
    sms: Phone | None = None
    channels: tuple[Channel, ...] = ()
    email: str | None = None
    website: str | None = None
    form: str | None = None
    address: str | None = None
    hours: str | None = None
    cost: str | None = None
    area: str | tuple[str, ...] | None = None   # "national", département codes, or None (not stated)
    commune: str | None = None
    audiences: tuple[str, ...] = ()
    recommended_by_miviludes: bool = False
    line: int = field(default=0, compare=False)  # line of the entry in contacts.yaml

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def source(self) -> str:
        return self.sources[0]

    @property
    def is_national(self) -> bool:
        return self.area == "national"

    @property
    def departements(self) -> tuple[str, ...]:
        """Département codes served locally (empty for national or unstated areas)."""
        return self.area if isinstance(self.area, tuple) else ()

    @property
    def area_attr(self) -> str:
        """Value for a `data-area` attribute used by the /aide/ filter script:
        "national", "13 2A" (space-separated codes), or "" (area not stated: always shown)."""
        if self.area is None:
            return ""
        return self.area if isinstance(self.area, str) else " ".join(self.area)


@dataclass(frozen=True)
class Section:
    """A block of the /aide/ page (see page.group_for_page)."""

    id: str                        # HTML anchor
    title: str
    contacts: tuple[Contact, ...]
    intro: str = ""
