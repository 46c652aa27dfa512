"""One person: "How are we, and what do I not know yet?" Plus edit and archive."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from kith.core.types import CIRCLES
from kith.errors import KithError, UsageError
from kith.models import Person
from kith.schemas.interactions import InteractionRead
from kith.schemas.people import PersonRead
from kith.services import insights, interactions, network, people
from kith.services.context import Ctx
from kith.web import charts, readmodels
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.forms import FieldErrors, LogForm, PersonForm, person_option, person_update_from
from kith.web.pages.common import quick_log_context
from kith.web.pages.people import form_view
from kith.web.render import redirect, render, render_cached, svg

router = APIRouter(include_in_schema=False)

PersonId = Annotated[int, Path(ge=1, le=2_147_483_647)]
LEDGER_INTENTS = ("give", "connect", "ask", "thanks")


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, ctx: CtxDep, person_id: PersonId) -> Response:
    person = people.resolve_person(ctx, str(person_id))
    build = partial(person_view, ctx, person)
    return render_cached(request, ctx, "people/detail.html", (person.id,), build, section="people")


@router.get("/people/{person_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, ctx: CtxDep, person_id: PersonId) -> Response:
    read = people.read_person(ctx, people.resolve_person(ctx, str(person_id)))
    view = form_view(form_from(read), {}, read.person_id)
    return render(request, "people/form.html", view, section="people")


@router.post("/people/{person_id}/edit", dependencies=[CsrfDep])
def edit_post(
    request: Request, ctx: CtxDep, person_id: PersonId, form: Annotated[PersonForm, Form()]
) -> Response:
    person = people.resolve_person(ctx, str(person_id))
    try:
        save_edit(ctx, person, form)
    except FieldErrors as exc:
        return _again(request, form, exc.errors, person_id)
    except KithError as exc:
        rollback(ctx)
        return _again(request, form, {"name": str(exc)}, person_id)
    return redirect(request, f"/people/{person_id}", f"Saved {person.display_name}.")


@router.post("/people/{person_id}/archive", dependencies=[CsrfDep])
def archive(request: Request, ctx: CtxDep, person_id: PersonId) -> Response:
    person = people.resolve_person(ctx, str(person_id), include_archived=True)
    people.archive_person(ctx, person, archived=not person.archived)
    if person.archived:
        text = f"Archived {person.display_name}: hidden from plans and lists, nothing deleted."
    else:
        text = f"Restored {person.display_name}."
    return redirect(request, f"/people/{person_id}", text)


def _again(request: Request, form: PersonForm, errors: dict[str, str], pid: int) -> Response:
    view = form_view(form, errors, pid)
    return render(request, "people/form.html", view, status=422, section="people")


def save_edit(ctx: Ctx, person: Person, form: PersonForm) -> None:
    read = people.read_person(ctx, person)
    people.edit_person(ctx, person, person_update_from(form, read.tags))
    current = next((p for p in read.positions if p.current), None)
    org, title = form.org.strip(), form.title.strip() or None
    if org and (current is None or (current.org, current.title) != (org, title)):
        network.add_position(ctx, person, org=org, title=title)


def form_from(p: PersonRead) -> PersonForm:
    current = next((pos for pos in p.positions if pos.current), None)
    return PersonForm(
        name=p.person,
        emails=", ".join(p.emails),
        phones=", ".join(p.phones),
        urls=", ".join(p.urls),
        org=current.org if current else "",
        title=(current.title or "") if current else "",
        tags=", ".join(p.tags),
        location=p.location or "",
        how_met=p.how_met or "",
        met_on=p.met_on.isoformat() if p.met_on else "",
        circle=p.circle_pin if p.circle_pin in CIRCLES else "",
        cadence_days=str(p.cadence_days or ""),
        closeness=str(p.closeness or ""),
        kin="1" if p.kin else "",
        do_not_contact="1" if p.do_not_contact else "",
        notes=p.notes or "",
    )


def person_view(ctx: Ctx, person: Person) -> dict[str, Any]:
    read = people.read_person(ctx, person)
    log = interactions.timeline(ctx, person.id, limit=100)
    ties = contact_ties(ctx, read)
    extras = insights.person_extras(ctx, person.id)
    weekly = readmodels.weekly_touches(ctx, [person.id])[person.id]
    form = LogForm(
        person=person_option(read.person, read.person_id),
        on=ctx.today().isoformat(),
        next=f"/people/{read.person_id}",
    )
    return {
        **quick_log_context(ctx, form),
        "title": read.person,
        "p": read,
        "events": timeline_events(log, read),
        "ledger": [it for it in log if it.intent in LEDGER_INTENTS],
        "ties": ties,
        "tie_chart": svg(charts.tie_bars(ties["components"], ties["band"], ties["score"]))
        if ties
        else None,
        "balance_chart": svg(charts.give_ask_bar(ties["gives"], ties["asks"])) if ties else None,
        "extras": extras or None,
        "spark": svg(charts.sparkline(weekly, "spark-person")),
        "weekly": weekly,
    }


def contact_ties(ctx: Ctx, read: PersonRead) -> Any:
    """Tie strength, for active contacts only (you and archived people are not scored)."""
    if read.is_me or read.archived:
        return None
    try:
        return insights.ties(ctx, read.person_id)
    except UsageError:
        return None


def timeline_events(log: list[InteractionRead], p: PersonRead) -> list[dict[str, Any]]:
    """Interactions and career changes in one dated list, newest first."""
    events: list[dict[str, Any]] = [{"kind": "touch", "on": it.on, "it": it} for it in log]
    for pos in p.positions:
        where = f"{pos.title} at {pos.org}" if pos.title else pos.org
        if pos.started_on:
            events.append({"kind": "career", "on": pos.started_on, "text": f"Started as {where}"})
        if pos.ended_on:
            events.append({"kind": "career", "on": pos.ended_on, "text": f"Left {pos.org}"})
    return sorted(events, key=lambda e: e["on"] or date.min, reverse=True)
