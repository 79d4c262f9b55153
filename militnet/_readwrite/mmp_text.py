"""Reading an MMP description: which relation it describes, and who acted.

MMP's column order does not say who split from whom, who folded into whom or
who pledged to whom, and its ``aff`` code covers joint attacks, funding and
shared personnel as well as a bay'a. This module reads the wording instead:
it finds where each of the two groups is mentioned (by name, short name,
initials, or an acronym the text defines) and which phrase links them.

A :class:`Decision` says what was decided and why (``klass`` and the
``phrase`` that settled it); ``actor`` is ``1`` or ``2`` for the group that
splits, folds in or pledges, or ``None`` when the text does not settle it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FALLBACK_ACTOR", "Decision", "abbreviations", "decide", "mentions"]

#: Who acted when the description does not settle it: the group MMP's rows
#: usually put there. Measured on MMP's export (docs/mmp.md): where the text
#: settles a ``spl`` row, ``group2`` is the splinter in 32 of 37; where it
#: settles a ``mer`` row, ``group1`` folds into ``group2`` in 27 of 28. Such
#: rows stay flagged.
FALLBACK_ACTOR = {"spl": 2, "mer": 1}

# izafa and linking particles written with a lowercase initial in the usual
# abbreviations (Lashkar-e-Jhangvi = LeJ, Harkat-ul-Jihad al-Islami = HuJI)
_IZAFA = frozenset({"e", "i", "ul", "ud", "ut", "ur", "us", "un", "uz", "ush"})
_SKIPPED = frozenset({"al", "el", "the", "of", "and", "wal", "wa", "for", "in"})

_GENERIC = (
    "brigade",
    "brigades",
    "network",
    "group",
    "organization",
    "organisation",
    "movement",
    "front",
    "army",
    "battalion",
    "battalions",
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|refus\w*|den(?:y|ied|ies)|reject\w*)\b[^.;]{0,40}$", re.IGNORECASE
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")

# kind: "active" — the mention before the phrase acts on the one after it;
#       "reverse" — the mention after the phrase acts on the one before it;
#       "formed" — the group named after the phrase is the splinter it formed;
#       "formed_target" — the group named after the phrase is the one formed by
#       the merger (the other group folds into it);
#       "undirected" — the wording settles the type but not the direction.
_Rule = tuple[str, str, re.Pattern[str]]


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


_ALLEGIANCE = r"(?:allegiance|bay['’`]?a[ht]?|loyalty|fealty|oath of (?:allegiance|loyalty))"
PLEDGE_RULES: tuple[_Rule, ...] = (
    (
        "pledge: allegiance",
        "active",
        _rx(
            r"\b(?:pledg\w*|swor\w*|swear\w*|vow\w*|declar\w*|renew\w*|offer\w*|gave|giv\w*|"
            r"announc\w*|took|taken|taking)\s+(?:its\s+|their\s+|his\s+|an\s+|a\s+|formal\s+)*"
            + _ALLEGIANCE
            + r"(?:\s+(?:to|with))?"
        ),
    ),
    (
        "pledge: allegiance",
        "reverse",
        _rx(
            r"\baccept\w*\s+(?:the\s+|its\s+|their\s+)?(?:pledge|"
            + _ALLEGIANCE[3:-1]
            + r")\s+(?:of|from)"
        ),
    ),
    (
        "pledge: declared support",
        "active",
        _rx(r"\b(?:declar\w*|pledg\w*|announc\w*)\s+(?:its\s+|their\s+)?support\s+(?:for|to)"),
    ),
    (
        "pledge: became affiliate or province",
        "active",
        _rx(
            r"\b(?:became|become|becoming|is|was|as)\s+(?:reportedly\s+|allegedly\s+|officially\s+)?"
            r"(?:an?\s+|the\s+)?(?:official\s+)?"
            r"(?:affiliate|province|branch|wilayat?)\s+of"
        ),
    ),
    ("pledge: became affiliate or province", "active", _rx(r",\s+an?\s+affiliate\s+of")),
    (
        "pledge: formally joined",
        "active",
        _rx(r"\b(?:formally|officially)\s+joined(?!\s+(?:forces|hands|with))"),
    ),
    (
        "pledge: became affiliate or province",
        "reverse",
        _rx(r"\b(?:its|a|their)\s+(?:new|official)\s+affiliate"),
    ),
)
SPLIT_RULES: tuple[_Rule, ...] = (
    (
        "split: split from",
        "active",
        _rx(r"\b(?:split|splits|splitting|splinter\w*|separated)\s+(?:off\s+)?(?:from\s+)+"),
    ),
    (
        "split: broke away",
        "active",
        _rx(r"\b(?:broke|break|breaks|breaking)\s+(?:away|off)\s+from"),
    ),
    ("split: defected from", "active", _rx(r"\bdefect\w*\s+from")),
    (
        "split: a splinter of",
        "active",
        _rx(
            r"\b(?:a|an|the)\s+(?:\w+\s+)?(?:splinter|offshoot|breakaway)\s*(?:group|faction|"
            r"organi[sz]ation|cell|movement)?\s+(?:of|from)"
        ),
    ),
    ("split: a splinter of", "active", _rx(r"\bsplintered\s+off\s+(?:of|from)")),
    ("split: expelled", "active", _rx(r"\b(?:was|were)\s+expelled\s+from")),
    (
        "split: formed by members of",
        "active",
        _rx(
            r"\b(?:was|were)\s+(?:formed|founded|created|established)\s+by\s+(?:former\s+|"
            r"disaffected\s+|dissident\s+)?(?:\w+\s+){0,2}?(?:members|rebels|fighters|militants|"
            r"commanders|leaders|factions?)\s+(?:of|from)"
        ),
    ),
    (
        "split: formed a new group",
        "formed",
        _rx(
            r"\b(?:split\w*|broke\s+away|defected)\b[^.]{0,80}?\b(?:to|and)\s+(?:form|create|"
            r"found)|\bmembers\b[^.]{0,60}?\b(?:formed|founded|created|helped\s+found)"
        ),
    ),
)
MERGER_RULES: tuple[_Rule, ...] = (
    ("merger: merged into", "active", _rx(r"\bmerg\w*\s+(?:\w+\s+){0,2}?(?:into|under)")),
    (
        "merger: incorporated into",
        "active",
        _rx(
            r"\b(?:was|were|been|being)\s+(?:officially\s+|formally\s+)?(?:incorporated|"
            r"absorbed|integrated|subsumed|folded)\s+(?:into|by|in)"
        ),
    ),
    ("merger: incorporated into", "active", _rx(r"\bfold\w*\s+into")),
    (
        "merger: incorporated into",
        "reverse",
        _rx(
            r"(?<!was\s)(?<!were\s)(?<!been\s)\b(?:incorporat\w*|absorb\w*|subsum\w*|annex\w*)\b"
            r"(?!\s+(?:into|by|in)\b)"
        ),
    ),
    ("merger: joined", "active", _rx(r"\b(?:officially\s+|formally\s+)?(?:re)?join\w*")),
    (
        "merger: merged to form",
        "formed_target",
        _rx(r"\b(?:merg\w*|unit\w*|combin\w*|consolidat\w*)\b[^.]{0,80}?\bto\s+(?:form|create)"),
    ),
    (
        "merger: merged with (direction unsettled)",
        "undirected",
        _rx(r"\bmerg\w*\s+(?:\w+\s+){0,2}?with|\bmerger\b"),
    ),
)
ALLIANCE_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "alliance: joint operations",
        _rx(
            r"\bjoint\w*|\btogether\b|\balongside\b|\bcoordinat\w*|\bcooperat\w*|"
            r"\bcollaborat\w*|\bside by side\b|\bworked with\b"
        ),
    ),
    (
        "alliance: funding or support",
        _rx(
            r"\bfund\w*|\bfinanc\w*|\bmoney\b|\baid\b|\bsupport\w*|\bsuppl\w*|\bweapons\b|"
            r"\barms\b|\btrain\w*|\bsafe haven\b|\bshelter\w*|\bprovid\w*"
        ),
    ),
    (
        "alliance: shared personnel",
        _rx(
            r"\bmember\w*|\bfighters\b|\bpersonnel\b|\brecruit\w*|\bliaison\b|\bco-?founder\b|"
            r"\bleader\w*"
        ),
    ),
)


@dataclass(frozen=True)
class Decision:
    """What a description says about one MMP row."""

    type: str
    #: 1 or 2: the group that splits, folds in or pledges (for a flagged split or
    #: merger, MMP's usual one: FALLBACK_ACTOR); None for an undirected type
    actor: int | None
    klass: str
    phrase: str = ""
    #: True when the row needs a human look (direction or type unsettled)
    flagged: bool = False


def variants(name: str) -> tuple[list[str], list[str]]:
    """Names (matched ignoring case) and acronyms (matched exactly) for a group.

    Examples
    --------
    >>> variants("Al Qaeda in the Islamic Maghreb")
    (['Al Qaeda in the Islamic Maghreb'], ['AQIM'])
    >>> variants("The Islamic State")[1]
    ['IS']
    >>> variants("Haqqani Network")[0]
    ['Haqqani Network', 'Haqqani']
    >>> variants("Lashkar-e-Jhangvi")[1], variants("Harkat-ul-Jihadi al-Islami")[1]
    (['LJ', 'LeJ'], ['HJI', 'HuJI'])
    """
    base = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    names: list[str] = []
    acronyms: list[str] = []
    for m in re.finditer(r"\(([^)]*)\)", base):
        inner = m.group(1).strip()
        (acronyms if inner.isupper() and " " not in inner else names).append(inner)
    core = re.sub(r"\s*\([^)]*\)", "", base).strip()
    if core:
        names.insert(0, core)
        words = core.split()
        if len(words) > 1 and words[-1].lower() in _GENERIC:
            names.append(" ".join(words[:-1]))
        tokens = re.split(r"[\s\-]+", core)
        initials = "".join(w[0] for w in tokens if w[:1].isupper())
        if len(initials) >= 2 and initials not in acronyms:
            acronyms.append(initials)
        if any(w.lower() in _IZAFA for w in tokens[1:]):  # LeJ, JeM, HuJI, JuD
            izafa = "".join(
                w[0].lower() if w.lower() in _IZAFA else w[0]
                for w in tokens
                if w and w.lower() not in _SKIPPED and (w[:1].isupper() or w.lower() in _IZAFA)
            )
            if len(izafa) >= 3 and izafa not in acronyms:
                acronyms.append(izafa)
    return [n for n in names if len(n) >= 4], acronyms


def abbreviations(names: dict[str, list[str]]) -> frozenset[str]:
    """The abbreviations (:func:`variants`) that several groups share, which
    therefore settle nothing: ``names`` maps each group to its names.

    Examples
    --------
    >>> sorted(abbreviations({"1": ["Harakat-ul-Mujahedeen"], "2": ["Hizb-ul-Mujahideen"],
    ...                       "3": ["Lashkar-e-Jhangvi"]}))
    ['HM', 'HuM']
    """
    owners: dict[str, set[str]] = {}
    for gid, ns in names.items():
        for n in ns:
            for a in variants(n)[1]:
                owners.setdefault(a, set()).add(gid)
    return frozenset(a for a, gids in owners.items() if len(gids) > 1)


def _pattern(text: str) -> str:
    return r"(?<![\w-])" + re.escape(text).replace(r"\ ", r"[\s\-]+") + r"(?:['’]?s)?(?![\w]|-\w)"


def mentions(text: str, name: str, shared: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans where a group is mentioned, by any of its :func:`variants` or an
    acronym the text defines for it (``"... Maghreb (AQIM)"``). Abbreviations
    in ``shared`` (several groups' :func:`abbreviations`) count only when the
    text defines them.

    Examples
    --------
    >>> mentions("IS-K fought the Taliban", "The Taliban")
    [(16, 23)]
    >>> mentions("a splinter of LeJ", "Lashkar-e-Jhangvi")
    [(14, 17)]
    """
    names, acronyms = variants(name)
    acronyms = [a for a in acronyms if a not in shared]
    spans: list[tuple[int, int]] = []
    for n in names:
        spans += [m.span() for m in re.finditer(_pattern(n), text, re.IGNORECASE)]
    for _s, e in list(spans):  # an acronym defined right after a mention
        m = re.match(r"\s*\(([A-Z][A-Za-z0-9\-]{1,11})\)", text[e:])
        if m and m.group(1) not in acronyms:
            acronyms.append(m.group(1))
    for a in acronyms:
        spans += [m.span() for m in re.finditer(_pattern(a), text)]
    return sorted(set(spans))


