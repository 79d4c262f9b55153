"""A small event-bearing network with real places (IS-K and its neighbours, 2014-2024),
for the map, explain, report, timeline and page tests, and a hostile variant.

The events are public, widely reported attacks and clashes; coordinates are those of
the town or city named (city centre), fatalities as first reported. The data are a
test fixture, not a dataset: see the afpak dataset for sourced events.
"""

from __future__ import annotations

import militnet
from militnet import Group, Relation, Source

# id, date, kind, country, admin1, place, lat, lon, fatalities, summary, sources, actors
EVENTS: list[tuple[str, str, str, str, str, str, str, str, str, str, str, str]] = [
    (
        "e-aps",
        "2014-12-16",
        "attack",
        "Pakistan",
        "Khyber Pakhtunkhwa",
        "Army Public School, Peshawar",
        "34.0151",
        "71.5249",
        "149",
        "Gunmen attack the Army Public School in Peshawar.",
        "s-dawn",
        "ttp:perpetrator:confirmed;ttp:claimant:confirmed",
    ),
    (
        "e-pledge",
        "2015-01-26",
        "pledge",
        "",
        "",
        "",
        "",
        "",
        "",
        "The Islamic State announces its Khorasan province.",
        "s-lwj",
        "isk:signatory:confirmed;is:participant:confirmed",
    ),
    (
        "e-jalalabad",
        "2015-04-18",
        "attack",
        "Afghanistan",
        "Nangarhar",
        "Kabul Bank, Jalalabad",
        "34.4300",
        "70.4500",
        "33",
        "Suicide bombing outside a bank in Jalalabad.",
        "s-reuters",
        "isk:claimant:reported",
    ),
    (
        "e-achin",
        "2015-07-25",
        "clash",
        "Afghanistan",
        "Nangarhar",
        "Achin",
        "34.0800",
        "70.6800",
        "",
        "Taliban and IS-K fighters clash in Achin district.",
        "s-lwj",
        "taliban:participant:confirmed;isk:participant:confirmed",
    ),
    (
        "e-hospital",
        "2016-08-08",
        "attack",
        "Pakistan",
        "Balochistan",
        "Civil Hospital, Quetta",
        "30.1798",
        "66.9750",
        "70",
        "Suicide bombing among lawyers at Quetta's Civil Hospital.",
        "s-dawn;s-reuters",
        "isk:claimant:confirmed;jua:claimant:confirmed",
    ),
    (
        "e-quetta",
        "2016-10-24",
        "attack",
        "Pakistan",
        "Balochistan",
        "Police Training College, Quetta",
        "30.1420",
        "66.9950",
        "61",
        "Gunmen storm the police training college on Sariab Road, Quetta.",
        "s-reuters;s-dawn",
        "lej-a:perpetrator:confirmed;isk:claimant:confirmed;lej-a:claimant:confirmed",
    ),
    (
        "e-sehwan",
        "2017-02-16",
        "attack",
        "Pakistan",
        "Sindh",
        "Sehwan",
        "26.4263",
        "67.8601",
        "76",
        "Suicide bombing at the Lal Shahbaz Qalandar shrine.",
        "s-dawn",
        "isk:claimant:confirmed",
    ),
    (
        "e-mastung",
        "2018-07-13",
        "attack",
        "Pakistan",
        "Balochistan",
        "Mastung",
        "29.7997",
        "66.8455",
        "128",
        "Suicide bombing at an election rally near Mastung.",
        "s-dawn",
        "isk:claimant:confirmed",
    ),
    (
        "e-darzab",
        "2018-07",
        "clash",
        "Afghanistan",
        "Jowzjan",
        "Darzab",
        "36.0000",
        "65.3800",
        "",
        "Taliban offensive against IS-K in Darzab.",
        "s-lwj",
        "taliban:participant:confirmed;isk:participant:confirmed",
    ),
    (
        "e-statement",
        "2019-11",
        "statement",
        "",
        "",
        "",
        "",
        "",
        "",
        "An IS-K statement with no place given.",
        "s-lwj",
        "isk:signatory:reported",
    ),
    (
        "e-shor-bazaar",
        "2020-03-25",
        "attack",
        "Afghanistan",
        "Kabul",
        "Shor Bazaar, Kabul",
        "34.5120",
        "69.1870",
        "25",
        "Attack on a Sikh temple in Shor Bazaar, Kabul.",
        "s-reuters",
        "isk:claimant:confirmed;haqqani:perpetrator:alleged",
    ),
    (
        "e-airport",
        "2021-08-26",
        "attack",
        "Afghanistan",
        "Kabul",
        "Hamid Karzai International Airport, Kabul",
        "34.5656",
        "69.2126",
        "183",
        "Suicide bombing at the Abbey Gate of Kabul airport.",
        "s-reuters",
        "isk:claimant:confirmed;isk:perpetrator:confirmed",
    ),
    (
        "e-kunduz",
        "2021-10-08",
        "attack",
        "Afghanistan",
        "Kunduz",
        "Gozar-e-Sayed Abad mosque, Kunduz",
        "36.7280",
        "68.8681",
        "46",
        "Suicide bombing at a Shia mosque in Kunduz.",
        "s-reuters",
        "isk:claimant:confirmed;taliban:target:reported",
    ),
    (
        "e-kandahar",
        "2021-10-15",
        "attack",
        "Afghanistan",
        "Kandahar",
        "Imam Bargah mosque, Kandahar",
        "31.6289",
        "65.7372",
        "63",
        "Suicide bombing at a Shia mosque in Kandahar.",
        "s-reuters",
        "isk:claimant:confirmed",
    ),
    (
        "e-peshawar",
        "2022-03-04",
        "attack",
        "Pakistan",
        "Khyber Pakhtunkhwa",
        "Kocha Risaldar mosque, Peshawar",
        "34.0151",
        "71.5249",
        "63",
        "Suicide bombing at a Shia mosque in Peshawar.",
        "s-dawn",
        "isk:claimant:confirmed",
    ),
    (
        "e-mazar",
        "2022-04-21",
        "attack",
        "Afghanistan",
        "Balkh",
        "Seh Dokan mosque, Mazar-i-Sharif",
        "36.7090",
        "67.1109",
        "31",
        "Bombing at a Shia mosque in Mazar-i-Sharif.",
        "s-reuters",
        "isk:claimant:confirmed",
    ),
    (
        "e-embassy",
        "2022-12-02",
        "attack",
        "Afghanistan",
        "Kabul",
        "Pakistani embassy, Kabul",
        "34.5300",
        "69.1700",
        "0",
        "Gunfire at the Pakistani embassy in Kabul.",
        "s-reuters",
        "isk:claimant:confirmed",
    ),
    (
        "e-bajaur",
        "2023-07-30",
        "attack",
        "Pakistan",
        "Khyber Pakhtunkhwa",
        "Khar, Bajaur",
        "34.7297",
        "71.5250",
        "63",
        "Suicide bombing at a JUI-F rally in Bajaur.",
        "s-dawn",
        "isk:claimant:confirmed",
    ),
    (
        "e-kerman",
        "2024-01-03",
        "attack",
        "Iran",
        "Kerman",
        "Kerman",
        "30.2839",
        "57.0834",
        "84",
        "Twin bombings at the Soleimani memorial in Kerman.",
        "s-reuters",
        "is:claimant:confirmed;isk:perpetrator:alleged",
    ),
    (
        "e-kabul-2024",
        "2024-12-11",
        "attack",
        "Afghanistan",
        "Kabul",
        "Ministry of Refugees, Kabul",
        "34.5553",
        "69.2075",
        "",
        "Suicide bombing kills the Taliban minister for refugees.",
        "s-reuters",
        "isk:claimant:confirmed;taliban:target:confirmed",
    ),
]

