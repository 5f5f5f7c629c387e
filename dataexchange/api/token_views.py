"""The "API tokens" page: a user makes, sees and revokes their own tokens. A new token is shown once, in the
answer to the form that made it, and never stored (only its digest is)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dataexchange.api.forms import ApiTokenForm
from dataexchange.api.services import api_token_create
from dataexchange.api.views import VIEWSETS
from dataexchange.models import ApiToken


def feed_links(request, secret):
    """(label, URL) of every live feed, with the feed token in the URL."""
    links = [(viewset.model._meta.verbose_name_plural, f"feed-{name}") for name, viewset in VIEWSETS.items()]
    links.append((_("Programme figures"), "feed-figures"))
    return [(label, request.build_absolute_uri(reverse(f"api:{route}")) + f"?token={secret}") for label, route in links]


@never_cache
@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, secret = api_token_create(user=request.user, **form.cleaned_data)
        created = {
            "token": token,
            "secret": secret,
            "feeds": feed_links(request, secret) if token.kind == ApiToken.Kind.FEED else [],
            "example_url": request.build_absolute_uri(reverse("api:rounds-list")),
        }
        form = ApiTokenForm()
    return render(
        request,
        "dataexchange/api_tokens.html",
        {"form": form, "created": created, "tokens": ApiToken.objects.for_page(request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    token.revoke()
    messages.success(
        request, _("The token “%(name)s” is revoked: programs using it are refused from now on.") % {"name": token.name}
    )
    return redirect("dataexchange:api_tokens")
