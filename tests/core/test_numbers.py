"""Whole numbers as people type them (kith.core.numbers)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kith.core.numbers import MAX_DIGITS, whole_number


def test_ascii_digits_are_a_whole_number_and_others_are_not() -> None:
    assert [whole_number(t) for t in ("7", " 42 ", "0012", "9" * MAX_DIGITS)] == [
        7,
        42,
        12,
        int("9" * MAX_DIGITS),
    ]
    # "²" and "١٢" pass str.isdigit; a number of 19 digits overflows a database integer
    assert [whole_number(t) for t in ("", "²", "١٢", "-3", "4.0", "1e3", "9" * 19)] == [None] * 7


@given(st.text())
def test_any_text_is_a_whole_number_or_none_never_an_error(text: str) -> None:
    number = whole_number(text)
    assert number is None or 0 <= number < 2**63
