"""The table behind the shared cache (settings.CACHES["shared"] when no Redis is configured)."""

from __future__ import annotations

from django.db import models

SHARED_CACHE_TABLE = "postflow_shared_cache"


class SharedCacheEntry(models.Model):
    """One entry of Django's DatabaseCache, which reads and writes this table with its own SQL.

    Declared as a model (the columns `createcachetable` would create) so `migrate` makes it on every deploy
    with no extra step, and a test database flush empties it like every other table.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = SHARED_CACHE_TABLE
        verbose_name = "shared cache entry"
        verbose_name_plural = "shared cache entries"

    def __str__(self) -> str:
        return self.cache_key
