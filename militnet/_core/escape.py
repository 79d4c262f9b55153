"""One escaping function per target format, for text that comes from data.

- :func:`md_escape`: a Markdown cell or line that renders as the text itself
  (no markup, no inline HTML, no links or images) under CommonMark and
  Python-Markdown;
- :func:`neutralise_cell` / :func:`restore_cell`: a CSV cell meant for people
  (review files, tables) that no spreadsheet evaluates as a formula, and back;
- :func:`terminal_safe`: text for a terminal with no raw control characters
  (escape sequences cannot recolour, move the cursor, retitle or hide text).

Dataset files written by ``Network.save`` use none of these: they are data and
stay byte for byte what was loaded.
"""

from __future__ import annotations

import re

__all__ = ["md_escape", "neutralise_cell", "restore_cell", "terminal_safe"]

_MD_PUNCT = "|*_[]`#!"


def md_escape(text: object) -> str:
    """Text that renders as itself, never as markup, under CommonMark and
    Python-Markdown: ``& < >`` become HTML entities (Python-Markdown has no
    backslash escape for ``<``), Markdown punctuation is backslash-escaped, line
    breaks become spaces.

    Examples
    --------
    >>> print(md_escape("<img src=x onerror=alert(1)> [a](b) *c* `d` a|b"))
    &lt;img src=x onerror=alert(1)&gt; \\[a\\](b) \\*c\\* \\`d\\` a\\|b
    """
    out = str(text).replace("\\", "\\\\")
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in _MD_PUNCT:
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.splitlines())


#: What a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _formula_like(text: str) -> bool:
    """Begins (after any apostrophes) with a formula character."""
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise_cell(text: str) -> str:
    """A CSV cell that no spreadsheet evaluates: a leading apostrophe before a cell
    that begins with ``= + - @``, tab or CR, unless it is a plain number. A cell
    that already begins with apostrophes before such a character gets one more,
    so :func:`restore_cell` gives back exactly the original.

    Examples
    --------
    >>> print(neutralise_cell("=1+2"), neutralise_cell("@SUM(A1)"), neutralise_cell("-1"))
    '=1+2 '@SUM(A1) -1
    >>> all(restore_cell(neutralise_cell(s)) == s for s in ["=a", "'=a", "''+b", "-1", "x"])
    True
    """
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    if text.startswith("'") and _formula_like(text):
        return "'" + text
    return text


def restore_cell(value: object) -> object:
    """Undo :func:`neutralise_cell` on a cell read back from a review CSV (other
    values are returned as they are)."""
    if isinstance(value, str) and value.startswith("'") and _formula_like(value):
        return value[1:]
    return value


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text with every C0 and C1 control character except line feed and tab
    written as a visible ``\\u001b``-style escape, so nothing from data can drive
    the terminal (ANSI escape sequences, carriage-return overwrites, bells).

    Examples
    --------
    >>> terminal_safe("a\\x1b[31mred\\x07\\tb\\n")
    'a\\\\u001b[31mred\\\\u0007\\tb\\n'
    """
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
