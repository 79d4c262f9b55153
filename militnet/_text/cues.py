"""The word lists of the news extractor: relation cues, hedges, negations, states.

Each relation cue is a regular expression with the relation type it
suggests and how the two groups around it are ordered:

- ``fwd``: the group before the cue is the source, the group after it the
  target ("X pledged allegiance to Y", "X split from Y", "X, a splinter
  group of Y");
- ``rev``: the group after the cue is the source ("Taliban splinter group
  Jundullah", "another Taliban faction, the TTP Jamaatul Ahrar");
- ``sym``: undirected (alliance, rivalry), kept in text order.

The lists are deliberately short and readable; docs/extract.md lists them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "COUNTRIES",
    "CUES",
    "Cue",
    "denial",
    "find_cues",
    "hedges",
    "negation",
    "state_mentions",
]

_I = re.IGNORECASE


class Cue(NamedTuple):
    type: str
    direction: str  # "fwd", "rev" or "sym"
    pattern: re.Pattern[str]


def _c(rtype: str, direction: str, pattern: str) -> Cue:
    return Cue(rtype, direction, re.compile(pattern, _I))


_ALLEGIANCE = r"(?:allegiance|bay['’`]?a[ht]?|bayat|loyalty|fealty|oath)"

#: Relation cues, most specific first: where two overlap, the first wins.
CUES: tuple[Cue, ...] = (
    # pledge (and renewals to a named leader: "renewed its bay'a to Mullah Mansour")
    _c(
        "pledge",
        "fwd",
        rf"\b(?:pledg\w*|sw[oe]re?\w*|declar\w*|announc\w*|renew\w*|vow\w*|"
        rf"offer\w*)\s+(?:\w+\s+){{0,3}}?{_ALLEGIANCE}\s+(?:to|with)\b",
    ),
    _c("pledge", "fwd", rf"\b{_ALLEGIANCE}(?:\s*,[^,.;]{{1,30}},)?\s+to\b"),
    _c(
        "pledge",
        "fwd",
        r"\b(?:an?\s+)?(?:affiliates?|province|branch(?:es)?|franchises?|wings?|factions?|"
        r"chapters?)\s+of\b|\baffiliated\s+(?:with|to)\b|\bpart of\b",
    ),
    _c(
        "pledge",
        "fwd",
        r"\brecogni[sz]\w*\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:leadership|authority)\s+of\b",
    ),
    # split: "parted ways with", "ended association with", "disassociated itself from"
    _c(
        "split",
        "fwd",
        r"\b(?:part(?:ed|ing|s)?\s+ways\s+with|ended\s+(?:its\s+|their\s+)?"
        r"(?:association|affiliation|ties)\s+with|dis-?associat\w*\s+(?:itself|themselves)"
        r"\s+from|(?:broke|broken|breaking)\s+out\s+of|walked\s+out\s+of)\b",
    ),
    # split
    _c(
        "split",
        "fwd",
        r"\b(?:split|splintered|splitting|broke|breaking|broken|break|defected|"
        r"separated|sprang|sprung|emerged|broke away|breaking away)\s+(?:away\s+)?"
        r"(?:\w+\s+){0,2}?from\b",
    ),
    _c(
        "split",
        "fwd",
        r"\b(?:splinter|breakaway|offshoot|spin-?off)(?:\s+(?:group|faction|"
        r"outfit|organi[sz]ation))?s?\s+(?:of|from)\b",
    ),
    _c(
        "split",
        "fwd",
        r"\b(?:formed|founded|created|set up|established)\s+by\s+(?:former|ex-|"
        r"disgruntled|dissident)\s*(?:\w+\s+){0,2}?(?:of|from)\b",
    ),
    _c(
        "split",
        "rev",
        r"\b(?:splinter|breakaway|offshoot|spin-?off)(?:\s+(?:group|faction|"
        r"outfit|organi[sz]ation))?s?\b",
    ),
    # merger
    _c(
        "merger",
        "fwd",
        r"\b(?:merg\w*|fold\w*|dissolv\w*|absorb\w*|integrat\w*|subsum\w*)\s+"
        r"(?:back\s+)?(?:\w+\s+){0,2}?(?:into|with)\b",
    ),
    _c(
        "merger",
        "fwd",
        r"\b(?:rejoin\w*|re-join\w*|merg\w* back|reunit\w*\s+with|"
        r"returned to the fold of|(?:reunion|reunification|re-unification|merger)\s+with|"
        r"united\s+with)\b",
    ),
    # pledge by description without "of" (rev): "another Taliban faction, the TTP-JuA"
    _c(
        "pledge",
        "rev",
        r"\b(?:affiliate|faction)s?\b(?=\s*(?:,|\(|[–—]|called\b|named\b|known as\b))",
    ),
    # rivalry
    _c(
        "rivalry",
        "sym",
        r"\b(?:rival\w*|clash\w*|fought|fight\w*\s+(?:with|against)|"
        r"war\s+(?:with|on|against)|infighting|denounc\w*|condemn\w*|"
        r"enem(?:y|ies)|hostil\w*|eliminat\w*|campaign\s+against|"
        r"attacks?\s+(?:on|against)|drove|driven out|dislodg\w*|ousted|"
        r"existential threat|oppos\w*|feud\w*|challeng\w*|"
        r"distanc\w*\s+(?:itself|themselves)\s+from)\b",
    ),
    # alliance / cooperation
    _c(
        "alliance",
        "sym",
        r"\b(?:all(?:y|ied|ies|iance)|partner\w*|collaborat\w*|"
        r"co-?operat\w*|collu\w*|coordinat\w*|co-ordinat\w*|teamed up|"
        r"join(?:ed|ing|s)?\s+(?:hands|forces)|team(?:ed|ing|s)?\s+up|"
        r"strengthen\w*\s+(?:its\s+|their\s+)?(?:relations?|ties|links)|nexus|affiliation|"
        r"joint(?!ly\s+(?:claim|accept|t[ao]ok))(?:ly)?|alongside|ties|links?|linked|"
        r"associated|tied\s+to|"
        r"(?<!strained )(?<!tense )(?<!hostile )(?<!soured )(?<!poor )"
        r"(?:relations|relationship|connections?)\s+(?:between|with)|"
        r"associates?|support\w*|back(?:ing|ed)|shelter\w*|harbou?r\w*|"
        r"safe haven|fund\w*|financ\w*|work\w*\s+(?:closely\s+)?with|"
        r"aligns?|aligned|alignment|combine|involved in|same ranks|"
        r"sid(?:e|ing) with|switched their ideology toward|shar(?:e|ed|ing)\s+"
        r"(?:money|fighters|personnel|resources|manpower|weapons))\b",
    ),
)


_PROPER_AFTER = re.compile(r"\s+[A-Z][a-z]")


#: Cues read after every other (the weakest): "the IMU joined IS" is a pledge of a
#: group to a named group ("joined forces with" is an alliance, matched first).
LATE_CUES: tuple[Cue, ...] = (
    _c("pledge", "fwd", r"\bjoin(?:ed|s|ing)?(?=\s+(?:the\s+)?(?:al-)?[A-Z])"),
)


def find_cues(text: str) -> list[tuple[int, int, Cue]]:
    """Non-overlapping cue matches ``(start, end, cue)`` in text order."""
    import bisect

    taken: list[tuple[int, int, Cue]] = []
    starts: list[int] = []  # the taken spans, disjoint, sorted by start
    ends: list[int] = []
    for cue in (*CUES, *LATE_CUES):
        for m in cue.pattern.finditer(text):
            s, e = m.span()
            if text[s].isupper() and _PROPER_AFTER.match(text, e):
                continue  # "The Associated Press", "Allied Forces": a name, not a cue
            i = bisect.bisect_right(starts, s)  # O(log n): no scan of every taken span
            if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
                continue
            starts.insert(i, s)
            ends.insert(i, e)
            taken.append((s, e, cue))
    return sorted(taken, key=lambda t: t[0])


# -- confidence ---------------------------------------------------------------

_HEDGE = re.compile(
    r"\b(?:allegedly|alleged|accus\w*|believed|suspected|speculat\w*|unconfirmed|unverified|"
    r"(?-i:may)|might|could|possibl[ey]|probabl[ey]|likely|apparently|unclear|purported\w*|"
    r"rumou?r\w*|thought to)\b",
    _I,
)
_OFFICIAL = re.compile(
    r"\b(?:officials?|authorities|government|ministers?|ministry|police|intelligence|"
    r"military|army|counter-?terrorism|security (?:sources|agencies|forces))\b[^.;]{0,300}?"
    r"\b(?:said|say|says|told|tell|reports?|reported|warn\w*|statement|blamed|accus\w*|"
    r"claim\w*)\b|\b(?:said|says|told|according to)\b[^.;]{0,300}?\b(?:officials?|authorities|"
    r"government|minist\w*|police)\b",
    _I,
)
_REPORTED = re.compile(r"\b(?:reportedly|according to|said|says|told|reported|claimed)\b", _I)


def hedges(sentence: str) -> tuple[str, str]:
    """``(confidence, reason)`` suggested for a relation stated in ``sentence``.

    ``alleged`` for a hedge ("allegedly", "believed", "may") or an official
    attribution ("officials said", government reports); otherwise
    ``reported`` (one news report; ``confirmed`` is never suggested).

    Examples
    --------
    >>> hedges("The Taliban is believed to be sheltering members of al-Qaeda.")
    ('alleged', 'hedge: believed')
    >>> hedges("Police officials said the IMU joined IS.")
    ('alleged', 'attribution: Police officials said')
    >>> hedges("The IMU reportedly pledged allegiance to IS.")
    ('reported', 'attribution: reportedly')
    """
    h = _HEDGE.search(sentence)
    if h:
        return "alleged", f"hedge: {h.group(0)}"
    o = _OFFICIAL.search(sentence)
    if o:
        said = " ".join(o.group(0).split())
        return "alleged", "attribution: " + (said if len(said) <= 40 else said[:37] + "...")
    r = _REPORTED.search(sentence)
    if r:
        return "reported", f"attribution: {r.group(0)}"
    return "reported", ""


_NEGATION = re.compile(
    r"\b(?:no|not(?! only)|never|denied|denies|deny|denying|without|nor|neither|"
    r"rejected|rejects|refused|refusal|n['’]t)\b",
    _I,
)
# a denial anywhere before the cue in its sentence: "X has denied reports that it
# has pledged allegiance to Y", "X denied any link ..."
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|refut\w*|dismiss\w*\s+(?:reports|claims)|"
    r"reject\w*\s+(?:reports|claims|the\s+(?:reports?|claims?)))\b",
    _I,
)


def denial(before: str) -> str:
    """The denial word in ``before`` (the cue's sentence up to the cue), or ``""``.

    Examples
    --------
    >>> denial("The TTP has denied reports that it has ")
    'denied'
    """
    m = _DENIAL.search(before)
    return m.group(0) if m else ""


def negation(window: str) -> str:
    """The negation word in ``window`` (the text from just before a cue to its
    second group), or ``""``."""
    m = _NEGATION.search(window)
    return m.group(0) if m else ""


# -- states (out of scope) ------------------------------------------------------

#: Country names and adjectives, for the context rules that settle ambiguous names.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Pakistan": ("pakistan", "pakistani", "pakistan's", "pakistans", "islamabad"),
    "Afghanistan": ("afghanistan", "afghan", "afghanistan's", "afghanistans", "kabul"),
    "Iran": ("iran", "iranian", "iran's", "irans", "tehran"),
    "India": ("india", "indian"),
    "Tajikistan": ("tajikistan", "tajik"),
    "Uzbekistan": ("uzbekistan", "uzbek"),
    "China": ("china", "chinese"),
    "Syria": ("syria", "syrian"),
    "Iraq": ("iraq", "iraqi"),
}

_STATE = re.compile(
    r"\b(?:Pakistan(?:['’]s)?\s+(?:[Aa]rmy|military|government|intelligence(?: service)?)|"
    r"Pakistani\s+(?:government|military|army|authorities|state|intelligence(?: service)?|"
    r"security forces|officials)|"
    r"Inter-Services Intelligence|ISI|CIA|NDS|National Directorate of Security|"
    r"Afghan\s+(?:government|security forces|forces|army|intelligence)|"
    r"Iranian\s+(?:government|regime|forces)|"
    r"United States|U\.S\.|US|Washington|NATO|Islamabad|Tehran|"
    r"(?<!in )(?<!across )(?<!of )(?<!from )(?<!to )(?<!into )(?<!inside )(?<!within )"
    r"(?<!throughout )(?<!for )(?:Pakistan|Iran|India|China|Russia))(?:\b|(?<=\.))(?!-)"
)


def state_mentions(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, surface)`` of state actors named in ``text`` (out of scope).

    Examples
    --------
    >>> [m[2] for m in state_mentions("ISI backed the Haqqanis; attacks in Pakistan; the U.S.")]
    ['ISI', 'U.S.']
    """
    return [(m.start(), m.end(), m.group(0)) for m in _STATE.finditer(text)]
