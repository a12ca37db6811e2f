"""Split HashtagStats by platform so hashtag pages filter by platform from the roll-up.

The rows are a cache: this migration empties them, and the next roll-up (hourly) rebuilds every day
because it finds tagged posts without stats (analytics/services/maintenance/flows.py).
"""

from django.db import migrations, models

import analytics.models.choices


def empty_hashtag_stats(apps, schema_editor):
    apps.get_model("analytics", "HashtagStats").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0009_reports_alerts"),
    ]

    operations = [
        migrations.RunPython(empty_hashtag_stats, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="hashtagstats", name="hashtagstats_unique_period"),
        migrations.AddField(
            model_name="hashtagstats",
            name="platform",
            field=models.CharField(choices=analytics.models.choices.platform_choices, default="", max_length=32,
                                   verbose_name="platform"),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="hashtagstats",
            constraint=models.UniqueConstraint(fields=("hashtag", "platform", "granularity", "period_start"),
                                               name="hashtagstats_unique_period"),
        ),
    ]
