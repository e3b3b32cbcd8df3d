"""Foreign-key indexes only over the rows that have a value; one-column duplicates of
composite indexes dropped. Fewer index entries to write per imported or filed request."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from civicdesk.core.migration_ops import foreign_key_indexes_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_service_translation"),
        ("crm", "0009_partial_foreign_key_indexes"),
        ("routing", "0001_queues_rules_and_contact_center_slas"),
        ("service_requests", "0012_leaner_request_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the indexes go: the constraints stay as they are (see foreign_key_indexes_dropped).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="servicerequest",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_service_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerequest",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="duplicates",
                        to="service_requests.servicerequest",
                        verbose_name="duplicate of",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerequest",
                    name="requester",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="service_requests",
                        to="crm.contact",
                        verbose_name="requester",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerequestevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicerequestevent",
                    name="service_request",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="service_requests.servicerequest",
                    ),
                ),
            ],
            database_operations=[
                foreign_key_indexes_dropped(
                    [
                        ("service_requests", "servicerequest", "assignee"),
                        ("service_requests", "servicerequest", "duplicate_of"),
                        ("service_requests", "servicerequest", "requester"),
                        ("service_requests", "servicerequestevent", "actor"),
                        ("service_requests", "servicerequestevent", "service_request"),
                    ]
                )
            ],
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("requester__isnull", False)),
                fields=["requester"],
                name="sr_requester_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("assignee__isnull", False)),
                fields=["assignee"],
                name="sr_assignee_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)),
                fields=["duplicate_of"],
                name="sr_duplicate_of_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequestevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)),
                fields=["actor"],
                name="event_actor_idx",
            ),
        ),
    ]
