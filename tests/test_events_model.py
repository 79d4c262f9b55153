"""The evidence-events model: format, round trip, validation, attestation."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

import militnet
from militnet import Group, Source

S = [Source("s1", title="A report")]


def groups() -> list[Group]:
    return [
        Group("a", "Alpha", founded="2000", sources="s1"),
        Group("b", "Bravo", founded="2000", sources="s1"),
        Group("c", "Charlie", founded="2000", sources="s1"),
        Group("p", "Patron", founded="1990", sources="s1"),
    ]


def rel(rid: str, s: str, t: str, typ: str = "alliance", **kw: str) -> dict[str, str]:
    base = {
        "id": rid,
        "source": s,
        "target": t,
        "type": typ,
        "confidence": "reported",
        "sources": "s1",
        "evidence": "x",
    }
    return {**base, **kw}


def ev(eid: str, date: str, kind: str = "attack", **kw: str) -> dict[str, str]:
    return {"id": eid, "date": date, "kind": kind, "sources": "s1", **kw}


def act(eid: str, gid: str, role: str, conf: str = "reported") -> dict[str, str]:
    return {"event": eid, "group": gid, "role": role, "confidence": conf}


def quetta_net(**relations_kw: str) -> militnet.Network:
    """a and b co-perpetrate an attack on 2016-10-24 (as IS-K and LeJ-A did in Quetta)."""
    return militnet.Network(
        groups(),
        [rel("r1", "a", "b", start="2016-10", events="e1", **relations_kw)],
        S,
        events=[
            ev(
                "e1",
                "2016-10-24",
                country="Pakistan",
                admin1="Balochistan",
                place="Quetta",
                latitude="30.18",
                longitude="66.99",
                fatalities="61",
            )
        ],
        event_actors=[act("e1", "a", "claimant"), act("e1", "b", "perpetrator", "confirmed")],
    )


# -- format and round trip ---------------------------------------------------


def test_tables_and_repr() -> None:
    net = quetta_net()
    assert net.has_events
    assert list(net.events.index) == ["e1"]
    assert net.events.loc["e1", "place"] == "Quetta"
    assert net.event_actors[["event", "group", "role"]].values.tolist() == [
        ["e1", "a", "claimant"],
        ["e1", "b", "perpetrator"],
    ]
    assert "1 event" in repr(net)
    assert net.summary()["events_by_kind"] == {"attack": 1}


def test_no_events_is_unchanged(tmp_path: Path) -> None:
    afpak = militnet.load_dataset("afpak")
    net = militnet.Network(
        afpak.groups, afpak.relations.drop(columns="events"), afpak.sources, metadata={"name": "x"}
    )
    assert not net.has_events and net.events.empty and net.event_actors.empty
    assert list(net.events.columns)[:3] == ["date", "end", "kind"]
    net.save(tmp_path / "one")
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [
        "datapackage.json",
        "groups.csv",
        "relations.csv",
        "sources.csv",
    ]
    assert "events" not in (tmp_path / "one" / "relations.csv").read_text().split("\n")[0]
    again = militnet.load(tmp_path / "one")
    assert not again.has_events and "events" not in again.relations.columns
    again.save(tmp_path / "two")
    for name in ("groups.csv", "relations.csv", "sources.csv", "datapackage.json"):
        assert filecmp.cmp(tmp_path / "one" / name, tmp_path / "two" / name, shallow=False)
    assert "events" not in (tmp_path / "one" / "datapackage.json").read_text()


def test_a_relation_citing_events_needs_the_events() -> None:
    afpak = militnet.load_dataset("afpak")
    with pytest.raises(militnet.ValidationError, match="pass events= and event_actors="):
        militnet.Network(afpak.groups, afpak.relations, afpak.sources)


def test_round_trip_with_events_is_byte_identical(tmp_path: Path) -> None:
    net = quetta_net()
    net.save(tmp_path / "one")
    back = militnet.load(tmp_path / "one")
    assert back.events.equals(net.events)
    assert back.event_actors.equals(net.event_actors)
    back.save(tmp_path / "two")
    militnet.load(tmp_path / "two").save(tmp_path / "three")
    for name in ("events.csv", "event_actors.csv", "relations.csv", "datapackage.json"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "three" / name).read_bytes()
    for name in ("events.csv", "event_actors.csv", "relations.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    dp = (tmp_path / "one" / "datapackage.json").read_text()
    assert '"foreignKeys"' in dp and '"event_actors.csv"' in dp


def test_unknown_event_columns_survive(tmp_path: Path) -> None:
    net = militnet.Network(
        groups(),
        [],
        S,
        events=[ev("e1", "2016", gtd_eventid="201601010001")],
        event_actors=[act("e1", "a", "perpetrator") | {"gname": "Alpha Front"}],
    )
    net.save(tmp_path / "x")
    back = militnet.load(tmp_path / "x")
    assert back.events.loc["e1", "gtd_eventid"] == "201601010001"
    assert back.event_actors.loc[0, "gname"] == "Alpha Front"


def test_one_event_file_alone_reads_as_the_other_empty(tmp_path: Path) -> None:
    quetta_net().save(tmp_path / "x")
    (tmp_path / "x" / "event_actors.csv").unlink()
    rels = (tmp_path / "x" / "relations.csv").read_text().replace(",e1", ",")
    (tmp_path / "x" / "relations.csv").write_text(rels)
    net = militnet.load(tmp_path / "x")
    assert net.has_events and net.event_actors.empty
    assert any("no actors" in p.message for p in net.validation.warnings)


# -- validation ----------------------------------------------------------------


def problems(tmp_path: Path, net: militnet.Network, edit: dict[str, tuple[str, str]]) -> list:
    folder = tmp_path / "d"
    shutil.rmtree(folder, ignore_errors=True)
    net.save(folder)
    for file, (old, new) in edit.items():
        f = folder / file
        text = f.read_text()
        assert old in text, (file, old)
        f.write_text(text.replace(old, new, 1))
    return militnet.validate(folder).problems


@pytest.mark.parametrize(
    ("file", "old", "new", "column", "words"),
    [
        ("events.csv", ",attack,", ",bombing,", "kind", "unknown event kind"),
        ("events.csv", "30.18", "95.5", "latitude", "out of range"),
        ("events.csv", "66.99", "east", "longitude", "not a number"),
        ("events.csv", ",61,", ",-3,", "fatalities", "whole number"),
        ("events.csv", "2016-10-24", "24/10/2016", "date", "malformed date"),
        ("event_actors.csv", "e1,a,claimant", "e1,zz,claimant", "group", "unknown group id"),
        ("event_actors.csv", "e1,a,claimant", "e9,a,claimant", "event", "unknown event id"),
        ("event_actors.csv", "e1,a,claimant", "e1,a,boss", "role", "unknown role"),
        ("event_actors.csv", "claimant,reported", "claimant,maybe", "confidence", "confidence"),
        ("event_actors.csv", "e1,a,claimant", "e1,c,claimant", "events", "takes no part"),
        ("relations.csv", ",e1", ",e1;e7", "events", "unknown event id"),
    ],
)
def test_errors_name_file_row_column_value(
    tmp_path: Path, file: str, old: str, new: str, column: str, words: str
) -> None:
    found = problems(tmp_path, quetta_net(), {file: (old, new)})
    errors = [p for p in found if p.severity == "error"]
    assert any(p.column == column and words in p.message for p in errors), found
    hit = next(p for p in errors if p.column == column and words in p.message)
    assert hit.row == 2 and hit.file.endswith(".csv")
    with pytest.raises(militnet.ValidationError):
        militnet.load(tmp_path / "d")


def test_all_problems_are_collected(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        quetta_net(),
        {
            "events.csv": (",attack,", ",bombing,"),
            "event_actors.csv": ("e1,a,claimant", "e1,zz,boss"),
        },
    )
    words = {p.message.split(";")[0] for p in found if p.severity == "error"}
    assert {"unknown event kind", "unknown group id", "unknown role"} <= words


def test_coordinates_outside_the_country_warn(tmp_path: Path) -> None:
    # Quetta's coordinates, swapped: a point in the Indian Ocean, not in Pakistan
    found = problems(tmp_path, quetta_net(), {"events.csv": ("30.18,66.99", "-30.18,66.99")})
    assert any("bounding box" in p.message and p.severity == "warning" for p in found)
    assert not any("bounding box" in p.message for p in quetta_net().validation.warnings)


def test_first_act_and_lifetime_warnings() -> None:
    net = militnet.Network(
        [*groups(), Group("late", "Late", founded="2018", sources="s1")],
        [rel("r1", "a", "b", start="2017", events="e1")],
        S,
        events=[ev("e1", "2016-10-24")],
        event_actors=[
            act("e1", "a", "perpetrator"),
            act("e1", "b", "perpetrator"),
            act("e1", "late", "target"),
        ],
    )
    msgs = [p.message for p in net.validation.warnings]
    assert any("starts after its earliest cited event 'e1'" in m for m in msgs)
    assert any("outside the group's lifetime" in m for m in msgs)


def test_an_alternative_start_reaching_the_event_explains_a_later_start() -> None:
    """Sources disagree on the start (start_alt): an event at the alternative
    start is no reason to warn; one before it still is."""

    def warned(start_alt: str) -> bool:
        net = militnet.Network(
            groups(),
            [rel("r1", "a", "b", start="2017", start_alt=start_alt, events="e1")],
            S,
            events=[ev("e1", "2016-10-24")],
            event_actors=[act("e1", "a", "perpetrator"), act("e1", "b", "perpetrator")],
        )
        return any("earliest cited event" in p.message for p in net.validation.warnings)

    assert not warned("2016-10-24") and not warned("2016")
    assert warned("2016-11") and warned("")


# -- attestation -------------------------------------------------------------


def test_a_tie_attested_by_one_2016_event_lapses_after_five_years() -> None:
    net = quetta_net()
    assert ("a", "b") in net.ties("2021-10-23").edges()
    assert ("a", "b") not in net.ties("2021-10-24").edges()
    assert net.time_index.a_event == ["e1"]


def test_a_later_event_keeps_the_tie() -> None:
    net = militnet.Network(
        groups(),
        [rel("r1", "a", "b", start="2016-10", events="e1;e2")],
        S,
        events=[ev("e1", "2016-10-24"), ev("e2", "2019-05", "claim")],
        event_actors=[act(e, g, "claimant") for e in ("e1", "e2") for g in ("a", "b")],
    )
    # 2019-05 + 5y: under the default date policy ("earliest") it lapses on 2024-05-01
    assert ("a", "b") in net.ties("2024-04-15").edges()
    assert ("a", "b") not in net.ties("2024-07-01").edges()
    assert net.time_index.a_event == ["e2"]


def test_last_attested_later_than_the_events_wins() -> None:
    net = quetta_net(last_attested="2020")
    assert ("a", "b") in net.ties("2024-06-01").edges()
    assert net.time_index.a_event == [""]


def test_a_multi_day_event_attests_until_its_end() -> None:
    net = militnet.Network(
        groups(),
        [rel("r1", "a", "b", start="2016", events="e1")],
        S,
        events=[ev("e1", "2016-01-01", "clash", end="2016-12-31")],
        event_actors=[act("e1", "a", "participant"), act("e1", "b", "participant")],
    )
    assert ("a", "b") in net.ties("2021-12-01").edges()


# -- contrary evidence and triads --------------------------------------------


def test_a_clash_between_allies_is_named() -> None:
    net = militnet.Network(
        groups(),
        [rel("r1", "a", "b", start="2010", last_attested="2014")],
        S,
        events=[ev("e1", "2015-03-02", "clash", country="Afghanistan", admin1="Nangarhar")],
        event_actors=[act("e1", "a", "participant"), act("e1", "b", "participant")],
    )
    hits = [p for p in net.validation.warnings if "contradicted by event 'e1'" in p.message]
    assert len(hits) == 1 and hits[0].row == 0 and "clash between a and b" in hits[0].message


def test_a_denial_and_an_attack_are_contrary_but_an_explained_one_is_not() -> None:
    events = [ev("e1", "2015-10-15", "denial"), ev("e2", "2016", "attack")]
    actors = [
        act("e1", "a", "denier"),
        act("e1", "b", "target"),
        act("e2", "b", "perpetrator"),
        act("e2", "c", "target"),
    ]
    rels = [
        rel("r1", "a", "b", start="2014", last_attested="2015"),
        rel(
            "r2",
            "b",
            "c",
            start="2014",
            last_attested="2015",
            notes="e2 was a local feud; the alliance held",
        ),
    ]
    net = militnet.Network(groups(), rels, S, events=events, event_actors=actors)
    hits = [p.value or p.message for p in net.validation.warnings if "contradicted" in p.message]
    assert len(hits) == 1
    assert any("denial by a of a link with b" in p.message for p in net.validation.warnings)


def test_an_ended_tie_is_not_contradicted() -> None:
    net = militnet.Network(
        groups(),
        [rel("r1", "a", "b", start="2010", end="2015-03")],
        S,
        events=[ev("e1", "2015-03-02", "clash")],
        event_actors=[act("e1", "a", "participant"), act("e1", "b", "participant")],
    )
    assert not [p for p in net.validation.warnings if "contradicted" in p.message]


def test_incoherent_triad_is_named_once_and_explained_by_notes() -> None:
    rels = [
        rel("r1", "a", "p", "pledge", start="2005", last_attested="2012"),
        rel("r2", "p", "b", "rivalry", start="2009", last_attested="2012"),
        rel("r3", "a", "b", start="2010", last_attested="2012"),
    ]
    net = militnet.Network(groups(), rels, S)
    hits = [p for p in net.validation.warnings if "incoherent triad" in p.message]
    assert len(hits) == 1 and hits[0].value == "r3"
    assert "a's patron p (pledge r1) is at war with b (rivalry r2)" in hits[0].message
    rels[2] = rel(
        "r3",
        "a",
        "b",
        start="2010",
        last_attested="2012",
        notes="a local faction of a, not bound by r1; r2 is p's war",
    )
    assert not [
        p
        for p in militnet.Network(groups(), rels, S).validation.warnings
        if "incoherent triad" in p.message
    ]
    # no overlap in time: the alliance ended before the war began
    rels[2] = rel("r3", "a", "b", start="2006", end="2008")
    assert not [
        p
        for p in militnet.Network(groups(), rels, S).validation.warnings
        if "incoherent triad" in p.message
    ]
