"""Personal API tokens: made here, checked in dataexchange.api.auth, revoked with `ApiToken.revoke()`."""

import hashlib
import secrets

from django.db import transaction

from dataexchange.models import ApiToken

# The kind of a token can be read from its start, which also helps secret scanners recognise it.
TOKEN_PREFIXES = {ApiToken.Kind.API: "scoreapi_", ApiToken.Kind.FEED: "scorefeed_"}
SHOWN_RANDOM_CHARACTERS = 4


def token_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user, name, kind, expires_on):
    """A new token of `user`. Returns the saved `ApiToken` and the token itself, which is not stored: it is
    shown to the user this once."""
    prefix = TOKEN_PREFIXES[kind]
    secret = prefix + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        kind=kind,
        expires_on=expires_on,
        prefix=secret[: len(prefix) + SHOWN_RANDOM_CHARACTERS],
        digest=token_digest(secret),
    )
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, secret
