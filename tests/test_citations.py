"""Citing imported events on the relations they evidence (militnet.event_citations,
militnet.cite_events), and the whole path from an event dataset to attested ties."""

from __future__ import annotations

from pathlib import Path

import pytest

import militnet
from militnet import Group, Relation

DATA = Path(__file__).parent / "data"


def small(events: list[dict[str, str]], actors: list[dict[str, str]]) -> militnet.Network:
    groups = [Group(g, g.upper(), founded="2000") for g in ("a", "b", "p")]
    relations = [
        Relation("r1", "a", "b", "alliance", start="2010", end="2016", confidence="reported"),
        Relation("r2", "a", "p", "pledge", start="2012", confidence="confirmed"),
        Relation("r3", "b", "p", "rivalry", start="2014", confidence="confirmed"),
    ]
    return militnet.Network(groups, relations, events=events, event_actors=actors)


def act(event: str, group: str, role: str, notes: str = "") -> dict[str, str]:
    return {"event": event, "group": group, "role": role, "notes": notes}


def test_what_fits_each_relation_type() -> None:
    events = [
        {"id": "e1", "date": "2013-05", "kind": "attack"},  # a and b claim together
        {"id": "e2", "date": "2013-06-01", "kind": "pledge"},  # a swears to p
        {"id": "e3", "date": "2015", "kind": "clash"},  # b and p fight
        {"id": "e4", "date": "2017", "kind": "attack"},  # after r1's end
        {"id": "e5", "date": "2014", "kind": "attack", "notes": "competing claims"},
    ]
    actors = [
        act("e1", "a", "perpetrator"),
        act("e1", "b", "claimant"),
        act("e2", "a", "signatory"),
        act("e2", "p", "target"),
        act("e3", "b", "participant"),
        act("e3", "p", "participant"),
        act("e4", "a", "perpetrator"),
        act("e4", "b", "perpetrator"),
        act("e5", "a", "claimant"),
        act("e5", "b", "claimant"),
    ]
    got = militnet.event_citations(small(events, actors))
    assert list(zip(got.relation, got.event, strict=True)) == [
        ("r1", "e1"),
        ("r2", "e2"),
        ("r3", "e3"),
    ]
    assert list(militnet.event_citations(small(events, actors), types=["rivalry"]).event) == ["e3"]


def test_cited_events_are_not_proposed_again_and_attest_the_tie() -> None:
    events = [
        {"id": "e1", "date": "2015-03-01", "kind": "clash"},
        {"id": "e2", "date": "2019-07-01", "kind": "clash"},
    ]
    actors = [act(e, g, "participant") for e in ("e1", "e2") for g in ("b", "p")]
    net = small(events, actors)
    assert ("b", "p") not in net.ties("2024-12-01", militnet.TiePolicy(types="rivalry")).edges()
    cited = militnet.cite_events(net)
    assert cited.relations.loc["r3", "events"] == "e1;e2"
    assert militnet.event_citations(cited).empty
    # the 2019 clash now attests the rivalry: it lapses five years after it, not after 2014
    assert ("b", "p") in cited.ties("2024-06-01", militnet.TiePolicy(types="rivalry")).edges()
    assert cited.time_index.a_event[2] == "e2"


def test_a_reviewed_table_cites_only_its_rows() -> None:
    events = [
        {"id": "e1", "date": "2015-03-01", "kind": "clash"},
        {"id": "e2", "date": "2019-07-01", "kind": "clash"},
    ]
    actors = [act(e, g, "participant") for e in ("e1", "e2") for g in ("b", "p")]
    net = small(events, actors)
    table = militnet.event_citations(net)
    kept = militnet.cite_events(net, table[table.event == "e1"])
    assert kept.relations.loc["r3", "events"] == "e1"
    with pytest.raises(militnet.ArgumentError, match="unknown relation"):
        militnet.cite_events(net, table.assign(relation="r9"))
    with pytest.raises(militnet.ValidationError, match="takes no part"):
        militnet.cite_events(net, table.assign(relation="r1"))


def test_ged_clashes_attest_the_taliban_isk_rivalry() -> None:
    """The issue's path: a GED file of Taliban vs IS-K clashes, matched onto afpak by a
    reviewed crosswalk, attests their rivalry once the clashes are cited."""
    afpak = militnet.load_dataset("afpak")
    ged = militnet.read_ucdp_ged(DATA / "ged_sample.csv")
    draft = militnet.crosswalk(afpak, ged)
    assert set(draft.external) == {"taleban", "is"}
    reviewed = {("ucdp-ged", "taleban"): "taliban", ("ucdp-ged", "is"): "iskp"}
    net = militnet.combine(afpak, ged, crosswalk=reviewed)
    imported = [e for e in net.events.index if e.startswith("ged-")]
    table = militnet.event_citations(net, events=imported)
    (rid,) = set(table.relation)
    rel = net.relations.loc[rid]
    assert (rel.type, rel.origin_id) == ("rivalry", "r004")
    cited = militnet.cite_events(net, table)
    assert cited.validation.ok
    assert set(imported) <= set(cited.relations.loc[rid, "events"].split(";"))
