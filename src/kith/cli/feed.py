"""kith feed: the calendar feed's secret address (show, create, rotate, off)."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.config import Settings
from kith.errors import UsageError
from kith.services import calendar_feed
from kith.services.calendar_feed import FeedStatus

app = typer.Typer(
    help="The calendar feed: due touches and reminders at a secret address your calendar "
    "app subscribes to (served by `kith serve`).",
    no_args_is_help=True,
)

BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="Where calendar apps reach `kith serve`, e.g. http://192.168.1.20:8765 "
        "(default: http://HOST:PORT from the settings).",
    ),
]


@app.command("show")
def show(
    ctx: typer.Context, base_url: BaseUrlOpt = None, fmt: FormatOpt = OutputFormat.table
) -> None:
    """Show whether the feed is on, and its address."""
    rt = runtime(ctx)
    with rt.session() as c:
        feed = calendar_feed.feed_status(c)
    _report(feed, _base(rt.settings, base_url), fmt, "")


@app.command("create")
def create(
    ctx: typer.Context, base_url: BaseUrlOpt = None, fmt: FormatOpt = OutputFormat.table
) -> None:
    """Turn the feed on and print its address (an existing feed is kept as it is)."""
    rt = runtime(ctx)
    with rt.session() as c:
        feed, created = calendar_feed.create_feed(c)
    note = "Calendar feed created." if created else "The calendar feed was already on."
    _report(feed, _base(rt.settings, base_url), fmt, note)


@app.command("rotate")
def rotate(
    ctx: typer.Context, base_url: BaseUrlOpt = None, fmt: FormatOpt = OutputFormat.table
) -> None:
    """Give the feed a new address; the old one stops working at once."""
    rt = runtime(ctx)
    with rt.session() as c:
        feed = calendar_feed.rotate_feed(c)
    note = "New address made; the old one no longer works. Subscribe again with this one."
    _report(feed, _base(rt.settings, base_url), fmt, note)


@app.command("off")
def off(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """Turn the feed off; its address stops working."""
    with runtime(ctx).session() as c:
        was_on = calendar_feed.turn_off_feed(c)
    note = (
        "Calendar feed turned off: its address no longer works."
        if was_on
        else "The calendar feed was already off."
    )
    _report(FeedStatus(enabled=False), "", fmt, note)


def _base(settings: Settings, given: str | None) -> str:
    if given:
        if not given.lower().startswith(("http://", "https://")):
            raise UsageError(
                f"--base-url '{given}' is not a web address.",
                hint="Use the address calendar apps open, e.g. http://192.168.1.20:8765.",
            )
        return given.rstrip("/")
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}"


def _report(feed: FeedStatus, base: str, fmt: OutputFormat, note: str) -> None:
    url = f"{base}{feed.path}" if feed.path else None
    data = {**feed.as_dict(), "url": url}
    if fmt is not OutputFormat.table:
        emit(data, fmt, rows=[data], columns=list(data))
        return
    if note:
        typer.echo(note)
    if not feed.enabled:
        if not note:
            typer.echo("The calendar feed is off. Turn it on with `kith feed create`.")
        return
    typer.echo(f"Token: {feed.token}\nPath:  {feed.path}\nURL:   {url}")
    typer.echo(
        'Subscribe to this URL in your calendar app ("Subscribe to calendar" / "From URL") '
        "while `kith serve` runs. Anyone with it can read the names of the people you are due "
        "to contact; `kith feed rotate` makes a new one."
    )
