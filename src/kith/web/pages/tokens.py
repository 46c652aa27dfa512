"""The Settings page's API tokens (server mode): make one (shown once, on the page that
answers the form), see when each was last used, revoke one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from kith.errors import ConflictError, UsageError
from kith.services import api_tokens
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.pages.settings import current_form, settings_view
from kith.web.render import NO_STORE, redirect, render

router = APIRouter(include_in_schema=False)
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/settings/tokens", dependencies=[CsrfDep])
def create(request: Request, ctx: CtxDep, token_name: Annotated[str, Form()] = "") -> Response:
    try:
        made = api_tokens.create_token(ctx.session, ctx.owner_id, token_name, ctx.now())
    except (UsageError, ConflictError) as exc:
        rollback(ctx)
        view = settings_view(request, ctx, current_form(ctx), {})
        view |= {"token_errors": {"token_name": exc.message}, "token_name": token_name}
        return render(request, "settings.html", view, status=422, section="settings")
    view = settings_view(request, ctx, current_form(ctx), {}) | {"new_token": made}
    # the token is on this page only: no copy in the browser's cache or on the way
    return render(request, "settings.html", view, section="settings", headers=NO_STORE)


@router.post("/settings/tokens/{token_id}/revoke", dependencies=[CsrfDep])
def revoke(request: Request, ctx: CtxDep, token_id: TokenId) -> Response:
    name = api_tokens.revoke_token(ctx.session, ctx.owner_id, token_id)
    return redirect(request, "/settings#api-tokens", f"Revoked the API token '{name}'.")
