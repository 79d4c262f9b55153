"""Write the tutorial notebooks (without outputs) from the cells below.

    python notebooks/make_notebooks.py

Edit the cells here, not in the .ipynb files: this script is their source,
and ``tests/test_notebooks.py`` executes every notebook top to bottom.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent

QUICKSTART = [
    (
        "md",
        """# militnet quickstart

Load the bundled Afghanistan–Pakistan dataset, look groups up by any of their
names, take the network on one day, and open the interactive view.""",
    ),
    (
        "code",
        """import militnet

net = militnet.load_dataset("afpak")
net""",
    ),
    ("code", """net.summary()"""),
    (
        "md",
        """## Names

Lookup forgives case, hyphens and common transliterations. An ambiguous name is
never resolved silently: it raises `AmbiguousNameError` with the candidates.""",
    ),
    (
        "code",
        """[net.resolve(n) for n in ("Tehreek-e-Taliban Pakistan", "ISIS-K", "lashkar i jhangvi")]""",
    ),
    (
        "code",
        """try:
    net.resolve("Jundallah")
except militnet.AmbiguousNameError as exc:
    print(exc)
    print(exc.candidates)""",
    ),
    ("code", """net.group("IS-K")"""),
    (
        "md",
        """## The network on one day

`net.at(day)` is a `networkx.MultiDiGraph`: the groups alive on the day, and one
edge per relation active on it (start ≤ day < end), keyed by relation id.""",
    ),
    (
        "code",
        """G = net.at("2016-10-24")
G.number_of_nodes(), G.number_of_edges()""",
    ),
    (
        "code",
        """[(u, v, k, d["type"], d["confidence"]) for u, v, k, d in G.edges("iskp", keys=True, data=True)]""",
    ),
    ("md", """Every relation carries its evidence and its sources:"""),
    (
        "code",
        """rel = net.relations
rel[rel["source"].eq("iskp") | rel["target"].eq("iskp")][["source", "target", "type", "start", "end", "confidence", "sources"]].head()""",
    ),
    (
        "md",
        """## The interactive view

One offline HTML file with a time control, a legend, and the sources of every tie.
In a notebook, the view displays inline; `net.to_html("afpak.html")` writes the file.""",
    ),
    (
        "code",
        """view = net.to_html(at="2016-10-24", seed=0)
view""",
    ),
    ("code", """net.to_html("afpak.html", seed=0)"""),
    (
        "md",
        """## For Gephi

A dynamic GEXF file replays the whole history on Gephi's timeline.""",
    ),
    ("code", """militnet.to_gexf(net, "afpak.gexf")"""),
]

OVER_TIME = [
    (
        "md",
        """# The network over time

Measures as tidy series, communities and how they evolve, and figures.""",
    ),
    (
        "code",
        """import militnet
import militnet.plot

net = militnet.load_dataset("afpak")""",
    ),
    (
        "md",
        """## Series of measures

`Network.series` computes centrality on 1 January of every year (or any pandas
frequency) under a tie policy, as one tidy table: date, group, measure, value.""",
    ),
    (
        "code",
        """policy = militnet.TiePolicy()  # alliance and pledge ties, all confidence levels
df = net.series("2008-01-01", "2023-01-01", measures=["degree", "betweenness"], policy=policy)
df.head()""",
    ),
    (
        "code",
        """df[df["measure"] == "betweenness"].pivot(index="date", columns="group", values="value")[["ttp", "iskp", "taliban"]]""",
    ),
    (
        "code",
        """ax = militnet.plot.series(df, measure="betweenness", groups=["ttp", "iskp", "taliban", "aq"], net=net)
militnet.plot.save(ax, "betweenness.png")""",
    ),
    ("md", """## Communities and their evolution"""),
    (
        "code",
        """cm = militnet.communities(net, at="2016-01-01", seed=0)
cm.attrs["modularity"], cm.groupby("community").size().to_dict()""",
    ),
    (
        "code",
        """days = [f"{y}-01-01" for y in range(2012, 2022, 2)]
militnet.community_evolution(net, days, seed=0)[["date_from", "date_to", "event", "groups", "relations"]]""",
    ),
    (
        "md",
        """## Figures

The network on a day, in the same visual language as the HTML view (colours,
dashes and arrows by relation type; faint lines for weak confidence):""",
    ),
    (
        "code",
        """ax = militnet.plot.network(net, at="2016-01-01", color_by="community", size_by="betweenness", seed=0)
militnet.plot.save(ax, "network-2016.png")""",
    ),
    (
        "md",
        """A timeline of lifespans, splits, mergers, pledges and alliances, in the spirit
of the maps of Stanford's Mapping Militant Organizations project:""",
    ),
    (
        "code",
        """ax = militnet.plot.timeline(net, groups=["TTP", "Jamaat-ul-Ahrar", "Hizb-ul-Ahrar", "Ahrar-ul-Hind", "ISKP", "Islamic State"])
militnet.plot.save(ax, "ttp-timeline.svg")""",
    ),
]

