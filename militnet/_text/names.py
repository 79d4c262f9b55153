"""Group mentions in news text: found with the network's staged name matching,
never guessed, settled by context only under the documented rules.

A mention is a span of tokens starting with a capital letter (or ``al-``)
whose text matches a group id, name or alias at the first matching stage of
:class:`militnet._core.names.NameIndex` (the index behind :meth:`Network.resolve`);
the longest span wins. Short names (four letters or fewer) must be written with
at least two capitals, so "Is" or "Let" never match IS or LeT.

A mention is **ambiguous** when the staged matching gives several groups
("Jundallah"), or when it is a bare head noun that the network also knows with
a country qualifier for other groups ("Taliban": "Afghan Taliban" is the
Taliban, "Pakistani Taliban" the TTP, "Tajik Taliban" Jamaat Ansarullah).
Each candidate gets a country: the qualifier of its alias, else the country
in its name ("Jundallah (Pakistan)"), else the first country listed for it.
Context rules may settle the mention, in this order:

- **R0 apposition**: an acronym in parentheses right after a resolved name
  ("Hizb-ul-Ahrar (HuA)") is that group when it is among its candidates;

- **R1 qualifier**: a country word right before it ("Pakistan's Taliban",
  "Afghan Taliban", "Iranian Jundallah") keeps the candidates of that country;
- **R2 sentence**: if the sentence names exactly one country (or, when it names
  none, the previous sentence names exactly one), leaving out country words
  inside full group names such as "Islamic Movement of Uzbekistan", the
  candidates of that country are kept ("The Taliban regime in Afghanistan";
  "both affiliated with the Pakistani Taliban. ... said Taliban splinter group
  Jundullah"). A sentence naming two countries settles nothing.

- **R5 discourse**: a name left ambiguous is read as the same name (same
  candidates) was settled at most three sentences before ("Hizb-ul-Ahrar (HuA)
  ... HuA");
- **R6 article**: a bare name the network gives as an alias of one group only
  ("Taliban", an alias of the Afghan Taliban) is that group when the article
  never names the other candidates ("TTP", "Pakistani Taliban", "Tajik
  Taliban" ...) by any of their names.

The network's relations never settle a name (reading a text through the ties
it should test would only ever confirm them).

If exactly one candidate is left, the mention is resolved and the rule is
recorded; otherwise it stays ambiguous with its candidates listed.

A group is also named by its **leader** ("Mangal Bagh", "Mullah Fazlullah"):
the names of the optional ``leaders`` column of groups.csv, and the names the
group's ``notes`` give after "led by", "leader(s)", "under", "founded by" ...
A leader name that belongs to two groups (a commander who changed sides) is
left out. A leader mention counts as its group (rule ``leader``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from militnet._core.names import normalize
from militnet._text.cues import COUNTRIES

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = ["GroupLexicon", "Mention", "find_mentions", "find_new_groups"]

_COUNTRY_OF_WORD = {w: c for c, words in COUNTRIES.items() for w in words}
_COUNTRY_WORD_RE = re.compile(
    r"\b("
    + "|".join(
        sorted(
            {re.escape(w) for ws in COUNTRIES.values() for w in ws if "'" not in w},
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.I,
)
_MAX_TOKENS = 9
_FUNCTION_WORDS = frozenset(
    (
        "is",
        "was",
        "are",
        "were",
        "be",
        "an",
        "a",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "to",
        "at",
        "by",
        "for",
        "with",
        "as",
        "has",
        "had",
        "have",
    )
)
# a capitalised word that continues a group's name: "ISIL Khorasan" is not ISIL
_NAME_GOES_ON = re.compile(
    r"^(?:Khorasan|Khurasan|Province|Wilayat|Wilayah|Front|Brigades?|Movement|Group|"
    r"Faction|Organi[sz]ation|Party|Jamaat|Tehreek|Tehrik|Lashkar|Jaish|Hind|Shura)$"
)
_LEADING_SKIP = {"the", "a", "an"}


@dataclass
class Mention:
    """A group (or state) named at ``[start, end)`` of the text."""

    start: int
    end: int
    surface: str
    kind: str  # "group" or "state"
    candidates: tuple[str, ...] = ()
    gid: str = ""  # resolved id ("" while ambiguous)
    rule: str = ""  # how an ambiguous mention was settled
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The id, or ``a|b`` for an unsettled ambiguous mention, or the state's name."""
        if self.kind == "state":
            return self.surface
        return self.gid or "|".join(self.candidates)


