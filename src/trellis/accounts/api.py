"""/api/v1: the current user and personal API tokens."""

from datetime import datetime

from ninja import Router, Schema, Status

from . import actions, queries

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    school_id: int | None


class TokenIn(Schema):
    name: str
    # Days until the token stops working (1–366); omit for a token that lasts until revoked.
    expires_in_days: int | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None


class NewTokenOut(TokenOut):
    token: str


@router.get("/me", response=MeOut)
def me(request):
    u = request.auth
    return MeOut(id=u.pk, username=u.username, name=u.name, role=u.role, school_id=u.school_id)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return list(queries.tokens_for(request.auth))


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request, payload: TokenIn):
    token, secret = actions.create_api_token(request.auth, payload.name, payload.expires_in_days)
    return Status(201, NewTokenOut(**TokenOut.model_validate(token).model_dump(), token=secret))


@router.delete("/tokens/{token_id}", response={204: None})
def revoke_token(request, token_id: int):
    actions.revoke_api_token(request.auth, token_id)
    return Status(204, None)
