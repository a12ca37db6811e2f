"""Create the Analyst (read and export) and Operator (Analyst + refresh, sync, retry, accounts, tokens) groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ANALYTICS_MODELS = [
    "instance", "account", "post", "postversion", "actor", "like", "share", "comment", "engagementsummary",
    "metricsnapshot", "accountdailystats", "hashtag", "posthashtag", "hashtagstats", "syncrun", "exportjob",
]
DJANGO_Q_MODELS = ["schedule", "success", "failure", "ormq", "task"]

ANALYST = [("analytics", f"view_{model}") for model in ANALYTICS_MODELS] + [
    ("django_q", f"view_{model}") for model in DJANGO_Q_MODELS
] + [("analytics", "export_data")]
OPERATOR = ANALYST + [
    ("analytics", "refresh_engagement"), ("analytics", "sync_posts"), ("analytics", "retry_syncrun"),
    ("analytics", "manage_tokens"), ("analytics", "add_account"), ("analytics", "change_account"),
    ("analytics", "add_instance"), ("analytics", "change_instance"),
]
GROUPS = {"Analyst": ANALYST, "Operator": OPERATOR}


def create_groups(apps, schema_editor):
    # Permissions are made by post_migrate, which has not run yet on a fresh database.
    for label in ("analytics", "django_q"):
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # the historical app stub lacks it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
