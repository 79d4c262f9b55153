"""Candidate relations from news text, for a reviewer to accept or reject.

:func:`extract` reads an article, finds the groups it names (with the
network's own name matching; ambiguous names are listed, never guessed), the
relation cues between them, the dates and the hedges, and returns one row per
candidate relation in the ``relations.csv`` columns plus review columns.
:func:`accept_candidates` adds the rows a reviewer marked ``accepted`` to a
network, through the same validation as any dataset. See ``docs/extract.md``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from militnet._core.errors import ArgumentError, MissingDependencyError, ValidationError
from militnet._core.schema import RELATION_REVIEW_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._text.names import Mention

__all__ = [
    "CANDIDATE_COLUMNS",
    "accept_candidates",
    "accept_events",
    "extract",
    "find_duplicates",
    "learned_aliases",
]

#: Columns of :func:`extract`'s table: the relations.csv columns, then the review columns.
CANDIDATE_COLUMNS: tuple[str, ...] = (
    *RELATION_REVIEW_COLUMNS,
    "source_name",
    "target_name",
    "source_candidates",
    "target_candidates",
    "cue",
    "date_text",
    "hedged",
    "negated",
    "ambiguous",
    "out_of_scope",
    "evidence_start",
    "evidence_end",
    "source_offset",
    "target_offset",
    "events",
)

_TEXT_HINT = "the news extractor needs spaCy: pip install 'militnet[text]'"
_COORD = re.compile(
    r"^\)?\s*(?:,|;)?\s*(?:and|or|&|as well as|nor|,)?\s*(?:,\s*)?(?:and\s+|or\s+)?"
    r"(?:the\s+|its\s+|their\s+)?(?:like\s+|such as\s+|including\s+)?$",
    re.I,
)
_PAREN = re.compile(r"^\s*\(\s*$")
# "X and long-established groups like Sunni extremists Y": Y is coordinated with X
_COORD_LIKE = re.compile(
    r"^\s*,?\s*(?:and|or)\b[^.;()]{0,70}?\b(?:like|such as|including)\b"
    r"(?:\s+[A-Za-z-]+){0,3}\s*$",
    re.I,
)
# "X and their splinter group, Y", "X and its more militant ally, the Y": a list
# whose second item is introduced by a description
_COORD_DESC = re.compile(
    r"^\)?\s*,?\s*(?:and|or)\s+(?:its|their|the)\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:all(?:y|ies)|partners?|affiliates?|offshoots?|splinter groups?|"
    r"factions?|branch(?:es)?|patrons?|parent group),?\s+(?:the\s+)?$"
)
# "former Pakistani Taliban militants": individuals, not the group
_FORMER = re.compile(r"\b(?:former|ex-|disgruntled|disaffected|defectors? from)\s*$", re.I)
# "Pakistani Taliban factions", "an IS-K leader", "Al-Qaeda-linked": the group only
# qualifies another noun (members, a sub-unit, an unnamed group)
_MEMBERS = re.compile(
    r"^\)?\s*(?:member\s+(?:groups|organi[sz]ations|factions)|"
    r"fighters|militants|commanders|members|factions?|defectors|"
    r"cadres|activists|leaders|loyalists|insurgents)\b"
    r"|^-(?:linked|backed|affiliated|allied|inspired|aligned)\b",
)
# "BRAS (Balochistan Raaji Ajoi Sangar) member groups": what follows a parenthesis
_PAREN_AFTER = re.compile(r"^\s*\([^()]{0,60}\)")
_PART_OF = re.compile(
    r"\b(?:a|one|another|former|senior)\s+(?:faction|wing|cell|branch|splinter group|member|"
    r"commander|leader|fighter|spokes(?:man|person)|militant)\s+of"
    r"\b[^,.;]{0,40}$",
    re.I,
)
# a group right after a preposition is an object ("broke from the Pakistani Taliban"),
# not the subject of a cue after it
_OBJECT = re.compile(
    r"(?<!headed )(?<!led )(?<!commanded )(?<!run )"
    r"\b(?:from|of|with|to|against|by|for|on|into|toward|towards|behind|following|"
    r"after|before|during|amid|despite)"
    r"\s+(?:the\s+|an?\s+|its\s+|their\s+)?$",
    re.I,
)
# "X is an al-Qaeda splinter group", "X, a Taliban offshoot"
_COPULA_DESC = re.compile(
    r"^[^.;]{0,40}?(?:\b(?:is|was|are|were|remains|became)|,)\s+(?:also\s+)?"
    r"(?:an?|one|another)\s+(?:[a-z-]+\s+)?$"
)
_REL_CLAUSE = re.compile(r".{20,},\s*(?:which|who)\b", re.S)
_REV_REACH = 40
_MAX_CHAIN = 64  # mentions walked from a cue's nearest one ("X, Y and Z" lists)
#: Longest paragraph read at once (spaCy's own limit is 1,000,000 characters):
#: a longer one is read in pieces cut at sentence ends (or, failing one, spaces).
_MAX_PIECE = 100_000
_RIGHT_REACH = 110  # characters from a cue to the first group after it


# "They include X, Y and Z": the groups a cue of the previous sentence left open
_LISTED = re.compile(
    r"^\W*(?:(?:They|These|Those)\s+(?:include[sd]?|including)\b|"
    r"Among\s+(?:them|these|those)\b)",
    re.I,
)
# a sentence about the group the previous sentence was about: "It pledged...",
# "The splinter group announced..." (not "It is ...", which says something else)
_ANAPHOR = re.compile(
    r"^\W*(?:It\b(?!\s+(?:is|was|'s|seems|seemed|appears|appeared|remains|"
    r"has been|had been|would|will|may|might|could)\b)|"
    # "The reunion with X": a nominal whose agent is the previous sentence's subject
    r"The\s+(?=(?:reunion|reunification|re-unification|rejoining|merger|alliance|split|"
    r"union)\s+with\b)|"
    r"The\s+(?:[a-z-]+\s+){0,2}?(?:group|outfit|organi[sz]ation|movement|"
    r"faction|network)\b)"
)
# "an IS-K leader", "a senior TTP commander": one of the group's people, not the group
_ONE_OF = re.compile(r"\s*(?:leader|chief|commander|emir|amir|ameer|spokes(?:man|person))\b")
_INDEFINITE = re.compile(
    r"\b(?:an?|one|another|former|ex-|senior|top|local|regional|mid-level|several|some)"
    r"\s+(?:\w+\s+)?$",
    re.I,
)
# a cue that a state's word qualifies: "beneficiaries of Iranian support"
_STATE_CUE = re.compile(
    r"\b(?:Iranian|Pakistani|Indian|American|U\.S\.|US|Chinese|Saudi|Russian|state|"
    r"government|foreign|official|military)\s+$"
)
# a group named again by a pronoun or a description inside a sentence ("where they
# pledged", "the group", "the splinter group"); "It is unclear ..." names nothing
_PRONOUN = re.compile(
    r"\b(?:(?P<he>[Hh]e)(?!\s+(?:said|says|told|added|noted|claimed|argued|wrote)\b)|"
    r"(?P<it>[Ii]t)(?!\s+(?:is|was|'s|has been|had been|seems|seemed|appears|"
    r"appeared|remains)\s+(?:un\w+|not|possible|likely|probable|believed|said|thought|"
    r"expected|feared|important|clear|difficult|hard|time|too|worth|true|known|"
    r"reported|a\s+(?:sign|matter|question)))|(?P<they>[Tt]hey)|"
    r"(?P<desc>[Tt]he\s+(?:(?:splinter|breakaway|militant|terror|terrorist|extremist|"
    r"jihadist|banned|outlawed|new|same|sunni|uzbek|[a-z]+-based)\s+){0,2}"
    r"(?:group|outfit|organi[sz]ation|movement|faction|network)))\b(?!\s+[A-Z(])"
    r"(?!\s+(?:of|in|for|that|which|who|said|says)\b)"
)
_PEOPLE = re.compile(
    r"\b(?:commanders|leaders|members|militants|fighters|men|spokes(?:man|person|men)|"
    r"officials|analysts|experts|sources|individuals|people|soldiers|police)\b",
    re.I,
)
# a clause with another subject between a group and a cue: "... a week after they
# pledged", "... for announcing": the group is not the cue's subject
_OTHER_SUBJECT = re.compile(
    r"\b(?:he|she|they|who|spokes(?:man|person)|commanders|members|individuals)\b"
    r"|\bfor\s+\w+ing\b",
    re.I,
)
# speculation: "could envision collusions", "might one day join": no candidate
_SPECULATION = re.compile(
    r"\b(?:could|might|may|would)\s+(?:\w+\s+)?(?:envision|envisage|imagine|foresee|"
    r"one day|eventually|potentially|in future|in the future)\b|\bhypothetical\w*|"
    r"\bscenarios?\b|\bwhether\b[^.;]{0,80}\bwill\b",
    re.I,
)
# what may come before a sentence's grammatical subject: "On August 17, the ..."
_BEFORE_SUBJECT = re.compile(
    r"^\W*(?:(?:On|In|By|Since|After|Before|Last|Earlier|Later)\b"
    r"[^,.;]{1,40},\s*)?(?:the\s+)?$",
    re.I,
)


class _JointCue(NamedTuple):
    type: str
    direction: str


_JOINT = _JointCue("alliance", "sym")


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - exercised with the extra missing
        raise MissingDependencyError(_TEXT_HINT) from exc
    nlp = spacy.blank("en")  # tokenizer rules only: no model is downloaded or loaded
    nlp.add_pipe("sentencizer")
    return nlp


def _sentences(text: str) -> list[tuple[int, Any]]:
    """``(paragraph number, spaCy sentence)`` for every sentence; paragraphs are
    separated by blank lines, and a sentence never crosses one."""
    nlp = _pipeline()
    out: list[tuple[int, Any]] = []
    for p, (start, para) in enumerate(_paragraphs(text)):
        for offset, piece in _pieces(para, min(_MAX_PIECE, nlp.max_length)):
            try:
                doc = nlp.make_doc(piece)
                for _, proc in nlp.pipeline:
                    doc = proc(doc)
            except ValueError as exc:  # spaCy's own limits (E088 ...)
                raise ArgumentError(
                    f"extract: cannot read a piece of {len(piece):,} characters at offset "
                    f"{start + offset:,}: {str(exc)[:200]}"
                ) from None
            out.extend((p, _Shifted(s, start + offset)) for s in doc.sents)
    return out


_SPACE_RUN = re.compile(r"\s+")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """``(offset, paragraph)`` for every paragraph: text between blank lines (a run
    of whitespace holding two line breaks), surrounding whitespace trimmed. Linear:
    each whitespace run is looked at once (the former lazy regex with a lookahead
    rescanned the rest of every run, quadratic in long runs)."""
    breaks = [m for m in _SPACE_RUN.finditer(text) if m.group().count("\n") >= 2]
    out = []
    pos = 0
    for m in [*breaks, None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            out.append((pos + lead, body))
        if m is not None:
            pos = m.end()
    return out


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _pieces(para: str, limit: int) -> list[tuple[int, str]]:
    """A paragraph in pieces of at most ``limit`` characters, cut after the last
    sentence end (else the last whitespace) before the limit: what spaCy reads at
    once. A paragraph within the limit is one piece."""
    if len(para) <= limit:
        return [(0, para)]
    out = []
    pos = 0
    while len(para) - pos > limit:
        window = para[pos : pos + limit]
        cut = 0
        for m in _SENTENCE_END.finditer(window, limit // 2):
            cut = m.end()
        if not cut:
            space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            cut = space + 1 if space > 0 else limit
        piece = para[pos : pos + cut]
        body = piece.rstrip()
        if body.strip():
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, body.lstrip()))
        pos += cut
    rest = para[pos:]
    if rest.strip():
        out.append((pos + len(rest) - len(rest.lstrip()), rest.strip()))
    return out


class _Shifted:
    """A spaCy sentence with offsets into the whole text (not its paragraph)."""

    def __init__(self, sent: Any, offset: int) -> None:
        self._sent, self.offset = sent, offset
        self.start_char = sent.start_char + offset
        self.end_char = sent.end_char + offset

    def __iter__(self) -> Any:
        for tok in self._sent:
            yield _Tok(tok.text, tok.idx + self.offset)


class _Tok:
    __slots__ = ("idx", "text")

    def __init__(self, text: str, idx: int) -> None:
        self.text, self.idx = text, idx


def _chain(ms: list[Mention], k: int, text: str, step: int) -> list[Mention]:
    """Mention ``k`` and those coordinated with it ("X, Y and Z"), walking by ``step``."""
    out = [ms[k]]
    j = k
    while 0 <= j + step < len(ms) and abs(j - k) < _MAX_CHAIN:
        a, b = (ms[j], ms[j + step]) if step > 0 else (ms[j + step], ms[j])
        if (a.start, a.end) == (b.start, b.end):  # "the two groups": one phrase, two groups
            j += step
            out.append(ms[j])
            continue
        gap = text[a.end : b.start]
        if _PAREN.match(gap) or (gap.strip() == "" and a.label == b.label):
            j += step  # "Islamic Movement of Uzbekistan (IMU)": the same group again
            continue
        if not (_COORD.match(gap) or _COORD_LIKE.match(gap) or _COORD_DESC.match(gap)):
            break
        if step < 0 and not re.search(r"\b(?:and|or|as well as)\b|&", gap):
            break  # walking left, a bare comma is a clause boundary, not a list
        j += step
        out.append(ms[j])
    return out


class _Index:
    """The mentions of a sentence (sorted by start) by start and by end, built once
    per sentence so that every cue finds its nearest mentions by bisection."""

    def __init__(self, ms: list[Mention]) -> None:
        self.n = len(ms)
        self.starts = [m.start for m in ms]
        self.by_end = sorted((m.end, k) for k, m in enumerate(ms))


def _nearest(
    ms: list[Mention], cs: int, ce: int, reach: int, index: _Index | None = None
) -> tuple[int | None, int | None]:
    """The mention ending last at or before ``cs`` (the first such one on a tie) and
    the first starting at or after ``ce`` within ``reach`` characters of it. An
    ``index`` of the first mentions of ``ms`` (all but a final slot) may be given."""
    import bisect

    if index is None:
        index = _Index(ms)
    by_end = index.by_end
    i = bisect.bisect_right(by_end, (cs, len(ms)))
    left_k = None
    if i > 0:
        end = by_end[i - 1][0]
        first = by_end[bisect.bisect_left(by_end, (end, -1))][1]
        last = by_end[i - 1][1]
        # on a tie the first, unless the tied mentions share one span ("the two groups")
        left_k = last if (ms[first].start, ms[first].end) == (ms[last].start, end) else first
    j = bisect.bisect_left(index.starts, ce)
    if j == index.n and index.n < len(ms):  # the slot after the indexed mentions
        j = index.n
    right_k = j if j < len(ms) and ms[j].start - ce <= reach else None
    return left_k, right_k


def _inside_any(groups: list[Mention], starts: list[int], at: int) -> bool:
    """Whether offset ``at`` falls in one of ``groups`` (sorted, disjoint mentions
    starting at ``starts``): one bisection, not a scan."""
    import bisect

    k = bisect.bisect_right(starts, at) - 1
    return k >= 0 and at < groups[k].end


def _dedupe(ms: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.label not in seen:
            seen.add(m.label)
            out.append(m)
    return out


def _pairs(
    ms: list[Mention], cs: int, ce: int, direction: str, text: str, index: _Index | None = None
) -> list[tuple[Mention, Mention]]:
    """The (source, target) pairs a cue at ``[cs, ce)`` relates. ``ms`` is sorted by
    start; the nearest mentions are found by bisection (a scan of every mention per
    cue was quadratic in a long sentence)."""
    reach = _REV_REACH if direction == "rev" else _RIGHT_REACH
    if re.match(r"attack|campaign|war\b", text[cs:ce], re.I):
        reach = 25  # "attacks against security forces, most claimed by X": X is no target
    left_k, right_k = _nearest(ms, cs, ce, reach, index)
    blocked = False
    if left_k is not None and direction != "rev" and not ms[left_k].extra.get("possessive"):
        lm = ms[left_k]
        gap = text[lm.end : cs]
        if (
            _OBJECT.search(text[max(0, lm.start - 30) : lm.start])
            and left_k > 0
            and not _REL_CLAUSE.match(gap)
            and ms[left_k - 1].kind == "group"
            and not _OBJECT.search(text[max(0, ms[left_k - 1].start - 30) : ms[left_k - 1].start])
            and not re.search(
                r"[;:]|\b(?:and|but|while|whereas)\b", text[ms[left_k - 1].end : lm.start]
            )
        ):
            # "He rose ... following Pakistani military operations and coordinates with
            # X": the mention before the object is the subject
            left_k -= 1
            lm = ms[left_k]
            gap = text[lm.end : cs]
        if (
            _REL_CLAUSE.match(gap)
            or _OBJECT.search(text[max(0, lm.start - 30) : lm.start])
            or (direction == "fwd" and _OTHER_SUBJECT.search(gap))
        ):
            left_k, blocked = None, True
    right = _dedupe(_chain(ms, right_k, text, +1)) if right_k is not None else []
    left = _dedupe(_chain(ms, left_k, text, -1)) if left_k is not None else []
    between = re.match(r"\s*(?:of|between|among)\b", text[ce:], re.I)
    # "clashes between X and Y" relates X and Y; "[X ... with Z but] involved in
    # groups like X and Y" does not (its subject is elsewhere)
    if direction == "sym" and len(right) >= 2 and (between or (left_k is None and not blocked)):
        return [(a, b) for i, a in enumerate(right) for b in right[i + 1 :]]
    one_sided = re.match(
        r"attack|campaign|war\b|drove|driven|dislodg|ousted|eliminat|denounc|condemn|oppos",
        text[cs:ce],
        re.I,
    )
    if direction == "sym" and len(left) >= 2 and not right and not one_sided:
        return [(a, b) for i, a in enumerate(left[::-1]) for b in left[::-1][i + 1 :]]
    if not left and direction == "fwd" and right_k is not None and len(right) >= 2:
        # "Both the factions of TTP, the Jamaat-ul-Ahrar and the Hizb-ul-Ahrar":
        # the groups in apposition after the target are the cue's subjects
        k = right_k + 1
        while k < len(ms) and ms[k].label == ms[right_k].label:
            k += 1
        if k < len(ms) and re.fullmatch(
            r"\)?\s*[,:–—-]\s*(?:the\s+)?", text[ms[k - 1].end : ms[k].start]
        ):
            subjects = [m for m in _dedupe(_chain(ms, k, text, +1)) if m.kind == "group"]
            return [(a, right[0]) for a in subjects if a.label != right[0].label]
    if (
        direction == "sym"
        and not right
        and left_k is not None
        and left_k > 0
        and ms[left_k].extra.get("anaphor")
        and not text[ms[left_k - 1].end : ms[left_k].start].strip()
    ):
        # "consider Jaish al-Adl their enemy": the possessor and the named group
        return [(ms[left_k - 1], ms[left_k])]
    if direction == "rev" and not right and left_k is not None and left_k > 0:
        # "IS is an al-Qaeda splinter group": the subject of the copula and the
        # group that qualifies the description
        lm, subj = ms[left_k], ms[left_k - 1]
        if (
            not text[lm.end : cs].strip(" -")
            and _COPULA_DESC.search(text[subj.end : lm.start])
            and subj.kind == lm.kind == "group"
        ):
            return [(subj, lm)]
    if not left or not right:
        return []
    if direction == "rev":
        return [(r, left[0]) for r in right]
    return [(lm, r) for lm in left for r in right]


def _subject(ms: list[Mention], text: str, s0: int) -> Mention | None:
    """The one resolved group a sentence starts with as its subject ("Jamaat-ul-Ahrar
    split from ..."), or None (no group first, an ambiguous one, or "X and Y")."""
    groups = [m for m in ms if m.kind == "group"]
    if not groups or not groups[0].gid or groups[0].extra.get("qualifier"):
        return None
    first = groups[0]
    if not _BEFORE_SUBJECT.match(text[s0 : first.start]):
        return None
    return first if len(_dedupe(_chain(groups, 0, text, +1))) == 1 else None


def _carry_subject(
    subject: Mention | None, text: str, s0: int, ms: list[Mention]
) -> Mention | None:
    """A mention of ``subject`` for a sentence that starts with "It" or "The
    group" (or "The splinter group", "The outfit" ...) and names no group there."""
    m = _ANAPHOR.match(text[s0 : s0 + 80]) if subject is not None else None
    if subject is None or m is None or any(g.start < s0 + m.end() for g in ms):
        return None
    from militnet._text.names import Mention

    start = s0 + m.end() - len(m.group(0).lstrip(" \t\n\"'“‘("))
    return Mention(
        start,
        s0 + m.end(),
        text[start : s0 + m.end()],
        "group",
        (subject.gid,),
        subject.gid,
        f"the subject of the previous sentence ({subject.surface!r})",
    )


class _Prior:
    """The resolved, unqualified groups of a sentence in text order, for "which
    groups come before offset p" in one bisection (pronouns are resolved in linear
    time even in a sentence of thousands of mentions)."""

    def __init__(self, named: list[Mention]) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self.items = named
        self.ends = [g.end for g in named]
        # the position of the first mention whose group differs from the first one's
        first = named[0].gid if named else ""
        self.second = next((k for k, g in enumerate(named) if g.gid != first), len(named))

    def count(self, at: int) -> int:
        """How many of the groups end at or before ``at``."""
        return self._bisect(self.ends, at)

    def only(self, at: int) -> Mention | None:
        """The last mention before ``at`` when every mention before it names one
        group; None when none or two groups come before."""
        n = self.count(at)
        return self.items[n - 1] if 0 < n <= self.second else None


def _anaphors(
    groups: list[Mention],
    text: str,
    s0: int,
    s1: int,
    before: Mention | None,
    leader: Mention | None = None,
) -> list[Mention]:
    """Mentions for pronouns and descriptions of a sentence that name a group
    unambiguously: "it", "they", "the (splinter) group" stand for the one group
    named before them in the sentence (or, with none, for the subject of the
    previous sentence); "he" for the one leader named before; "its"/"their" for
    the sentence's first group. Nothing when two groups could be meant, or when
    people ("commanders", "officials") come between the group and the pronoun."""
    import bisect

    from militnet._text.names import Mention

    out: list[Mention] = []
    named = [g for g in groups if g.kind == "group" and g.gid and not g.extra.get("qualifier")]
    prior_all = _Prior(named)
    prior_leaders = _Prior([g for g in named if g.extra.get("leader")])
    g_starts = [g.start for g in groups]
    first_start = g_starts[0] if g_starts else s1

    def covered(at: int) -> bool:
        k = bisect.bisect_right(g_starts, at) - 1
        return k >= 0 and at < groups[k].end

    def mention(m: re.Match[str], ref: Mention, **extra: Any) -> Mention:
        return Mention(
            m.start(),
            m.end(),
            m.group(0),
            "group",
            (ref.gid,),
            ref.gid,
            f"{m.group(0)!r} stands for {ref.surface!r}",
            extra={"anaphor": True, **extra},
        )

    for m in _PRONOUN.finditer(text, s0, s1):
        ps = m.start()
        if covered(ps):
            continue
        prior, back = (prior_leaders, leader) if m.group("he") else (prior_all, before)
        ref = prior.only(ps)
        if ref is None and prior.count(ps) == 0 and back is not None and back.gid:
            if first_start < ps:
                continue  # another (unresolved) group came first in this sentence
            ref = back
        start = ref.end if ref is not None and s0 <= ref.end <= ps else s0
        if ref is None or _PEOPLE.search(text, max(start, ps - 300), ps):
            continue
        out.append(mention(m, ref))
    for m in _POSSESSOR.finditer(text, s0, s1):
        ps = m.start()
        if re.search(r"(?:\b(?:and|or)|,)\s*$", text[max(s0, ps - 6) : ps]):
            continue  # "X and its ally, the Y": a list, read by the coordination rules
        if not _POSSESSED.match(text, m.end(), m.end() + 40):
            continue
        owner = prior_all.items[0] if prior_all.count(ps) else (None if groups else before)
        if owner is None or not owner.gid:
            continue
        out.append(mention(m, owner, possessive=True))
    return out


_POSSESSOR = re.compile(r"\b(?:[Ii]ts|[Tt]heir)\b")
# what a group's "its"/"their" may own that names another group or a tie
_POSSESSED = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:ties|links?|relations?(?:hip)?s?|support|alliance|"
    r"allies|ally|backing|affiliates?|splinter|offshoots?|rivals?|enem(?:y|ies)|"
    r"loyalty|allegiance|parent|patrons?|partners?|branch|faction|wing)\b"
)


