"""Daily rollups added up per group (city, dimension, pair), filled from the rollups already
there, so dashboards need no full refresh after the upgrade."""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models


def fill_from_rollups(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The refresh's own statement, a month of days at a time (it reads only rollup rows).
    from civicdesk.reporting.services import rollup_groups_rebuild

    rollup = apps.get_model("reporting", "DailyRequestRollup")
    bounds = rollup.objects.aggregate(first=models.Min("day"), last=models.Max("day"))
    first = bounds["first"]
    while first is not None and first <= bounds["last"]:
        last = min(first + timedelta(days=30), bounds["last"])
        rollup_groups_rebuild(first, last)
        first = last + timedelta(days=1)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_service_translation'),
        ('reporting', '0004_daily_distributions'),
    ]

    operations = [
        migrations.CreateModel(
            name='DailyRequestRollupGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_count', models.PositiveIntegerField(default=0)),
                ('acknowledged_count', models.PositiveIntegerField(default=0)),
                ('acknowledge_seconds_sum', models.BigIntegerField(default=0)),
                ('resolved_ever_count', models.PositiveIntegerField(default=0)),
                ('reopened_count', models.PositiveIntegerField(default=0)),
                ('duplicate_count', models.PositiveIntegerField(default=0)),
                ('survey_count', models.PositiveIntegerField(default=0)),
                ('survey_score_sum', models.PositiveIntegerField(default=0)),
                ('closed_count', models.PositiveIntegerField(default=0)),
                ('close_seconds_sum', models.BigIntegerField(default=0)),
                ('closed_on_time_count', models.PositiveIntegerField(default=0)),
                ('closed_late_count', models.PositiveIntegerField(default=0)),
                ('day', models.DateField(verbose_name='day')),
                ('grouping', models.CharField(blank=True, max_length=40, verbose_name='grouped by')),
                ('district', models.CharField(max_length=100, null=True, verbose_name='district')),
                ('channel', models.CharField(max_length=10, null=True, verbose_name='channel')),
                ('department', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.department')),
                ('service', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.service')),
            ],
            options={
                'verbose_name': 'daily request rollup by group',
                'verbose_name_plural': 'daily request rollups by group',
                'indexes': [models.Index(fields=['grouping', 'day'], name='rollup_group_lookup_idx')],
            },
        ),
        migrations.RunPython(fill_from_rollups, migrations.RunPython.noop),
    ]
