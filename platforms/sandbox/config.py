"""Options of one sandbox run (ports, seed, clock, activity, rate limit, faults, world size).

Development tool only: nothing in the product reads these.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PORT = 8765
DEFAULT_SEED = 42


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    seed: int = DEFAULT_SEED
    port: int = DEFAULT_PORT  # Mastodon-like instance; the Pixelfed-like one is port + 1 (0: any free ports)
    host: str = "127.0.0.1"
    start: float | None = None  # world start epoch; None: now
    frozen: bool = False  # True: the clock moves only with /__sandbox__/advance (deterministic tests)
    activity: float = 1.0  # new engagement events per minute per instance after the start
    rate_limit: int = 300  # requests per window per token (Mastodon-like only)
    rate_window: float = 300.0  # seconds
    faults: str = "0"  # "0.1" or "slow=0.05,error=0.05,truncate=0.05"
    posts_per_account: int | None = None  # media posts per account; None: 20-60 each
    bulk_posts: int = 0  # >0 adds a Mastodon account "bulk" with that many media posts
    slow_seconds: tuple[float, float] = (1.0, 2.0)
    verbose: bool = False
    autoapprove: bool = False  # the OAuth authorize page approves at once (the demo)
    wall_clock: bool = False  # the clock reads real time (plus the offset), not "start + time since launch"
    # Real-server behaviours (issue 9, 10, 12), each off by default:
    alias_links: bool = False  # the server names itself http://localhost:P while clients use 127.0.0.1:P
    reset_rounded_down: bool = False  # X-RateLimit-Reset floored to the second, no Retry-After (GoToSocial)
    hard_rate_limit: int = 0  # >0: this many requests per window per token on both instances, then 429
    latency: float = 0.0  # seconds added to every API answer
    hostile: str = ""  # comma-separated hostile cases (platforms.sandbox.hostile.CASES)
    software: str = ""  # the nodeinfo software name of the Mastodon-like instance ("": mastodon)
    quirks: str = ""  # imitate another server's quirks on the Mastodon-like instance (sandbox.quirks.MODES)
