"""A trigram index for the admin's caption search (PostgreSQL only; other databases skip it).

Django's `icontains` on PostgreSQL runs `UPPER(caption_text::text) LIKE UPPER(%s)`; a GIN index on
`UPPER(caption_text) gin_trgm_ops` serves exactly that, so searching 1,000,000 captions reads the index
instead of every row. Creating the pg_trgm extension needs a privileged role: where it is refused, the
migration leaves the index out (search still works, just slower) and says so.
"""

from django.db import migrations, transaction

INDEX = "post_caption_trgm"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: a refusal must not abort the rest
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # noqa: BLE001 - any refusal means "no extension"; the reason is printed
            print(f"\n  pg_trgm unavailable ({exc.__class__.__name__}: {exc}); caption search stays unindexed.")
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON analytics_post USING gin (UPPER(caption_text) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_post_remote_id_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
