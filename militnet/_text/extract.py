"""Candidate relations from news text, for a reviewer to accept or reject.

:func:`extract` reads an article, finds the groups it names (with the
network's own name matching; ambiguous names are listed, never guessed), the
relation cues between them, the dates and the hedges, and returns one row per
candidate relation in the ``relations.csv`` columns plus review columns.
:func:`accept_candidates` adds the rows a reviewer marked ``accepted`` to a
network, through the same validation as any dataset. See ``docs/extract.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ArgumentError, MissingDependencyError
from militnet._core.schema import RELATION_REVIEW_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._text.names import Mention

__all__ = ["CANDIDATE_COLUMNS", "accept_candidates", "extract"]

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
    r"^\)?\s*(?:fighters|militants|commanders|members|factions?|defectors|"
    r"cadres|activists|leaders?|loyalists|"
    r"insurgents)\b|^-(?:linked|backed|affiliated|allied|inspired|aligned)\b",
    re.I,
)
_PART_OF = re.compile(
    r"\b(?:a|one|another)\s+(?:faction|wing|cell|branch|splinter group)\s+of"
    r"\b[^,.;]{0,40}$",
    re.I,
)
# a group right after a preposition is an object ("broke from the Pakistani Taliban"),
# not the subject of a cue after it
_OBJECT = re.compile(
    r"\b(?:from|of|with|to|against|by|for|on|into|toward|towards|behind)"
    r"\s+(?:the\s+|an?\s+|its\s+|their\s+)?$",
    re.I,
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
    r"The\s+(?:[a-z-]+\s+){0,2}?(?:group|outfit|organi[sz]ation|movement|"
    r"faction|network)\b)"
)
# what may come before a sentence's grammatical subject: "On August 17, the ..."
_BEFORE_SUBJECT = re.compile(
    r"^\W*(?:(?:On|In|By|Since|After|Before|Last|Earlier|Later)\b"
    r"[^,.;]{1,40},\s*)?(?:the\s+)?$",
    re.I,
)


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
        left_k = by_end[bisect.bisect_left(by_end, (end, -1))][1]
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
    left_k, right_k = _nearest(ms, cs, ce, reach, index)
    blocked = False
    if left_k is not None and direction != "rev":
        lm = ms[left_k]
        if _REL_CLAUSE.match(text[lm.end : cs]) or _OBJECT.search(
            text[max(0, lm.start - 30) : lm.start]
        ):
            left_k, blocked = None, True
    right = _dedupe(_chain(ms, right_k, text, +1)) if right_k is not None else []
    left = _dedupe(_chain(ms, left_k, text, -1)) if left_k is not None else []
    between = re.match(r"\s*(?:of|between|among)\b", text[ce:], re.I)
    # "clashes between X and Y" relates X and Y; "[X ... with Z but] involved in
    # groups like X and Y" does not (its subject is elsewhere)
    if direction == "sym" and len(right) >= 2 and (between or (left_k is None and not blocked)):
        return [(a, b) for i, a in enumerate(right) for b in right[i + 1 :]]
    if direction == "sym" and len(left) >= 2 and not right:
        return [(a, b) for i, a in enumerate(left[::-1]) for b in left[::-1][i + 1 :]]
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


def _date_for(dates: list[Any], cs: int, ce: int, text: str) -> Any:
    """The date expression of the sentence nearest the cue, if any (dates inside a
    "since ..." clause describe something else and are skipped)."""
    best, best_d = None, None
    for d in dates:
        clause = text[max(0, d.start - 60) : d.start]
        clause = re.split(r"[,;:(]", clause)[-1]
        if re.search(r"\bsince\b", clause, re.I):
            continue
        dist = d.start - ce if d.start >= ce else cs - d.end
        if best_d is None or dist < best_d:
            best, best_d = d, dist
    return best


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
    from militnet._text.cues import negation

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
    neg = negation(text[max(s0, cs - 25) : hi])
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
            "evidence": " ".join(text[s0:end].split()),
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
    from militnet._text.cues import find_cues, hedges, state_mentions

    if isinstance(net, str) and not isinstance(text, str):  # the 0.1 order: (text, net)
        import warnings

        warnings.warn(
            "militnet.extract(text, net) is deprecated since militnet 0.2 and will be "
            "removed in 0.3; pass the network first: militnet.extract(net, text)",
            DeprecationWarning,
            stacklevel=2,
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
        all_mentions.extend(groups)
        groups = [m for m in groups if not _FORMER.search(text[max(s0, m.start - 25) : m.start])]
        for m in groups:
            m.extra["qualifier"] = bool(
                _MEMBERS.match(text[m.end : m.end + 20])
                or _PART_OF.search(text[max(s0, m.start - 80) : m.start])
            )
        apposition(groups, text)
        carried = _carry_subject(subject, text, s0, groups)
        if carried is not None:
            groups = [carried, *groups]
        subject = _subject(groups, text, s0)
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
        ms = sorted(
            groups + [Mention(a, b, t, "state") for a, b, t in states], key=lambda m: m.start
        )
        if not ms:
            continue
        dates = [
            d.__class__(d.start + s0, d.end + s0, d.text, d.value, d.relative, d.note)
            for d in find_dates(sentence, pub)
        ]
        confidence, why = hedges(sentence)
        cued_in = _Sentence(text, s0, s1, dates, confidence, why, source or "", set())
        index = _Index(ms)  # once per sentence, not once per cue
        for cs, ce, cue in find_cues(sentence):
            cs, ce = cs + s0, ce + s0
            pairs = _pairs(ms, cs, ce, cue.direction, text, index) if len(ms) >= 2 else []
            for a, b in pairs:
                rows.extend(_row(cued_in, a, b, cs, ce, cue, cued_in.end))
            if not pairs and cue.direction != "rev" and ms[-1].start < ce:
                # no group after the cue: its groups may be listed in the next sentence
                slot = Mention(ce, ce, "", "group")
                pending.extend(
                    (a, cs, ce, cue, cued_in)
                    for a, _ in _pairs([*ms, slot], cs, ce, cue.direction, text, index)
                    if a.kind == "group"
                )
    df = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
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


def accept_candidates(net: Network, candidates: pd.DataFrame, *, source: Any = None) -> Network:
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

    Raises
    ------
    ValidationError
        If the accepted rows would make the network invalid (every problem listed).
    ArgumentError
        If the table lacks the relations.csv columns or ``status``.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> text = "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014."
    >>> c = militnet.extract(net, text, source="news-1")
    >>> c.loc[0, "status"] = "accepted"
    >>> new = militnet.accept_candidates(net, c, source={"id": "news-1", "title": "A report"})
    >>> len(new.relations) - len(net.relations)
    1
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
        return net
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
    return Network(net.groups, new_rel, sources, metadata=net.metadata, **evidence)