GROUPS = [
    Group(
        "isk",
        "Islamic State Khorasan Province",
        aliases="IS-K;ISKP",
        founded="2015-01",
        orientation="jihadist",
        country="Afghanistan;Pakistan",
    ),
    Group("is", "Islamic State", founded="2006", orientation="jihadist", country="Iraq;Syria"),
    Group(
        "lej-a",
        "Lashkar-e-Jhangvi al-Alami",
        aliases="LeJ-A",
        founded="2011",
        orientation="sectarian",
        country="Pakistan",
    ),
    Group(
        "taliban", "Afghan Taliban", founded="1994", orientation="jihadist", country="Afghanistan"
    ),
    Group(
        "ttp",
        "Tehrik-i-Taliban Pakistan",
        aliases="TTP",
        founded="2007-12",
        orientation="jihadist",
        country="Pakistan",
    ),
    Group("jua", "Jamaat-ul-Ahrar", founded="2014-08", orientation="jihadist", country="Pakistan"),
    Group(
        "haqqani", "Haqqani network", founded="1975", orientation="jihadist", country="Afghanistan"
    ),
]

SOURCES = [
    Source("s-dawn", title="Dawn reports", publisher="Dawn", kind="newspaper"),
    Source("s-reuters", title="Reuters reports", publisher="Reuters", kind="newspaper"),
    Source("s-lwj", title="Long War Journal", publisher="FDD", kind="research"),
    Source("s-rel", title="Relation source", publisher="Analyst", kind="research"),
]

