"""Forgiving, never-guessing lookup of group names.

Matching runs in stages, strictest first; the first stage that matches
anything decides. If it matches one group, that is the answer; if it matches
several, the name is ambiguous and :class:`AmbiguousNameError` lists them.

1. the id, exactly;
2. a name or alias after normalisation (:func:`normalize`): case,
   diacritics, punctuation and hyphens, and a leading "the" do not matter, in
   any script (Arabic, Persian, Urdu, Cyrillic... names resolve as typed);
3. the same with common transliteration variants folded: ``ee``/``i``,
   ``e``/``i``, ``u``/``a``, ``o``/``u``, ``y``/``i`` and doubled letters
   (Tehreek/Tehrik, Jundullah/Jundallah, Lashkar-e/Lashkar-i, Jaysh/Jaish);
4. the same with spaces removed (Jamaat-ul-Ahrar/Jamaatul Ahrar).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from militnet._core.errors import AmbiguousNameError, UnknownGroupError

if TYPE_CHECKING:
    from militnet._core.problems import Problem

__all__ = [
    "NameIndex",
    "did_you_mean",
    "lookalike_problems",
    "lookalike_reasons",
    "normalize",
    "search_table",
    "skeleton",
]

_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r" {2,}")
_VOWELS = str.maketrans({"e": "i", "y": "i", "o": "a", "u": "a"})
_REPEAT = re.compile(r"(.)\1+")
# ayn, hamza and quote marks vanish: Jamāʿat = Jamaat, Qa'ida = Qaida
_APOSTROPHES = re.compile("['`´‘’ʻʼʽʾʿ]")
# Arabic-script letters written differently in Arabic, Persian and Urdu: the
# Persian/Urdu kaf and yeh, alef maksura, Urdu heh forms; tatweel (kashida) vanishes.
_ARABIC_VARIANTS = {
    "ک": "ك",
    "ی": "ي",
    "ى": "ي",
    "ې": "ي",
    "ے": "ي",
    "ہ": "ه",
    "ھ": "ه",
    "ۀ": "ه",
    "ـ": "",
}
_ARABIC = str.maketrans(_ARABIC_VARIANTS)


@functools.lru_cache(maxsize=65536)
def _char_key(ch: str) -> str:
    """The normalised form of one character (what :func:`normalize` maps it to,
    before runs of spaces are collapsed)."""
    text = unicodedata.normalize("NFKD", ch)
    text = "".join(c for c in text if not _dropped(c))
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_ARABIC)
    text = "".join(c for c in text if not _dropped(c)).replace("&", " and ")
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text))


def _dropped(ch: str) -> bool:
    # combining marks (accents, Arabic harakat...) and format characters (zero-width
    # joiners, bidi controls, soft hyphen)
    return unicodedata.category(ch)[0] == "M" or unicodedata.category(ch) == "Cf"


def _finish(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, in any script.

    Compatibility decomposition (the K of NFKC: full-width and ligature forms
    become plain letters), Unicode case folding (``ß`` = ``ss``), combining marks
    and format characters removed (accents, Arabic vowel marks, zero-width and
    bidi controls), Arabic/Persian/Urdu letter variants folded; everything that
    is not a letter or digit of some script separates words. Computed character
    by character, so the HTML page can use the same table (:func:`search_table`).

    Examples
    --------
    >>> normalize("Tehrik-i-Taliban  Pakistan")
    'tehrik i taliban pakistan'
    >>> normalize("the Ḥaqqānī Network")
    'haqqani network'
    >>> normalize("Straße") == normalize("STRASSE")
    True
    >>> normalize("Исламское государство")
    'исламское государство'
    >>> normalize("تحریک طالبان پاکستان") == normalize("تحريك طالبان پاكستان")
    True
    """
    return _finish("".join(_char_key(c) for c in name))


