"""Posts sync: page through an account's media posts, upsert them, fetch edit histories, soft-delete."""