CITING = [
    (
        "md",
        """# A reproducible, cited result

A number in a paper ("the betweenness of the TTP on 1 January 2016") should come
with what produced it (the data version and hash, the day, the tie policy) and
the sources behind it, so a reviewer can recompute and check it.""",
    ),
    (
        "code",
        """import json

import militnet

net = militnet.load_dataset("afpak")
policy = militnet.TiePolicy(types=("alliance", "pledge"), min_confidence="reported")
cen = militnet.centrality(net, at="2016-01-01", measures=["betweenness"], policy=policy)
value = cen.loc["ttp", "betweenness"]
round(value, 4)""",
    ),
    (
        "md",
        """## Provenance

Every result records what produced it: plain data that can be saved next to it.""",
    ),
    (
        "code",
        """prov = cen.attrs["provenance"]
print(json.dumps({k: prov[k] for k in ("dataset", "dates", "policy")}, indent=2))""",
    ),
    ("md", """## The ties behind the number, and their sources"""),
    ("code", """militnet.explain(net, "ttp", at="2016-01-01", policy=policy)"""),
    (
        "md",
        """## Recompute and check

Same data (same content hash), same day and policy: the same number.""",
    ),
    (
        "code",
        """again = militnet.load_dataset("afpak")
assert again.content_hash == net.content_hash
assert militnet.centrality(again, at="2016-01-01", measures=["betweenness"], policy=policy).loc["ttp", "betweenness"] == value
net.content_hash""",
    ),
    (
        "md",
        """## Does the ranking survive the uncertain parts of the data?

Rerun the measure without alleged ties, with confirmed ties only, without
relations of undocumented start, under the other date policies and with the
alternative dates other sources give; compare each ranking with the baseline.""",
    ),
    (
        "code",
        """sens = militnet.sensitivity(net, at="2016-01-01", measure="betweenness", policy=policy)
sens.summary""",
    ),
    ("code", """sens.ranks.loc[["ttp", "iskp", "taliban", "aq"]]"""),
    (
        "md",
        """## A report to hand over

`militnet.report` writes the top groups by each measure, the communities and the
structural balance, with inline citations and a reference list of exactly the
sources of the relations used (also: `militnet report afpak --at 2016-01-01 -o report.md`).""",
    ),
    (
        "code",
        """text = militnet.report(net, at="2016-01-01", policy=policy)
with open("report-2016.md", "w", encoding="utf-8") as f:
    f.write(text)
print(text[: text.index("## Communities")])""",
    ),
]