def _spans(
    sentence: str, name1: str, name2: str, shared: frozenset[str] = frozenset()
) -> list[tuple[int, int, int]]:
    """Mentions of both groups as ``(start, end, group)``, overlaps resolved in
    favour of the longer mention (``Al Qaeda`` inside ``Al Qaeda in the ...``)."""
    found = [(s, e, 1) for s, e in mentions(sentence, name1, shared)]
    found += [(s, e, 2) for s, e in mentions(sentence, name2, shared)]
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    kept: list[tuple[int, int, int]] = []
    for s, e, g in found:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, g))
    return sorted(kept)


def _actor(kind: str, spans: list[tuple[int, int, int]], start: int, end: int) -> int | None:
    before = [g for s, e, g in spans if e <= start]
    after = [g for s, e, g in spans if s >= end]
    if kind == "formed":  # the group formed is the splinter
        return after[0] if after else None
    if kind == "formed_target":  # the group formed is the one the other folds into
        return (3 - after[0]) if after else None
    if not before or not after:
        return None
    subject = before[0]  # the sentence's subject comes first ("X, a ... of Y, split from Z")
    obj = next((g for g in after if g != subject), None)
    if obj is None:
        return None
    return subject if kind == "active" else obj


def _read_rules(
    rules: tuple[_Rule, ...],
    desc: str,
    name1: str,
    name2: str,
    rtype: str,
    shared: frozenset[str] = frozenset(),
) -> Decision | None:
    """The first rule that settles a direction; an undirected match otherwise."""
    found: list[Decision] = []
    undirected: Decision | None = None
    for sentence in _SENTENCE.split(desc):
        spans = _spans(sentence, name1, name2, shared)
        for klass, kind, rx in rules:
            for m in rx.finditer(sentence):
                if _NEGATION.search(sentence[: m.start()]):
                    continue
                if kind == "undirected":
                    if {g for _, _, g in spans} == {1, 2} and undirected is None:
                        undirected = Decision(rtype, None, klass, m.group(0).strip(), True)
                    continue
                actor = _actor(kind, spans, *m.span())
                if actor is not None:
                    found.append(Decision(rtype, actor, klass, m.group(0).strip()))
    actors = {d.actor for d in found}
    if len(actors) > 1:
        return Decision(
            rtype,
            None,
            f"{rtype}: wordings disagree on the direction",
            "; ".join(dict.fromkeys(d.phrase for d in found)),
            True,
        )
    return found[0] if found else undirected


