"""The bundled ``afpak`` dataset: valid, sourced, complete for its seeds, and
resolvable by the names the source articles use.

These tests guard the data (``data/afpak``), not the library: if one fails
after a data edit, fix the data (or the datasheet ``docs/datasets/afpak.md``).
"""

from __future__ import annotations

import csv
import filecmp
import json
import re
from pathlib import Path

import pytest

import militnet
from militnet import AmbiguousNameError, PartialDate

SEEDS = {
    "seed-000": "000_7892b2419fa9f0f6.txt",
    "seed-001": "001_166fd58344d9ad07.txt",
    "seed-002": "002_85c05ecf5f2cc049.txt",
    "seed-003": "003_7fb6f48dfbf8c49b.txt",
    "seed-004": "004_7c57cb3c443096a3.txt",
}

#: Groups the scope requires (issue: "at least ...").
REQUIRED_GROUPS = {
    "taliban",
    "ttp",
    "iskp",
    "is",
    "lej",
    "lej-a",
    "imu",
    "iju",
    "haqqani",
    "jundallah-pk",
    "jundallah-ir",
    "jaish-al-adl",
    "jua",
    "aq",
    "aqis",
    "let",
    "jem",
    "lei",
    "etim",
}


@pytest.fixture(scope="module")
def net() -> militnet.Network:
    return militnet.load_dataset("afpak")


@pytest.fixture(scope="module")
def report() -> militnet.ValidationReport:
    return militnet.validate("afpak")


def _ids(cell: str) -> list[str]:
    return [x.strip() for x in str(cell).split(";") if x.strip()]


# -- validity -----------------------------------------------------------------


def test_is_bundled() -> None:
    assert "afpak" in militnet.list_datasets()


def test_validates_without_errors(report: militnet.ValidationReport) -> None:
    assert report.ok, report.format(errors_only=True)
    assert report.errors == []


def test_validates_without_warnings(report: militnet.ValidationReport) -> None:
    # lifetimes respected, every row sourced and evidenced, no near-duplicates
    assert report.warnings == [], str(report)


def test_size(net: militnet.Network) -> None:
    assert len(net.groups) >= 25
    assert len(net.relations) >= 80
    assert set(net.groups.index) >= REQUIRED_GROUPS


def test_metadata(net: militnet.Network) -> None:
    meta = net.metadata
    assert meta["name"] == "afpak"
    assert re.fullmatch(r"\d+\.\d+\.\d+", meta["version"])
    assert [lic["name"] for lic in meta["licenses"]] == ["CC-BY-4.0"]
    assert "afpak" in meta["citation"]
    folder = Path(militnet._dataset.registry.resolve_path("afpak"))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} == {
        "groups",
        "relations",
        "sources",
        "events",
        "event_actors",
    }


def test_id_formats(net: militnet.Network) -> None:
    for gid in net.groups.index:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", gid), gid
    for rid in net.relations.index:
        assert re.fullmatch(r"r\d{3}", rid), rid
    for sid in net.sources.index:
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", sid), sid


def test_round_trip_is_byte_identical(net: militnet.Network, tmp_path: Path) -> None:
    folder = Path(militnet._dataset.registry.resolve_path("afpak"))
    net.save(tmp_path)
    for name in ("groups.csv", "relations.csv", "sources.csv", "datapackage.json"):
        assert filecmp.cmp(tmp_path / name, folder / name, shallow=False), name


# -- sources and evidence -----------------------------------------------------


def test_every_relation_sourced_and_evidenced(net: militnet.Network) -> None:
    known = set(net.sources.index)
    for rid, row in net.relations.iterrows():
        srcs = _ids(row["sources"])
        assert srcs, f"{rid} has no source"
        assert set(srcs) <= known, rid
        assert str(row["evidence"]).strip(), f"{rid} has no evidence"


def test_every_group_sourced(net: militnet.Network) -> None:
    known = set(net.sources.index)
    for gid, row in net.groups.iterrows():
        srcs = _ids(row["sources"])
        assert srcs, f"{gid} has no source"
        assert set(srcs) <= known, gid


def test_every_source_is_used(net: militnet.Network) -> None:
    used = {
        s
        for col in (net.groups["sources"], net.relations["sources"], net.events["sources"])
        for cell in col
        for s in _ids(cell)
    }
    assert set(net.sources.index) == used


def test_seed_articles_are_sources(net: militnet.Network) -> None:
    for sid, doc in SEEDS.items():
        assert sid in net.sources.index
        assert net.sources.loc[sid, "document"] == doc


def test_every_seed_article_cited_by_a_relation(net: militnet.Network) -> None:
    cited = {s for cell in net.relations["sources"] for s in _ids(cell)}
    assert set(SEEDS) <= cited


