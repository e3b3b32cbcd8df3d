"""`/open311/v2/…`: each resource with its `.json`/`.xml` suffix; anything else gets a 404."""

from __future__ import annotations

from django.urls import re_path

from civicdesk.open311 import views

_FMT = r"\.(?P<fmt>[^./]+)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+?)" + _FMT, views.service_definition, name="service"),
    re_path(r"^requests" + _FMT, views.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+?)" + _FMT,
        views.service_request_detail,
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+?)" + _FMT, views.token_detail, name="token"),
    re_path(
        r"^servicerequestupdates" + _FMT,
        views.service_request_updates,
        name="servicerequestupdates",
    ),
]
urlpatterns.append(re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"))
