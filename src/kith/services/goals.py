"""Goals (job search, habit targets) and reminders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import Goal, Person, Reminder
from kith.schemas.groups import GoalRead, ReminderRead
from kith.services.context import Ctx

HABIT_KINDS = ("touches_per_week", "new_people_per_month")


def _clean(values: Sequence[str]) -> list[str]:
    return [" ".join(v.split()) for v in values if v.strip()]


def start_job_search(
    ctx: Ctx,
    *,
    orgs: Sequence[str] = (),
    roles: Sequence[str] = (),
    industries: Sequence[str] = (),
    started_on: date | None = None,
) -> Goal:
    if active_job_search(ctx) is not None:
        raise ConflictError(
            "A job search is already active.",
            hint="Mark it landed with `kith goals landed` before starting another.",
        )
    goal = Goal(
        owner_id=ctx.owner_id,
        kind="job_search",
        orgs=_clean(orgs),
        roles=_clean(roles),
        industries=_clean(industries),
        started_on=started_on or ctx.today(),
        created_at=ctx.now(),
    )
    ctx.session.add(goal)
    ctx.session.flush()
    return goal


def active_job_search(ctx: Ctx) -> Goal | None:
    return ctx.session.scalar(
        select(Goal)
        .where(Goal.owner_id == ctx.owner_id, Goal.kind == "job_search", Goal.landed_on.is_(None))
        .order_by(Goal.id.desc())
    )


def land(ctx: Ctx, *, on: date | None = None, org: str | None = None) -> Goal:
    goal = active_job_search(ctx)
    if goal is None:
        raise NotFoundError(
            "There is no active job search to mark as landed.",
            hint="Start one with `kith goals job-search`.",
        )
    when = on or ctx.today()
    if goal.started_on and when < goal.started_on:
        raise UsageError(f"--on {when} is before the search started ({goal.started_on}).")
    goal.landed_on = when
    goal.landed_org = org
    ctx.session.flush()
    return goal


def set_habit(ctx: Ctx, kind: str, target: int) -> Goal:
    if kind not in HABIT_KINDS:
        raise UsageError(f"Unknown habit '{kind}': choose one of {', '.join(HABIT_KINDS)}.")
    if target < 1:
        raise UsageError(f"Invalid target {target}: use a positive number.")
    goal = ctx.session.scalar(select(Goal).where(Goal.owner_id == ctx.owner_id, Goal.kind == kind))
    if goal is None:
        goal = Goal(
            owner_id=ctx.owner_id,
            kind=kind,
            orgs=[],
            roles=[],
            industries=[],
            started_on=ctx.today(),
            created_at=ctx.now(),
        )
        ctx.session.add(goal)
    goal.target = target
    ctx.session.flush()
    return goal


def list_goals(ctx: Ctx) -> list[GoalRead]:
    goals = ctx.session.scalars(select(Goal).where(Goal.owner_id == ctx.owner_id).order_by(Goal.id))
    return [read_goal(g) for g in goals]


def read_goal(g: Goal) -> GoalRead:
    return GoalRead(
        id=g.id,
        kind=g.kind,
        orgs=list(g.orgs or []),
        roles=list(g.roles or []),
        industries=list(g.industries or []),
        started_on=g.started_on,
        landed_on=g.landed_on,
        landed_org=g.landed_org,
        target=g.target,
        active=g.kind != "job_search" or g.landed_on is None,
    )


def add_reminder(ctx: Ctx, person: Person, due_on: date, note: str = "") -> Reminder:
    reminder = Reminder(
        owner_id=ctx.owner_id, person_id=person.id, due_on=due_on, note=note, created_at=ctx.now()
    )
    ctx.session.add(reminder)
    ctx.session.flush()
    return reminder


def list_reminders(ctx: Ctx, *, include_done: bool = False) -> list[ReminderRead]:
    query = (
        select(Reminder, Person)
        .join(Person, Person.id == Reminder.person_id)
        .where(Reminder.owner_id == ctx.owner_id)
        .order_by(Reminder.due_on, Reminder.id)
    )
    if not include_done:
        query = query.where(Reminder.done_at.is_(None))
    return [
        ReminderRead(
            id=r.id,
            person=p.display_name,
            person_id=p.id,
            due_on=r.due_on,
            note=r.note,
            done=r.done_at is not None,
        )
        for r, p in ctx.session.execute(query).all()
    ]


def complete_reminder(ctx: Ctx, reminder_id: int) -> Reminder:
    reminder = ctx.session.scalar(
        select(Reminder).where(Reminder.owner_id == ctx.owner_id, Reminder.id == reminder_id)
    )
    if reminder is None:
        raise NotFoundError(
            f"No reminder with id {reminder_id}.", hint="List them with `kith reminders list`."
        )
    reminder.done_at = ctx.now()
    ctx.session.flush()
    return reminder