_PERSON = r"(?:(?:al|el|ur|ul|ud)-)?[A-Z][a-z'’]+(?:-[A-Za-z]+)?"
_LEADER_CUE = re.compile(
    r"\b(?:led(?: from \d{4})? by|[Ll]eaders?:|[Ll]eader|[Uu]nder|founded(?: \w+)? by|"
    r"group of|[Nn]etwork of|faction of|chief|emir|amir|head(?:ed)? by)\s+"
    r"(?:(?:Mullah|Maulana|Maulvi|Mufti|Qari|Hafiz|Sheikh|Commander|warlord|cleric)\s+)?"
    rf"((?:Mullah |Maulana |Maulvi |Mufti |Qari |Hafiz |Sheikh )?{_PERSON}(?:\s+{_PERSON}){{1,3}})"
)
_NOT_PERSON = re.compile(
    r"\b(?:Taliban|Qaeda|State|Movement|Front|Army|Jamaat|Lashkar|Jaish|Tehrik|Tehreek|"
    r"Pakistan|Afghanistan|Iran|India|Network|Group|Faction|Shura|Wikipedia|Dawn|Reuters|"
    r"Islamic|Council|Agency|Department|Mapping|Militants|Sentinel|News|Times|Post|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_TITLES = ("mullah", "maulana", "maulvi", "mufti", "qari", "hafiz", "sheikh", "commander")
# given names and surnames that many people share: never a leader's name alone
_COMMON_NAMES = frozenset(
    (
        "mohammad",
        "muhammad",
        "mohammed",
        "muhammed",
        "ahmad",
        "ahmed",
        "khan",
        "saeed",
        "said",
        "rehman",
        "rahman",
        "khurasani",
        "khorasani",
        "mehsud",
        "mahsud",
        "haqqani",
        "wazir",
        "umar",
        "omar",
        "abdul",
        "abdullah",
        "ullah",
        "waziristan",
        "yousuf",
        "hassan",
        "hussain",
        "farooq",
        "akhtar",
        "rasool",
        "kashmiri",
        "muhajir",
        "ali",
        "mansour",
        "mansoor",
        "hafiz",
        "qari",
        "mufti",
        "mullah",
        "maulana",
    )
)
_LEADER_LIST = re.compile(r"\bLeaders?:\s*([^.;]+)")


def leader_names(groups: Any) -> dict[str, str]:
    """``{normalized leader name: group id}`` from the optional ``leaders`` column
    (``;``-separated) and the names the ``notes`` give after "led by", "under",
    "leader", "founded by" ...; with each name's surname alone when it is long
    and no other group's leader has it. Names claimed by two groups are dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"notes": ["Khyber group led from 2007 by Mangal Bagh.",
    ...                             "Formed under Mullah Fazlullah; led by Mangal Bagh."]},
    ...                  index=["lei", "x"])
    >>> leader_names(g)
    {'fazlullah': 'x', 'mullah fazlullah': 'x'}
    """
    found: dict[str, set[str]] = {}
    for gid, row in groups.iterrows():
        names = [n.strip() for n in str(row.get("leaders", "") or "").split(";") if n.strip()]
        for alias in str(row.get("aliases", "") or "").split(";"):
            person = re.match(r"\s*(.+?)\s+(?:group|faction)\s*$", alias, re.I)
            if person and not _NOT_PERSON.search(person.group(1)):
                names.append(person.group(1))  # "Mangal Bagh group": Mangal Bagh
        notes = str(row.get("notes", "") or "")
        names += [m.group(1) for m in _LEADER_CUE.finditer(notes)]
        for m in _LEADER_LIST.finditer(notes):  # "Leaders: A (2007-09), B (2013-18)"
            names += [re.sub(r"\([^)]*\)", "", n).strip() for n in m.group(1).split(",")]
        for n in names:
            if _NOT_PERSON.search(n) or not n[:1].isupper():
                continue
            words = normalize(n).split()
            if not words or any(w in ("waziristan", "the") for w in words):
                continue
            if len(words) == 1 and (len(words[0]) < 7 or words[0] in _COMMON_NAMES):
                continue
            keys = {" ".join(words)}
            if words[0] in _TITLES and len(words) > 1:
                keys.add(" ".join(words[1:]))
            if len(words[-1]) >= 6 and words[-1] not in _COMMON_NAMES:
                keys.add(words[-1])
            for k in keys:
                if len(k) >= 5 and k not in _COMMON_NAMES:
                    found.setdefault(_fold(k), set()).add(str(gid))
    return {k: next(iter(v)) for k, v in sorted(found.items()) if len(v) == 1}


def _fold(name: str) -> str:
    """A spelling-folded key: "Hakeemullah" and "Hakimullah" meet."""
    return normalize(name).replace("ee", "i").replace("oo", "u").replace("ou", "u")


class GroupLexicon:
    """The network's names, with the countries used by the context rules."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.index = net._names  # the staged matching behind Network.resolve
        groups = net.groups
        self.groups = groups
        self.leaders = leader_names(groups)
        self._memo: dict[str, tuple[list[str], dict[str, str]]] = {}
        self._leader_memo: dict[str, str] = {}
        self.heads: dict[str, dict[str, str]] = {}  # bare head -> {gid: qualifier country}
        self.country: dict[str, str] = {}
        for gid, row in groups.iterrows():
            gid = str(gid)
            names = [
                str(row["name"]),
                *[a.strip() for a in str(row["aliases"]).split(";") if a.strip()],
            ]
            countries = [
                c.strip() for c in str(row.get("country", "") or "").split(";") if c.strip()
            ]
            m = re.search(r"\(([^)]*)\)\s*$", str(row["name"]))
            self.country[gid] = (
                m.group(1).strip()
                if m and m.group(1).strip() in COUNTRIES
                else countries[0]
                if countries
                else ""
            )
            for n in names:
                words = normalize(n).split()
                if len(words) >= 2 and words[0] in _COUNTRY_OF_WORD:
                    self.heads.setdefault(" ".join(words[1:]), {})[gid] = _COUNTRY_OF_WORD[words[0]]

    def candidates(self, surface: str) -> tuple[list[str], dict[str, str]]:
        """Group ids for ``surface`` and each candidate's country for the context rules
        (memoised: a text names the same groups again and again)."""
        got = self._memo.get(surface)
        if got is None:
            got = self._memo[surface] = self._candidates(surface)
        return list(got[0]), dict(got[1])

    def leader(self, surface: str) -> str:
        """The group whose leader ``surface`` names, or ``""`` (memoised)."""
        got = self._leader_memo.get(surface)
        if got is None:
            got = self._leader_memo[surface] = self.leaders.get(_fold(surface), "")
        return got

    def _candidates(self, surface: str) -> tuple[list[str], dict[str, str]]:
        hits = self.index.candidates(surface)
        if not hits:
            return [], {}
        countries = {g: self.country.get(g, "") for g in hits}
        qualified = self.heads.get(normalize(surface), {})
        if qualified and any(g not in hits for g in qualified):
            for g, c in qualified.items():
                countries[g] = c
            for g in hits:
                # the bare head's own group: the qualifier its aliases give it, if any
                countries[g] = qualified.get(g, countries[g])
            hits = sorted(set(hits) | set(qualified))
        return hits, countries


def _short_ok(surface: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return len(letters) > 4 or sum(ch.isupper() for ch in letters) >= 2


def _starts_name(tokens: list[Any], i: int) -> bool:
    t = tokens[i].text
    if t.lower() in _LEADING_SKIP or not t[:1].isalpha():
        return False
    if i >= 2 and tokens[i - 1].text == "-" and tokens[i - 2].text.lower() in ("anti", "pro"):
        return False
    if t[0].isupper():
        return True
    return (
        t.lower() in ("al", "ad", "el")
        and i + 1 < len(tokens)
        and (tokens[i + 1].text == "-" or tokens[i + 1].text[:1].isupper())
    )


def find_mentions(text: str, sent: Any, lex: GroupLexicon) -> list[Mention]:
    """Group mentions in one spaCy sentence ``sent`` of ``text`` (longest match first)."""
    tokens = list(sent)
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if not _starts_name(tokens, i):
            i += 1
            continue
        found = None
        for n in range(min(_MAX_TOKENS, len(tokens) - i), 0, -1):
            last = tokens[i + n - 1]
            if not last.text.rstrip(".")[-1:].isalnum():
                continue
            s, e = tokens[i].idx, last.idx + len(last.text.rstrip("."))
            surface = text[s:e]
            if (
                "\n" in surface
                or not _short_ok(surface)
                or re.search(r"[,;]\s", surface)
                or (n > 1 and last.text in _FUNCTION_WORDS)  # "IS is" is no name
            ):
                continue
            hits, countries = lex.candidates(surface)
            leader = ""
            if not hits and n <= 4 and surface[:1].isupper():
                gid = lex.leader(surface)
                nxt = tokens[i + n].text if i + n < len(tokens) else ""
                if gid and not nxt[:1].isupper():
                    hits, countries, leader = [gid], {}, gid
            if hits:
                found = (
                    n,
                    Mention(
                        s,
                        e,
                        surface,
                        "group",
                        tuple(hits),
                        hits[0] if len(hits) == 1 else "",
                        f"leader {surface!r}" if leader else "",
                        extra={
                            "countries": countries,
                            "leader": bool(leader)
                            or (len(hits) == 1 and lex.leader(surface) == hits[0]),
                        },
                    ),
                )
                break
        if found and i + found[0] < len(tokens) and _NAME_GOES_ON.match(tokens[i + found[0]].text):
            i += found[0] + 1  # "ISIL Khorasan": a longer name the network lacks (new_groups)
        elif found:
            out.append(found[1])
            i += found[0]
        else:
            i += 1
    return out


def sentence_countries(text: str, start: int, end: int, mentions: list[Mention]) -> set[str]:
    """Countries named in ``text[start:end]``, outside full names ending in a country
    ("Tehrik-i-Taliban Pakistan", "Islamic Movement of Uzbekistan")."""
    blocked = [
        (m.start, m.end)
        for m in mentions
        if m.kind == "group" and _COUNTRY_WORD_RE.search(m.surface.split()[-1])
    ]
    found = set()
    for m in _COUNTRY_WORD_RE.finditer(text, start, end):
        if any(bs <= m.start() < be for bs, be in blocked):
            continue
        found.add(_COUNTRY_OF_WORD[m.group(1).lower()])
    return found


def apposition(mentions: list[Mention], text: str) -> None:
    """R0: "Name (ACRONYM)" — the acronym is the group just named (in place); a
    parenthesised repeat also inherits the name's flags."""
    for a, b in itertools.pairwise(mentions):
        if a.kind == "group" and a.gid and re.fullmatch(r"\s*\(\s*", text[a.end : b.start]):
            if not b.gid and a.gid in b.candidates:
                b.gid, b.rule = a.gid, f"R0 apposition to '{a.surface}'"
            if b.gid == a.gid:
                b.extra.update({k: v for k, v in a.extra.items() if k != "countries"})


def settle(m: Mention, text: str, context: list[set[str]]) -> None:
    """Apply the context rules R1 and R2 to an ambiguous mention (in place).

    ``context`` is the country sets of the sentence and of the previous sentence,
    in that order.
    """
    if m.gid or m.kind != "group":
        return
    countries: dict[str, str] = m.extra.get("countries", {})
    before = text[max(0, m.start - 20) : m.start]
    q = re.search(r"([A-Za-z]+)(?:['’]s)?\s*$", before)
    if q and q.group(1).lower() in _COUNTRY_OF_WORD:
        country = _COUNTRY_OF_WORD[q.group(1).lower()]
        keep = [g for g in m.candidates if countries.get(g) == country]
        if len(keep) == 1:
            m.gid, m.rule = keep[0], f"R1 qualifier '{q.group(0).strip()}'"
            return
    for where, found in zip(("sentence", "previous sentence"), context[:2], strict=False):
        if not found:
            continue
        keep = [g for g in m.candidates if countries.get(g) in found]
        if len(found) == 1 and len(keep) == 1:
            m.gid, m.rule = keep[0], f"R2 {where} names only {next(iter(found))}"
            return
        break


_GROUP_WORDS = re.compile(
    r"\b(?:Lashkar|Jaish|Jaysh|Tehrik|Tehreek|Tahreek|Harkat|Harakat|Hizb|Hezb|Jamaat|Jamat|"
    r"Ansar\w*|Jund\w*|Taliban|Mujahideen|Mujahidin|Movement|Front|Brigade|Brigades|Network|"
    r"Organi[sz]ation|Party|Wilayat|Wilayah|Tanzeem|Tanzim|Ittehad|Ittihad|Majlis|Sipah|"
    r"Islamic State|Qaeda|Army|Liberation|Islamic|ISIL|ISIS|Daesh|Khorasan|Khurasan|Wilayah)\b"
)
_NAME_SPAN = re.compile(
    r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*)(?:\s+(?:(?:of|the|e|i|ul|al|in|for)\s+)?"
    r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*))*"
)
_LEAD_WORDS = re.compile(r"(?:(?:The|A|An|In|On|But|And|Its|Their)(?:\s+|$))+")
_NOT_GROUPS = re.compile(
    r"\b(?:United|Nations|Council|Ministry|Minister|Court|Police|Department|Center|Centre|"
    r"Institute|Forces|Force|Agency|Commission|University|Times|News|Press|Post|Journal|"
    r"Foundation|Parliament|Government|National|Republic|Airport|Academy|College|School|"
    r"Group of|Crisis|Soufan|Sgt|Gen|Col|Maj|Capt)\b"
)


