import math

import pytest

import militnet
from militnet import Group, Network, Relation, Source, TiePolicy


@pytest.fixture
def net():
    g = [Group(x, x.upper(), founded="2000") for x in "abcde"]
    r = [
        Relation(
            "r1", "a", "b", "alliance", start="2001", confidence="confirmed", last_attested="2009"
        ),
        Relation(
            "r2", "a", "c", "alliance", start="2001", confidence="confirmed", last_attested="2009"
        ),
        Relation(
            "r3", "d", "b", "alliance", start="2001", confidence="alleged", last_attested="2009"
        ),
        Relation(
            "r4", "d", "c", "alliance", start="2001", confidence="alleged", last_attested="2009"
        ),
        # last attested 2006: lapsed on 2010-06-15 after 3 years, not after 5
        Relation(
            "r5", "d", "e", "alliance", start="2001", confidence="alleged", last_attested="2006"
        ),
        # month-precision start: active on 2010-06-15 under earliest, not under strict
        Relation(
            "r6",
            "a",
            "e",
            "alliance",
            start="2010-06",
            confidence="reported",
            extra={"start_alt": "2012"},
        ),
        Relation(
            "r7", "b", "e", "alliance", start="", confidence="reported", extra={"start_alt": ""}
        ),
    ]
    return Network(g, r, [])


EVERYTHING = TiePolicy(min_confidence="alleged")


def test_variants_and_baseline(net):
    res = militnet.sensitivity(net, "2010-06-15", measure="degree", top=2, policy=EVERYTHING)
    s = res.summary
    assert list(s.index) == [
        "baseline",
        "without alleged",
        "confirmed only",
        "undated excluded",
        "date policy latest",
        "date policy strict",
        "date policy lenient",
        "ties lapse after 3y",
        "ties never lapse",
        "alternative dates",
    ]
    assert s.loc["baseline", "spearman"] == 1.0 and s.loc["baseline", "max_rank_shift"] == 0
    # baseline degrees: a3 b3 c2 d3 e3
    assert res.values["baseline"].to_dict() == {"a": 3, "b": 3, "c": 2, "d": 3, "e": 3}
    # without alleged ties d loses all 3 ties: from rank 1 to last
    assert res.values.loc["d", "without alleged"] == 0
    assert s.loc["without alleged", "most_shifted"] == "d"
    assert s.loc["without alleged", "max_rank_shift"] == 4
    assert s.loc["without alleged", "ties"] == 4
    # strict: r6 (2010-06) is not yet certainly active on 2010-06-15
    assert res.values.loc["a", "date policy strict"] == 2
    # the alternative start 2012 removes r6 too
    assert res.values.loc["a", "alternative dates"] == 2
    assert res.values.loc["e", "undated excluded"] == 2
    # lapsing after 3 years drops exactly r5 (d-e, last attested 2006)
    assert res.values.loc["d", "ties lapse after 3y"] == 2
    assert res.values.loc["e", "ties lapse after 3y"] == 2
    assert s.loc["ties lapse after 3y", "ties"] == s.loc["baseline", "ties"] - 1
    assert res.values["ties never lapse"].to_dict() == res.values["baseline"].to_dict()


def test_default_baseline_leaves_alleged_out_and_the_variant_adds_them(net):
    res = militnet.sensitivity(net, "2010-06-15", measure="degree")
    assert "with alleged" in res.summary.index and "without alleged" not in res.summary.index
    assert res.values.loc["d", "baseline"] == 0
    assert res.values.loc["d", "with alleged"] == 3
    assert res.summary.loc["with alleged", "most_shifted"] == "d"


def test_rank_correlations_are_computed(net):
    res = militnet.sensitivity(net, "2010-06-15", measure="degree", policy=EVERYTHING)
    rho = res.summary.loc["without alleged", "spearman"]
    assert -1 <= rho < 1
    assert not math.isnan(res.summary.loc["without alleged", "kendall"])
    assert res.ranks.loc["d", "without alleged"] == 5


