"""Set-based writes shared by the flows: bulk SQL upserts, engagement rows, summaries, sanitising."""