# a sentence whose subject is a number of unnamed groups: "Two militant groups on
# Thursday joined hands with the TTP."
_PLURAL_SUBJECT = re.compile(
    r"^\W*(?:the\s+|both\s+)?(?:two|three|four|several|both)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:groups|factions|outfits|organi[sz]ations|movements)\b(?![^,;]*\b(?:of|from)\b)",
    re.I,
)
_PLURAL = re.compile(
    r"\b(?:[Tt]he\s+(?P<n>two|three)|[Bb]oth(?:\s+the)?)\s+(?:[a-z-]+\s+)?"
    r"(?:groups|factions|outfits|organi[sz]ations|movements)\b(?!\s+(?:of|in|that|which)\b)"
)


def _plural_anaphors(
    groups: list[Mention], text: str, s0: int, s1: int, prev: list[Mention]
) -> list[Mention]:
    """Mentions for "the two groups", "both factions": the groups named in the
    previous sentence (and this one, before the phrase) that this sentence does not
    name again, when there are exactly as many as the phrase says; one mention per
    group, at the phrase (a coordinated list)."""
    import bisect

    from militnet._text.names import Mention

    out: list[Mention] = []
    g_ends = [g.end for g in groups]
    for m in _PLURAL.finditer(text, s0, s1):
        want = {"two": 2, "three": 3}.get((m.group("n") or "").lower(), 2)
        here = {g.gid for g in groups if g.gid and g.start >= m.end()}
        pool: list[Mention] = []
        k = bisect.bisect_right(g_ends, m.start())  # the groups before the phrase
        near = [g for g in groups[max(0, k - 64) : k] if g.gid][-8:]
        for g in [*prev[-8:], *near]:
            if g.gid not in here and g.gid not in {p.gid for p in pool}:
                pool.append(g)
        if len(pool) != want or any(g.extra.get("qualifier") for g in pool):
            continue
        out.extend(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                "group",
                (g.gid,),
                g.gid,
                f"{m.group(0)!r} stands for {', '.join(p.surface for p in pool)}",
                extra={"anaphor": True},
            )
            for g in pool
        )
    return out