def find_new_groups(
    text: str, mentions: list[Mention], states: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Capitalised names with a group word that match no group of the network.

    Examples
    --------
    >>> find_new_groups("The Jaish-ul-Hind front met the Baloch Raji Aajoi Sangar.", [], [])
    [(4, 17, 'Jaish-ul-Hind')]
    >>> find_new_groups("The Jaish-ul-Hind Brigade met Tehreek-e-Azadi.", [], [])
    [(4, 25, 'Jaish-ul-Hind Brigade'), (30, 45, 'Tehreek-e-Azadi')]
    """
    import bisect

    # spans already taken, sorted by start, with the running maximum of their ends:
    # "does [s, e) overlap one?" is one bisection (was a scan: quadratic in long texts)
    taken = sorted([(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in states])
    t_starts = [ts for ts, _ in taken]
    reach: list[int] = []
    for _, te in taken:
        reach.append(max(te, reach[-1]) if reach else te)
    out = []
    for m in _NAME_SPAN.finditer(text):
        s, e = m.span()
        name = m.group(0)
        if s > 0 and text[s - 1] == "-":
            continue
        lead = _LEAD_WORDS.match(name)  # "The", "And" ...: stripped in one step (was a loop)
        if lead is not None and lead.end():
            name = name[lead.end() :]
            s = e - len(name)
        if not name or not _GROUP_WORDS.search(name) or _NOT_GROUPS.search(name):
            continue
        i = bisect.bisect_left(t_starts, e)  # the spans starting before e
        if i > 0 and reach[i - 1] > s:
            continue
        if len(name.split()) == 1 and "-" not in name:
            continue  # a lone word ("Taliban", "Army") is not a new group's name
        out.append((s, e, name))
    return out
