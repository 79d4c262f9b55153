"""Forgiving, never-guessing lookup of group names.

Matching runs in stages, strictest first; the first stage that matches
anything decides. If it matches one group, that is the answer; if it matches
several, the name is ambiguous and :class:`AmbiguousNameError` lists them.

1. the id, exactly;
2. a name or alias after normalisation: case, diacritics, punctuation and
   hyphens, and a leading "the" do not matter;
3. the same with common transliteration variants folded: ``ee``/``i``,
   ``e``/``i``, ``u``/``a``, ``o``/``u``, ``y``/``i`` and doubled letters
   (Tehreek/Tehrik, Jundullah/Jundallah, Lashkar-e/Lashkar-i, Jaysh/Jaish);
4. the same with spaces removed (Jamaat-ul-Ahrar/Jamaatul Ahrar).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from militnet._errors import AmbiguousNameError, UnknownGroupError

__all__ = ["NameIndex", "normalize", "skeleton"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = str.maketrans({"e": "i", "y": "i", "o": "a", "u": "a"})
_REPEAT = re.compile(r"(.)\1+")
# ayn, hamza and quote marks vanish: Jamāʿat = Jamaat, Qa'ida = Qaida
_APOSTROPHES = re.compile("['`´‘’ʻʼʽʾʿ]")


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name.

    Examples
    --------
    >>> normalize("Tehrik-i-Taliban  Pakistan")
    'tehrik i taliban pakistan'
    >>> normalize("the Ḥaqqānī Network")
    'haqqani network'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _NON_ALNUM.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


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
        close = difflib.get_close_matches(normalize(name), list(self._all_names), n=n,
                                          cutoff=0.6)
        out: list[str] = []
        for key in close:
            for gid in sorted(self._all_names[key]):
                label = self._labels[gid]
                if label not in out:
                    out.append(label)
        return out[:n]
