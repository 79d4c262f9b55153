"""Network.at: half-open intervals, lifetimes, policies, filters."""

import pytest

import militnet


def edges(G):
    return sorted(k for _, _, k in G.edges(keys=True))


def test_boundaries_are_half_open(tiny):
    # r3 runs 2010 .. 2015-03-01 (exclusive)
    assert "r3" in edges(tiny.at("2015-02-28"))
    assert "r3" not in edges(tiny.at("2015-03-01"))
    # r7 starts 2016-06-15
    assert "r7" not in edges(tiny.at("2016-06-14"))
    assert "r7" in edges(tiny.at("2016-06-15"))


def test_groups_bound_by_lifetime(tiny):
    G = tiny.at("2014-07-31")
    assert "jua" not in G and "iskp" not in G
    assert "jua" in tiny.at("2014-08-01")
    assert "jua" not in tiny.at("2020-08-01", policy=militnet.TiePolicy(types="alliance"))
    # ended 2020-08, merged into the TTP (r5): shown, not alive, for the merger's window
    assert tiny.at("2020-08-01").nodes["jua"]["alive"] is False
    assert "jundallah-ir" in tiny.at("2011-12-31") and "jundallah-ir" not in tiny.at("2012-01-01")


def test_relation_needs_both_groups_alive(tiny):
    # r6 (undated alliance jua-iskp) is active only while both exist
    assert "r6" not in edges(tiny.at("2014-12-31"))
    assert "r6" in edges(tiny.at("2015-01-26"))
    assert "r6" not in edges(tiny.at("2020-08-01"))


def test_undated_policy(tiny):
    assert "r6" in edges(tiny.at("2016-01-01"))
    assert "r6" not in edges(
        tiny.at("2016-01-01", policy=militnet.TiePolicy.all_types(undated="exclude"))
    )


@pytest.mark.parametrize(
    ("policy", "day", "active"),
    [
        # r4: pledge starting "2015-02" (month precision)
        ("earliest", "2015-02-01", True),
        ("latest", "2015-02-01", False),
        ("latest", "2015-02-28", True),
        ("strict", "2015-02-27", False),
        ("strict", "2015-02-28", True),
        ("lenient", "2015-02-01", True),
    ],
)
def test_date_policies_on_start(tiny, policy, day, active):
    assert (
        "r4"
        in edges(
            tiny.at(
                day,
                policy=militnet.TiePolicy.all_types(date_policy=policy, min_confidence="alleged"),
            )
        )
    ) is active


def test_date_policies_on_year_end(tiny):
    # jundallah-ir ended "2012": earliest -> gone from 2012-01-01; lenient -> alive to 2012-12-30
    assert "jundallah-ir" not in tiny.at(
        "2012-06-01", policy=militnet.TiePolicy.all_types(date_policy="earliest")
    )
    assert "jundallah-ir" in tiny.at(
        "2012-06-01", policy=militnet.TiePolicy.all_types(date_policy="lenient")
    )
    assert "jundallah-ir" in tiny.at(
        "2012-12-30", policy=militnet.TiePolicy.all_types(date_policy="lenient")
    )
    assert "jundallah-ir" not in tiny.at(
        "2012-12-31", policy=militnet.TiePolicy.all_types(date_policy="lenient")
    )
    assert "jundallah-ir" not in tiny.at(
        "2012-06-01", policy=militnet.TiePolicy.all_types(date_policy="strict")
    )


def test_filters(tiny):
    assert edges(tiny.at("2016-07-01", policy=militnet.TiePolicy(types="alliance"))) == ["r6", "r7"]
    assert "r4" not in edges(tiny.at("2016-07-01"))  # alleged: left out by default
    assert "r4" in edges(
        tiny.at("2016-07-01", policy=militnet.TiePolicy.all_types(min_confidence="alleged"))
    )
    assert edges(
        tiny.at("2016-07-01", policy=militnet.TiePolicy.all_types(min_confidence="confirmed"))
    ) == ["r1", "r7"]
    with pytest.raises(militnet.ArgumentError):
        tiny.at("2016-07-01", policy=militnet.TiePolicy(types="friendship"))
    with pytest.raises(militnet.ArgumentError):
        tiny.at("2016-07-01", policy=militnet.TiePolicy.all_types(date_policy="sometimes"))


def test_edge_and_node_attributes(tiny):
    G = tiny.at("2016-07-01", policy=militnet.TiePolicy.all_types(min_confidence="alleged"))
    d = G.edges["jundallah-pk", "iskp", "r4"]
    assert d["type"] == "pledge" and d["directional"] and d["confidence"] == "alleged"
    assert d["sources"] == ["s2"] and d["start"] == "2015-02"
    assert G.nodes["ttp"]["aliases"] == ["TTP", "Pakistani Taliban"]
    assert G.graph["date"] == "2016-07-01"
    # the caller owns the graph
    G.nodes["ttp"]["name"] = "changed"
    d["type"] = "changed"
    H = tiny.at("2016-07-01", policy=militnet.TiePolicy.all_types(min_confidence="alleged"))
    assert H.nodes["ttp"]["name"] == "Tehrik-i-Taliban Pakistan"
    assert H.edges["jundallah-pk", "iskp", "r4"]["type"] == "pledge"


def test_ties_collapse_and_sign(tiny):
    T = tiny.ties("2016-07-01", militnet.TiePolicy(signed=True))
    assert T.edges["jundallah-pk", "ttp"]["weight"] == 1
    assert T.edges["iskp", "ttp"]["sign"] == -1
    assert set(T.nodes) == set(tiny.at("2016-07-01").nodes)
    assert T.graph["policy"]["signed"] is True


def test_parallel_relations_weight():
    net = militnet.Network(
        [militnet.Group("a", "A"), militnet.Group("b", "B")],
        [
            militnet.Relation("r1", "a", "b", "alliance", start="2000"),
            militnet.Relation("r2", "b", "a", "pledge", start="2001"),
        ],
    )
    T = net.ties("2002-01-01")
    assert T.edges["a", "b"]["weight"] == 2 and T.edges["a", "b"]["relations"] == ["r1", "r2"]
    assert (
        net.ties("2002-01-01", militnet.TiePolicy(weight="binary")).edges["a", "b"]["weight"] == 1
    )
    assert len(net.at("2002-01-01").edges) == 2


@pytest.mark.parametrize("policy", ["default", {"types": ["alliance"]}, ("alliance",)])
def test_ties_with_a_policy_that_is_not_a_tiepolicy_is_a_militnet_error(tiny, policy):
    with pytest.raises(militnet.MilitnetError, match="TiePolicy"):
        tiny.ties("2016-01-01", policy)


@pytest.mark.parametrize("groups", [[1, 2], "abc", [("a", "A")]])
def test_network_from_non_records_is_a_militnet_error(groups):
    with pytest.raises(militnet.MilitnetError, match="records or mappings"):
        militnet.Network(groups=groups)
