"""Candidate evidence events from news text: claims of responsibility (joint
claims included), clashes between groups, pledges and denials, each with its
actors and their roles (``events.csv`` / ``event_actors.csv``, see
``docs/format.md``), for a reviewer to accept like candidate relations.

The groups are found, settled and flagged exactly as :func:`militnet.extract`
finds them (the same mentions, pronouns, leaders and context rules); the event
cues are short and listed here. A joint claim (two groups or more claiming one
act) also proposes the cooperative tie between them, citing the event: those
rows come with :func:`militnet.extract`'s table (cue ``joint claim``, column
``events``). See ``docs/extract.md``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from militnet._text.names import Mention

__all__ = ["EVENT_CANDIDATE_COLUMNS", "EVENT_CUES", "event_cues"]

#: Columns of the candidate events table (:func:`militnet.extract_events`).
EVENT_CANDIDATE_COLUMNS: tuple[str, ...] = (
    "event",
    "date",
    "kind",
    "actors",
    "summary",
    "sources",
    "confidence",
    "notes",
    "status",
    "cue",
    "date_text",
    "negated",
    "ambiguous",
    "evidence_start",
    "evidence_end",
)

_I = re.IGNORECASE

#: ``(kind, pattern)``: the event cues, most specific first.
EVENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "claim",
        re.compile(
            r"\b(?:jointly\s+)?(?:claim(?:ed|s|ing)?|accept(?:ed|s)?|t[ao]ok|took)\s+"
            r"(?:\w+\s+){0,2}?(?:responsibility|credit)\b|"
            r"\bresponsibility\s+(?:for\s+[^.;]{0,100}?\s+)?(?:was|were|has been|had been)\s+"
            r"(?:jointly\s+)?(?:claimed|accepted)\s+by\b|\bclaimed\s+(?:jointly\s+)?by\b|"
            # "jointly claimed the Peshawar bombing": a claim of a named act
            r"\b(?:jointly\s+)?claim(?:ed|s|ing)?\s+(?:the|a|an|last|this|that|their|its)\s+"
            r"(?:[\w'’-]+\s+){0,3}?(?:attacks?|bombings?|blasts?|assaults?|killings?|raids?|"
            r"ambush(?:es)?|explosions?|strikes?|shootings?|massacres?)\b",
            _I,
        ),
    ),
    (
        "clash",
        re.compile(
            r"\b(?:clash(?:ed|es|ing)?|fought|gunfights?|infighting|"
            r"fighting\s+between|battled?)\b",
            _I,
        ),
    ),
    (
        "pledge",
        re.compile(
            r"\b(?:pledg\w*|sw[oe]re?\w*|declar\w*|announc\w*|renew\w*|offer\w*)\s+"
            r"(?:\w+\s+){0,3}?(?:allegiance|bay['’`]?a[ht]?|bayat|loyalty|fealty|oath)"
            r"(?:\s*,[^,.;]{1,30},)?\s+(?:to|with)\b",
            _I,
        ),
    ),
    (
        "denial",
        re.compile(r"\b(?:den(?:y|ies|ied|ying)|rejected\s+(?:reports|claims))\b", _I),
    ),
)


def event_cues(sentence: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of the event cues of a sentence, non-overlapping, in
    text order (an earlier kind of :data:`EVENT_CUES` wins an overlap).

    Examples
    --------
    >>> [k for _, _, k in event_cues("The TTP and JuA jointly claimed responsibility.")]
    ['claim']
    >>> [k for _, _, k in event_cues("The Taliban clashed with IS-K; the TTP denied it.")]
    ['clash', 'denial']
    """
    import bisect

    taken: list[tuple[int, int, str]] = []
    starts: list[int] = []  # the taken spans, disjoint, sorted: one bisection a match
    ends: list[int] = []
    for kind, pat in EVENT_CUES:
        for m in pat.finditer(sentence):
            s, e = m.span()
            i = bisect.bisect_right(starts, s)
            if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
                continue
            starts.insert(i, s)
            ends.insert(i, e)
            taken.append((s, e, kind))
    return sorted(taken)


def summary(text: str, s0: int, s1: int, cs: int, ce: int, width: int = 300) -> str:
    """The sentence ``text[s0:s1]`` with its whitespace collapsed, cut to ``width``
    characters either side of the cue ``[cs, ce)`` when longer (with "..."): one
    event's summary never copies a whole long sentence (linear cost).

    Examples
    --------
    >>> summary("a  b " * 200 + "X", 0, 1001, 1000, 1001, width=8)
    '... b a b X'
    """
    lo, hi = max(s0, cs - width), min(s1, ce + width)
    body = " ".join(text[lo:hi].split())
    return ("... " if lo > s0 else "") + body + (" ..." if hi < s1 else "")


