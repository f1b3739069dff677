"""The project's URLs plus ``/bench/fixed/``: the baseline every API latency is divided by."""

from django.http import JsonResponse
from django.urls import path

from claimtrack.urls import handler400, handler403, handler404, handler500
from claimtrack.urls import urlpatterns as project_urls

FIXED_BODY = {"status": "ok", "items": [1, 2, 3]}


def fixed(request):
    return JsonResponse(FIXED_BODY)


urlpatterns = [path("bench/fixed/", fixed), *project_urls]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