def _settle_by_article(m: Mention, lex: Any, text: str, cache: dict[str, str]) -> None:
    """R6: a bare name the network gives as an alias of one group only ("Taliban")
    is that group when the article never names the other candidates by any of their
    own names ("TTP", "Pakistani Taliban", "Tajik Taliban" ...), in place. Decided
    once per name and article (``cache``)."""
    key = f"{m.surface}|{'|'.join(m.candidates)}"
    if key not in cache:
        cache[key] = _article_reading(m, lex, text)
    if cache[key]:
        m.gid, m.rule = cache[key], f"R6 the article names no other group called {m.surface!r}"


def _article_reading(m: Mention, lex: Any, text: str) -> str:
    own = lex.index.candidates(m.surface)
    if len(own) != 1 or own[0] not in m.candidates:
        return ""
    for g in m.candidates:
        if g == own[0]:
            continue
        row = lex.groups.loc[g]
        names = {str(row["name"]), g, *str(row["aliases"]).split(";")}
        for n in {n.strip() for n in names if n.strip() and n.strip() != m.surface}:
            flags = 0 if len(n) <= 5 else re.I
            if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, flags):
                return ""
    return str(own[0])


def _date_for(dates: list[Any], cs: int, ce: int, text: str) -> Any:
    """The date expression of the sentence nearest the cue, if any (dates inside a
    "since ..." clause describe something else and are skipped)."""
    best, best_d = None, None
    for d in dates:
        clause = text[max(0, d.start - 60) : d.start]
        clause = re.split(r"[,;:(]", clause)[-1]
        if re.search(r"\bsince\b", clause, re.I) or _EVENT_DATE.search(clause):
            continue
        dist = d.start - ce if d.start >= ce else cs - d.end
        if best_d is None or dist < best_d:
            best, best_d = d, dist
    return best