def _groups_of(ms: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in ms:
        if m.kind == "group" and m.label not in {o.label for o in out}:
            out.append(m)
    return out


def sentence_events(
    text: str,
    s0: int,
    s1: int,
    ms: list[Mention],
    dates: list[Any],
    confidence: str,
    why: str,
    source: str,
    chain: Any,
    is_object: Any = None,
) -> list[dict[str, Any]]:
    """The candidate events of one sentence ``text[s0:s1]`` with its group mentions
    ``ms`` (sorted, states included), dates and suggested confidence. ``chain`` is
    the coordination walker of the extractor (``X, Y and Z``); ``is_object(m)``
    tells a group that is the object of a preposition ("broke from the TTP and
    declared allegiance to IS": the TTP declared nothing), which never acts."""
    out: list[dict[str, Any]] = []
    named = [m for m in ms if m.kind == "group"]
    if not named:
        return out
    import bisect

    # "IS-K fighters clashed with ...": a group's fighters fight for it; a claim,
    # pledge or denial is the group's own, not its members'
    lists = {
        True: named,
        False: [m for m in named if not m.extra.get("qualifier")],
    }
    # mentions are disjoint and sorted: their starts and ends are sorted too, so the
    # mentions before and after a cue are found by bisection (linear in all)
    keys = {q: ([m.start for m in ms_], [m.end for m in ms_]) for q, ms_ in lists.items()}
    for cs, ce, kind in event_cues(text[s0:s1]):
        cs, ce = cs + s0, ce + s0
        groups = lists[kind == "clash"]
        starts, ends = keys[kind == "clash"]
        i = bisect.bisect_right(ends, cs)
        j = bisect.bisect_left(starts, ce)
        k = bisect.bisect_right(starts, ce + 120)
        before = groups[max(0, i - 1) : i]  # the nearest one is all that is read
        if before and kind != "clash" and is_object is not None and is_object(before[0]):
            before = []
        after = groups[j:k]
        base = max(0, i - 1)
        index_of = {id(m): base + n for n, m in enumerate(groups[base:k])}
        at = index_of.__getitem__  # position in ``groups`` of a nearby mention

        actors: list[tuple[Mention, str]] = []
        if kind == "claim":
            by = re.search(r"\bby\s*$", text[cs:ce])
            if by and after:
                claimants = _groups_of(chain(groups, at(id(after[0])), text, +1))
            elif before:
                claimants = _groups_of(chain(groups, at(id(before[-1])), text, -1))
            else:
                continue
            actors = [(m, "claimant") for m in claimants]
            # the attack's target: "responsibility for the attack on X"
            for m in after:
                gap = text[ce : m.start]
                if re.search(r"\b(?:on|against|targeting|targeted)\s+(?:the\s+)?$", gap) and (
                    m.label not in {a.label for a, _ in actors}
                ):
                    actors.append((m, "target"))
        elif kind == "clash":
            between = re.match(r"\s*(?:between|among)\b", text[ce:])
            if between and len(after) >= 2:
                sides = _groups_of(chain(groups, at(id(after[0])), text, +1))
            elif before and after:
                sides = _groups_of([before[-1], *chain(groups, at(id(after[0])), text, +1)])
            elif before:
                sides = _groups_of(chain(groups, at(id(before[-1])), text, -1))
            else:
                continue
            if len(sides) < 2:
                continue
            actors = [(m, "participant") for m in sides]
        elif kind == "pledge":
            if not before or not after:
                continue
            actors = [(before[-1], "signatory"), (after[0], "target")]
        else:  # denial
            if not before:
                continue
            actors = [(before[-1], "denier")]
            actors += [(m, "target") for m in _groups_of(after) if m.label != before[-1].label]
            if len(actors) < 2:
                continue
        if len({a.label for a, _ in actors}) < (1 if kind == "claim" else 2):
            continue
        d = _nearest_date(dates, cs, ce)
        ambiguous = any(not a.gid for a, _ in actors)
        notes = [f"cue '{text[cs:ce]}'"]
        notes += [f"{a.surface!r} -> {a.gid} by {a.rule}" for a, _ in actors if a.rule]
        notes += [
            f"{a.surface!r} is ambiguous: {', '.join(a.candidates)}" for a, _ in actors if not a.gid
        ]
        if why:
            notes.append(why)
        if d is None or not d.value:
            notes.append("no date in the sentence: give one before accepting")
        out.append(
            {
                "date": d.value if d is not None else "",
                "kind": kind,
                "actors": ";".join(f"{a.label}:{role}" for a, role in actors),
                "summary": summary(text, s0, s1, cs, ce),
                "sources": source,
                "confidence": confidence,
                "notes": "; ".join(notes),
                "status": "candidate",
                "cue": text[cs:ce],
                "date_text": d.text if d is not None else "",
                "negated": False,
                "ambiguous": ambiguous,
                "evidence_start": s0,
                "evidence_end": s1,
                "_claimants": [a for a, r in actors if r == "claimant"],
                "_cs": cs,
                "_ce": ce,
            }
        )
    return out


def _nearest_date(dates: list[Any], cs: int, ce: int) -> Any:
    best, best_d = None, None
    for d in dates:
        dist = d.start - ce if d.start >= ce else cs - d.end
        if best_d is None or dist < best_d:
            best, best_d = d, dist
    return best


def parse_actors(cell: str) -> list[tuple[str, str]]:
    """``[(group, role)]`` of an ``actors`` cell (``gid:role;gid:role``).

    Examples
    --------
    >>> parse_actors("ttp:claimant; jua:claimant")
    [('ttp', 'claimant'), ('jua', 'claimant')]
    """
    out = []
    for part in str(cell or "").split(";"):
        if part.strip():
            gid, _, role = part.strip().rpartition(":")
            out.append((gid.strip(), role.strip()))
    return out


def events_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
        columns=list(EVENT_CANDIDATE_COLUMNS),
    )