FROM_NEWS = [
    (
        "md",
        """# From a news article to the network

Read an article, get **candidate** relations between the groups of afpak (each
with its sentence, a date with honest precision, the cue and the flags), review
them, accept the good ones into a copy of the dataset, and see the network
change. Needs the optional extra: `pip install 'militnet[text]'` (no model is
downloaded; nothing here uses the network connection).

The article is a short excerpt, quoted for research with its attribution, from
the test data of militnet (`tests/data/extract/news/voa-2015-jua-rejoins.txt`):
Reuters, via Voice of America, "Pakistani Splinter Group Rejoins Taliban Amid
Fears of Isolation", 12 March 2015,
<https://www.voanews.com/a/reu-pakistani-splinter-group-rejoins-taliban-fears-isolation/2677836.html>.""",
    ),
    (
        "code",
        """import tempfile
from pathlib import Path

import militnet

net = militnet.load_dataset("afpak")
ARTICLE = '''\
A militant splinter group that broke from the Pakistani Taliban last year and declared allegiance to Islamic State announced on Thursday it was rejoining the Taliban insurgency, a move that could be prompted by fears of isolation amid possible Afghan peace talks.

The Afghan and Pakistani Taliban are two separate groups that are loosely allied and share similar hard-line ideologies, each fighting to topple the governments of their home countries and set up an Islamist theocracy.

Jamaat-ul-Ahrar split from the Pakistani Taliban last summer amid leadership rivalries. The splinter group launched a series of devastating suicide attacks and later announced its allegiance to the Islamic State group, a move that Mahsud said signaled frustration over waning support from an embattled al-Qaida and hope that Islamic State might send men or money.
'''""",
    ),
    (
        "md",
        """## Candidates out

Relative dates ("last summer", "on Thursday") are resolved against the
publication date, as precisely as the text allows; a relation the text gives
no date for gets none.""",
    ),
    (
        "code",
        """candidates = militnet.extract(net, ARTICLE, published="2015-03-12",
                              source="voa-2015-jua-rejoins")
candidates.to_csv("candidates.csv", index=False)  # the file a reviewer would edit
candidates[["source", "target", "type", "start", "confidence", "cue", "date_text",
            "hedged", "negated", "ambiguous", "out_of_scope"]]""",
    ),
    (
        "md",
        """`notes` says why each row was proposed: the cue, how a name was settled
(here "The splinter group" is the subject of the sentence before it), hedges:""",
    ),
    (
        "code",
        """for row in candidates.itertuples():
    print(f"{row.source} -> {row.target} ({row.type}): {row.notes}")
    print("   ", row.evidence)""",
    ),
    ("md", """Names the network does not know, and ambiguous names (never guessed):"""),
    ("code", """candidates.attrs["new_groups"], candidates.attrs["ambiguous"]"""),
    (
        "md",
        """## Events the article reports

Claims of responsibility (joint claims too), clashes, pledges and denials come
out as candidate **events** with their actors and roles, for `events.csv` and
`event_actors.csv` (a joint claim also proposes the alliance it evidences, citing
the event). Here: the splinter group's pledge to the Islamic State, undated in
the text ("later"), so its `date` must be given before it can be accepted.""",
    ),
    (
        "code",
        """events = candidates.attrs["events"]
events[["event", "date", "kind", "actors", "confidence", "notes"]]""",
    ),
    (
        "md",
        """## Review

A person decides. Compare each candidate with what the dataset already holds.""",
    ),
    (
        "code",
        """rel = net.relations
rel[(rel["source"] == "jua") | (rel["target"] == "jua")][["source", "target", "type", "start", "end", "confidence"]]""",
    ),
    (
        "code",
        """reviewed = candidates.copy()
# The split JuA -> TTP is already in afpak, dated to the day and confirmed: adding
# this vaguer copy ("last summer" = 2014) would only duplicate it. Left as a candidate.
# The pledge JuA -> Islamic State is not in afpak (it has an alliance only); the
# sentence states it ("later announced its allegiance to the Islamic State group")
# and "The splinter group" is JuA, named as the subject of the sentence before.
# Accepted, undated as the text gives no date ("later").
keep = (reviewed["source"] == "jua") & (reviewed["target"] == "is") & (reviewed["type"] == "pledge")
reviewed.loc[keep, "status"] = "accepted"
reviewed[["source", "target", "type", "start", "status"]]""",
    ),
    (
        "md",
        """Accepting the split anyway is refused: the same pair, type and overlapping
dates as a relation afpak holds (`duplicates="flag"`, or `militnet accept
--allow-duplicates`, adds it with "possible duplicate of rNNN" in its notes).""",
    ),
    (
        "code",
        """again = reviewed.copy()
again.loc[again["type"] == "split", "status"] = "accepted"
try:
    militnet.accept_candidates(net, again)
except militnet.ValidationError as exc:
    print(exc)""",
    ),
    (
        "md",
        """## Accept into a copy of afpak

The accepted rows get new relation ids and the article is added to the sources;
the result is validated like any dataset before anything is written. The CLI
(`militnet accept candidates.csv --into DIR`) does the same and writes the
change as a patch: the new row is appended to `relations.csv`, every other line
keeps its bytes (a one-row acceptance is a one-line diff), and it prints the
validation report of the result. It holds a lock on the folder, so concurrent
reviewers never lose an accepted row.""",
    ),
    (
        "code",
        """work = tempfile.TemporaryDirectory()
folder = Path(work.name) / "afpak"
net.save(folder)
before = militnet.load(folder)
after = militnet.accept_candidates(before, reviewed, source={
    "id": "voa-2015-jua-rejoins", "publisher": "Reuters, via Voice of America",
    "title": "Pakistani Splinter Group Rejoins Taliban Amid Fears of Isolation",
    "date": "2015-03-12",
    "url": "https://www.voanews.com/a/reu-pakistani-splinter-group-rejoins-taliban-fears-isolation/2677836.html"})
after.save(folder)
after = militnet.load(folder)
after.relations.loc[~after.relations.index.isin(before.relations.index),
                    ["source", "target", "type", "start", "confidence", "sources"]]""",
    ),
    (
        "md",
        """## The network before and after

The snapshot of 1 June 2015 (alliance and pledge ties, the default policy) and
the ties of JuA behind any measure of it:""",
    ),
    (
        "code",
        """day = "2015-06-01"
coop = militnet.TiePolicy()  # alliance and pledge
G0, G1 = before.at(day, policy=coop), after.at(day, policy=coop)
G0.number_of_edges(), G1.number_of_edges(), sorted(G1["jua"])""",
    ),
    ("code", """militnet.explain(before, "jua", day)[["other", "type", "start", "confidence"]]"""),
    (
        "code",
        """militnet.explain(after, "jua", day)[["other", "type", "start", "confidence", "sources"]]""",
    ),
    (
        "md",
        """## The same with the command line

The reviewed CSV into the folder with `militnet accept`: one line more in
`relations.csv`, the rest byte for byte, and the validation report.""",
    ),
    (
        "code",
        """import subprocess
import sys

text2 = "Lashkar-e-Islam allied with the Islamic Jihad Union in May 2019."
more = militnet.extract(after, text2, source="example-2019")
more["status"] = "accepted"
more.to_csv(Path(work.name) / "more.csv", index=False)
old_bytes = (folder / "relations.csv").read_bytes()
done = subprocess.run([sys.executable, "-m", "militnet.cli", "accept",
                       str(Path(work.name) / "more.csv"), "--into", str(folder),
                       "--title", "An example sentence"],
                      capture_output=True, text=True, check=True)
print(done.stdout)
new_bytes = (folder / "relations.csv").read_bytes()
new_bytes.startswith(old_bytes), new_bytes[len(old_bytes):].decode()""",
    ),
    (
        "md",
        """## How well it reads news

`python benchmarks/extract_eval.py` scores the extractor against hand-coded
relations: the five seed articles, six older excerpts, and a fresh set of 28
excerpts (2010-2024) split into a **dev** part the rules were tuned on and a
**held-out** part only scored. Figures and the misses that remain:
`docs/extract.md`.""",
    ),
    ("code", """work.cleanup()"""),
]