@pytest.mark.parametrize(
    ("seed", "source", "target", "type_"),
    [
        # one decisive tie per seed article, as the datasheet's seed table states
        ("seed-000", "jundallah-pk", "is", "pledge"),
        ("seed-000", "ttp", "aq", "alliance"),
        ("seed-001", "lej-a", "iskp", "alliance"),
        ("seed-001", "imu", "is", "pledge"),
        ("seed-002", "taliban", "iskp", "rivalry"),
        ("seed-002", "haqqani", "iskp", "alliance"),
        ("seed-003", "iju", "imu", "split"),
        ("seed-003", "imu", "ttp", "alliance"),
        ("seed-004", "iskp", "ttp", "split"),
        ("seed-004", "lej-a", "iskp", "alliance"),
    ],
)
def test_seed_ties_cite_their_article(
    net: militnet.Network, seed: str, source: str, target: str, type_: str
) -> None:
    r = net.relations
    rows = r[(r["source"] == source) & (r["target"] == target) & (r["type"] == type_)]
    assert len(rows), f"missing {source} -> {target} {type_}"
    assert any(seed in _ids(s) for s in rows["sources"])


# -- dates --------------------------------------------------------------------


def test_alternative_dates_are_partial_dates(net: militnet.Network) -> None:
    for col in ("start_alt", "end_alt"):
        assert col in net.relations.columns
        for rid, value in net.relations[col].items():
            if str(value).strip():
                PartialDate.parse(value)  # raises on a malformed date
                other = net.relations.loc[rid, col.removesuffix("_alt")]
                assert value != other, rid
                assert str(net.relations.loc[rid, "notes"]).strip(), (
                    f"{rid}: an alternative date needs a note naming the sources"
                )


def test_alternative_founding_dates_are_partial_dates(net: militnet.Network) -> None:
    assert "founded_alt" in net.groups.columns
    for gid, cell in net.groups["founded_alt"].items():
        for value in _ids(cell):
            PartialDate.parse(value)  # raises on a malformed date
            assert value != net.groups.loc[gid, "founded"], gid
            assert value[:4] in str(net.groups.loc[gid, "notes"]), (
                f"{gid}: an alternative founding date needs a note naming the sources"
            )


def test_every_group_has_a_founding_date(net: militnet.Network) -> None:
    """An empty founded means 'alive since the beginning of time' (1.0.2)."""
    missing = [gid for gid, f in net.groups["founded"].items() if not str(f).strip()]
    assert missing == []


def test_splinters_are_not_alive_before_their_founding(net: militnet.Network) -> None:
    early = set(net.at("1990-01-01"))
    # groups founded by 1990 (the Baloch BLF 1964, JKLF 1977, Hezb-e-Islami Khalis 1979,
    # Hizbul Mujahideen 1989-09 included)
    assert early == {
        "haqqani",
        "hum",
        "ssp",
        "aq",
        "let",
        "hig",
        "huji",
        "blf",
        "jklf",
        "hik",
        "hm",
    }
    assert not {
        "ttp-sajna",
        "ttp-shehryar",
        "dadullah-front",
        "jundallah-pk",
        "bla",
        "lej-a",
    } & set(net.at("1999-12-31"))
    assert "ttp-sajna" not in net.at("2014-05-27") and "ttp-sajna" in net.at("2014-05-28")


