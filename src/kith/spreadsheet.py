"""CSV cells spreadsheets will not run as formulas, and the text they stand for.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``: CSV injection), so every CSV
kith writes puts a ``'`` before it, which they show as text. Reading such a file back,
``plain`` takes that ``'`` off again.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def plain(cell: str) -> str:
    """The text a neutralized cell stands for (``'+1 555 0100`` -> ``+1 555 0100``)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell
