"""`core.inserts.model_insert`: the row, the signals and the instance are those `save()` gives."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save, pre_save

from civicdesk.accounts.models import ApiKey
from civicdesk.core.inserts import ModelInsertError, model_insert
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Interaction
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from tests.factories.catalog import ServiceFactory
from tests.factories.crm import ContactFactory

pytestmark = pytest.mark.django_db

FILED = datetime(2026, 3, 2, 13, 15, 7, 250000, tzinfo=UTC)


def _request(public_id: str) -> ServiceRequest:
    service = ServiceFactory()
    return ServiceRequest(
        public_id=public_id,
        service=service,
        department=service.department,
        description='Pothole, "deep" — by the café',
        attributes={"depth": ["deep", "wide"], "note": "ünïcode"},
        areas={"ward": "3"},
        status=Status.NEW,
        channel=Channel.APP,
        language="es",
        address="1 Main St",
        latitude=42.401234567,
        longitude=-92.851234567,
        district="North",
        h3_cell=622168101698338815,
        requester=ContactFactory(),
        sla_due_at=FILED,
        created_at=FILED,
    )


def _stored(model: type[models.Model], pk: int) -> dict[str, Any]:
    row = model._default_manager.get(pk=pk)
    return {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if field.attname not in {"id", "public_id", "updated_at"}
    }


def test_insert__stores_the_row_save_stores() -> None:
    saved, inserted = _request("26-00000001"), _request("26-00000002")
    inserted.service, inserted.department = saved.service, saved.department
    inserted.requester = saved.requester
    saved.save()
    model_insert(inserted)

    assert inserted.pk is not None
    assert inserted.pk != saved.pk
    assert _stored(ServiceRequest, inserted.pk) == _stored(ServiceRequest, saved.pk)
    stored = ServiceRequest.objects.get(pk=inserted.pk)
    assert stored.public_id == "26-00000002"
    assert stored.attributes == {"depth": ["deep", "wide"], "note": "ünïcode"}
    assert stored.created_at == FILED
    assert stored.updated_at is not None
    assert stored.updated_at > FILED  # auto_now, as save()


def test_insert__leaves_the_instance_as_save_does_and_sends_its_signals() -> None:
    heard: list[tuple[str, bool | None]] = []

    def before(sender: type, instance: models.Model, **kwargs: Any) -> None:
        heard.append(("pre_save", instance.pk is None))

    def after(sender: type, instance: models.Model, created: bool, **kwargs: Any) -> None:
        heard.append(("post_save", created))

    pre_save.connect(before, sender=Interaction)
    post_save.connect(after, sender=Interaction)
    try:
        interaction = Interaction(
            channel=Channel.PHONE,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ANSWERED,
            started_at=FILED,
            created_at=FILED,
        )
        model_insert(interaction)
    finally:
        pre_save.disconnect(before, sender=Interaction)
        post_save.disconnect(after, sender=Interaction)

    assert heard == [("pre_save", True), ("post_save", True)]
    assert interaction._state.adding is False
    assert interaction._state.db == "default"
    interaction.notes = "Called back"
    interaction.save()  # an update now, not a second row
    assert Interaction.objects.get().notes == "Called back"


def test_insert__writes_nulls_and_defaults() -> None:
    request = _request("26-00000003")
    request.save()
    event = ServiceRequestEvent(
        service_request=request,
        event_type=EventType.CREATED,
        occurred_at=FILED,
        channel=Channel.APP,
        is_public=True,
        to_status=Status.NEW,
    )
    model_insert(event)
    stored = ServiceRequestEvent.objects.get(pk=event.pk)
    assert stored.actor_id is None
    assert (stored.note, stored.from_status, stored.data) == ("", "", {})


def test_insert__is_refused_by_the_database_as_save_is() -> None:
    first = _request("26-00000004")
    model_insert(first)
    again = _request("26-00000004")  # the same public id
    with pytest.raises(IntegrityError), transaction.atomic():
        model_insert(again)
    assert again.pk is None
    assert ServiceRequest.objects.filter(public_id="26-00000004").count() == 1


def test_insert__refuses_rows_it_would_not_write_as_save_does() -> None:
    stored = _request("26-00000005")
    stored.save()
    with pytest.raises(ModelInsertError, match="new rows only"):
        model_insert(stored)
    with pytest.raises(ModelInsertError, match="new rows only"):
        model_insert(ApiKey(pk=7, name="Given its id"))
