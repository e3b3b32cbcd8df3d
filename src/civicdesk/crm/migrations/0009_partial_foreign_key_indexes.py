"""Foreign-key indexes only over the rows that have a value; one-column duplicates of
composite indexes dropped. Fewer index entries to write per imported or filed request."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from civicdesk.core.migration_ops import foreign_key_indexes_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0008_interaction_article_texted_to"),
        ("knowledge", "0001_initial"),
        ("service_requests", "0012_leaner_request_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the indexes go: the constraints stay as they are (see foreign_key_indexes_dropped).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="interaction",
                    name="agent",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="interactions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agent",
                    ),
                ),
                migrations.AlterField(
                    model_name="interaction",
                    name="article",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="interactions",
                        to="knowledge.article",
                        verbose_name="article",
                    ),
                ),
                migrations.AlterField(
                    model_name="interaction",
                    name="contact",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="interactions",
                        to="crm.contact",
                        verbose_name="contact",
                    ),
                ),
                migrations.AlterField(
                    model_name="interaction",
                    name="service_center",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text=(
                            "The walk-in desk or neighborhood station, for contacts in person."
                        ),
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interactions",
                        to="crm.servicecenter",
                        verbose_name="service center",
                    ),
                ),
            ],
            database_operations=[
                foreign_key_indexes_dropped(
                    [
                        ("crm", "interaction", "agent"),
                        ("crm", "interaction", "article"),
                        ("crm", "interaction", "contact"),
                        ("crm", "interaction", "service_center"),
                    ]
                )
            ],
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(("article__isnull", False)),
                fields=["article"],
                name="interaction_article_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(("agent__isnull", False)),
                fields=["agent"],
                name="interaction_agent_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(("service_center__isnull", False)),
                fields=["service_center"],
                name="interaction_center_idx",
            ),
        ),
    ]
