"""Platform clients: pure Python talking to remote APIs and returning normalised records (no Django models)."""
