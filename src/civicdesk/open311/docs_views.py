"""/api/schema/ (the OpenAPI document) and /api/docs/ (Swagger UI and Redoc, served from the
drf-spectacular-sidecar package's static files, so the docs work without the internet)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from civicdesk.open311.schema import openapi_document


@require_GET
def schema(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        openapi_document(server_url=request.build_absolute_uri("/").rstrip("/")),
        json_dumps_params={"ensure_ascii": False},
        content_type="application/vnd.oai.openapi+json; charset=utf-8",
    )


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    viewer = "redoc" if request.GET.get("viewer") == "redoc" else "swagger"
    return render(request, "open311/docs.html", {"viewer": viewer})