def test_documented_history(net: militnet.Network) -> None:
    """Spot checks of well-documented events at the precision the sources give."""
    r = net.relations

    def one(source: str, target: str, type_: str) -> dict[str, str]:
        """The first relation of the pair and type (renewals are later rows)."""
        rows = r[(r["source"] == source) & (r["target"] == target) & (r["type"] == type_)]
        assert len(rows) >= 1, (source, target, type_)
        return rows.iloc[0].to_dict()

    assert net.groups.loc["ttp", "founded"] == "2007-12-14"
    assert one("jua", "ttp", "split")["start"] == "2014-08-26"
    assert one("jua", "ttp", "merger")["start"] == "2020-08-17"
    assert one("hizb-ul-ahrar", "jua", "split")["start"] == "2017-11-11"
    assert one("hizb-ul-ahrar", "ttp", "merger")["start"] == "2020-08-17"
    assert one("iskp", "is", "pledge")["start"] == "2015-01-26"
    # the IMU leadership's pledge video of 2015-07-31 (Eurasianet); Ghazi's oath: start_alt;
    # the oath folded the IMU into IS-K (a merger), and the IMU ends with it
    assert one("imu", "is", "pledge")["start"] == "2015-07-31"
    assert one("imu", "iskp", "merger")["start"] == "2015-08"
    assert net.groups.loc["imu", "ended"] == "2015-08"
    assert one("jundallah-pk", "is", "pledge")["start"] == "2014-11-17"
    assert one("jundallah-ir", "jaish-al-adl", "merger")["start"] == "2012"
    assert one("aqis", "aq", "pledge")["start"] == "2014-09-03"
    assert one("lej-a", "iskp", "alliance")["start"] == "2016-10-24"
    # corrections of the 1.0.1 review (datasheet section 10)
    assert one("haqqani", "taliban", "pledge")["start"] == "1995"
    # the 2023 Samarkand list is not a Taliban-Jaish al-Adl alliance (review 1.1): a rivalry
    assert one("taliban", "jaish-al-adl", "rivalry")
    assert not len(
        r[(r["source"] == "taliban") & (r["target"] == "jaish-al-adl") & (r["type"] == "alliance")]
    )
    assert one("lei", "iskp", "alliance")["start"] == "2015"
    assert net.groups.loc["is", "founded"] == "1999"
    # founding dates of the 1.0.2 review (datasheet section 11)
    founded = net.groups["founded"]
    assert founded["haqqani"] == "1973"
    assert founded["ttp-sajna"] == one("ttp-sajna", "ttp", "split")["start"] == "2014-05-28"
    # the faction fought the Sajna faction from spring 2014, inside the TTP, before it
    # dissociated from it in mid-September 2014 (the split)
    assert founded["ttp-shehryar"] == "2014"
    assert one("ttp-shehryar", "ttp", "split")["start"] == "2014-09"
    assert founded["jundallah-pk"] == "2009"
    assert founded["bla"] == "2000"
    assert founded["lej-a"] == "2000"
    assert founded["hum"] == "1985"
    assert founded["dadullah-front"] == "2007"
    assert one("ttp-sajna", "ttp-shehryar", "rivalry")["start_alt"] == "2014-04"
    # the same pair keeps several records over time
    jua_ttp = r[(r["source"] == "jua") & (r["target"] == "ttp")]
    assert sorted(jua_ttp["type"]) == ["alliance", "merger", "pledge", "split"]


def test_snapshot_on_the_night_of_the_quetta_attack(net: militnet.Network) -> None:
    G = net.at("2016-10-24")
    assert G.has_edge("lej-a", "iskp")
    assert G.has_edge("iskp", "is")
    assert "jua" in G and "hizb-ul-ahrar" not in G  # HuA formed 2017-11-11
    G2 = net.at("2020-08-17")
    # dissolved into the TTP that day (half-open): no longer alive, shown only as
    # the absorbed side of its merger (r065) during the merger's lineage window
    assert G2.nodes["jua"]["alive"] is False
    assert list(G2.edges("jua", keys=True)) == [("jua", "ttp", "r065")]
    assert "jua" not in net.at("2020-08-17", policy=militnet.TiePolicy())


# -- names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "gid"),
    [
        # spellings used in the seed articles
        ("IS-K", "iskp"),
        ("Islamic State-Khorasan", "iskp"),
        ("Islamic State Khorasan", "iskp"),
        ("Islamic State in Khorasan", "iskp"),
        ("IS in Khorasan", "iskp"),
        ("ISKP", "iskp"),
        ("ISIS-K", "iskp"),
        ("Wilayat Khorasan", "iskp"),
        ("Daesh Khorasan", "iskp"),
        ("Pakistani Taliban", "ttp"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Tehrik-e Taliban Pakistan", "ttp"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Tehreek-e-Taliban", "ttp"),
        ("TTP", "ttp"),
        ("Tehreek-e-Taliban Pakistan Jamaatul Ahrar", "jua"),
        ("Jamaat-ul-Ahrar", "jua"),
        ("Jamatul Ahrar", "jua"),
        ("Lashkar-e-Jhangvi", "lej"),
        ("Lashkar-i-Jhangvi", "lej"),
        ("LeJ", "lej"),
        ("Lashkar-e-Jhangvi al-Alami", "lej-a"),
        ("Islamic Movement of Uzbekistan", "imu"),
        ("IMU", "imu"),
        ("Islamic Jihad Union", "iju"),
        ("Haqqani network", "haqqani"),
        ("Al Qaeda", "aq"),
        ("al-Qaida", "aq"),
        ("Al-Qaeda in the Subcontinent", "aqis"),
        ("Islamic State group", "is"),
        ("Islamic State of Iraq and Greater Syria", "is"),
        ("ISIS", "is"),
        ("Daesh", "is"),
        ("ISIL", "is"),
        ("Eastern Turkistan Islamic Movement", "etim"),
        ("Baloch Liberation Army", "bla"),
        ("Jaish al-Adl", "jaish-al-adl"),
        ("Jamaat Ansarullah", "jamaat-ansarullah"),
        ("LeT", "let"),
        ("JeM", "jem"),
        ("Taliban", "taliban"),
        ("Afghan Taliban", "taliban"),
        ("Jundallah (Pakistan)", "jundallah-pk"),
        ("Jundullah (Pakistan)", "jundallah-pk"),
        ("Jundallah (Iran)", "jundallah-ir"),
        ("People's Resistance Movement of Iran", "jundallah-ir"),
    ],
)
def test_resolves_article_spellings(net: militnet.Network, name: str, gid: str) -> None:
    assert net.resolve(name) == gid