def _aff(desc: str, name1: str, name2: str, shared: frozenset[str]) -> Decision:
    pledge = _read_rules(PLEDGE_RULES, desc, name1, name2, "pledge", shared)
    if pledge is not None:
        return pledge
    for _klass, _kind, rx in PLEDGE_RULES:  # pledge wording without a settled direction
        m = rx.search(desc)
        if m and not _NEGATION.search(desc[: m.start()]):
            return Decision(
                "alliance", None, "alliance: pledge wording, direction unsettled", m.group(0), True
            )
    for klass, rx in ALLIANCE_HINTS:
        m = rx.search(desc)
        if m:
            return Decision("alliance", None, klass, m.group(0))
    return Decision("alliance", None, "alliance: affiliation, no wording")


def decide(
    code: str, desc: str, name1: str, name2: str, shared: frozenset[str] = frozenset()
) -> Decision:
    """Decide the type and direction of one MMP row from its description.

    ``shared``: abbreviations several groups of the export have
    (:func:`abbreviations`), which settle nothing unless the text defines them.
    Where the text does not settle who split or folded in, the decision is
    flagged and its ``actor`` is MMP's usual one (:data:`FALLBACK_ACTOR`).

    Examples
    --------
    >>> d = decide("spl", "The RIRA split from the PIRA.", "Provisional Irish Republican Army",
    ...            "Real Irish Republican Army")
    >>> d.type, d.actor, d.klass
    ('split', 2, 'split: split from')
    >>> decide("aff", "Al-Shabaab and AQ conducted a joint attack.", "Al Shabaab",
    ...        "Al Qaeda").klass
    'alliance: joint operations'
    >>> decide("aff", "IS-K pledged allegiance to IS.", "The Islamic State",
    ...        "Islamic State Khorasan (IS-K)").actor
    2
    >>> d = decide("spl", "The two parted ways.", "Old Group", "New Group")
    >>> d.klass, d.actor, d.flagged
    ('split: direction unsettled', 2, True)
    """
    if code == "all":
        return Decision("alliance", None, "alliance: MMP all")
    if code == "riv":
        return Decision("rivalry", None, "rivalry: MMP riv")
    if code == "aff":
        return _aff(desc, name1, name2, shared)
    rtype, rules = ("split", SPLIT_RULES) if code == "spl" else ("merger", MERGER_RULES)
    decision = _read_rules(rules, desc, name1, name2, rtype, shared)
    if decision is None:
        return Decision(rtype, FALLBACK_ACTOR[code], f"{rtype}: direction unsettled", "", True)
    if decision.actor is None:  # wordings disagree, or "merged with"
        return Decision(rtype, FALLBACK_ACTOR[code], decision.klass, decision.phrase, True)
    return decision
