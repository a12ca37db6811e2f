"""Sign-in (OAuth) state: the app per instance and callback, and each single-use attempt."""


import analytics.models.choices
import analytics.secrets
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0005_summary_counts_may_be_unknown'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OAuthApp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('instance_url', models.CharField(max_length=255, verbose_name='instance URL')),
                ('platform', models.CharField(choices=analytics.models.choices.platform_choices, max_length=32, verbose_name='platform')),
                ('client_id', models.CharField(max_length=255, verbose_name='client id')),
                ('client_secret', analytics.secrets.EncryptedTokenField(blank=True, default='', editable=False, verbose_name='client secret')),
                ('redirect_uri', models.CharField(max_length=500, verbose_name='redirect URI')),
                ('scopes', models.CharField(max_length=255, verbose_name='scopes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='registered at')),
            ],
            options={
                'verbose_name': 'OAuth app',
                'verbose_name_plural': 'OAuth apps',
                'constraints': [models.UniqueConstraint(fields=('instance_url', 'redirect_uri'), name='oauthapp_unique_per_callback')],
            },
        ),
        migrations.CreateModel(
            name='OAuthAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('platform', models.CharField(choices=analytics.models.choices.platform_choices, max_length=32, verbose_name='platform')),
                ('instance_url', models.CharField(max_length=255, verbose_name='instance URL')),
                ('code_verifier', analytics.secrets.EncryptedTokenField(blank=True, default='', editable=False, verbose_name='PKCE verifier')),
                ('team', models.CharField(blank=True, max_length=100, verbose_name='team')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('app', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='analytics.oauthapp')),
                ('reconnect', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='analytics.account')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'sign-in attempt',
                'verbose_name_plural': 'sign-in attempts',
            },
        ),
    ]
