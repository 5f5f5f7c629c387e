"""Who is calling the API: a personal token (in the Authorization header, or in a feed URL) or the
browser session. Tokens of every kind act as their user, through the same scoping as the pages."""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import SimpleRateThrottle

from dataexchange.api.services import token_digest
from dataexchange.models import ApiToken


def user_for_token(secret, kind):
    """(user, token) for a usable token of `kind`; AuthenticationFailed (401) otherwise."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    if token is None or token.kind != kind:
        raise AuthenticationFailed(_("Invalid token."))
    if token.is_revoked:
        raise AuthenticationFailed(_("This token has been revoked."))
    if token.is_expired:
        raise AuthenticationFailed(
            _("This token expired on %(day)s.") % {"day": formats.date_format(token.expires_on, "Y-m-d")}
        )
    if not token.user.is_active:
        raise AuthenticationFailed(_("The account of this token is deactivated."))
    token.record_use()
    return token.user, token


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <API token>`."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Give the token after 'Bearer ', without spaces in it."))
        return user_for_token(words[1].decode("latin-1"), ApiToken.Kind.API)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class FeedTokenAuthentication(BaseAuthentication):
    """`?token=<feed token>` in a live feed's URL, for programs that can only be given a URL."""

    def authenticate(self, request):
        secret = request.query_params.get("token")
        if not secret:
            return None
        return user_for_token(secret, ApiToken.Kind.FEED)

    def authenticate_header(self, request):
        return 'Bearer realm="feeds"'


class TokenRateThrottle(SimpleRateThrottle):
    """At most settings.API_THROTTLE_RATE requests per token (per user for the browser session)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the 'API tokens' page of SCORE MIS.",
        }


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = FeedTokenAuthentication
    name = "feedToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "token",
            "description": "A personal feed token, made on the 'API tokens' page of SCORE MIS.",
        }
