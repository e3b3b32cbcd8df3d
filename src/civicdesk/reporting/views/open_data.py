"""Open data: every request's public fields as streamed CSV and JSON Lines, and their schema."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from civicdesk.reporting import selectors
from civicdesk.reporting.forms import MetricFilterForm
from civicdesk.reporting.opendata import OPEN_DATA_SCHEMA, csv_lines, encode, jsonl_lines


def _form(request: HttpRequest) -> MetricFilterForm:
    return MetricFilterForm(
        request.GET or None,
        department_ids=None,
        default_start=None,
        default_end=None,
        max_days=None,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = _form(request)
    return render(
        request,
        "reporting/open_data.html",
        {"form": form, "schema": OPEN_DATA_SCHEMA, "query": form.query()},
    )


def _export(
    request: HttpRequest,
    lines: Callable[[Iterable[dict[str, Any]]], Iterator[str]],
    content_type: str,
    extension: str,
) -> HttpResponse | StreamingHttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            " ".join(str(error) for errors in form.errors.values() for error in errors),
            content_type="text/plain; charset=utf-8",
        )
    rows = selectors.open_data_rows(filters=form.filters())
    response = StreamingHttpResponse(encode(lines(rows)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="service-requests.{extension}"'
    return response


@require_GET
def requests_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, csv_lines, "text/csv; charset=utf-8", "csv")


@require_GET
def requests_jsonl(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, jsonl_lines, "application/jsonl; charset=utf-8", "jsonl")