# a date that belongs to another event of the sentence: "the attack on May 13",
# "designated on 2019-07-02", "a UN report in July", "killed in 2013"
_EVENT_DATE = re.compile(
    r"\b(?:attacks?|bombings?|blasts?|assaults?|strikes?|designat\w*|reports?|"
    r"killed|killing|death|died|arrest\w*|captured|executed|sanction\w*|listed|"
    r"released|published|invasion|operations?|offensive)\b(?:\s+[\w-]+){0,3}?\s+"
    r"(?:on|in|of|since|from|during)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class _Sentence:
    """What a candidate takes from the sentence of its cue: the text and the
    sentence's bounds, its dates and hedging, the source id, and the keys
    already produced there (a cue of the sentence is not repeated)."""

    text: str
    start: int
    end: int
    dates: list[Any]
    confidence: str
    why: str
    source: str
    seen: set[tuple[str, str, str]]


def _row(
    at: _Sentence, a: Mention, b: Mention, cs: int, ce: int, cue: Any, end: int
) -> list[dict[str, Any]]:
    """The candidate for groups ``a`` and ``b`` of the cue ``text[cs:ce]`` of
    sentence ``at`` (``[]`` when it is not one); the evidence runs to ``end``,
    past the sentence when ``b`` is listed in the next one."""
    from militnet._text.cues import denial, negation
    from militnet._text.events import summary

    text, s0, s1 = at.text, at.start, at.end
    if a.label == b.label or (a.kind == "state" and b.kind == "state"):
        return []
    by_cue = text[cs:ce].lower().endswith(" of")  # "a splinter group of X"
    if (
        cue.type != "rivalry"
        and cue.direction != "rev"
        and (a.extra.get("qualifier") or (not by_cue and b.extra.get("qualifier")))
    ):
        return []  # members or a sub-unit of a group, not the group itself
    key = (a.label, b.label, cue.type)
    if key in at.seen or (cue.direction == "sym" and (b.label, a.label, cue.type) in at.seen):
        return []
    at.seen.add(key)
    hi = max(a.end, b.end, ce) if b.start < s1 else ce
    neg = negation(text[max(s0, cs - 25) : min(hi, ce + 400)]) or denial(
        text[max(s0, cs - 300) : cs]
    )
    d = _date_for(at.dates, cs, ce, text)
    ambiguous = not (a.gid or a.kind == "state") or not (b.gid or b.kind == "state")
    notes = [f"cue '{text[cs:ce]}'"]
    notes += [f"{m.surface!r} -> {m.gid} by {m.rule}" for m in (a, b) if m.rule]
    notes += [
        f"{m.surface!r} is ambiguous: {', '.join(m.candidates)}"
        for m in (a, b)
        if m.kind == "group" and not m.gid
    ]
    if b.start >= s1:
        notes.append(f"{b.surface!r} listed in the next sentence")
    if at.why:
        notes.append(at.why)
    if neg:
        notes.append(f"negated: '{neg}'")
    if d is not None and not d.value:
        notes.append(f"date '{d.text}' not resolved: {d.note}")
    out_of_scope = a.kind == "state" or b.kind == "state"
    if out_of_scope:
        notes.append("a state is one side: out of scope")
    return [
        {
            "source": a.label,
            "target": b.label,
            "type": cue.type,
            "start": d.value if d is not None else "",
            "end": "",
            "confidence": at.confidence,
            "evidence": summary(text, s0, end, cs, ce, 1000),
            "sources": at.source,
            "notes": "; ".join(notes),
            "status": "candidate",
            "source_name": a.surface,
            "target_name": b.surface,
            "source_candidates": ";".join(a.candidates),
            "target_candidates": ";".join(b.candidates),
            "cue": text[cs:ce],
            "date_text": d.text if d is not None else "",
            "hedged": at.why.startswith("hedge"),
            "negated": bool(neg),
            "ambiguous": ambiguous,
            "out_of_scope": out_of_scope,
            "evidence_start": s0,
            "evidence_end": end,
            "source_offset": a.start,
            "target_offset": b.start,
            "events": "",
        }
    ]


def extract(
    net: Network, text: str, *, published: Any = None, source: str | None = None
) -> pd.DataFrame:
    """Candidate relations stated in a news text, for review.

    Parameters
    ----------
    net : Network
        The network whose groups are looked for (its names and aliases).
    text : str
        The article (plain text; paragraphs separated by blank lines). The
        order ``extract(text, net)`` of militnet 0.1 still works until 0.3,
        with a :class:`DeprecationWarning`.
    published : str, date or PartialDate, optional
        The article's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): relative
        expressions ("last year", "on Thursday") are resolved against it, as
        precisely as it allows. Without it they give no date.
    source : str, optional
        The source id to put in the ``sources`` column.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, columns :data:`CANDIDATE_COLUMNS`: the
        relations.csv columns (``source``, ``target``, ``type``, ``start``,
        ``end``, ``confidence``, ``evidence``, ``sources``, ``notes``), then
        ``status`` (``"candidate"``), the names as written, the candidates of
        an ambiguous name (``source`` is then ``a|b``), the cue, the date as
        written, the flags ``hedged``, ``negated``, ``ambiguous``,
        ``out_of_scope`` (a state is one side; ``source`` or ``target`` is then
        the state's name), and character offsets of the evidence sentence and
        of both names. ``df.attrs["new_groups"]`` is a table of group-like
        names that match no group (possible new groups); ``df.attrs["ambiguous"]``
        lists every ambiguous mention with its candidates.

    Raises
    ------
    MissingDependencyError
        If spaCy (the ``text`` extra) is not installed.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> text = ("Jamaat-ul-Ahrar split from the Pakistani Taliban last summer. "
    ...         "The Taliban is allegedly sheltering al-Qaeda and Jundallah.")
    >>> c = militnet.extract(net, text, published="2015-03-12")
    >>> c[["source", "target", "type", "start", "confidence", "ambiguous"]]
      source        target      type start confidence  ambiguous
    0    jua           ttp     split  2014   reported      False
    1    ttp            aq  alliance          alleged      False
    2    ttp  jundallah-pk  alliance          alleged      False
    >>> for part in c.loc[1, "notes"].split("; "):
    ...     print(part)
    cue 'sheltering'
    'Taliban' -> ttp by R2 previous sentence names only Pakistan
    hedge: allegedly
    """
    import pandas as pd

    from militnet._core.dates import PartialDate
    from militnet._text.cues import find_cues, hedges, negation, state_mentions
    from militnet._text.events import events_frame, sentence_events

    if isinstance(net, str) and not isinstance(text, str):  # the 0.1 order: (text, net)
        import warnings

        from militnet._core.arguments import user_stacklevel

        warnings.warn(
            "militnet.extract(text, net) is deprecated since militnet 0.2 and will be "
            "removed in 0.3; pass the network first: militnet.extract(net, text)",
            DeprecationWarning,
            stacklevel=user_stacklevel(),  # the user's line, past the argument check
        )
        net, text = text, net
    from militnet._text.dates import find_dates
    from militnet._text.names import (
        GroupLexicon,
        Mention,
        apposition,
        find_mentions,
        find_new_groups,
        sentence_countries,
        settle,
    )

    if not isinstance(text, str):
        raise ArgumentError(f"extract: text must be a string, not {type(text).__name__}")
    pub = PartialDate.parse(published) if published not in (None, "") else None
    lex = GroupLexicon(net)
    rows: list[dict[str, Any]] = []
    all_mentions: list[Mention] = []
    all_states: list[tuple[int, int, str]] = []
    prev: tuple[int, set[str]] = (-1, set())
    subject: Mention | None = None  # the one group the previous sentence was about
    only: Mention | None = None  # the one group the previous sentence named
    prev_leader: Mention | None = None  # the one leader the previous sentence named
    prev_named: list[Mention] = []  # the groups the previous sentence named
    event_rows: list[dict[str, Any]] = []  # candidate events (df.attrs["events"])
    # cues whose subjects ("two militant groups") the next sentence names
    subjects_next: list[tuple[int, int, Any, list[Mention], _Sentence]] = []
    # how an ambiguous name was last settled, and in which sentence (R5)
    recent: dict[tuple[str, ...], tuple[str, int]] = {}
    named_in_article: dict[str, str] = {}  # R6: the article-wide reading of a name
    n_sent = 0
    # cues whose groups are listed in the next sentence, with their own sentence
    pending: list[tuple[Mention, int, int, Any, _Sentence]] = []
    for para, sent in _sentences(text):
        s0, s1 = sent.start_char, sent.end_char
        sentence = text[s0:s1]
        groups = find_mentions(text, sent, lex)
        g_starts = [m.start for m in groups]
        states = [
            (s0 + a, s0 + b, t)
            for a, b, t in state_mentions(sentence)
            if not _inside_any(groups, g_starts, s0 + a)
        ]
        all_states.extend(states)
        here = sentence_countries(text, s0, s1, groups)
        context = [here, prev[1]]
        prev = (para, here)
        apposition(groups, text)
        for m in groups:
            settle(m, text, context)
        for m in groups:
            if not m.gid and m.kind == "group" and len(m.candidates) > 1:
                _settle_by_article(m, lex, text, named_in_article)
            earlier = recent.get(m.candidates)
            if not m.gid and m.kind == "group" and earlier and n_sent - earlier[1] <= 3:
                m.gid, m.rule = earlier[0], f"R5 read as {earlier[0]} a few sentences before"
            if m.gid and len(m.candidates) > 1:
                recent[m.candidates] = (m.gid, n_sent)
        n_sent += 1
        all_mentions.extend(groups)
        groups = [m for m in groups if not _FORMER.search(text[max(s0, m.start - 25) : m.start])]
        for m in groups:
            after = _PAREN_AFTER.sub("", text[m.end : m.end + 90], count=1)
            m.extra["qualifier"] = bool(
                _MEMBERS.match(after[:30])
                or _PART_OF.search(text[max(s0, m.start - 80) : m.start])
                or (
                    _ONE_OF.match(text[m.end : m.end + 20])
                    and _INDEFINITE.search(text[max(s0, m.start - 20) : m.start])
                )
            )
        apposition(groups, text)
        for a, b in itertools.pairwise(groups):
            # "BRAS (Balochistan Raaji Ajoi Sangar) member groups": the name before
            # its parenthesised repeat qualifies the same noun
            if a.gid and a.gid == b.gid and re.fullmatch(r"\s*\(\s*", text[a.end : b.start]):
                a.extra["qualifier"] = a.extra.get("qualifier") or b.extra.get("qualifier")
        carried = _carry_subject(subject, text, s0, groups)
        if carried is not None:
            groups = [carried, *groups]
        groups = sorted(
            groups
            + _anaphors(groups, text, s0, s1, subject or only, prev_leader)
            + _plural_anaphors(groups, text, s0, s1, prev_named),
            key=lambda m: m.start,
        )
        prev_named = [m for m in groups if m.gid and not m.extra.get("qualifier")]
        leaders_here = {m.gid: m for m in groups if m.extra.get("leader")}
        prev_leader = next(iter(leaders_here.values())) if len(leaders_here) == 1 else None
        subject = _subject(groups, text, s0)
        distinct = {m.gid for m in groups if m.gid and not m.extra.get("qualifier")}
        only = (
            next(m for m in groups if m.gid in distinct and not m.extra.get("qualifier"))
            if len(distinct) == 1
            else None
        )
        listed = _LISTED.match(sentence)
        if listed and pending:
            # "... has links with some extremist groups. They include X, Y and Z."
            right = _dedupe(
                [m for m in groups if m.kind == "group" and not m.extra.get("qualifier")]
            )
            for a, cs, ce, cue, cued in pending:  # cued in the previous sentence
                for b in right:
                    rows.extend(_row(cued, a, b, cs, ce, cue, s1))
        pending = []
        if subjects_next and groups:
            # "Two militant groups joined hands with the TTP. Lashkar-e-Islam and
            # Jamaatul Ahrar ...": the groups this sentence starts with are the subjects
            named = [m for m in groups if m.gid and not m.extra.get("qualifier")]
            if named and _BEFORE_SUBJECT.match(text[s0 : named[0].start]):
                firsts = _dedupe(_chain(named, 0, text, +1))
                for cs, ce, cue, right, cued in subjects_next:
                    for a in firsts:
                        for b in right:
                            rows.extend(_row(cued, a, b, cs, ce, cue, s1))
        subjects_next = []
        ms = sorted(
            groups + [Mention(a, b, t, "state") for a, b, t in states], key=lambda m: m.start
        )
        if not ms:
            continue
        dates = [
            d.__class__(d.start + s0, d.end + s0, d.text, d.value, d.relative, d.note)
            for d in find_dates(sentence, pub)
        ]
        if _SPECULATION.search(sentence):
            continue  # "could envision collusions": speculation states no tie
        confidence, why = hedges(sentence)
        cued_in = _Sentence(text, s0, s1, dates, confidence, why, source or "", set())
        for ev in sentence_events(
            text,
            s0,
            s1,
            ms,
            dates,
            confidence,
            why,
            source or "",
            _chain,
            lambda m: bool(_OBJECT.search(text[max(0, m.start - 30) : m.start])),
        ):
            ev["event"] = f"x{len(event_rows) + 1:03d}"
            ev["negated"] = bool(
                ev["kind"] != "denial" and negation(text[max(s0, ev["_cs"] - 25) : ev["_ce"]])
            )
            event_rows.append(ev)
            joint = [m for m in ev["_claimants"] if m.gid]
            if ev["kind"] == "claim" and len(joint) >= 2 and not ev["negated"]:
                # a joint claim: the cooperative tie it evidences, citing the event
                for i, a in enumerate(joint):
                    for b in joint[i + 1 :]:
                        for r in _row(cued_in, a, b, ev["_cs"], ev["_ce"], _JOINT, s1):
                            r["start"] = ev["date"]
                            r["cue"] = "joint claim"
                            r["events"] = ev["event"]
                            r["notes"] += f"; joint claim: candidate event {ev['event']}"
                            rows.append(r)
        index = _Index(ms)  # once per sentence, not once per cue
        for cs, ce, cue in find_cues(sentence):
            cs, ce = cs + s0, ce + s0
            if cue.type == "alliance" and _STATE_CUE.search(text[max(s0, cs - 12) : cs]):
                continue  # "Iranian support": a state's, not a group's
            pairs = _pairs(ms, cs, ce, cue.direction, text, index) if len(ms) >= 2 else []
            for a, b in pairs:
                rows.extend(_row(cued_in, a, b, cs, ce, cue, cued_in.end))
            if (
                not pairs
                and cue.direction != "rev"
                and _PLURAL_SUBJECT.match(text[s0:cs])
                and not any(m.start < cs for m in ms)
            ):
                _, right_k = _nearest(ms, cs, ce, _RIGHT_REACH, index)
                if right_k is not None:
                    right = [m for m in _dedupe(_chain(ms, right_k, text, +1)) if m.gid]
                    subjects_next.append((cs, ce, cue, right, cued_in))
            if not pairs and cue.direction != "rev" and ms[-1].start < ce:
                # no group after the cue: its groups may be listed in the next sentence
                slot = Mention(ce, ce, "", "group")
                pending.extend(
                    (a, cs, ce, cue, cued_in)
                    for a, _ in _pairs([*ms, slot], cs, ce, cue.direction, text, index)
                    if a.kind == "group"
                )
    rel = net.relations
    splits = set(
        zip(
            rel.loc[rel["type"] == "split", "source"].astype(str),
            rel.loc[rel["type"] == "split", "target"].astype(str),
            strict=True,
        )
    )
    parents: dict[str, set[str]] = {}
    for child, parent in splits:
        parents.setdefault(child, set()).add(parent)

    def descends(child: str, ancestor: str) -> bool:
        seen, todo = set(), [child]
        while todo:
            g = todo.pop()
            for p in parents.get(g, ()):
                if p == ancestor:
                    return True
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return False

    for r in rows:
        # "the TTP's reunion with JuA": a splinter merges back into the group it split
        # from, directly or through another splinter (the network's own splits orient
        # a merger the text leaves open; they never make or drop a candidate)
        if r["type"] == "merger" and descends(str(r["target"]), str(r["source"])):
            r["source"], r["target"] = r["target"], r["source"]
            r["source_name"], r["target_name"] = r["target_name"], r["source_name"]
            r["source_candidates"], r["target_candidates"] = (
                r["target_candidates"],
                r["source_candidates"],
            )
            r["source_offset"], r["target_offset"] = r["target_offset"], r["source_offset"]
            r["notes"] += f"; oriented by the network's split {r['source']} -> {r['target']}"
    df = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    df.attrs["events"] = events_frame(event_rows)
    new = find_new_groups(text, all_mentions, all_states)
    new_df = pd.DataFrame([{"name": n, "offset": s} for s, _, n in new], columns=["name", "offset"])
    df.attrs["new_groups"] = (
        new_df.groupby("name", sort=False)["offset"]
        .agg(mentions="count", first_offset="min")
        .reset_index()
    )
    df.attrs["ambiguous"] = pd.DataFrame(
        [
            {
                "name": m.surface,
                "offset": m.start,
                "candidates": ";".join(m.candidates),
                "resolved": m.gid,
                "rule": m.rule,
            }
            for m in all_mentions
            if len(m.candidates) > 1
        ],
        columns=["name", "offset", "candidates", "resolved", "rule"],
    )
    return df


def _span(start: Any, end: Any) -> tuple[str, str]:
    """The days a relation may cover, as ISO strings: an unknown start is the open
    past, an unknown end the open future; a partial date covers all its days."""
    from militnet._core.dates import PartialDate

    lo, hi = "0000-00-00", "9999-99-99"
    try:
        if str(start or "").strip():
            lo = PartialDate.parse(str(start)).first_day().isoformat()
        if str(end or "").strip():
            hi = PartialDate.parse(str(end)).last_day().isoformat()
    except Exception:
        pass
    return lo, hi


def find_duplicates(relations: pd.DataFrame, new: pd.DataFrame) -> list[tuple[str, str]]:
    """``(new id, existing id)`` for every row of ``new`` that repeats a relation of
    ``relations`` (or an earlier row of ``new``): the same type, the same pair (in
    either order for the undirected alliance and rivalry) and overlapping dates
    (an unknown start or end overlaps everything).

    Examples
    --------
    >>> import pandas as pd
    >>> old = pd.DataFrame({"source": ["imu"], "target": ["is"], "type": ["pledge"],
    ...                     "start": ["2015-07-31"], "end": [""]}, index=["r041"])
    >>> new = pd.DataFrame({"source": ["imu", "is"], "target": ["is", "imu"],
    ...                     "type": ["pledge", "pledge"], "start": ["2015-08", "2015"],
    ...                     "end": ["", ""]}, index=["r900", "r901"])
    >>> find_duplicates(old, new)
    [('r900', 'r041')]
    """
    from militnet._core.model import RELATION_TYPES

    undirected = {t.name for t in RELATION_TYPES.values() if not t.directed}
    seen: list[tuple[str, tuple[str, ...], str, tuple[str, str]]] = []
    for rid, r in relations.iterrows():
        pair = (str(r["source"]), str(r["target"]))
        key = tuple(sorted(pair)) if str(r["type"]) in undirected else pair
        seen.append((str(rid), key, str(r["type"]), _span(r.get("start"), r.get("end"))))
    out = []
    for rid, r in new.iterrows():
        pair = (str(r["source"]), str(r["target"]))
        key = tuple(sorted(pair)) if str(r["type"]) in undirected else pair
        lo, hi = _span(r.get("start"), r.get("end"))
        for old_id, k, t, (olo, ohi) in seen:
            if k == key and t == str(r["type"]) and lo <= ohi and olo <= hi:
                out.append((str(rid), old_id))
                break
        seen.append((str(rid), key, str(r["type"]), (lo, hi)))
    return out


def learned_aliases(net: Network, candidates: pd.DataFrame) -> list[tuple[str, str]]:
    """``(group id, name)`` for the names as written (``source_name``,
    ``target_name``) of the accepted rows that the network does not resolve to the
    id the reviewer settled on (an ambiguous or unknown name): what ``accept
    --add-aliases`` records as aliases. Names of states and pronouns are left out.

    Examples
    --------
    >>> import militnet, pandas as pd
    >>> net = militnet.load_dataset("afpak")
    >>> c = pd.DataFrame({"status": ["accepted"], "source": ["iskp"], "target": ["taliban"],
    ...                   "source_name": ["ISIL Khorasan"], "target_name": ["Taliban"]})
    >>> learned_aliases(net, c)
    [('iskp', 'ISIL Khorasan')]
    """
    out: list[tuple[str, str]] = []
    if "status" not in candidates:
        return out
    status = candidates["status"].fillna("").astype(str).str.strip().str.lower()
    groups = set(map(str, net.groups.index))
    for _, row in candidates[status == "accepted"].iterrows():
        for side in ("source", "target"):
            gid, name = str(row.get(side, "")).strip(), str(row.get(f"{side}_name", "")).strip()
            if gid not in groups or not name or name.lower() in _NOT_ALIASES:
                continue
            if not re.search(r"[A-Z]", name) or len(name) > 100:
                continue
            hits = net._names.candidates(name)
            if hits != [gid] and (gid, name) not in out:
                out.append((gid, name))
    return out


def accept_events(
    net: Network, table: pd.DataFrame, *, source: Any = None, duplicates: str = "refuse"
) -> tuple[Network, dict[str, str]]:
    """A new network with the candidate events a reviewer marked ``accepted`` added
    (``events.csv`` and ``event_actors.csv``), and the new id of each accepted
    candidate (``{"x001": "e0412", ...}``).

    Parameters
    ----------
    net : Network
        The network to add to (unchanged).
    table : DataFrame
        ``df.attrs["events"]`` of :func:`extract` (or its CSV read back), with
        ``status`` edited. Each accepted row needs a ``date``, an event ``kind``
        and ``actors`` as ``group:role;...`` with group ids (a reviewer replaces
        an ambiguous ``a|b`` by one id) and event roles (kinds and roles:
        ``docs/format.md``).
    source : mapping or Source, optional
        The article, added to the sources table if its id is not there yet (as
        :func:`accept_candidates` does).
    duplicates : {"refuse", "flag", "allow"}, default "refuse"
        An accepted event of the same kind, the same groups and an overlapping
        date as an existing one (or an earlier accepted one) is refused
        (:class:`ValidationError`), flagged in its notes, or added as it is.

    Returns
    -------
    (Network, dict)
        The network, validated like any dataset, and the id map.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> c = militnet.extract(net, "On 3 May 2016 the TTP and Jamaat-ul-Ahrar jointly "
    ...                      "claimed responsibility for the bombing.", source="news-2")
    >>> ev = c.attrs["events"]
    >>> ev[["event", "date", "kind", "actors"]].values.tolist()
    [['x001', '2016-05-03', 'claim', 'jua:claimant;ttp:claimant']]
    >>> ev["status"] = "accepted"
    >>> new, ids = militnet.accept_events(net, ev, source={"id": "news-2", "title": "A"})
    >>> len(new.events) - len(net.events), ids["x001"] in new.events.index
    (1, True)
    """
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._core.model import EVENT_KINDS, EVENT_ROLES
    from militnet._core.problems import Problem, ValidationReport
    from militnet._core.schema import COLUMNS
    from militnet._text.events import parse_actors

    if duplicates not in ("refuse", "flag", "allow"):
        raise ArgumentError(f"duplicates must be 'refuse', 'flag' or 'allow', not {duplicates!r}")
    missing = [c for c in ("status", "date", "kind", "actors") if c not in table.columns]
    if missing:
        raise ArgumentError(f"candidate events table lacks column(s) {', '.join(missing)}")
    from militnet._algorithms.ends import restore_cell

    status = table["status"].fillna("").astype(str).str.strip().str.lower()
    taken = table[status == "accepted"].map(restore_cell)
    if taken.empty:
        return net, {}
    events = net.events if net.has_events else pd.DataFrame(columns=list(COLUMNS["events"][1:]))
    actors = (
        net.event_actors if net.has_events else pd.DataFrame(columns=list(COLUMNS["event_actors"]))
    )
    if events.index.name != "id":
        events.index.name = "id"
    ids = [str(i) for i in events.index]
    nums = [int(m.group(1)) for m in (re.fullmatch(r"e(\d+)", i) for i in ids) if m]
    width = max([len(i) - 1 for i in ids if re.fullmatch(r"e\d+", i)] or [4])
    nxt = max(nums, default=0) + 1
    groups = set(map(str, net.groups.index))
    problems: list[Problem] = []
    id_map: dict[str, str] = {}
    new_events, new_actors = [], []
    # what is there: (kind, groups) -> [(id, first day, last day)]
    known: dict[tuple[str, frozenset[str]], list[tuple[str, str, str]]] = {}
    if net.has_events:
        by_event: dict[str, set[str]] = {}
        for ev_id, g in zip(actors["event"].astype(str), actors["group"].astype(str), strict=True):
            by_event.setdefault(ev_id, set()).add(g)
        for eid_, row in events.iterrows():
            lo, hi = _span(row["date"], row["date"])
            key = (str(row["kind"]), frozenset(by_event.get(str(eid_), set())))
            known.setdefault(key, []).append((str(eid_), lo, hi))
    line_of = {idx: i + 2 for i, idx in enumerate(table.index)}  # CSV line of a row
    for k, (idx, row) in enumerate(taken.iterrows()):
        line = line_of[idx]
        eid = f"e{nxt + k:0{width}d}"
        cand = str(row.get("event", "") or f"row {line}")
        pairs = parse_actors(row["actors"])
        kind = str(row["kind"]).strip()
        bad = [g for g, _ in pairs if g not in groups]
        roles = [r for _, r in pairs if r not in EVENT_ROLES]
        for g in bad:
            problems.append(
                Problem(
                    "error",
                    "events candidates",
                    line,
                    "actors",
                    g,
                    "not a group id of the network (settle an ambiguous a|b first)",
                )
            )
        for r in roles:
            problems.append(
                Problem(
                    "error",
                    "events candidates",
                    line,
                    "actors",
                    r,
                    f"not an event role ({', '.join(EVENT_ROLES)})",
                )
            )
        if kind not in EVENT_KINDS:
            problems.append(
                Problem(
                    "error",
                    "events candidates",
                    line,
                    "kind",
                    kind,
                    f"not an event kind ({', '.join(EVENT_KINDS)})",
                )
            )
        if not pairs:
            problems.append(Problem("error", "events candidates", line, "actors", "", "no actors"))
        notes = str(row.get("notes", "") or "")
        key = (kind, frozenset(g for g, _ in pairs))
        lo, hi = _span(row["date"], row["date"])
        dup = next((i for i, a, b in known.get(key, []) if lo <= b and a <= hi), None)
        if dup is not None and duplicates == "refuse":
            problems.append(
                Problem(
                    "error",
                    "events candidates",
                    line,
                    "actors",
                    str(row["actors"]),
                    f"repeats event {dup} (same kind, groups and overlapping date); "
                    "accept with duplicates='flag' or --allow-duplicates to add it anyway",
                )
            )
        elif dup is not None and duplicates == "flag":
            notes = (notes + "; " if notes else "") + f"possible duplicate of {dup}"
        known.setdefault(key, []).append((eid, lo, hi))
        id_map[cand] = eid
        rec = {c: "" for c in events.columns}
        rec.update(
            {
                "date": str(row["date"]).strip(),
                "kind": kind,
                "summary": str(row.get("summary", "") or ""),
                "sources": str(row.get("sources", "") or ""),
                "notes": notes,
            }
        )
        new_events.append(pd.Series({c: rec.get(c, "") for c in events.columns}, name=eid))
        conf = str(row.get("confidence", "") or "reported")
        for g, r in pairs:
            new_actors.append(
                {"event": eid, "group": g, "role": r, "confidence": conf, "notes": ""}
            )
    if problems:
        raise ValidationError(ValidationReport(problems), header="candidate events not accepted")
    ev = pd.concat(
        [events, pd.DataFrame(new_events).reindex(columns=events.columns, fill_value="")]
    )
    ev.index.name = "id"
    ac = pd.concat(
        [actors, pd.DataFrame(new_actors).reindex(columns=actors.columns, fill_value="")],
        ignore_index=True,
    )
    new = Network(
        net.groups,
        net.relations,
        _with_source(net.sources, source),
        metadata=net.metadata,
        events=ev,
        event_actors=ac,
    )
    return new, id_map


def _with_source(sources: pd.DataFrame, source: Any) -> pd.DataFrame:
    """The sources table with the article added when its id is new."""
    import pandas as pd

    from militnet._core.model import Source

    if source is None:
        return sources
    src = source.to_dict() if isinstance(source, Source) else dict(source)
    sid = str(src.get("id", ""))
    if not sid or sid in sources.index:
        return sources
    extra = pd.DataFrame(
        [{k: ("" if v is None else str(v)) for k, v in src.items() if k != "id"}],
        index=pd.Index([sid], name="id"),
    )
    return pd.concat([sources, extra.reindex(columns=sources.columns, fill_value="")])


_NOT_ALIASES = frozenset({"it", "its", "they", "their", "he", "the group", "the two groups"})


def accept_candidates(
    net: Network,
    candidates: pd.DataFrame,
    *,
    source: Any = None,
    duplicates: str = "refuse",
    add_aliases: bool = False,
    events: pd.DataFrame | None = None,
) -> Network:
    """A new network with the candidates a reviewer marked ``accepted`` added.

    Only rows whose ``status`` is ``accepted`` (case-insensitive) are taken;
    each gets a new relation id (``r`` + the next free number), with its
    ``last_attested`` and ``events`` cells when the table has them (as
    :func:`militnet.candidates_from_events` writes). A row with a ``relation``
    id (from :func:`militnet.suggest_ends`) adds nothing: it sets that
    relation's ``end`` and notes where the end comes from. A cell a review CSV
    wrote with an apostrophe before ``= + - @`` (spreadsheet safety) is read
    without it. New relations' ``source``/``target`` must be group ids by
    then (a reviewer replaces an ambiguous ``a|b`` by one id). The new network is validated like any
    dataset: nothing is added unless everything is valid.

    Parameters
    ----------
    net : Network
        The network to add to (unchanged).
    candidates : DataFrame
        :func:`extract`'s table (or one read back from its CSV), with ``status``
        edited by the reviewer.
    source : mapping or Source, optional
        The article, added to the sources table if its id is not there yet
        (``{"id": ..., "title": ..., "publisher": ..., "date": ..., "url": ...}``).

    duplicates : {"refuse", "flag", "allow"}, default "refuse"
        What to do with an accepted row that repeats an existing relation (or an
        earlier accepted row): the same type, the same pair and overlapping dates
        (:func:`find_duplicates`). ``"refuse"`` raises :class:`ValidationError`
        naming both; ``"flag"`` adds it with "possible duplicate of rNNN" in its
        notes; ``"allow"`` adds it as it is.
    add_aliases : bool, default False
        Record the names as written of the accepted rows that the network did
        not resolve to the reviewer's id as aliases of that group
        (:func:`learned_aliases`): explicit, never done silently.
    events : DataFrame, optional
        The reviewed candidate events (``df.attrs["events"]`` of :func:`extract`):
        the accepted ones are added first (:func:`accept_events`), and the
        relation rows that cite a candidate event (a joint claim's tie, column
        ``events``) cite its new id. A relation row citing a candidate event that
        was not accepted is refused.

    Raises
    ------
    ValidationError
        If the accepted rows would make the network invalid (every problem listed),
        or repeat an existing relation with ``duplicates="refuse"``.
    ArgumentError
        If the table lacks the relations.csv columns or ``status``.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> text = "Lashkar-e-Islam allied with the Islamic Movement of Uzbekistan in May 2019."
    >>> c = militnet.extract(net, text, source="news-1")
    >>> c.loc[0, "status"] = "accepted"
    >>> new = militnet.accept_candidates(net, c, source={"id": "news-1", "title": "A report"})
    >>> len(new.relations) - len(net.relations)
    1
    >>> again = militnet.extract(net, "Jamaat-ul-Ahrar split from the TTP in August 2014.")
    >>> again["status"] = "accepted"   # afpak has this split already (r063)
    >>> militnet.accept_candidates(net, again)
    Traceback (most recent call last):
    ...
    militnet.ValidationError: accepted rows repeat existing relations
    1 error, 0 warnings
    error: candidates, row 2, column 'source': repeats relation r063 ... (value 'jua split ttp')
    """
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._core.model import Source

    needed = (
        "source",
        "target",
        "type",
        "start",
        "end",
        "confidence",
        "evidence",
        "sources",
        "notes",
        "status",
    )
    missing = [c for c in needed if c not in candidates.columns]
    if missing:
        raise ArgumentError(f"candidates table lacks column(s) {', '.join(missing)}")
    from militnet._algorithms.ends import apply_ends, end_rows, restore_cell

    status = candidates["status"].fillna("").astype(str).str.strip().str.lower()
    taken = candidates[status == "accepted"].map(restore_cell)
    if events is not None:
        net, id_map = accept_events(net, events, source=source, duplicates=duplicates)
        if "events" in taken.columns:
            line_of = {idx: i + 2 for i, idx in enumerate(candidates.index)}
            cells, notes = list(taken["events"].fillna("").astype(str)), None
            if "notes" in taken.columns:
                notes = list(taken["notes"].fillna("").astype(str))
            for i, (idx, cell) in enumerate(zip(taken.index, cells, strict=True)):
                out = []
                for e in (x.strip() for x in cell.split(";") if x.strip()):
                    if re.fullmatch(r"x\d+", e) and e not in id_map:
                        raise ArgumentError(
                            f"candidates row {line_of[idx]}: cites the candidate event {e}, "
                            "which is not accepted"
                        )
                    out.append(id_map.get(e, e))
                cells[i] = ";".join(out)
                if notes is not None:
                    notes[i] = re.sub(
                        r"\bcandidate event (x\d+)\b",
                        lambda m: f"event {id_map.get(m.group(1), m.group(1))}",
                        notes[i],
                    )
            taken = taken.assign(events=cells, **({"notes": notes} if notes is not None else {}))
    ends = end_rows(taken)  # rows of militnet.suggest_ends: an end for an existing relation
    rel, n_ended = apply_ends(net.relations, taken[ends])
    taken = taken[~ends]
    optional = [c for c in ("last_attested", "events") if c in taken.columns]
    nums = [int(m.group(1)) for m in (re.fullmatch(r"r(\d+)", str(i)) for i in rel.index) if m]
    width = max([len(str(i)) - 1 for i in rel.index if re.fullmatch(r"r\d+", str(i))] or [3])
    nxt = max(nums, default=0) + 1
    rows = []
    for k, (_, row) in enumerate(taken.iterrows()):
        rid = f"r{nxt + k:0{width}d}"
        rec = {c: ("" if pd.isna(row[c]) else str(row[c])) for c in (*needed[:-1], *optional)}
        rows.append(pd.Series(rec, name=rid))
    if not rows and not n_ended:
        return net  # (with the accepted events, if any)
    cols = [
        *rel.columns,
        *(c for c in optional if c not in rel.columns and any(r[c] for r in rows)),
    ]
    new_rel = pd.concat(
        [
            rel.reindex(columns=cols, fill_value=""),
            pd.DataFrame(rows).reindex(columns=cols, fill_value=""),
        ]
        if rows
        else [rel]
    )
    new_rel.index.name = "id"
    if duplicates not in ("refuse", "flag", "allow"):
        raise ArgumentError(f"duplicates must be 'refuse', 'flag' or 'allow', not {duplicates!r}")
    if rows and duplicates != "allow":
        from militnet._core.problems import Problem, ValidationReport

        added = new_rel.iloc[len(rel) :]
        dups = find_duplicates(rel, added)
        cand_line = {idx: i + 2 for i, idx in enumerate(candidates.index)}
        new_line = {
            str(rid): cand_line[idx] for rid, idx in zip(added.index, taken.index, strict=True)
        }
        if dups and duplicates == "refuse":
            what = {
                str(rid): f"{r['source']} {r['type']} {r['target']}" for rid, r in added.iterrows()
            }
            problems = [
                Problem(
                    "error",
                    "candidates",
                    new_line[new],
                    "source",
                    what[new],
                    f"repeats relation {old} (same pair, type and overlapping dates); "
                    "accept with duplicates='flag' or --allow-duplicates to add it anyway",
                )
                for new, old in dups
            ]
            raise ValidationError(
                ValidationReport(problems), header="accepted rows repeat existing relations"
            )
        for new, old in dups:
            note = str(new_rel.loc[new, "notes"])
            new_rel.loc[new, "notes"] = (
                note + "; " if note else ""
            ) + f"possible duplicate of {old}"
    groups = net.groups
    if add_aliases:
        groups = groups.copy()
        for gid, name in learned_aliases(net, candidates.map(restore_cell)):
            cell = str(groups.loc[gid, "aliases"] or "")
            groups.loc[gid, "aliases"] = f"{cell};{name}" if cell.strip() else name
    sources = net.sources
    if source is not None:
        src = source.to_dict() if isinstance(source, Source) else dict(source)
        sid = str(src.get("id", ""))
        if sid and sid not in sources.index:
            extra = pd.DataFrame(
                [{k: ("" if v is None else str(v)) for k, v in src.items() if k != "id"}],
                index=pd.Index([sid], name="id"),
            )
            sources = pd.concat([sources, extra.reindex(columns=sources.columns, fill_value="")])
    evidence = {"events": net.events, "event_actors": net.event_actors} if net.has_events else {}
    return Network(groups, new_rel, sources, metadata=net.metadata, **evidence)
