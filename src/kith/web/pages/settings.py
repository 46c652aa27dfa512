"""Settings: weekly budget, your own emails, the default rhythm of each circle, and the
calendar feed (its buttons live in ``kith.web.pages.feed``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict

from kith.errors import UsageError
from kith.services import accounts, api_tokens
from kith.services.contacts import normalize_email
from kith.services.context import Ctx
from kith.services.owners import get_owner
from kith.services.preferences import (
    BUDGET_RANGE,
    CADENCE_RANGE,
    CIRCLES,
    preferences,
    update_preferences,
)
from kith.web.auth import SESSION_COOKIE, signed_in
from kith.web.deps import CsrfDep, CtxDep
from kith.web.forms import FieldErrors, parse_int, split_list
from kith.web.pages.feed import feed_view
from kith.web.render import redirect, render

router = APIRouter(include_in_schema=False)


class SettingsForm(BaseModel):
    model_config = ConfigDict(extra="allow")
    weekly_budget: str = ""
    my_emails: str = ""


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, ctx: CtxDep) -> Response:
    view = settings_view(request, ctx, current_form(ctx), {})
    return render(request, "settings.html", view, section="settings")


@router.post("/settings", dependencies=[CsrfDep])
def save(request: Request, ctx: CtxDep, form: Annotated[SettingsForm, Form()]) -> Response:
    try:
        save_settings(ctx, form)
    except FieldErrors as exc:
        view = settings_view(request, ctx, form, exc.errors)
        return render(request, "settings.html", view, status=422, section="settings")
    return redirect(request, "/settings", "Settings saved.")


def current_form(ctx: Ctx) -> SettingsForm:
    mine = preferences(ctx)
    values = {f"cadence_{c}": str(d) for c, d in mine.cadence_days.items()}
    return SettingsForm(
        weekly_budget=str(mine.weekly_budget), my_emails=", ".join(mine.my_emails), **values
    )


def save_settings(ctx: Ctx, form: SettingsForm) -> None:
    """The form's fields, each checked with a message next to it; then saved."""
    errors: dict[str, str] = {}
    budget = parse_int(form.weekly_budget, "weekly_budget", *BUDGET_RANGE, errors)
    emails = split_list(form.my_emails)
    for email in emails:
        try:
            normalize_email(email, "email")
        except UsageError:
            errors["my_emails"] = f"“{email}” does not look like an email: use name@example.org."
    extra = form.model_extra or {}
    cadences = {}
    for circle in CIRCLES:
        name = f"cadence_{circle}"
        days = parse_int(str(extra.get(name, "")), name, *CADENCE_RANGE, errors)
        if days is not None:
            cadences[circle] = days
    if budget is None and "weekly_budget" not in errors:
        errors["weekly_budget"] = "How many touches a week fit your life? Use 1 to 100."
    if errors:
        raise FieldErrors(errors)
    update_preferences(ctx, weekly_budget=budget, my_emails=emails, cadence_days=cadences)


def settings_view(
    request: Request, ctx: Ctx, form: SettingsForm, errors: dict[str, str]
) -> dict[str, Any]:
    extra = form.model_extra or {}
    circles = [
        {"name": f"cadence_{c}", "label": text, "value": extra.get(f"cadence_{c}", "")}
        for c, text in CIRCLES.items()
    ]
    return {
        "title": "Settings",
        "form": form,
        "errors": errors,
        "circles": circles,
        "feed": feed_view(request, ctx),
        "password_errors": {},
        "delete_errors": {},
        "tokens": tokens_view(request, ctx),
        "token_errors": {},
        "token_name": "",
        "new_token": None,
    }


def tokens_view(request: Request, ctx: Ctx) -> list[dict[str, Any]]:
    """The member's API tokens for the page (none outside server mode: no login there;
    made and revoked in ``kith.web.pages.tokens``)."""
    if getattr(request.state, "account", None) is None:
        return []
    return [
        {
            "id": t.id,
            "name": t.name,
            "created_on": t.created_at.date().isoformat(),
            "last_used_on": t.last_used_at.date().isoformat() if t.last_used_at else None,
        }
        for t in api_tokens.list_tokens(ctx.session, ctx.owner_id)
    ]


class PasswordForm(BaseModel):
    current_password: str = ""
    new_password: str = ""
    new_password_again: str = ""


@router.post("/settings/password", dependencies=[CsrfDep])
def change_password(
    request: Request, ctx: CtxDep, form: Annotated[PasswordForm, Form()]
) -> Response:
    """A member changes their own password (server mode): their other sessions end, this
    one goes on with the new password."""
    account = get_owner(ctx)
    errors = _password_errors(ctx, account.username, form)
    if errors:
        view = settings_view(request, ctx, current_form(ctx), {}) | {"password_errors": errors}
        return render(request, "settings.html", view, status=422, section="settings")
    accounts.set_password(ctx.session, account.username, form.new_password)
    done = redirect(request, "/settings", "Password changed; your other sessions have ended.")
    return signed_in(request, done, account)


def _password_errors(ctx: Ctx, username: str, form: PasswordForm) -> dict[str, str]:
    errors = accounts.password_change_errors(
        ctx.session, username, form.current_password, form.new_password
    )
    if not errors and form.new_password_again != form.new_password:
        return {"new_password_again": "The two new passwords differ."}
    return errors


class DeleteForm(BaseModel):
    password: str = ""
    confirm: str = ""


@router.post("/settings/delete", dependencies=[CsrfDep])
def delete_account(request: Request, ctx: CtxDep, form: Annotated[DeleteForm, Form()]) -> Response:
    """A member deletes their own account and everything in it (server mode), after
    giving their password and ticking the box; they are logged out."""
    account = get_owner(ctx)
    errors: dict[str, str] = {}
    if accounts.authenticate(ctx.session, account.username, form.password) is None:
        errors["password"] = "That is not your password."
    if form.confirm != "yes":
        errors["confirm"] = "Tick the box to say you want everything deleted."
    if errors:
        view = settings_view(request, ctx, current_form(ctx), {}) | {"delete_errors": errors}
        return render(request, "settings.html", view, status=422, section="settings")
    accounts.remove_account(ctx.session, account.username)
    done = redirect(request, "/login", "Your account and everything in it were deleted.")
    done.delete_cookie(SESSION_COOKIE, path="/")
    return done
