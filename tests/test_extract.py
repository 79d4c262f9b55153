"""militnet.extract / accept_candidates and the extract/accept CLI, on hand-written text."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import militnet
from militnet._core.dates import PartialDate
from militnet._text.dates import find_dates

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def afpak():
    return militnet.load_dataset("afpak")


def _rows(df):
    return {(r.source, r.target, r.type) for r in df.itertuples()}


def test_columns_are_relations_columns_then_review(afpak):
    df = militnet.extract(afpak, "Jamaat-ul-Ahrar split from the Pakistani Taliban.")
    assert list(df.columns[:9]) == [
        "source",
        "target",
        "type",
        "start",
        "end",
        "confidence",
        "evidence",
        "sources",
        "notes",
    ]
    assert (df["status"] == "candidate").all()
    row = df.iloc[0]
    text = "Jamaat-ul-Ahrar split from the Pakistani Taliban."
    assert text[row.source_offset :].startswith(row.source_name)
    assert text[row.target_offset :].startswith(row.target_name)
    assert text[row.evidence_start : row.evidence_end] == row.evidence


def test_direction_from_sentence_structure(afpak):
    a = militnet.extract(afpak, "Jamaat-ul-Ahrar split from the Pakistani Taliban.")
    b = militnet.extract(afpak, "Jundullah, a splinter group of Pakistan's Taliban, attacked.")
    c = militnet.extract(afpak, "The Lashkar-e-Jhangvi pledged allegiance to the Islamic State.")
    d = militnet.extract(afpak, "A Taliban splinter group Jundullah claimed it.")
    assert ("jua", "ttp", "split") in _rows(a)
    assert ("jundallah-pk", "ttp", "split") in _rows(b)  # context: Pakistan's Taliban
    assert ("lej", "is", "pledge") in _rows(c)
    # 'Taliban' alone is ambiguous and nothing here settles it: listed, not guessed
    assert d.iloc[0]["source"] == "jundallah-ir|jundallah-pk"
    assert bool(d.iloc[0]["ambiguous"])
    assert "ttp" in d.iloc[0]["target_candidates"].split(";")


def test_ambiguous_names_never_guessed(afpak):
    df = militnet.extract(afpak, "ISIS has collaborated with Jundallah and Lashkar-e-Jhangvi.")
    jund = df[df["target_name"] == "Jundallah"].iloc[0]
    assert jund["target"] == "jundallah-ir|jundallah-pk" and bool(jund["ambiguous"])
    amb = df.attrs["ambiguous"]
    assert amb.loc[amb["name"] == "Jundallah", "resolved"].tolist() == [""]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The Afghan Taliban clashed with the Islamic State Khorasan Province.", "taliban"),
        ("The Taliban regime in Afghanistan is at war with IS-K.", "taliban"),
        (
            "The Taliban fought IS-K near the border with Pakistan in Pakistan's tribal areas.",
            "ttp",
        ),
    ],
)
def test_context_rules_settle_taliban(afpak, text, want):
    df = militnet.extract(afpak, text)
    assert df.iloc[0]["source"] == want


def test_flags_hedge_negation_state(afpak):
    df = militnet.extract(
        afpak,
        "Officials said the Taliban in Afghanistan is allegedly sheltering al-Qaeda. "
        "The TTP denied any links with the Islamic State. "
        "The ISI has supported the Haqqani Network.",
    )
    shelter = df[df["cue"] == "sheltering"].iloc[0]
    assert shelter["confidence"] == "alleged" and bool(shelter["hedged"])
    links = df[df["cue"] == "links"].iloc[0]
    assert bool(links["negated"])
    isi = df[df["source"] == "ISI"].iloc[0]
    assert bool(isi["out_of_scope"]) and isi["target"] == "haqqani"


def test_no_date_when_the_text_gives_none(afpak):
    df = militnet.extract(
        afpak, "The IMU is allied with the Haqqani Network.", published="2014-06-10"
    )
    assert df.iloc[0]["start"] == ""
    rel = militnet.extract(afpak, "The IMU pledged allegiance to the Islamic State last year.")
    assert rel.iloc[0]["start"] == "" and "not resolved" in rel.iloc[0]["notes"]


@pytest.mark.parametrize(
    ("expr", "published", "want"),
    [
        ("on Thursday", "2015-03-13", "2015-03-12"),  # Friday's article
        ("on Friday", "2015-03-13", "2015-03-13"),
        ("last year", "2016-11", "2015"),
        ("in November", "2016-01-05", "2015-11"),
        ("earlier this month", "2015-05-28", "2015-05"),
        ("last month", "2016-01-05", "2015-12"),
        ("this week", "2016-10-26", "2016-10"),  # Mon 24 .. Wed 26
        ("this week", "2016-11-02", "2016"),  # Mon 31 Oct .. Wed 2 Nov: only the year
        ("on Thursday", "2015-03", ""),  # a month is too coarse for a weekday
        ("Oct. 26", "2016-11", "2016-10-26"),
        ("April 14", "2023", ""),  # this year's or last year's?
        ("in August 2014", None, "2014-08"),
        ("on 17 August 2020", None, "2020-08-17"),
    ],
)
def test_dates_resolved_with_honest_precision(expr, published, want):
    pub = PartialDate.parse(published) if published else None
    found = [d for d in find_dates(f"It happened {expr}.", pub) if d.text in expr]
    assert [d.value for d in found] == [want]


def test_possible_new_groups(afpak):
    df = militnet.extract(afpak, "Jaish-ul-Hind Brigade fighters allied with the TTP.")
    assert "Jaish-ul-Hind Brigade" in df.attrs["new_groups"]["name"].tolist()


def test_accept_adds_only_accepted_rows_and_validates(afpak):
    text = (
        "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014. "
        "The Taliban is allegedly sheltering al-Qaeda."
    )
    c = militnet.extract(afpak, text, source="news-x")
    c.loc[c["type"] == "split", "status"] = "accepted"
    # afpak has this split (r063): refused by default, flagged on request
    with pytest.raises(militnet.ValidationError, match="repeats relation r063"):
        militnet.accept_candidates(afpak, c, source={"id": "news-x", "title": "T"})
    new = militnet.accept_candidates(
        afpak, c, source={"id": "news-x", "title": "T"}, duplicates="flag"
    )
    added = new.relations.loc[~new.relations.index.isin(afpak.relations.index)]
    assert added[["source", "target", "type", "start"]].values.tolist() == [
        ["jua", "ttp", "split", "2014-08"]
    ]
    assert added["notes"].iloc[0].endswith("possible duplicate of r063")
    assert "news-x" in new.sources.index
    snap = new.at("2015-01-01")
    assert any(d.get("type") == "split" for _, _, d in snap.edges("jua", data=True))
    # an unresolved ambiguous row cannot be accepted as it is
    amb = militnet.extract(afpak, "A Taliban splinter group Jundullah claimed it.")
    amb["status"] = "accepted"
    with pytest.raises(militnet.ValidationError):
        militnet.accept_candidates(afpak, amb)


@pytest.mark.slow
def test_cli_extract_and_accept(tmp_path, afpak):
    art = tmp_path / "article.txt"
    art.write_text(
        "Jamaat-ul-Ahrar split from the Pakistani Taliban last summer.\n", encoding="utf-8"
    )
    folder = tmp_path / "data"
    afpak.save(folder)
    before = (folder / "relations.csv").read_bytes()
    run = [sys.executable, "-m", "militnet.cli"]
    out = subprocess.run(
        [*run, "extract", str(art), "--data", str(folder), "--published", "2015-03-12"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("| source | target |") and "| jua | ttp | split | 2014 |" in out
    cands = tmp_path / "c.csv"
    subprocess.run(
        [
            *run,
            "extract",
            str(art),
            "--data",
            str(folder),
            "--published",
            "2015-03-12",
            "-o",
            str(cands),
        ],
        check=True,
        capture_output=True,
    )
    # nothing accepted: nothing changes
    subprocess.run(
        [*run, "accept", str(cands), "--into", str(folder)], check=True, capture_output=True
    )
    assert (folder / "relations.csv").read_bytes() == before
    df = pd.read_csv(cands, dtype=str, keep_default_na=False)
    df["status"] = "accepted"
    df["target"] = "no-such-group"
    df.to_csv(cands, index=False)
    bad = subprocess.run(
        [*run, "accept", str(cands), "--into", str(folder)], capture_output=True, text=True
    )
    # the folder holds a copy of a bundled dataset, so a note saying which was loaded
    # comes first on stderr; the error is its own line
    assert bad.returncode == 1
    assert any(line.startswith("militnet: error:") for line in bad.stderr.splitlines())
    assert "Traceback" not in bad.stderr
    assert (folder / "relations.csv").read_bytes() == before  # nothing half-written
    df["target"] = "ttp"
    df.to_csv(cands, index=False)
    # the split is in afpak already (r063): refused, nothing written
    dup = subprocess.run(
        [*run, "accept", str(cands), "--into", str(folder)], capture_output=True, text=True
    )
    assert dup.returncode == 1 and "repeats relation r063" in dup.stderr
    assert (folder / "relations.csv").read_bytes() == before
    done = subprocess.run(
        [
            *run,
            "accept",
            str(cands),
            "--into",
            str(folder),
            "--title",
            "Article",
            "--allow-duplicates",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "possible duplicate of r063" in done.stdout
    assert "validation of" in done.stdout and "0 errors" in done.stdout
    net = militnet.load(folder)
    assert len(net.relations) == len(afpak.relations) + 1
    assert "article" in net.sources.index
    # a one-row acceptance is a one-line diff: every earlier byte kept
    after = (folder / "relations.csv").read_bytes()
    assert after.startswith(before) and after[len(before) :].count(b"\n") == 1


def test_missing_spacy_raises_missing_dependency():
    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "import militnet\n"
        "try:\n"
        "    militnet.extract(militnet.load_dataset('afpak'), 'x')\n"
        "except militnet.MissingDependencyError as e:\n"
        "    print('hint:', e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'militnet[text]'" in out


def test_import_militnet_does_not_import_spacy():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, militnet; militnet.extract;print('spacy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "False"


def _pairs_of(c):
    return sorted(zip(c["source"], c["target"], c["type"], strict=True))


def test_groups_listed_in_the_next_sentence(afpak):
    c = militnet.extract(
        afpak,
        "Officials said the Haqqani network has ties with several groups.\n\n"
        "They include Lashkar-e-Taiba and Jaish-e-Mohammed.",
    )
    assert _pairs_of(c) == [("haqqani", "jem", "alliance"), ("haqqani", "let", "alliance")]
    assert c["evidence"].str.contains("They include").all()
    assert c["confidence"].eq("alleged").all()  # the cue sentence's attribution
    # a sentence that is not a list completes nothing
    c = militnet.extract(
        afpak,
        "The Haqqani network has ties with several groups. Lashkar-e-Taiba was founded in 1990.",
    )
    assert c.empty


def test_subject_carried_to_the_next_sentence(afpak):
    c = militnet.extract(
        afpak,
        "Jamaat-ul-Ahrar attacked a market. The group later pledged "
        "allegiance to the Islamic State.",
    )
    assert _pairs_of(c) == [("jua", "is", "pledge")]
    assert "subject of the previous sentence" in c.loc[0, "notes"]
    # two subjects ("X and Y"): nothing is carried, nothing guessed
    c = militnet.extract(
        afpak,
        "Jamaat-ul-Ahrar and Lashkar-e-Taiba attacked a market. The group "
        "later pledged allegiance to the Islamic State.",
    )
    assert c.empty
    # "It is ..." says something else
    c = militnet.extract(
        afpak,
        "Jamaat-ul-Ahrar attacked a market. It is unclear whether "
        "allegiance to the Islamic State was pledged.",
    )
    assert c.empty


def test_list_with_a_described_second_item(afpak):
    c = militnet.extract(
        afpak,
        "The IMU and their splinter group, the Islamic Jihad Union, fight "
        "alongside the Haqqani network.",
    )
    assert {("imu", "haqqani", "alliance"), ("iju", "haqqani", "alliance")} <= set(_pairs_of(c))
