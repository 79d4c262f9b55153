"""A small hand-made network with evidence events, for the tests of the events
analysis (and any other test that needs events: ``from events_fixture import
events_net``).

Six groups: the Islamic State's Khorasan province (``isk``), Lashkar-e-Jhangvi
al-Alami (``leja``), the Pakistani Taliban (``ttp``), Jamaat-ul-Ahrar (``jua``,
merged into the TTP in 2020-08), the Afghan Taliban (``taliban``) and the
Haqqani network (``hqn``). "Taliban" is an alias of both Talibans (ambiguous).

Relations (all open-ended unless said):

- ``r01`` ttp–leja alliance from 2016-03, attested only by event ``e02``
  (2016-03-15): lapses on 2021-03-15 under the default five-year policy.
- ``r02`` isk–jua alliance from 2016-06: its partner JuA merges into the TTP
  (``r03``, 2020-08) while it is open.
- ``r03`` jua → ttp merger, 2020-08 (JuA ends 2020-08).
- ``r04`` taliban–hqn alliance from 2001, cites ``e03`` (2016-05) and ``e07``
  (2022-05-10): the later event keeps it alive after 2021.
- ``r05`` isk–ttp alliance from 2015-01 (last attested 2015-06), contradicted by the
  clash ``e04`` (2017-06-10, Nangarhar).
- ``r06`` hqn–ttp alliance from 2010 (last attested 2016), contradicted by the
  denial ``e06`` (2018-02-01).
- ``r07`` taliban–isk rivalry from 2015.

Events: ``e01`` the Quetta police-college attack of 2016-10-24 (IS-K claimant,
LeJ-A perpetrator: a co-claim with no relation behind it), ``e02`` a TTP/LeJ-A
attack in Karachi, ``e03`` a Taliban–Haqqani meeting (month precision), ``e04``
the IS-K/TTP clash, ``e05`` an IS-K attack known to the year only (2016), ``e06``
the Haqqani denial, ``e07`` a later Taliban–Haqqani attack, ``e08`` an attack in
Sehwan with competing claims (Taliban and IS-K: no cooperation).
"""

from __future__ import annotations

from typing import Any

import militnet
from militnet import Group, Relation, Source

GROUPS = [
    Group(
        "isk",
        "Islamic State Khorasan Province",
        aliases="IS-K;ISKP",
        founded="2015-01",
        sources="s2",
    ),
    Group("leja", "Lashkar-e-Jhangvi al-Alami", aliases="LeJ-A", founded="2014", sources="s2"),
    Group(
        "ttp",
        "Tehrik-i-Taliban Pakistan",
        aliases="Pakistani Taliban;Taliban",
        founded="2007-12",
        sources="s2",
    ),
    Group(
        "jua", "Jamaat-ul-Ahrar", aliases="JuA", founded="2014-08", ended="2020-08", sources="s2"
    ),
    Group(
        "taliban", "Afghan Taliban", aliases="Taliban;Islamic Emirate", founded="1994", sources="s2"
    ),
    Group("hqn", "Haqqani Network", aliases="Haqqanis", founded="1995", sources="s2"),
]

SOURCES = [
    Source("s1", title="Quetta police college attack", publisher="Dawn", date="2016-10-25"),
    Source("s2", title="Militancy in Pakistan and Afghanistan, a chronology", date="2023"),
]


def relations() -> list[Relation]:
    """The relations (a fresh list: tests may change it)."""
    ev = {"sources": "s2"}
    return [
        Relation("r01", "ttp", "leja", "alliance", start="2016-03", evidence="Karachi attack",
                 extra={"events": "e02"}, **ev),
        Relation("r02", "isk", "jua", "alliance", start="2016-06", last_attested="2019",
                 evidence="joint cells in Mohmand", **ev),
        Relation("r03", "jua", "ttp", "merger", start="2020-08", confidence="confirmed",
                 last_attested="2020-08",
                 evidence="JuA rejoins the TTP", **ev),
        Relation("r04", "taliban", "hqn", "alliance", start="2001", confidence="confirmed",
                 evidence="the Haqqanis are part of the Taliban", extra={"events": "e03;e07"},
                 **ev),
        Relation("r05", "isk", "ttp", "alliance", start="2015-01", last_attested="2015-06",
                 evidence="TTP defectors join IS-K", notes="early cooperation in Nangarhar",
                 **ev),
        Relation("r06", "hqn", "ttp", "alliance", start="2010", last_attested="2016",
                 evidence="shelter in North Waziristan", **ev),
        Relation("r07", "taliban", "isk", "rivalry", start="2015", last_attested="2022",
                 evidence="fighting in Nangarhar", **ev),
    ]  # fmt: skip


