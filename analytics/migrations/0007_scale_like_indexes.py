"""Drop the plain post_id index on likes and shares: the (post, actor) unique index and the by-post-time
index both start with post_id, so the third one only cost every insert (issue 12, "Where the time goes")."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0006_oauth_apps'),
    ]

    operations = [
        migrations.AlterField(
            model_name='like',
            name='post',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='likes', to='analytics.post'),
        ),
        migrations.AlterField(
            model_name='share',
            name='post',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='shares', to='analytics.post'),
        ),
    ]
