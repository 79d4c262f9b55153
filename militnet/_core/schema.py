"""The on-disk dataset format: file names, columns and their types.

A dataset is a folder with ``groups.csv``, ``relations.csv``, ``sources.csv``
and ``datapackage.json`` (Frictionless Data Package style), and optionally the
evidence events: ``events.csv`` and ``event_actors.csv`` (both or neither; a
dataset without them is unchanged). Lists inside a cell are ``;``-separated.
Columns not listed here are kept as they are.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ALL_TABLES",
    "COLUMNS",
    "EVENT_TABLES",
    "FILES",
    "LIST_COLUMNS",
    "OPTIONAL_COLUMNS",
    "RELATION_REVIEW_COLUMNS",
    "REQUIRED",
    "SOURCE_KINDS",
    "TABLES",
]

#: The tables every dataset has.
TABLES: Final = ("groups", "relations", "sources")
#: The evidence tables a dataset may have (both or neither).
EVENT_TABLES: Final = ("events", "event_actors")
ALL_TABLES: Final = TABLES + EVENT_TABLES

FILES: Final = {t: f"{t}.csv" for t in ALL_TABLES}

#: Known columns per table, in file order.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "groups": (
        "id",
        "name",
        "aliases",
        "founded",
        "ended",
        "orientation",
        "country",
        "notes",
        "sources",
    ),
    "relations": (
        "id",
        "source",
        "target",
        "type",
        "start",
        "end",
        "confidence",
        "evidence",
        "sources",
        "notes",
        "last_attested",
    ),
    "sources": ("id", "title", "publisher", "date", "url", "document", "notes", "kind"),
    "events": (
        "id",
        "date",
        "end",
        "kind",
        "country",
        "admin1",
        "admin2",
        "place",
        "latitude",
        "longitude",
        "fatalities",
        "summary",
        "sources",
        "notes",
    ),
    "event_actors": ("event", "group", "role", "confidence", "notes"),
}

#: Known columns that are not added when absent, so that a dataset without them
#: saves byte for byte as it was (``relations.events``: the events behind a tie).
OPTIONAL_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "groups": ("leaders",),
    "relations": ("events",),
}

#: The relations.csv columns of a review table (candidate ties from news or events,
#: proposed ends), in the order a reviewer reads them, then its ``status``
#: (``candidate``; a reviewer marks the rows to take ``accepted``).
RELATION_REVIEW_COLUMNS: Final[tuple[str, ...]] = (
    "source",
    "target",
    "type",
    "start",
    "end",
    "confidence",
    "evidence",
    "sources",
    "notes",
    "status",
)

#: Columns holding ``;``-separated lists (declared once; readers split them with
#: :func:`militnet._core.model.split_list`).
LIST_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "groups": ("aliases", "country", "sources"),
    "relations": ("sources", "events"),
    "events": ("sources",),
}

#: Columns a file must have; other known columns default to empty.
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "groups": ("id", "name"),
    "relations": ("id", "source", "target", "type", "confidence"),
    "sources": ("id",),
    "events": ("id", "date", "kind"),
    "event_actors": ("event", "group", "role"),
}

#: Frictionless field descriptions of the known columns.
FIELD_DOCS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "groups": {
        "id": ("string", "Stable group identifier"),
        "name": ("string", "Canonical name"),
        "aliases": ("string", "Other names and spellings, ';'-separated"),
        "founded": ("string", "Founding date: YYYY, YYYY-MM, YYYY-MM-DD or empty (unknown)"),
        "ended": ("string", "End date, same format; empty if the group still exists"),
        "orientation": ("string", "Ideological orientation"),
        "country": ("string", "Main country or region of operation, ';'-separated"),
        "notes": ("string", "Free notes"),
        "sources": ("string", "Source ids, ';'-separated"),
        "leaders": (
            "string",
            "Optional: names of the group's leaders, ';'-separated (read by the news "
            "extractor: a leader's name stands for the group)",
        ),
    },
    "relations": {
        "id": ("string", "Stable relation identifier"),
        "source": ("string", "Source group id (the one that pledges, splits or merges)"),
        "target": ("string", "Target group id"),
        "type": ("string", "alliance, pledge, split, merger or rivalry"),
        "start": ("string", "Start date: YYYY, YYYY-MM, YYYY-MM-DD or empty (undocumented)"),
        "end": ("string", "End date (exclusive), same format; empty if still active"),
        "confidence": ("string", "confirmed, reported or alleged"),
        "evidence": ("string", "Short quote or paraphrase of the evidence"),
        "sources": ("string", "Source ids, ';'-separated"),
        "notes": ("string", "Free notes, including disagreements between sources"),
        "last_attested": (
            "string",
            "Latest date a cited source shows the tie still in "
            "force: YYYY, YYYY-MM, YYYY-MM-DD or empty (unknown)",
        ),
        "events": ("string", "Ids of the events that evidence the tie, ';'-separated"),
    },
    "sources": {
        "id": ("string", "Stable source identifier"),
        "title": ("string", "Title"),
        "publisher": ("string", "Publisher"),
        "date": ("string", "Publication date: YYYY, YYYY-MM, YYYY-MM-DD or empty"),
        "url": ("string", "http(s) URL"),
        "document": ("string", "Document or file name"),
        "notes": ("string", "Free notes"),
        "kind": (
            "string",
            "Kind of source (primary-statement, official, un, wire, newspaper, "
            "research, encyclopedia, mirror, provided-document) or empty",
        ),
    },
    "events": {
        "id": ("string", "Stable event identifier"),
        "date": ("string", "Date of the event (its first day): YYYY, YYYY-MM or YYYY-MM-DD"),
        "end": ("string", "Last day of a multi-day event (inclusive), same format; else empty"),
        "kind": (
            "string",
            "attack, clash, claim, statement, pledge, denial, meeting, killing or arrest",
        ),
        "country": ("string", "Country where it happened (English short name)"),
        "admin1": ("string", "First-level administrative unit (province, state)"),
        "admin2": ("string", "Second-level administrative unit (district)"),
        "place": ("string", "Place name"),
        "latitude": ("number", "WGS84 latitude in decimal degrees, or empty"),
        "longitude": ("number", "WGS84 longitude in decimal degrees, or empty"),
        "fatalities": ("integer", "Number of people killed, or empty (unknown)"),
        "summary": ("string", "One-sentence summary"),
        "sources": ("string", "Source ids, ';'-separated"),
        "notes": ("string", "Free notes: dating, disagreements between sources"),
    },
    "event_actors": {
        "event": ("string", "Event id"),
        "group": ("string", "Group id"),
        "role": ("string", "perpetrator, claimant, target, participant, signatory or denier"),
        "confidence": ("string", "confirmed, reported or alleged (that the group took this role)"),
        "notes": ("string", "Free notes"),
    },
}

#: Kinds of source, strongest first: reports and ``explain`` cite a relation's
#: strongest source first (then the most recent). Empty or unknown kinds rank last.
SOURCE_KINDS: Final[tuple[str, ...]] = (
    "primary-statement",
    "official",
    "un",
    "research",
    "wire",
    "newspaper",
    "provided-document",
    "encyclopedia",
    "mirror",
)

#: The metadata file of a dataset folder (a Frictionless data package).
DATAPACKAGE = "datapackage.json"
