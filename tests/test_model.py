import pytest

import militnet
from militnet import ArgumentError, Group, Relation, Source


def test_records_are_frozen_and_hashable():
    g = Group("ttp", "Tehrik-i-Taliban Pakistan", aliases=["TTP", "Pakistani Taliban"])
    with pytest.raises(AttributeError):
        g.name = "x"  # type: ignore[misc]
    assert hash(g) == hash(
        Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP;Pakistani Taliban")
    )
    assert g.names == ("Tehrik-i-Taliban Pakistan", "TTP", "Pakistani Taliban")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"type": "friendship"}, "unknown relation type"),
        ({"type": "alliance", "confidence": "likely"}, "unknown confidence"),
        ({"type": "alliance", "start": "2015", "end": "2014"}, "before start"),
        ({"type": "alliance", "start": "2015-13"}, "malformed date"),
        ({"type": "alliance", "target": "a"}, "itself"),
        ({"type": "alliance", "source": " a"}, "leading or trailing spaces"),
    ],
)
def test_relation_validation(kwargs, match):
    args = {"rid": "r1", "source": "a", "target": "b", **kwargs}
    rid = args.pop("rid")
    with pytest.raises(ArgumentError, match=match):
        Relation(rid, **args)


def test_relation_semantics():
    assert Relation("r", "a", "b", "pledge").directed
    assert not Relation("r", "a", "b", "alliance").directed
    assert Relation("r", "a", "b", "rivalry").sign == -1
    assert Relation("r", "a", "b", "split").sign == 0
    assert set(militnet.RELATION_TYPES) == {"alliance", "pledge", "split", "merger", "rivalry"}


def test_same_year_start_and_end_is_allowed():
    r = Relation("r", "a", "b", "alliance", start="2014-08-26", end="2014")
    assert r.end.precision == "year"


def test_source_url_must_be_web():
    assert Source("s", url="https://example.org").url
    with pytest.raises(ArgumentError, match="http"):
        Source("s", url="javascript:alert(1)")


def test_to_dict_round_trips_extra():
    r = Relation("r1", "a", "b", "alliance", sources=["s1", "s2"], extra={"start_alt": "2015"})
    d = r.to_dict()
    assert d["sources"] == "s1;s2" and d["start_alt"] == "2015"
    assert d["start"] == ""


def test_tie_policy_needs_at_least_one_type():
    with pytest.raises(militnet.MilitnetError, match="no relation type"):
        militnet.TiePolicy(types=())
    with pytest.raises(militnet.MilitnetError, match="no relation type"):
        militnet.TiePolicy(types=[])


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("id", " r1"),
        ("id", "r;1"),
        ("source", ""),
        ("type", "friendship"),
        ("confidence", "likely"),
        ("target", "a"),
    ],
)
def test_records_word_problems_as_validation_does(column, value):
    """A record refuses what validation reports, in the same words."""
    from militnet._core.schema import COLUMNS
    from militnet._core.table import Table
    from militnet._dataset.validate import check_tables

    row = {
        "id": "r1",
        "source": "a",
        "target": "b",
        "type": "alliance",
        "confidence": "reported",
        "evidence": "e",
        "sources": "s1",
        column: value,
    }
    cols = list(COLUMNS["relations"])
    table = Table("relations", "relations.csv", cols, [[row.get(c, "") for c in cols]], [2])
    problems = [p for p in check_tables({"relations": table}) if p.severity == "error"]
    assert len(problems) == 1, problems
    with pytest.raises(ArgumentError) as exc:
        Relation(**{k: v for k, v in row.items() if k in cols})
    assert problems[0].message in str(exc.value)


@pytest.mark.slow
def test_date_range_is_the_same_whatever_the_hash_seed():
    """Dates that tie ("2025" and "2025-12" both end on 2025-12-31) resolve the
    same way in every process: string hashing changes set order between
    processes, and the page's slider bounds come from this range."""
    import os
    import subprocess
    import sys

    code = (
        "import militnet\n"
        "net = militnet.Network(groups=[{'id': 'a', 'name': 'A', 'founded': '2014'},"
        "{'id': 'b', 'name': 'B', 'founded': '2014-01', 'ended': '2025'}],"
        "relations=[{'id': 'r', 'source': 'a', 'target': 'b', 'type': 'alliance',"
        "'start': '2014-01-01', 'end': '2025-12', 'confidence': 'reported'}])\n"
        "print(net.date_range())\n"
    )
    seen = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        seen.add(out.stdout.strip())
    assert seen == {"('2014-01-01', '2025-12')"}
