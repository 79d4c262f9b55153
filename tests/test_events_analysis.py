"""The events analysis: militnet.events, activity, suggest_ends, candidates_from_events,
the accept round trip and the CLI, on the hand-made fixture of events_fixture.py."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from events_fixture import ACTORS, EVENTS, event_records, events_net, relations

import militnet
from militnet import AmbiguousNameError, ArgumentError, Relation, TiePolicy
from militnet.cli import main


@pytest.fixture(scope="module")
def net() -> militnet.Network:
    return events_net()


@pytest.fixture
def data_dir(tmp_path, net):
    return net.save(tmp_path / "data")


def ends_of(df: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    return {(r.relation, r.end, r.reason, r.event) for r in df.itertuples()}


# -- the fixture is what the tests think it is ------------------------------------
def test_fixture_is_valid_and_warns_about_the_contrary_events(net):
    report = net.validation
    assert report.ok
    text = str(report)
    assert "contradicted by event 'e04'" in text and "contradicted by event 'e06'" in text


# -- events() -------------------------------------------------------------------------
def test_events_table_columns_types_and_order(net):
    df = militnet.events(net)
    assert list(df.columns) == [
        "date", "end", "kind", "country", "admin1", "admin2", "place", "latitude",
        "longitude", "fatalities", "summary", "sources", "notes", "actors", "groups",
    ]  # fmt: skip
    assert df.index.name == "id"
    # by first day, then id: "2016" starts on 2016-01-01, before 2016-03-15
    assert list(df.index) == ["e05", "e02", "e03", "e01", "e08", "e04", "e06", "e07"]
    assert str(df["fatalities"].dtype) == "Int64"
    assert df.loc["e01", "fatalities"] == 61 and pd.isna(df.loc["e02", "fatalities"])
    assert df["latitude"].dtype == float and df.loc["e01", "latitude"] == pytest.approx(30.18)
    assert pd.isna(df.loc["e03", "longitude"])
    assert df.loc["e01", "actors"] == "isk (claimant, confirmed); leja (perpetrator, reported)"
    assert df.loc["e03", "actors"] == "taliban (participant, reported); hqn (participant, reported)"
    assert df.loc["e01", "groups"] == "isk;leja"
    prov = df.attrs["provenance"]
    assert prov["function"] == "militnet.events" and prov["dataset"]["name"] == "events-fixture"


def test_events_window_overlap_with_partial_dates(net):
    # e05 is dated "2016": it overlaps any window that overlaps 2016
    assert list(militnet.events(net, "2016-12-01", "2017-01-31").index) == ["e05"]
    assert list(militnet.events(net, "2016", "2016").index) == ["e05", "e02", "e03", "e01"]
    # the multi-day clash e04 (2017-06-10 to 2017-06-12) overlaps a window starting on its end
    assert "e04" in militnet.events(net, start="2017-06-12").index
    assert "e04" not in militnet.events(net, start="2017-06-13").index
    assert list(militnet.events(net, end="2016-02").index) == ["e05"]
    with pytest.raises(ArgumentError, match="before it starts"):
        militnet.events(net, "2018", "2017")


def test_events_filters_by_group_kind_and_role(net):
    assert list(militnet.events(net, groups="IS-K").index) == ["e05", "e01", "e08", "e04"]
    assert list(militnet.events(net, groups=["leja", "Haqqanis"]).index) == [
        "e02", "e03", "e01", "e06", "e07",
    ]  # fmt: skip
    assert list(militnet.events(net, kinds="clash").index) == ["e04"]
    assert list(militnet.events(net, roles="claimant").index) == ["e01", "e08"]
    # with groups, the role is that group's: IS-K perpetrated only e05
    assert list(militnet.events(net, groups="isk", roles="perpetrator").index) == ["e05"]
    assert militnet.events(net, groups="isk", kinds="denial").empty
    with pytest.raises(AmbiguousNameError):
        militnet.events(net, groups="Taliban")
    with pytest.raises(ArgumentError, match="unknown event kind 'bombing'"):
        militnet.events(net, kinds="bombing")
    with pytest.raises(ArgumentError, match="unknown event role"):
        militnet.events(net, roles=["claimant", "sponsor"])


def test_events_of_a_network_without_events():
    plain = militnet.Network(events_net().groups, [], events_net().sources)
    df = militnet.events(plain)
    assert df.empty and "actors" in df.columns


# -- activity() -----------------------------------------------------------------------
def test_activity_where_isk_operated_per_year(net):
    df = militnet.activity(net, groups="IS-K")
    assert list(df.columns) == ["period", "group", "admin1", "events", "fatalities", "spanning"]
    got = [(r.period.year, r.group, r.admin1, r.events, r.fatalities) for r in df.itertuples()]
    assert got == [
        (2016, "isk", "Balochistan", 1, 61),
        (2016, "isk", "Nangarhar", 1, 3),
        (2017, "isk", "Nangarhar", 1, 12),
        (2017, "isk", "Sindh", 1, 90),
    ]
    assert str(df["fatalities"].dtype) == "Int64"


def test_activity_counts_groups_separately_and_sums_fatalities(net):
    df = militnet.activity(net, by="group", start="2017", end="2017")
    counts = {(r.group): (r.events, r.fatalities) for r in df.itertuples()}
    # e08 (90) and e04 (12) for IS-K; e08 for the Taliban; e04 for the TTP
    assert counts == {"isk": (2, 102), "taliban": (1, 90), "ttp": (1, 12)}


def test_activity_partial_dates_count_in_the_period_of_their_first_day(net):
    df = militnet.activity(net, freq="MS", by=("kind",), kinds="attack", end="2016")
    rows = [(r.period.strftime("%Y-%m"), r.events, r.spanning) for r in df.itertuples()]
    # e05 "2016" does not fit in a month: January 2016, flagged as spanning
    assert rows == [("2016-01", 1, 1), ("2016-03", 1, 0), ("2016-10", 1, 0)]
    # the month-precision meeting fits in its month; with years everything fits
    assert militnet.activity(net, freq="YS", by=())["spanning"].sum() == 0
    year = militnet.activity(net, freq="YS", by=())
    assert dict(zip(year["period"].dt.year, year["events"], strict=True)) == {
        2016: 4,
        2017: 2,
        2018: 1,
        2022: 1,
    }
    assert pd.isna(year.loc[year["period"].dt.year == 2018, "fatalities"].iloc[0])


def test_activity_by_role_and_weeks(net):
    df = militnet.activity(net, freq="W", by=("role",), groups="isk")
    assert set(df["role"]) == {"perpetrator", "claimant", "participant"}
    # weeks start on Monday: 2016-10-24 was a Monday
    assert pd.Timestamp("2016-10-24") in set(df["period"])
    with pytest.raises(ArgumentError, match="freq"):
        militnet.activity(net, freq="Y")
    with pytest.raises(ArgumentError, match="cannot count by 'province'"):
        militnet.activity(net, by="province")


# -- suggest_ends() -------------------------------------------------------------------
def test_a_tie_only_attested_in_2016_lapses_in_2021_and_a_later_event_keeps_one(net):
    # the engine: r01 (only event e02, 2016-03-15) is gone in 2021; r04 (e07, 2022) is not
    assert net.at("2021-01-01", policy=TiePolicy()).has_edge("ttp", "leja")
    assert not net.at("2021-06-01", policy=TiePolicy()).has_edge("ttp", "leja")
    assert net.at("2021-06-01", policy=TiePolicy()).has_edge("taliban", "hqn")
    ends = ends_of(militnet.suggest_ends(net, at="2021-06-01"))
    assert ("r01", "2021-03-15", "last-event", "e02") in ends
    assert not any(rid == "r04" for rid, *_ in ends)
    # before the lapse day nothing is proposed for r01
    assert not any(rid == "r01" for rid, *_ in ends_of(militnet.suggest_ends(net, at="2021-03-14")))
    # without the later event e07, r04 lapses five years after the meeting of 2016-05
    without = events_net(
        relations_=[
            r if r.id != "r04" else Relation(**{**_fields(r), "extra": {"events": "e03"}})
            for r in relations()
        ]
    )
    ends = ends_of(militnet.suggest_ends(without, at="2021-06-01"))
    assert ("r04", "2021-05-01", "last-event", "e03") in ends
    # a longer stale_after proposes no lapse
    assert not any(
        reason == "last-event"
        for *_, reason, _ in ends_of(
            militnet.suggest_ends(net, policy=TiePolicy(stale_after="10y"), at="2022-01-01")
        )
    )


def _fields(r: Relation) -> dict[str, object]:
    return {
        "id": r.id, "source": r.source, "target": r.target, "type": r.type,
        "start": r.start, "end": r.end, "confidence": r.confidence, "evidence": r.evidence,
        "sources": r.sources, "notes": r.notes, "last_attested": r.last_attested,
    }  # fmt: skip


def test_clash_between_allies_and_denial_are_proposed_as_ends(net):
    df = militnet.suggest_ends(net)
    ends = ends_of(df)
    assert ("r05", "2017-06-10", "contrary-event", "e04") in ends
    assert ("r06", "2018-02-01", "contrary-event", "e06") in ends
    row = df[df["relation"] == "r05"].iloc[0]
    assert (row.source, row.target, row.type, row.status) == ("isk", "ttp", "alliance", "candidate")
    assert "clash between isk and ttp" in row.evidence and row.sources == "s2"
    assert row.confidence == "confirmed"  # both sides' roles in e04 are confirmed
    assert df[df["relation"] == "r06"].iloc[0].confidence == "reported"
    assert df.attrs["provenance"]["function"] == "militnet.suggest_ends"
    # the default day is the last day the data reach: r07 last attested "2022"
    assert df.attrs["provenance"]["dates"] == ["2022-12-31"]


def test_contrary_event_before_a_later_attestation_is_not_proposed(net):
    later = [
        r
        if r.id != "r05"
        else Relation(**{**_fields(r), "last_attested": "2018"})  # seen in force after e04
        for r in relations()
    ]
    df = militnet.suggest_ends(events_net(relations_=later))
    assert not any(rid == "r05" for rid, *_ in ends_of(df))


def test_merged_partner_ends_the_tie(net):
    df = militnet.suggest_ends(net)
    row = df[df["relation"] == "r02"]
    assert len(row) == 1  # merged (not also "ended": the merger says more)
    row = row.iloc[0]
    assert (row.end, row.reason, row.basis) == ("2020-08", "partner-merged", "relation r03")
    assert "jua merged into ttp" in row.evidence
    # without the merger, the group's end is the reason
    no_merger = [r for r in relations() if r.id != "r03"]
    df = militnet.suggest_ends(events_net(relations_=no_merger))
    row = df[df["relation"] == "r02"].iloc[0]
    assert (row.end, row.reason, row.basis) == ("2020-08", "partner-ended", "group jua")


def test_suggest_ends_follows_the_policy_types(net):
    # rivalries are not ties of the default policy: r07 never appears
    assert "r07" not in set(militnet.suggest_ends(net)["relation"])
    only_pledges = militnet.suggest_ends(net, policy=TiePolicy(types=("pledge",)))
    assert only_pledges.empty and "relation" in only_pledges.columns


# -- candidates_from_events() ---------------------------------------------------------
def test_quetta_co_claim_proposes_a_candidate(net):
    c = militnet.candidates_from_events(net)
    pairs = {(r.source, r.target) for r in c.itertuples()}
    # Quetta: IS-K claimant, LeJ-A perpetrator, no relation between them
    assert pairs == {("isk", "leja")}
    row = c.iloc[0]
    assert (row.type, row.start, row.last_attested, row.events, row.status) == (
        "alliance",
        "2016-10-24",
        "2016-10-24",
        "e01",
        "candidate",
    )
    assert row.confidence == "reported"  # LeJ-A's role is only reported
    assert row.sources == "s1" and "Police Training College" in row.evidence
    assert "isk claimant confirmed" in row.roles and "leja perpetrator reported" in row.roles


def test_competing_claims_propose_nothing_unless_marked_otherwise():
    # e08: Taliban and IS-K claim the Sehwan bombing competitively: no candidate;
    # the same event without the "competing claims" note proposes one
    plain = [e if e[0] != "e08" else (*e[:-1], "") for e in EVENTS]
    c = militnet.candidates_from_events(events_net(events=plain))
    assert ("isk", "taliban") in {(r.source, r.target) for r in c.itertuples()}
    # the competition may be marked on an actor row instead
    actors = [a if a[:2] != ("e08", "isk") else (*a[:4], "competing claim") for a in ACTORS]
    c = militnet.candidates_from_events(events_net(events=plain, actors=actors))
    assert ("isk", "taliban") not in {(r.source, r.target) for r in c.itertuples()}


def test_covered_events_and_confidence_rules():
    # e02 (ttp and leja) is covered by r01 (2016-03 on); ending r01 before it uncovers it
    rels = [
        r if r.id != "r01" else Relation(**{**_fields(r), "end": "2016-03-10", "extra": {}})
        for r in relations()
    ]
    c = militnet.candidates_from_events(events_net(relations_=rels))
    row = c[(c.source == "leja") & (c.target == "ttp")].iloc[0]
    # LeJ-A is only alleged in e02, its one event with the TTP
    assert (row.events, row.confidence) == ("e02", "alleged")
    # two shared events, both confirmed in one: confirmed; min_events filters
    more = [*EVENTS, ("e09", "2019-01-05", "", "attack", "Pakistan", "", "", "", "", "", "",
                      "Second joint attack", "s1", "")]  # fmt: skip
    actors = [*ACTORS, ("e09", "isk", "perpetrator", "confirmed", ""),
              ("e09", "leja", "claimant", "confirmed", "")]  # fmt: skip
    c = militnet.candidates_from_events(events_net(events=more, actors=actors), min_events=2)
    assert len(c) == 1
    row = c.iloc[0]
    assert (row.events, row.start, row.last_attested, row.confidence, row.n_events) == (
        "e01;e09",
        "2016-10-24",
        "2019-01-05",
        "confirmed",
        2,
    )
    assert row.sources == "s1"
    with pytest.raises(ArgumentError):
        militnet.candidates_from_events(events_net(), min_events=0)


def test_a_denier_is_not_paired():
    actors = [*ACTORS, ("e01", "leja", "denier", "reported", "")]
    assert militnet.candidates_from_events(events_net(actors=actors)).empty


# -- accepting -------------------------------------------------------------------------
def test_accept_round_trip_validates_and_cites_events(net):
    cands = militnet.candidates_from_events(net)
    cands["status"] = "accepted"
    ends = militnet.suggest_ends(net)
    ends.loc[ends["relation"] == "r05", "status"] = "accepted"
    new = militnet.accept_candidates(militnet.accept_candidates(net, cands), ends)
    report = militnet.validate(_saved(new))
    assert report.ok and len(report.errors) == 0
    rel = new.relations
    added = rel[(rel.source == "isk") & (rel.target == "leja")]
    assert len(added) == 1 and added.iloc[0]["events"] == "e01"
    assert added.iloc[0]["last_attested"] == "2016-10-24"
    # the end proposal set r05's end and kept everything else
    before, after = net.relations.loc["r05"], rel.loc["r05"]
    assert after["end"] == "2017-06-10"
    assert after["notes"] == "early cooperation in Nangarhar; end from event e04 (suggest_ends)"
    for col in ("source", "target", "type", "start", "confidence", "evidence", "sources"):
        assert after[col] == before[col]
    assert new.has_events and len(new.events) == len(net.events)
    # the ended tie is no longer contradicted; the co-claim is now a tie on the day
    assert "e04" not in str(new.validation)
    assert new.at("2016-10-24", policy=TiePolicy()).has_edge("isk", "leja")
    assert not new.at("2017-07-01", policy=TiePolicy()).has_edge("isk", "ttp")


def _saved(net: militnet.Network) -> str:
    import tempfile

    d = tempfile.mkdtemp()
    net.save(d)
    return d


def test_accepting_an_end_twice_or_for_other_data_is_refused(net):
    ends = militnet.suggest_ends(net)
    ends["status"] = "accepted"
    twice = pd.concat([ends, ends[ends["relation"] == "r05"]])
    with pytest.raises(ArgumentError, match="more than one accepted end"):
        militnet.accept_candidates(net, twice)
    wrong = ends.copy()
    wrong.loc[wrong["relation"] == "r05", "target"] = "leja"
    with pytest.raises(ArgumentError, match="table for other data"):
        militnet.accept_candidates(net, wrong)
    once = militnet.accept_candidates(net, ends)
    with pytest.raises(ArgumentError, match="already ends"):
        militnet.accept_candidates(once, ends)


# -- CLI -------------------------------------------------------------------------------
def test_cli_events_formats_and_filters(data_dir, capsys):
    assert main(["events", str(data_dir), "--group", "IS-K", "--kind", "attack"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| id | date |") and "e01" in out and "e04" not in out
    assert main(["events", str(data_dir), "--from", "2017", "--to", "2017", "--format", "csv"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert list(rows["id"]) == ["e08", "e04"]
    assert main(["events", str(data_dir), "--role", "claimant", "--format", "json"]) == 0
    recs = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in recs] == ["e01", "e08"] and recs[0]["fatalities"] == 61
    assert main(["events", str(data_dir), "--group", "Taliban"]) == 1
    assert "ambiguous group name 'Taliban'" in capsys.readouterr().err


def test_cli_events_markdown_escapes_hostile_text(tmp_path, capsys):
    bad = "<img src=x onerror=alert(1)>|*x*_[l](javascript:1)`c`"
    events = [e if e[0] != "e01" else (*e[:11], bad, *e[12:]) for e in EVENTS]
    folder = events_net(events=events).save(tmp_path / "d")
    assert main(["events", str(folder), "--kind", "attack", "--from", "2016-10"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("| e01"))
    assert "<img" not in line and "&lt;img" in line
    assert "\\|\\*x\\*\\_\\[l\\]" in line and "\\`c\\`" in line
    assert line.count(" | ") == 9  # the cells are intact: 10 columns


def test_cli_review_files_and_accept(data_dir, tmp_path, capsys):
    ends_csv, cands_csv = tmp_path / "ends.csv", tmp_path / "cands.csv"
    assert main(["suggest-ends", str(data_dir), "-o", str(ends_csv)]) == 0
    assert main(["candidates", str(data_dir), "-o", str(cands_csv)]) == 0
    assert "wrote 1 candidates" in capsys.readouterr().out
    ends = pd.read_csv(ends_csv, dtype=str, keep_default_na=False)
    assert {"r05", "r06", "r02"} <= set(ends["relation"])
    ends.loc[ends["relation"] == "r05", "status"] = "accepted"
    ends.to_csv(ends_csv, index=False)
    cands = pd.read_csv(cands_csv, dtype=str, keep_default_na=False)
    cands["status"] = "accepted"
    cands.to_csv(cands_csv, index=False)
    assert main(["accept", str(cands_csv), "--into", str(data_dir)]) == 0
    assert "added 1 relation(s)" in capsys.readouterr().out
    assert main(["accept", str(ends_csv), "--into", str(data_dir)]) == 0
    assert "added 0 relation(s)" in capsys.readouterr().out
    new = militnet.load(data_dir)
    assert new.validation.ok
    assert new.relations.loc["r05", "end"] == "2017-06-10"
    assert "e01" in set(new.relations["events"])
    assert main(["validate", str(data_dir)]) == 0


def test_cli_review_csv_is_spreadsheet_safe_and_read_back(tmp_path, capsys):
    evil = '=HYPERLINK("http://x","y")'
    events = [e if e[0] != "e01" else (*e[:11], evil, *e[12:]) for e in EVENTS]
    net = events_net(events=events)
    groups = net.groups
    groups.loc["leja", "name"] = "@SUM(A1)"
    net = militnet.Network(groups, net.relations, net.sources, events=net.events,
                           event_actors=net.event_actors)  # fmt: skip
    folder = net.save(tmp_path / "d")
    out = tmp_path / "c.csv"
    assert main(["candidates", str(folder), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert ",'@SUM(A1)" in text  # the target_name cell, neutralised
    cands = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in cands.to_numpy().ravel())
    capsys.readouterr()
    assert main(["events", str(folder), "--kind", "attack", "--format", "csv"]) == 0
    shown = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, index_col="id")
    assert shown.loc["e01", "summary"] == "'" + evil
    # accept reads a neutralised cell back without its apostrophe
    cands["status"] = "accepted"
    cands["notes"] = "'=1+2"
    cands.to_csv(out, index=False)
    assert main(["accept", str(out), "--into", str(folder)]) == 0
    assert militnet.load(folder).relations["notes"].iloc[-1] == "=1+2"


@pytest.mark.parametrize("command", ["suggest-ends", "candidates", "events"])
def test_cli_refuses_to_write_into_its_input(data_dir, command, capsys):
    before = sorted(p.name for p in data_dir.iterdir())
    target = data_dir / "relations.csv"
    content = target.read_bytes()
    assert main([command, str(data_dir), "-o", str(target)]) == 1
    assert "refusing to write" in capsys.readouterr().err
    assert target.read_bytes() == content and sorted(p.name for p in data_dir.iterdir()) == before


def test_cli_suggest_ends_policy_and_day(data_dir, capsys):
    assert main(["suggest-ends", str(data_dir), "--at", "2021-06-01", "--format", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert "last-event" in set(df["reason"])
    assert (
        main(["suggest-ends", str(data_dir), "--at", "2021-06-01", "--stale-after", "never"]) == 0
    )
    assert "last-event" not in capsys.readouterr().out


def test_event_records_helper_round_trips():
    assert event_records()[0]["id"] == "e01" and len(event_records()) == len(EVENTS)
