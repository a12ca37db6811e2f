"""Sandbox instance: a development and test tool that serves a generated, evolving Mastodon-like and
Pixelfed-like server over real HTTP, so the whole pipeline runs offline.

Never imported by production code paths. See docs/sandbox.md.
"""

from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.server import SandboxHandle, serve, start_sandbox

__all__ = ["SandboxConfig", "SandboxHandle", "serve", "start_sandbox"]
