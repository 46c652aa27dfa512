"""CSV cells kept from running as formulas, and read back as the text they stand for."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from kith.spreadsheet import neutralize, plain


@given(st.text())
def test_a_neutralized_cell_reads_back_as_written(text: str) -> None:
    assume(not text.startswith("'"))  # a cell that starts with ' is not one kith wrote
    assert plain(neutralize(text)) == text


def test_only_the_apostrophe_kith_adds_is_taken_off() -> None:
    assert plain("'+1 555 0100") == "+1 555 0100"
    assert plain("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert plain("'tis the season") == "'tis the season"
    assert plain("O'Brien") == "O'Brien"