def search_table(names: Iterable[str]) -> dict[str, Any]:
    """What the HTML page needs to fold a typed query exactly as :func:`normalize`
    does, generated here so the page never re-implements it.

    ``chars`` maps each character whose key differs from the page's fallback
    (letters and digits kept, marks and format characters dropped, anything else a
    separator) to its key, for the characters whose keys use only letters that
    occur in the keys of ``names`` (a query character outside them cannot match
    any of these names anyway). ``vowels`` is the vowel folding of :func:`skeleton`.
    """
    alphabet = set("aeiouy")
    for n in names:
        alphabet.update(normalize(n))
    chars = {c: k for c, k in _fold_table().items() if not k.strip() or set(k) - {" "} <= alphabet}
    return {"chars": chars, "vowels": {chr(a): b for a, b in _VOWELS.items()}}


@functools.cache
def _fold_table() -> dict[str, str]:
    """Every character whose key differs from the page's fallback, with its key."""
    out: dict[str, str] = {}
    special = set("&'`´‘’ʻʼʽʾʿ") | set(_ARABIC_VARIANTS)
    for i in range(0x110000):
        c = chr(i)
        cat = unicodedata.category(c)
        if cat in ("Cn", "Co", "Cs") or (cat[0] == "M" or cat == "Cf"):
            continue  # unassigned, private, surrogates; dropped (the fallback too)
        if (
            c not in special
            and unicodedata.is_normalized("NFKD", c)
            and (cat[0] not in "LN" or c.casefold() == c)
        ):
            continue  # a letter kept as it is, or a separator: the fallback gives the key
        key = _char_key(c)
        fallback = c if cat[0] in "LN" else " "
        if key != fallback:
            out[c] = key
    return out


#: Unicode "Bidi_Control" characters and zero-width characters that hide in names.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d"
    "\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
)


def _script(ch: str) -> str | None:
    """A coarse script of a letter, from its Unicode name (LATIN, CYRILLIC, ARABIC...)."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def lookalike_reasons(name: str) -> list[str]:
    """Why a name could be mistaken for another: invisible or bidi control
    characters, or letters from more than one script in one word.

    Examples
    --------
    >>> lookalike_reasons("Tali\u200bban")
    ['contains invisible or bidi control characters (U+200B)']
    >>> lookalike_reasons("Таliban")  # Cyrillic Т and а
    ['mixes scripts in one word (CYRILLIC, LATIN)']
    >>> lookalike_reasons("Lashkar-e-Taiba (لشکر طیبہ)")
    []
    """
    out: list[str] = []
    found = {c for c in name if c in _INVISIBLE or unicodedata.category(c) == "Cf"}
    if {_script(c) for c in name} <= {"ARABIC", None}:
        found.discard("\u200c")  # the zero-width non-joiner is spelling in Persian and Urdu
    hidden = sorted(found)
    if hidden:
        out.append(
            "contains invisible or bidi control characters ("
            + ", ".join(f"U+{ord(c):04X}" for c in hidden)
            + ")"
        )
    mixed: set[str] = set()
    for word in re.split(r"[\W_]+", name):
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            mixed |= scripts
    if mixed:
        out.append(f"mixes scripts in one word ({', '.join(sorted(mixed))})")
    return out


def lookalike_problems(tables: Mapping[str, Any]) -> list[Problem]:
    """Warnings for group ids, names and aliases that could pass for another name
    (see :func:`lookalike_reasons`)."""
    from militnet._core.problems import Problem

    g = tables.get("groups")
    if g is None:
        return []
    found: list[tuple[int, int, Problem]] = []
    cols = [c for c in ("id", "name", "aliases") if c in g.columns]
    for j, c in enumerate(cols):
        values = g.column(c)
        if "".join(values).isascii():  # plain ASCII cannot pass for another name
            continue
        for i, value in enumerate(values):
            if value.isascii():
                continue
            found.extend(
                (
                    i,
                    j,
                    Problem(
                        "warning", g.file, g.row_number(i), c, value, f"look-alike name: {reason}"
                    ),
                )
                for reason in lookalike_reasons(value)
            )
    return [p for _i, _j, p in sorted(found, key=lambda f: (f[0], f[1]))]


def skeleton(name: str) -> str:
    """:func:`normalize`, with transliteration variants folded.

    Examples
    --------
    >>> skeleton("Tehreek-e-Taliban") == skeleton("Tehrik-i-Taliban")
    True
    >>> skeleton("Jundullah") == skeleton("Jundallah")
    True
    """
    return _REPEAT.sub(r"\1", normalize(name).translate(_VOWELS))


_STAGES = (
    normalize,
    skeleton,
    lambda s: _REPEAT.sub(r"\1", skeleton(s).replace(" ", "")),
)


class NameIndex:
    """Index of group ids, names and aliases for :meth:`Network.resolve`."""

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        # entries: (id, canonical name, aliases)
        self._labels: dict[str, str] = {}
        self._stages: list[dict[str, set[str]]] = [defaultdict(set) for _ in _STAGES]
        self._all_names: dict[str, set[str]] = defaultdict(set)
        for gid, name, aliases in entries:
            self._labels[gid] = f"{name} ({gid})"
            for n in (gid, name, *aliases):
                for table, fold in zip(self._stages, _STAGES, strict=True):
                    key = fold(n)
                    if key:
                        table[key].add(gid)
                self._all_names[normalize(n)].add(gid)

    def candidates(self, name: str) -> list[str]:
        """Ids matching ``name`` at the first stage that matches (may be empty)."""
        if name in self._labels:
            return [name]
        for table, fold in zip(self._stages, _STAGES, strict=True):
            hits = table.get(fold(name))
            if hits:
                return sorted(hits)
        return []

    def resolve(self, name: str) -> str:
        if not isinstance(name, str) or not name.strip():
            raise UnknownGroupError(str(name))
        hits = self.candidates(name)
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise AmbiguousNameError(name, hits, [self._labels[h] for h in hits])
        raise UnknownGroupError(name, self.suggest(name))

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Close matches, as ``"Name (id)"`` labels."""
        close = difflib.get_close_matches(normalize(name), list(self._all_names), n=n, cutoff=0.6)
        out: list[str] = []
        for key in close:
            for gid in sorted(self._all_names[key]):
                label = self._labels[gid]
                if label not in out:
                    out.append(label)
        return out[:n]


def did_you_mean(
    value: str, known: Iterable[str], index: NameIndex | None = None, n: int = 3
) -> str:
    """A ``"; did you mean ...?"`` suffix for an unknown id (``""`` if nothing is close).

    An id of ``known`` that differs only in case or surrounding spaces comes
    first; then, with a group ``index``, the group whose name or alias the value
    is (``"TTP"`` → ``ttp``); then close spellings.

    Examples
    --------
    >>> did_you_mean("TTP ", ["ttp", "jua"])
    "; did you mean 'ttp'?"
    >>> did_you_mean("alliances", ["alliance", "pledge", "split"])
    "; did you mean 'alliance'?"
    >>> did_you_mean("zzz", ["ttp", "jua"])
    ''
    """
    ids = list(dict.fromkeys(known))
    text = value.strip()
    out: list[str] = [k for k in ids if k.casefold() == text.casefold()]
    if index is not None and not out and text:
        out = [h for h in index.candidates(text) if h in set(ids)]
    if not out and text:
        out = difflib.get_close_matches(text, ids, n=n, cutoff=0.75)
        if not out:
            folded = {k.casefold(): k for k in ids}
            out = [
                folded[c]
                for c in difflib.get_close_matches(text.casefold(), folded, n=n, cutoff=0.75)
            ]
    if not out:
        return ""
    return "; did you mean " + " or ".join(repr(k) for k in out[:n]) + "?"
