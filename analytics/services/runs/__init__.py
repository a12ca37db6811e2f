"""Running work: SyncRun recording, account leases, enqueueing, resuming after rate limits, stale runs."""