RELATIONS = [
    Relation(
        "r-quetta",
        "isk",
        "lej-a",
        "alliance",
        start="2016",
        confidence="reported",
        evidence="LeJ-A says it attacked the Quetta police college with Daesh.",
        sources="s-rel",
        extra={"events": "e-quetta"},
    ),
    Relation(
        "r-pledge",
        "isk",
        "is",
        "pledge",
        start="2015-01-26",
        confidence="confirmed",
        evidence="Khorasan province announced.",
        sources="s-lwj",
        extra={"events": "e-pledge"},
    ),
    Relation(
        "r-rival",
        "isk",
        "taliban",
        "rivalry",
        start="2015",
        confidence="confirmed",
        evidence="Fighting in Nangarhar and Jowzjan.",
        sources="s-lwj",
        extra={"events": "e-achin;e-darzab;e-kunduz"},
    ),
    Relation(
        "r-haqqani",
        "isk",
        "haqqani",
        "alliance",
        start="2020",
        confidence="alleged",
        evidence="NDS: a joint cell.",
        sources="s-rel",
        extra={"events": "e-shor-bazaar"},
    ),
    Relation(
        "r-ttp",
        "ttp",
        "taliban",
        "pledge",
        start="2007-12",
        confidence="confirmed",
        evidence="The TTP's allegiance to the Afghan Taliban.",
        sources="s-rel",
    ),
]


def _actors(events: list[tuple[str, ...]]) -> list[dict[str, str]]:
    out = []
    for ev in events:
        for item in ev[11].split(";"):
            g, role, conf = item.split(":")
            out.append({"event": ev[0], "group": g, "role": role, "confidence": conf})
    return out


def _events(events: list[tuple[str, ...]]) -> list[dict[str, str]]:
    keys = (
        "id",
        "date",
        "kind",
        "country",
        "admin1",
        "place",
        "latitude",
        "longitude",
        "fatalities",
        "summary",
        "sources",
    )
    return [dict(zip(keys, ev[:11], strict=True)) for ev in events]


def events_network() -> militnet.Network:
    """IS-K and its neighbours with 20 events (18 with coordinates, 2014-12 to 2024-12)."""
    return militnet.Network(
        GROUPS,
        RELATIONS,
        SOURCES,
        events=_events(EVENTS),
        event_actors=_actors(EVENTS),
        metadata={"name": "events-fixture", "title": "IS-K events"},
    )


HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
    "*a*|b|`c` <!-- c -->",
]


def hostile_events_network() -> militnet.Network:
    """The fixture with every event text, place and event source title hostile."""
    bad = " ".join(HOSTILE)
    events = [
        (
            eid,
            date,
            kind,
            country,
            f"{admin1} {HOSTILE[1]}",
            f"{place} {HOSTILE[0]}",
            lat,
            lon,
            fat,
            f"{summary} {bad}",
            src,
            actors,
        )
        for (eid, date, kind, country, admin1, place, lat, lon, fat, summary, src, actors) in EVENTS
    ]
    sources = [
        Source(s.id, title=f"{s.title} {bad}", publisher=HOSTILE[2], kind=s.kind) for s in SOURCES
    ]
    return militnet.Network(
        GROUPS,
        RELATIONS,
        sources,
        events=_events(events),
        event_actors=_actors(events),
        metadata={"name": "hostile"},
    )
