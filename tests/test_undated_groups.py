"""Groups without a founding date are bounded by their dated evidence (issue 21)."""

from __future__ import annotations

import militnet
from militnet import Group, Network, Relation


def net(**extra):
    return Network(
        groups=[
            Group("a", "A", founded="1990"),
            Group("b", "B"),  # no dates at all
            Group("c", "C", ended="2015"),  # an end, no founding
            Group("d", "D"),  # no dated evidence either
        ],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2010-03", confidence="reported"),
            Relation("r2", "a", "b", "rivalry", start="2012", end="2013-06", confidence="reported"),
            Relation("r3", "a", "c", "alliance", start="2008", confidence="reported"),
            Relation("r4", "a", "d", "alliance", start="", confidence="reported"),
        ],
        **extra,
    )


def alive(n, day):
    return sorted(n.at(day).nodes)


def test_alive_from_first_dated_evidence():
    n = net()
    assert alive(n, "2010-02-28") == ["a", "c", "d"]
    assert alive(n, "2010-03-01") == ["a", "b", "c", "d"]
    assert alive(n, "2007-12-31") == ["a", "d"]  # c from its first evidence, 2008


def test_not_alive_forever():
    n = net()
    # b: last evidence r2's end 2013-06 -> alive until 2018-06-01 (default lapse 5y)
    assert "b" in alive(n, "2018-05-31") and "b" not in alive(n, "2018-06-01")
    # c keeps its own end; a (founded) and d (no dated evidence) are unchanged
    assert "c" not in alive(n, "2015-01-01")
    assert {"a", "d"} <= set(alive(n, "2100-01-01"))


def test_groups_with_a_founding_date_are_unchanged():
    n = net()
    idx = n.time_index
    assert idx.inferred.tolist() == [0, 2, 1, 0]
    assert idx.inferred_lifetimes() == 2


def test_events_count_as_evidence():
    n = Network(
        groups=[Group("a", "A", founded="1990"), Group("b", "B")],
        relations=[Relation("r1", "a", "b", "alliance", start="2015", confidence="reported")],
        events=[{"id": "e1", "date": "2011-05-02", "kind": "attack", "sources": ""}],
        event_actors=[{"event": "e1", "group": "b", "role": "perpetrator"}],
    )
    assert "b" in alive(n, "2011-05-02") and "b" not in alive(n, "2011-05-01")
    assert "b" in alive(n, "2019-12-31") and "b" not in alive(n, "2020-01-01")


def test_validation_and_provenance_say_so():
    n = net()
    msgs = [p.message for p in n.validation.infos if p.column == "founded"]
    assert len(msgs) == 3  # b, c, d: one each
    assert any("alive from 2010-03 (the first) until 5y after 2013-06" in m for m in msgs)
    assert any("alive from 2008 (its first dated evidence) until its 'ended'" in m for m in msgs)
    assert any("no dated relation or event" in m for m in msgs)
    prov = militnet.centrality(n, "2011-01-01").attrs["provenance"]
    assert prov["lifetimes"] == {"inferred": 2, "groups": 4}


def test_afpak_has_no_inferred_lifetime():
    afpak = militnet.load_dataset("afpak")
    assert afpak.time_index.inferred_lifetimes() == 0
    assert not [p for p in afpak.validation.infos if "lifetime inferred" in p.message]
