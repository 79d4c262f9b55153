"""The on-disk dataset format: file names, columns and their types.

A dataset is a folder with ``groups.csv``, ``relations.csv``, ``sources.csv``
and ``datapackage.json`` (Frictionless Data Package style). Lists inside a
cell are ``;``-separated. Columns not listed here are kept as they are.
"""

from __future__ import annotations

from typing import Final

__all__ = ["COLUMNS", "FILES", "REQUIRED", "SOURCE_KINDS", "TABLES"]

TABLES: Final = ("groups", "relations", "sources")

FILES: Final = {t: f"{t}.csv" for t in TABLES}

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
}

#: Columns a file must have; other known columns default to empty.
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "groups": ("id", "name"),
    "relations": ("id", "source", "target", "type", "confidence"),
    "sources": ("id",),
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
