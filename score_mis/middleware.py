"""What every request may send and what every response says about keeping copies, for the whole site."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuses a request body over settings.MAX_REQUEST_BYTES before any of it is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves uploaded files out, so without this a 200 MB upload is received in
    full before a form says it is too large. The declared Content-Length decides (413); a body sent in chunks, with no
    length declared, is refused outright (411): browsers always declare it, and Django would read such a body as
    empty. The proxy in front (nginx `client_max_body_size`) holds the same limit, see README."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return HttpResponse(
                _("Send the request with its length (a Content-Length header)."),
                status=411,
                content_type="text/plain; charset=utf-8",
            )
        if declared and declared.isdigit() and int(declared) > settings.MAX_REQUEST_BYTES:
            page = render_to_string(
                "413.html",
                {"size": filesizeformat(int(declared)), "limit": filesizeformat(settings.MAX_REQUEST_BYTES)},
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every page and download (lists, records, photos, PDFs, spreadsheets) is marked `Cache-Control: no-store`, so
    that no browser cache or proxy keeps a copy once the user signs out. Static files are answered before this, by
    WhiteNoise, and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
