"""Tokens and calls for the API's tests."""

import datetime

from django.utils import timezone

from api.services.tokens import organization_token_create, token_create


def staff_token(user, *scopes, days=30, name="Script"):
    """The secret of a new staff token with `scopes`."""
    return token_create(
        name=name,
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=user,
    ).secret


def organization_token(user, organization, *, days=30):
    return organization_token_create(
        organization=organization,
        name="Notre outil",
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=user,
    ).secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
