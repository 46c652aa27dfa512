"""/api/v1/account: a member changes their own password, deletes their own account (both
need the current password), and manages the API tokens their scripts use (server mode),
as on the Settings page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from kith.errors import ConflictError
from kith.services import accounts, api_tokens
from kith.services.owners import get_owner
from kith.web.api.models import MAX_ID, VISIBLE
from kith.web.auth import SESSION_COOKIE, SessionRead, signed_in
from kith.web.deps import CtxDep
from kith.web.errors import error_json

router = APIRouter(prefix="/account", tags=["session"])


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=accounts.MAX_PASSWORD)
    new_password: str = Field(min_length=accounts.MIN_PASSWORD, max_length=accounts.MAX_PASSWORD)


class AccountDeletion(BaseModel):
    password: str = Field(max_length=accounts.MAX_PASSWORD)


@router.put("/password", summary="Change your password: your other sessions end")
def change_password(request: Request, ctx: CtxDep, body: PasswordChange) -> Response:
    """403 naming ``current_password`` when it is not yours (422 for a new one too short or
    too long). This session goes on with the new password (its cookie is renewed)."""
    account = get_owner(ctx)
    errors = accounts.password_change_errors(
        ctx.session, account.username, body.current_password, body.new_password
    )
    if errors:
        field, message = next(iter(errors.items()))
        if field == "current_password":
            return error_json(403, "forbidden", message, field)
        return error_json(422, "invalid", message, field)
    accounts.set_password(ctx.session, account.username, body.new_password)
    response = Response(
        SessionRead(username=account.username).model_dump_json(), media_type="application/json"
    )
    return signed_in(request, response, account)


@router.delete(
    "", status_code=204, summary="Delete your account and everything in it; you are logged out"
)
def delete_account(ctx: CtxDep, body: AccountDeletion) -> Response:
    """403 naming ``password`` when it is not yours; 409 for an account without a password
    (the single-user owner of a kith used without logins is one): nothing proves it is
    yours, so it is deleted from the shell only."""
    account = get_owner(ctx)
    if account.password_hash is None:
        raise ConflictError(
            f"The account '{account.username}' has no password, so it cannot be deleted "
            "through the API.",
            hint="From the shell: kith users remove NAME (the single-user owner cannot be "
            "removed; move the database file away to start over).",
        )
    if accounts.authenticate(ctx.session, account.username, body.password) is None:
        return error_json(403, "forbidden", "That is not your password.", "password")
    accounts.remove_account(ctx.session, account.username)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class TokenCreate(BaseModel):
    name: str = Field(
        min_length=1,
        max_length=api_tokens.NAME_LENGTH,
        pattern=VISIBLE,  # as the service sees it: a name of whitespace is none
        description="What will use it (a script, a laptop): tokens are told apart by name.",
    )


class TokenRead(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = Field(description="Noted at most once an hour.")


class TokenCreated(TokenRead):
    token: str = Field(
        description="Send it as `Authorization: Bearer <token>`. Shown this once: kith keeps "
        "only its hash."
    )


@router.get("/tokens", summary="Your API tokens (their names and use, never the tokens)")
def list_tokens(ctx: CtxDep) -> list[TokenRead]:
    return [
        TokenRead(id=t.id, name=t.name, created_at=t.created_at, last_used_at=t.last_used_at)
        for t in api_tokens.list_tokens(ctx.session, ctx.owner_id)
    ]


@router.post("/tokens", status_code=201, summary="Make an API token (shown this once)")
def create_token(ctx: CtxDep, body: TokenCreate, response: Response) -> TokenCreated:
    """409 when you already have a token of that name."""
    made = api_tokens.create_token(ctx.session, ctx.owner_id, body.name, ctx.now())
    response.headers["cache-control"] = "no-store"  # the token is in this answer only
    return TokenCreated(
        id=made.id, name=made.name, token=made.token, created_at=made.created_at, last_used_at=None
    )


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke an API token")
def revoke_token(ctx: CtxDep, token_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Response:
    api_tokens.revoke_token(ctx.session, ctx.owner_id, token_id)
    return Response(status_code=204)