def test_custom_variants_and_provenance(net):
    v = {"all": (net, TiePolicy()), "reported+": (net, TiePolicy(min_confidence="reported"))}
    res = militnet.sensitivity(net, "2010-06-15", measure="degree", variants=v)
    assert list(res.summary.index) == ["all", "reported+"]
    assert res.provenance["parameters"]["variants"]["reported+"]["min_confidence"] == "reported"
    assert res.summary.attrs["provenance"]["function"] == "militnet.sensitivity"


def test_no_alternative_columns_means_no_variant():
    net = Network(
        [Group("a", "A"), Group("b", "B")], [Relation("r1", "a", "b", "alliance", start="2000")], []
    )
    res = militnet.sensitivity(net, "2001-01-01", measure="degree")
    assert "alternative dates" not in res.summary.index
    with pytest.raises(militnet.MilitnetError):
        militnet.sensitivity(net, "2001-01-01", variants={})


def test_cli(tmp_path, net, capsys):
    from militnet.cli import main

    folder = net.save(tmp_path / "n")
    assert (
        main(
            [
                "sensitivity",
                str(folder),
                "--at",
                "2010-06-15",
                "--measure",
                "degree",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("variant,groups,ties,spearman")
    assert out[2].startswith("with alleged,5,7,")
    assert (
        main(
            [
                "sensitivity",
                str(folder),
                "--at",
                "2010-06-15",
                "--measure",
                "degree",
                "--values",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1].startswith("a,3.0,")


def test_sampled_sensitivity_is_reproducible_and_dates_are_iso():
    import datetime as dt

    import pandas as pd

    big = militnet.load_dataset("afpak")
    runs = [militnet.sensitivity(big, pd.Timestamp("2016-01-01"), k=3) for _ in range(4)]
    for r in runs[1:]:
        pd.testing.assert_frame_equal(runs[0].values, r.values)
    assert runs[0].provenance["seed"] == 0
    assert runs[0].provenance["dates"] == ["2016-01-01"]
    assert militnet.sensitivity(big, dt.date(2016, 1, 1)).provenance["dates"] == ["2016-01-01"]


@pytest.mark.parametrize("top", [0, -1, 2.5, "3"])
def test_bad_top_is_a_militnet_error(net, top):
    with pytest.raises(militnet.MilitnetError, match="top"):
        militnet.sensitivity(net, "2010-06-15", measure="degree", top=top)


def test_one_measure_at_a_time(net):
    with pytest.raises(militnet.ArgumentError, match="one measure"):
        militnet.sensitivity(net, "2010-06-15", measure=["degree", "pagerank"])
    with pytest.raises(militnet.ArgumentError, match="unknown measure"):
        militnet.sensitivity(net, "2010-06-15", measure="fame")


def test_alternative_dates_that_contradict_a_row_are_skipped_and_named():
    net = Network(
        [Group(g, g.upper(), founded="2000", sources="s") for g in "abc"],
        [
            # an alternative end before the row's own last attestation: kept as it is
            Relation(
                "r1", "a", "b", "alliance", start="2005", end="2012", sources="s",
                extra={"end_alt": "2008", "last_attested": "2010"},
            ),
            Relation(
                "r2", "b", "c", "alliance", start="2005", sources="s",
                extra={"start_alt": "2006", "last_attested": "2009"},
            ),
        ],
        [Source("s", title="t")],
    )  # fmt: skip
    res = militnet.sensitivity(net, "2009-01-01", measure="degree")
    assert "alternative dates" in res.summary.index
    assert res.provenance["parameters"]["alternative_dates_skipped"] == ["r1"]
    # r2's alternative start applies; r1 keeps 2005-2012, so a-b is still a tie in 2009
    assert res.values.loc["a", "alternative dates"] == 1
