from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("service_requests", "0004_routing_and_sla_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="The system or export this request was imported from; empty when filed here.",
                max_length=40,
                verbose_name="imported from",
            ),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="source_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="id in that system"),
        ),
        migrations.AddConstraint(
            model_name="servicerequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_id", ""), _negated=True),
                fields=("source", "source_id"),
                name="sr_unique_source_id",
            ),
        ),
    ]
