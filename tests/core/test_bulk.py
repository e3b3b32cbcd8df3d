"""`core.bulk.TableWriter`: plain rows in, model rows out, with the model's defaults."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import connection

from civicdesk.core.bulk import BulkWriteError, TableWriter
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Interaction

pytestmark = pytest.mark.django_db

STARTED = datetime(2015, 3, 2, 13, 15, 7, 250000, tzinfo=UTC)


def test_writer__fills_the_columns_it_is_not_given_with_the_models_defaults() -> None:
    writer = TableWriter(Interaction, ("channel", "reason", "outcome", "started_at", "created_at"))
    at = writer.adapt_datetime(STARTED)
    writer.write(
        [
            (
                Channel.WEB.value,
                InteractionReason.QUESTION.value,
                InteractionOutcome.ANSWERED.value,
                at,
                at,
            )
        ]
    )
    interaction = Interaction.objects.get()
    interaction.full_clean()
    assert (interaction.started_at, interaction.created_at) == (STARTED, STARTED)
    assert (interaction.notes, interaction.is_first_contact_resolution) == ("", False)
    assert interaction.service_request_id is None
    assert interaction.updated_at is not None  # auto_now's default: the moment of writing


def test_writer__reserved_keys_are_new_and_taken_by_the_rows() -> None:
    writer = TableWriter(
        Interaction, ("id", "channel", "reason", "outcome", "started_at", "created_at")
    )
    at = writer.adapt_datetime(STARTED)
    first, second = writer.reserve_pks(2), writer.reserve_pks(3)
    assert len({*first, *second}) == 5
    row = (Channel.PHONE.value, InteractionReason.REQUEST.value, "answered", at, at)
    writer.write([(pk, *row) for pk in second])
    assert sorted(Interaction.objects.values_list("pk", flat=True)) == sorted(second)
    later = Interaction.objects.create(
        channel=Channel.PHONE, reason="request", outcome="answered", started_at=STARTED
    )
    assert later.pk > max(second)


def test_writer__refuses_unknown_columns_and_copy_outside_postgresql() -> None:
    with pytest.raises(BulkWriteError, match="has no column colour"):
        TableWriter(Interaction, ("channel", "colour"))
    if connection.vendor != "postgresql":
        with pytest.raises(BulkWriteError, match="COPY is PostgreSQL's"):
            TableWriter(Interaction, ("channel",), method="copy")


def test_writer__values_arrive_exactly_as_given() -> None:
    """Text with the characters a text COPY escapes, JSON given as text, microseconds, nulls and
    the model's own defaults come back as they went in (a binary COPY on PostgreSQL)."""
    from civicdesk.crm.models import ContactMerge
    from tests.factories import ContactFactory

    contact = ContactFactory()
    notes = 'tab\there, a new\nline, a back\\slash, "quotes", \\N, ünïcödé, 🚧'
    interactions = TableWriter(
        Interaction, ("channel", "reason", "outcome", "started_at", "notes", "contact_id")
    )
    at = interactions.adapt_datetime(STARTED)
    interactions.write(
        [
            (Channel.PHONE.value, InteractionReason.REQUEST.value, "answered", at, notes, None),
            (Channel.WEB.value, InteractionReason.QUESTION.value, "answered", at, "", contact.pk),
        ]
    )
    first, second = Interaction.objects.order_by("pk")
    assert (first.notes, first.started_at, first.contact_id) == (notes, STARTED, None)
    assert (second.notes, second.contact_id) == ("", contact.pk)

    snapshot = {"names": ["Ana \t Lí"], "nested": {"n": 1.5, "none": None}}
    merges = TableWriter(
        ContactMerge, ("kept_contact_id", "merged_contact_id", "merged_snapshot", "merged_at")
    )
    merges.write([(contact.pk, 2**40, json.dumps(snapshot), merges.adapt_datetime(STARTED))])
    merge = ContactMerge.objects.get()
    assert (merge.merged_snapshot, merge.moved_counts) == (snapshot, {})
    assert (merge.merged_contact_id, merge.merged_at) == (2**40, STARTED)
