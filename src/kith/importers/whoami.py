"""Which address in a mail or calendar file is the user's, when kith does not know yet.

Mail and calendar imports tell the user's messages and meetings from other people's by
the user's own addresses (``ImportOptions.my_emails``). When none of them appears in the
file (none given yet, or a different account), the owner of a mailbox or calendar is
still easy to spot: their address is in most messages or meetings. Only items naming
two or more addresses count: one address alone may be the owner's (a note to self, an
event without guests) or someone else's (a calendar that does not list its owner). The
address found in the most of those is taken for the user's when it is in at least half
of them (and at least two), and in more of them than any other address. The report says
so and the address is saved as the user's (the service applies ``ParseResult.me``);
otherwise, if the user has given no address at all, the report says that kith could not
tell, and how to tell it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from kith.importers.base import ImportOptions, ProfileRecord
from kith.importers.collect import Collector

MIN_ITEMS = 2  # one message cannot tell its sender's address from its recipient's


@dataclass(frozen=True)
class AddressGuess:
    address: str
    found_in: int  # items naming this address
    items: int  # items naming two or more addresses


def guess_my_address(items: Iterable[Collection[str]]) -> AddressGuess | None:
    """Of the items with two or more addresses, the address in the most, if it is in at
    least half of them and in more than any other address; None when no address stands
    out (or fewer than two such items)."""
    counts: Counter[str] = Counter()
    total = 0
    for addresses in items:
        if len(set(addresses)) > 1:
            total += 1
            counts.update(set(addresses))
    if total < MIN_ITEMS:
        return None
    ranked = counts.most_common(2)
    address, found_in = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if found_in * 2 < total or found_in == runner_up:
        return None
    return AddressGuess(address, found_in, total)


def who_am_i(
    items: list[set[str]], options: ImportOptions, out: Collector, unit: str
) -> tuple[ImportOptions, ProfileRecord | None]:
    """The options to parse the file with, and the profile to save (the guessed address),
    given each item's addresses (lower case). ``unit`` names an item in notes
    ("messages", "meetings")."""
    named = [addresses for addresses in items if addresses]
    if not named or any(options.is_me(a) for addresses in named for a in addresses):
        return options, None
    guess = guess_my_address(named)
    known = "none of your addresses is in it" if options.my_emails else "you had not given it"
    if guess is None and options.my_emails:  # another account's file, or not listed
        return options, None
    if guess is None:
        out.warn(
            f"kith could not tell which address in this file is yours ({known}), so "
            f"your own address may show up as a person and who started the {unit} is "
            "unknown. Tell kith your address first (on the Settings page, or with kith "
            "import --my-email YOU@EXAMPLE.COM), then check the file again."
        )
        return options, None
    out.warn(
        f"kith took {guess.address} for your own address ({known}; it is in "
        f"{guess.found_in} of {guess.items} {unit}); importing saves it with your "
        "addresses. If it is not yours, give yours first (on the Settings page, or with "
        "kith import --my-email YOU@EXAMPLE.COM); a saved one is removed in Settings."
    )
    mine = replace(options, my_emails=options.my_emails | {guess.address})
    return mine, ProfileRecord(emails=(guess.address,))