PATHWAYS = [
    (
        "md",
        """# Pathways: influence in time order

Every snapshot measure answers a question about one day. Influence travels
along ties **in time order**: A–B (2010–2012) then B–C (2014–) links A to C,
because A reached B before B–C began; B–C (2008–2009) then A–B (2010) does not.
This notebook asks two questions analysts ask of the Afghanistan–Pakistan data,
answers them with time-respecting paths whose every hop is a cited relation,
and draws how the communities of the network changed from 2007 to 2023.

Windows are `[start, end)`: a relation counts on the days a snapshot shows it
(onset inclusive, end exclusive, partial dates and lapsing as the tie policy
says; by default alliances and pledges, reported or confirmed).""",
    ),
    (
        "code",
        """import matplotlib.pyplot as plt
import pandas as pd

import militnet
import militnet.plot

net = militnet.load_dataset("afpak")
pd.set_option("display.max_colwidth", 80)""",
    ),
    (
        "md",
        """## 1. Could the Islamic State's influence have reached Central Asia's jihadists?

The IMU (Uzbek), the IJU, Katibat Imam al-Bukhari, Jamaat Ansarullah (Tajik)
and ETIM/TIP (Uyghur), in 2014–2015. `temporal_paths` gives, for every group IS
could reach, the earliest arrival, the path and the relations behind each hop.""",
    ),
    (
        "code",
        """central_asia = ["imu", "iju", "kib", "jamaat-ansarullah", "etim"]
p = militnet.temporal_paths(net, "IS", start="2014-01-01", end="2016-01-01")
p[p["target"].isin(central_asia)][["target_name", "arrival", "hops", "path", "relations"]]""",
    ),
    (
        "md",
        """Four of the five on the first day of the window, all **through al-Qaeda**
(Jamaat Ansarullah's first tie in afpak is of July 2016, after the window).
`journey` explains the chain to the IMU hop by hop, with the relation as
recorded, its dates and its sources, so it can be cited:""",
    ),
    (
        "code",
        """j = militnet.journey(net, "IS", "IMU", "2014-01-01", "2016-01-01")
j[["from", "to", "day", "relation", "recorded", "confidence", "start", "end"]]""",
    ),
    (
        "code",
        """for hop in j.itertuples():
    print(f"{hop.hop}. {hop.from_name} -> {hop.to_name} on {hop.day:%Y-%m-%d}: "
          f"{hop.relation} ({hop.recorded}, {hop.confidence}, {hop.start} to {hop.end or 'open'})")
    print("   sources:", hop.source_titles.replace(";", " | "))""",
    ),
    (
        "md",
        """The chain is true of the *ties* and a poor account of *influence*: the
Islamic State of Iraq's pledge to al-Qaeda (r136) still stood on 1 January
2014, but ISIS and al-Qaeda were already feuding in Syria, and al-Qaeda
disowned ISIS on 3 February 2014. A time-respecting path is an
**opportunity**, not evidence of diffusion. Start the window after the break:""",
    ),
    (
        "code",
        """after = militnet.temporal_paths(net, "IS", start="2014-03-01", end="2017-01-01")
cols = ["target_name", "arrival", "hops", "path", "relations"]
after[after["target"].isin(central_asia)][cols]""",
    ),
    (
        "code",
        """j = militnet.journey(net, "IS", "IMU", "2014-03-01", "2017-01-01")
j[["from", "to", "day", "relation", "recorded", "confidence", "evidence"]]""",
    ),
    (
        "md",
        """Now the answer is the one the literature tells: the IMU's own public support
for IS in September 2014 (r108), a year before its formal pledge, and from the
IMU on to the groups it was tied to. With a window that ends before IS existed
in the region, there is no path, and the reason says which ties fail:""",
    ),
    (
        "code",
        """none = militnet.journey(net, "IS", "Jamaat Ansarullah", "2014-03-01", "2014-09-01")
none.empty, none.attrs["reason"]""",
    ),
    (
        "md",
        """## 2. Al-Qaeda's reach into Pakistan's sectarian groups before 2011

Lashkar-e-Jhangvi (LeJ), its al-Alami offshoot (LeJ-A) and Sipah-e-Sahaba
(SSP, later Ahle Sunnat Wal Jamaat, ASWJ), up to 1 January 2011:""",
    ),
    (
        "code",
        """sectarian = ["lej", "lej-a", "ssp"]
p = militnet.temporal_paths(net, "al-Qaeda", end="2011-01-01")
p[p["target"].isin(sectarian)][["target_name", "arrival", "hops", "path", "relations"]]""",
    ),
    (
        "code",
        """j = militnet.journey(net, "al-Qaeda", "SSP", end="2011-01-01")
j[["from", "to", "day", "relation", "recorded", "start", "evidence", "sources"]]""",
    ),
    (
        "md",
        """SSP **through Jaish-e-Mohammed**, on the day JeM was founded (31 January 2000):
al-Qaeda's tie to JeM (r035) and SSP's (r097). The dates of the direct LeJ and
LeJ-A links are not findings: those relations have no recorded start, so they
count from the groups' founding. Excluding relations with an undocumented
start shows how much the answer rests on them:""",
    ),
    (
        "code",
        """strict = militnet.TiePolicy(undated="exclude")
p = militnet.temporal_paths(net, "al-Qaeda", end="2011-01-01", policy=strict)
p[p["target"].isin(sectarian)][["target_name", "arrival", "path", "relations"]]""",
    ),
    (
        "md",
        """## 3. Who could reach whom, how soon, and through whom (2014–2016)

`reachability` lists every ordered pair connected in time order;
`temporal_closeness` says how soon (harmonic mean of `1 / (1 + latency in
years)`); `temporal_betweenness` the share of earliest-arrival routes between
other groups that pass through each group.""",
    ),
    (
        "code",
        """r = militnet.reachability(net, "2014-01-01", "2017-01-01")
print(len(r), "reachable ordered pairs")
r.attrs["summary"].sort_values("reaches", ascending=False).head(8)""",
    ),
    (
        "code",
        """tc = militnet.temporal_closeness(net, "2014-01-01", "2017-01-01")
tb = militnet.temporal_betweenness(net, "2014-01-01", "2017-01-01")
table = tc[["name", "closeness", "reaches", "mean_latency"]].join(tb[["share"]])
table.sort_values("share", ascending=False).head(8).round(3)""",
    ),
    (
        "md",
        """## 4. How the communities changed, 2007–2023

Communities (Louvain on the ties of each 1 January, three groups or more) are
matched year to year by overlap; a community keeps its **number and colour**
while it continues, in this figure, in `plot.network(color_by="community")` and
on the page. The lifecycle table names every birth, death, merge and split and
the group-level splits and mergers behind it:""",
    ),
    (
        "code",
        """lc = militnet.community_lifecycle(net, "2007-01-01", "2023-01-01", min_size=3)
lc[lc["event"].isin(["birth", "death", "merge", "split"])][
    ["date_to", "event", "numbers_before", "numbers_after", "before", "after", "explained_by"]]""",
    ),
    (
        "code",
        """ax = militnet.plot.lifecycle(net, "2007-01-01", "2023-01-01")
militnet.plot.save(ax, "lifecycle-2007-2023.png")
plt.show()""",
    ),
    (
        "md",
        """The same community numbers colour the network on any day:""",
    ),
    (
        "code",
        """ax = militnet.plot.network(net, "2016-01-01", color_by="community")
militnet.plot.save(ax, "communities-2016.png")
plt.show()""",
    ),
    (
        "md",
        """From the command line:

```
militnet path afpak IS IMU --start 2014-03-01 --end 2017-01-01
militnet reach afpak al-Qaeda --end 2011-01-01
militnet lifecycle afpak --start 2007-01-01 --end 2023-01-01 --figure lifecycle.png
```""",
    ),
]


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells
    ]
    for i, cell in enumerate(nb.cells):  # stable ids: same script, same bytes
        cell["id"] = f"cell-{i:02d}"
    return nb


NOTEBOOKS = {
    "01-quickstart.ipynb": QUICKSTART,
    "02-over-time.ipynb": OVER_TIME,
    "03-citing-metrics.ipynb": CITING,
    "04-from-news.ipynb": FROM_NEWS,
    "05-pathways.ipynb": PATHWAYS,
}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(cells), HERE / name)


if __name__ == "__main__":
    main()
