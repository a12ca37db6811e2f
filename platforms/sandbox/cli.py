"""Command-line options of the sandbox, shared by `python -m platforms.sandbox` and `manage.py run_sandbox`.

Development tool only.
"""

from __future__ import annotations

import argparse

from platforms.sandbox.config import DEFAULT_PORT, DEFAULT_SEED, SandboxConfig
from platforms.sandbox.faults import FaultSpec
from platforms.sandbox.hostile import parse_cases
from platforms.sandbox.quirks import quirks_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help="Mastodon-like instance port; the Pixelfed-like one uses port+1 (default 8765)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="world seed (default 42)")
    parser.add_argument("--start", type=float, default=None, help="pinned world start epoch (default: now)")
    parser.add_argument("--frozen", action="store_true",
                        help="the clock moves only with /__sandbox__/advance")
    parser.add_argument("--activity", type=float, default=1.0,
                        help="new likes/boosts/comments per minute per instance (default 1)")
    parser.add_argument("--rate-limit", type=int, default=300,
                        help="requests per window per token (default 300)")
    parser.add_argument("--rate-window", type=float, default=300.0, help="rate-limit window in seconds")
    parser.add_argument("--faults", default="0",
                        help='fault probability ("0.1") or spec ("slow=0.05,error=0.05,truncate=0.02")')
    parser.add_argument("--posts-per-account", type=int, default=None,
                        help="media posts per account (default: 20-60 each)")
    parser.add_argument("--bulk-posts", type=int, default=0,
                        help='adds a Mastodon account "bulk" with this many media posts')
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument("--autoapprove", action="store_true",
                        help="approve OAuth sign-ins at once, as the first (or ?account=) account")
    parser.add_argument("--wall-clock", action="store_true",
                        help="the clock reads real time (a restart with the same --start carries on)")
    parser.add_argument("--alias-links", action="store_true",
                        help="the server names itself localhost:P in links and URLs (clients use 127.0.0.1:P)")
    parser.add_argument("--reset-rounded-down", action="store_true",
                        help="X-RateLimit-Reset floored to the second and no Retry-After (GoToSocial)")
    parser.add_argument("--hard-rate-limit", type=int, default=0,
                        help="N requests per --rate-window per token on both instances, then 429")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API answer")
    parser.add_argument("--hostile", default="", help="hostile cases, e.g. negative_count,nul_caption")
    parser.add_argument("--software", default="",
                        help="nodeinfo software name of the Mastodon-like instance, e.g. gotosocial or misskey")
    parser.add_argument("--quirks", default="",
                        help="the Mastodon-like instance imitates another server: gotosocial (ULID ids, no "
                             "X-RateLimit-* headers, unpaged likers and boosters)")


def config_from(options: dict[str, object]) -> SandboxConfig:
    """Builds the config from parsed options (argparse namespace vars or Django's options dict)."""
    FaultSpec.parse(str(options["faults"]))  # fail early on a bad spec
    parse_cases(str(options.get("hostile") or ""))
    quirks_of(str(options.get("quirks") or ""))
    return SandboxConfig(
        seed=int(options["seed"]), port=int(options["port"]), start=options.get("start"),
        frozen=bool(options.get("frozen")), activity=float(options["activity"]),
        rate_limit=int(options["rate_limit"]), rate_window=float(options["rate_window"]),
        faults=str(options["faults"]), posts_per_account=options.get("posts_per_account"),
        bulk_posts=int(options.get("bulk_posts") or 0), verbose=bool(options.get("verbose")),
        autoapprove=bool(options.get("autoapprove")),
        wall_clock=bool(options.get("wall_clock")), alias_links=bool(options.get("alias_links")),
        reset_rounded_down=bool(options.get("reset_rounded_down")),
        hard_rate_limit=int(options.get("hard_rate_limit") or 0), latency=float(options.get("latency") or 0),
        hostile=str(options.get("hostile") or ""), software=str(options.get("software") or ""),
        quirks=str(options.get("quirks") or ""),
    )
