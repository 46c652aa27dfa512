"""People: search and filter the list; add a person."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from kith.core.types import CIRCLES
from kith.errors import KithError
from kith.services import insights, matching, people
from kith.services.context import Ctx
from kith.web import charts, readmodels
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.facets import BANDS, Filters, coach_rows
from kith.web.forms import FieldErrors, PersonForm, person_create_from
from kith.web.pages.common import pager
from kith.web.render import redirect, render, render_cached, svg

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
MAX_INTERSECT = 500  # data filters combined with coach filters look at this many people


@router.get("/people", response_class=HTMLResponse)
def people_list(
    request: Request,
    ctx: CtxDep,
    q: str = "",
    tag: str = "",
    org: str = "",
    circle: str = "",
    band: str = "",
    due: str = "",
    dormant: str = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    filters = Filters(
        q=q.strip(),
        tag=tag.strip(),
        org=org.strip(),
        circle=circle if circle in CIRCLES else "",
        band=band if band in BANDS else "",
        due=bool(due),
        dormant=bool(dormant),
    )
    build = partial(list_view, ctx, filters, page)
    return render_cached(request, ctx, "people/list.html", (filters, page), build, section="people")


@router.get("/people/new", response_class=HTMLResponse)
def new_person(request: Request) -> Response:
    return render(request, "people/form.html", form_view(PersonForm(), {}), section="people")


@router.post("/people/new", dependencies=[CsrfDep])
def create_person(request: Request, ctx: CtxDep, form: Annotated[PersonForm, Form()]) -> Response:
    try:
        person = people.add_person(ctx, person_create_from(form))
    except FieldErrors as exc:
        return _again(request, form, exc.errors)
    except KithError as exc:
        rollback(ctx)
        return _again(request, form, {"name": str(exc)})
    return redirect(
        request,
        f"/people/{person.id}",
        f"Added {person.display_name}. Log your first touch below so kith learns your rhythm.",
    )


def _again(request: Request, form: PersonForm, errors: dict[str, str]) -> Response:
    view = form_view(form, errors)
    return render(request, "people/form.html", view, status=422, section="people")


def form_view(
    form: PersonForm, errors: dict[str, str], person_id: int | None = None
) -> dict[str, Any]:
    return {
        "title": "Edit person" if person_id else "Add a person",
        "form": form,
        "errors": errors,
        "person_id": person_id,
        "circles": [(c, c) for c in CIRCLES],
    }


def list_view(ctx: Ctx, f: Filters, page: int) -> dict[str, Any]:
    offset = (page - 1) * PAGE_SIZE
    view: dict[str, Any] = {
        "title": "People",
        "filters": f,
        "circles": [(c, c) for c in CIRCLES],
        "bands": [(b, b) for b in BANDS],
        "rows": [],
        "coach_rows": [],
    }
    if f.coach_filters:
        rows = coach_rows(ctx, f)
        if f.q:
            needle = f.q.lower()
            rows = [r for r in rows if needle in str(r.get("person", "")).lower()]
        if f.tag or f.org:
            ids = _data_filter_ids(ctx, f)
            rows = [r for r in rows if int(r["person_id"]) in ids]
        view.update(coach_rows=rows[offset : offset + PAGE_SIZE])
        total = len(rows)
    else:
        listing = people.list_people(
            ctx, search=f.q or None, tag=f.tag or None, org=f.org or None,
            limit=PAGE_SIZE, offset=offset,
        )  # fmt: skip
        spark = readmodels.weekly_touches(ctx, [p.person_id for p in listing.items])
        facets = insights.facets_by_id(ctx)
        view["rows"] = [
            {
                "p": p,
                "spark": svg(charts.sparkline(spark[p.person_id], f"spark-{p.person_id}")),
                # band, dormant and circle; none for archived people (they are not scored)
                "tie": facets.get(p.person_id),
            }
            for p in listing.items
        ]
        total = listing.total
    view.update(total=total, pager=_pager(f, page, total), duplicates=matching.open_count(ctx))
    return view


def _data_filter_ids(ctx: Ctx, f: Filters) -> set[int]:
    listing = people.list_people(ctx, tag=f.tag or None, org=f.org or None, limit=MAX_INTERSECT)
    return {p.person_id for p in listing.items}


def _pager(f: Filters, page: int, total: int) -> dict[str, Any]:
    params = {k: ("1" if v is True else str(v)) for k, v in vars(f).items() if v}
    return pager("/people", params, page, total, PAGE_SIZE)
