"""The ``community`` measure: Louvain membership inside centrality and series."""

import militnet


def test_community_measure_equals_communities():
    net = militnet.load_dataset("afpak")
    for day in ("2012-01-01", "2016-10-24", "2022-01-01"):
        got = militnet.centrality(net, day, ["community"], seed=3)["community"]
        want = militnet.communities(net, day, seed=3)["community"]
        assert got.astype(int).to_dict() == want.to_dict()


def test_series_community_same_with_a_pool():
    net = militnet.load_dataset("afpak")
    kw = {"dates": ["2010-01-01", "2014-01-01", "2016-10-24", "2020-01-01"],
          "measures": ["degree", "community"], "seed": 1}
    one = net.series(**kw)
    two = net.series(**kw, n_jobs=2)
    assert one.equals(two)
    day = one[(one.date == "2016-10-24") & (one.measure == "community")]
    want = militnet.communities(net, "2016-10-24", seed=1)["community"]
    assert dict(zip(day.group, day.value.astype(int), strict=True)) == want.to_dict()