@pytest.mark.parametrize("name", ["Jundallah", "Jundullah", "jundallah", "Jundollah"])
def test_bare_jundallah_is_ambiguous(net: militnet.Network, name: str) -> None:
    with pytest.raises(AmbiguousNameError) as exc:
        net.resolve(name)
    assert sorted(exc.value.candidates) == ["jundallah-ir", "jundallah-pk"]
    assert isinstance(exc.value, KeyError)


def test_both_jundallahs_carry_the_bare_aliases(net: militnet.Network) -> None:
    for gid in ("jundallah-pk", "jundallah-ir"):
        aliases = _ids(net.groups.loc[gid, "aliases"])
        assert "Jundallah" in aliases and "Jundullah" in aliases


def test_shared_abbreviation_is_ambiguous(net: militnet.Network) -> None:
    with pytest.raises(AmbiguousNameError) as exc:
        net.resolve("HuA")
    assert sorted(exc.value.candidates) == ["hizb-ul-ahrar", "hum"]


def test_every_name_and_alias_resolves_to_its_group(net: militnet.Network) -> None:
    """No alias silently resolves to another group; the only ambiguous ones
    are the deliberate ones."""
    deliberate = {"Jundallah", "Jundullah", "HuA"}
    for gid, row in net.groups.iterrows():
        for name in [row["name"], *_ids(row["aliases"])]:
            if name in deliberate:
                continue
            assert net.resolve(name) == gid, (name, gid)


# -- raw files ----------------------------------------------------------------


def test_files_are_plain_utf8_csv_with_lf() -> None:
    folder = Path(militnet._dataset.registry.resolve_path("afpak"))
    for name in ("groups.csv", "relations.csv", "sources.csv"):
        data = (folder / name).read_bytes()
        assert b"\r" not in data, name
        assert not data.startswith(b"\xef\xbb\xbf"), name
        with open(folder / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert len({len(r) for r in rows}) == 1, name
    json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


# -- the datasheet stays in sync with the data ----------------------------------

DATASHEET = Path(__file__).parent.parent / "docs" / "datasets" / "afpak.md"


@pytest.mark.skipif(not DATASHEET.is_file(), reason="datasheet not in this checkout")
def test_datasheet_counts_match(net: militnet.Network) -> None:
    text = DATASHEET.read_text(encoding="utf-8")
    size = f"{len(net.groups)} groups, {len(net.relations)} relations, {len(net.sources)} sources"
    assert size in text
    assert f"**{len(net.relations)}** |" in text  # total of the type x confidence table


@pytest.mark.skipif(not DATASHEET.is_file(), reason="datasheet not in this checkout")
def test_datasheet_coverage_table_is_current(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DATASHEET.read_text(encoding="utf-8")
    script = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(DATASHEET.parent.parent.parent)
    exec(compile(script, "coverage script", "exec"), {"__name__": "coverage"})
    table = capsys.readouterr().out.strip()
    assert table in text


def test_datasheet_event_counts_match(net: militnet.Network) -> None:
    text = DATASHEET.read_text(encoding="utf-8")
    assert f"{len(net.events)} events with {len(net.event_actors)} actor rows" in text
    kinds = net.events["kind"].value_counts()
    for kind, count in kinds.items():
        assert f"| {kind} | {count} |" in text
    assert f"| **total** | **{len(net.events)}** |" in text


def test_every_relation_cites_an_event_or_says_why(net: militnet.Network) -> None:
    rel = net.relations
    silent = rel[(rel["events"] == "") & ~rel["notes"].str.contains("No evidence event:")]
    assert silent.empty, list(silent.index)


def test_events_evidence_their_ties(net: militnet.Network) -> None:
    # the Quetta police-college attack of 2016-10-24: claimed by IS, carried out with LeJ-A
    ev = net.events
    quetta = ev[(ev["date"] == "2016-10-24") & (ev["admin1"] == "Balochistan")]
    assert len(quetta) == 1
    actors = net.event_actors[net.event_actors["event"] == quetta.index[0]]
    assert {"lej-a"} <= set(actors["group"])
    assert set(actors["group"]) & {"is", "iskp"}


def test_readme_counts_match(net: militnet.Network) -> None:
    # the README's one line about the bundled data: version and counts from the data
    readme = (DATASHEET.parent.parent.parent / "README.md").read_text(encoding="utf-8")
    line = " ".join(readme.split())
    assert (
        f"`afpak` {net.version}: {len(net.groups)} groups, {len(net.relations)} relations, "
        f"{len(net.events)} evidence events" in line
    )