EVENT_COLUMNS = (
    "id", "date", "end", "kind", "country", "admin1", "admin2", "place",
    "latitude", "longitude", "fatalities", "summary", "sources", "notes",
)  # fmt: skip

EVENTS: list[tuple[str, ...]] = [
    ("e01", "2016-10-24", "", "attack", "Pakistan", "Balochistan", "Quetta", "Quetta",
     "30.18", "66.98", "61", "Attack on the Balochistan Police Training College", "s1", ""),
    ("e02", "2016-03-15", "", "attack", "Pakistan", "Sindh", "Karachi", "Karachi",
     "24.86", "67.01", "", "Bombing of a police convoy in Karachi", "s2", ""),
    ("e03", "2016-05", "", "meeting", "Afghanistan", "Helmand", "", "",
     "", "", "", "Taliban and Haqqani commanders meet", "s2", ""),
    ("e04", "2017-06-10", "2017-06-12", "clash", "Afghanistan", "Nangarhar", "Achin", "Achin",
     "34.13", "70.70", "12", "IS-K and TTP fighters clash in Achin", "s2", ""),
    ("e05", "2016", "", "attack", "Afghanistan", "Nangarhar", "", "",
     "", "", "3", "IS-K attack on a checkpoint", "s2", ""),
    ("e06", "2018-02-01", "", "denial", "Pakistan", "", "", "",
     "", "", "", "Haqqani spokesman denies any link with the TTP", "s2", ""),
    ("e07", "2022-05-10", "", "attack", "Afghanistan", "Kabul", "", "Kabul",
     "34.53", "69.17", "5", "Joint Taliban-Haqqani raid in Kabul", "s2", ""),
    ("e08", "2017-02-16", "", "attack", "Pakistan", "Sindh", "Jamshoro", "Sehwan",
     "26.42", "67.86", "90", "Bombing of the Sehwan shrine", "s2", "competing claims"),
]  # fmt: skip

ACTORS: list[tuple[str, str, str, str, str]] = [
    ("e01", "isk", "claimant", "confirmed", ""),
    ("e01", "leja", "perpetrator", "reported", "carried out with IS-K"),
    ("e02", "ttp", "perpetrator", "reported", ""),
    ("e02", "leja", "perpetrator", "alleged", ""),
    ("e03", "taliban", "participant", "", ""),
    ("e03", "hqn", "participant", "", ""),
    ("e04", "isk", "participant", "confirmed", ""),
    ("e04", "ttp", "participant", "confirmed", ""),
    ("e05", "isk", "perpetrator", "reported", ""),
    ("e06", "hqn", "denier", "confirmed", ""),
    ("e06", "ttp", "participant", "", ""),
    ("e07", "taliban", "perpetrator", "confirmed", ""),
    ("e07", "hqn", "perpetrator", "confirmed", ""),
    ("e08", "taliban", "claimant", "reported", ""),
    ("e08", "isk", "claimant", "reported", ""),
]


def event_records(events: list[tuple[str, ...]] | None = None) -> list[dict[str, str]]:
    return [dict(zip(EVENT_COLUMNS, e, strict=True)) for e in (events or EVENTS)]


def actor_records(actors: list[tuple[str, ...]] | None = None) -> list[dict[str, str]]:
    cols = ("event", "group", "role", "confidence", "notes")
    return [dict(zip(cols, a, strict=True)) for a in (actors or ACTORS)]


def events_net(
    *,
    events: list[tuple[str, ...]] | None = None,
    actors: list[tuple[str, ...]] | None = None,
    relations_: list[Relation] | None = None,
    **meta: Any,
) -> militnet.Network:
    """The fixture network (``events``/``actors``/``relations_`` replace its tables)."""
    return militnet.Network(
        GROUPS,
        relations() if relations_ is None else relations_,
        SOURCES,
        events=event_records(events),
        event_actors=actor_records(actors),
        metadata={"name": "events-fixture", "version": "1", **meta},
    )
