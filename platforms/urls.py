"""Instance URL validation and normalisation: the one place that decides which servers a client may call."""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
from urllib.parse import urlsplit

from platforms.errors import InvalidInstanceURL

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"https": 443, "http": 80}
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")
MAX_URL_LENGTH = 2000
_LOCAL_SUFFIXES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


def normalise_instance_url(url: str, *, allow_insecure: bool) -> str:
    """Return `scheme://host[:port]` (lower-case host, no trailing slash) or raise InvalidInstanceURL.

    Plain http and private/loopback/link-local addresses are refused unless `allow_insecure`
    (development and the sandbox only: the token would travel in clear or to an internal service).
    """
    if not isinstance(url, str) or not url.strip():
        raise InvalidInstanceURL("instance URL is empty")
    text = url.strip()
    if "://" not in text:
        text = f"https://{text}"  # people paste "mastodon.social"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidInstanceURL(f"unsupported scheme {parts.scheme!r}: use https")
    _refuse_extras(parts.username, parts.password, parts.path, parts.query, parts.fragment)
    host = _normalise_host(parts.hostname or "")
    port = _port_of(parts)
    if not allow_insecure:
        _refuse_insecure(scheme, host)
    return _assemble(scheme, host, port)


def host_of(instance_url: str) -> str:
    """The `host[:port]` part of an already normalised instance URL."""
    return instance_url.split("://", 1)[1]


def _refuse_extras(username: str | None, password: str | None, path: str, query: str, fragment: str) -> None:
    if username is not None or password is not None:
        raise InvalidInstanceURL("instance URL must not contain credentials")
    if path not in ("", "/"):
        raise InvalidInstanceURL(f"instance URL must not contain a path ({path!r})")
    if query or fragment:
        raise InvalidInstanceURL("instance URL must not contain a query or fragment")


def _normalise_host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if not host:
        raise InvalidInstanceURL("instance URL has no host")
    if _ip_literal(host) is not None:
        return host
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInstanceURL(f"invalid host name {hostname!r}") from exc
    if len(host) > 253 or not all(_HOST_LABEL.match(label) for label in host.split(".")):
        raise InvalidInstanceURL(f"invalid host name {hostname!r}")
    return host


def _port_of(parts) -> int | None:
    try:
        return parts.port
    except ValueError as exc:
        raise InvalidInstanceURL("instance URL has an invalid port") from exc


def _refuse_insecure(scheme: str, host: str) -> None:
    if scheme != "https":
        raise InvalidInstanceURL("plain http is refused: the access token would travel unencrypted")
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        raise InvalidInstanceURL(f"local host name {host!r} is refused")
    address = _ip_literal(host)
    if address is not None and (_is_internal(address) or not is_global_address(str(address))):
        raise InvalidInstanceURL(f"private or loopback address {host!r} is refused")


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    # Resolvers also accept shorthand like "127.1" or "2130706433"; treat those as the IPv4 they mean.
    if all(_NUMERIC_LABEL.fullmatch(label) for label in host.split(".")):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


def _assemble(scheme: str, host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{shown}:{port}"
    return f"{scheme}://{shown}"


def is_global_address(address: str) -> bool:
    """True only for publicly routable addresses: refuses private, loopback, link-local, CGNAT (100.64/10),
    documentation, benchmarking and IPv4-mapped/translated forms of any of those."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)
    if mapped is not None:
        parsed = mapped
    return parsed.is_global and not parsed.is_multicast


def check_public_url(url: str, *, allow_insecure: bool) -> str:
    """Return `url` if it may be fetched or rendered for staff (media, thumbnails, webhooks), else raise.

    http(s) only, no credentials, and (unless `allow_insecure`) https and a host whose every DNS answer is a
    global address. Fetching it still goes through HttpPolicy, which re-checks the address connected to.
    """
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        raise InvalidInstanceURL("URL is missing or too long")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise InvalidInstanceURL(f"unsupported scheme {parts.scheme[:20]!r}")
    if parts.username is not None or parts.password is not None:
        raise InvalidInstanceURL("URL must not contain credentials")
    host = _normalise_host(parts.hostname or "")
    port = _port_of(parts)
    if allow_insecure:
        return url.strip()
    _refuse_insecure(parts.scheme.lower(), host)
    address = _non_global_answer(host, port or _DEFAULT_PORTS[parts.scheme.lower()])
    if address is not None:
        raise InvalidInstanceURL(f"{host!r} resolves to a non-public address ({address})")
    return url.strip()


def is_safe_link(url: object, *, allow_insecure: bool = False) -> bool:
    """Whether a stored URL may be rendered as a link or image source: http or https with a host (never
    javascript: or data:) and, unless `allow_insecure`, a host that is not a local name nor an IP literal
    that is not global. No DNS: cheap enough for every row of a page (syncs screen names with
    `screen_stored_url` before storing)."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        return False
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() not in _DEFAULT_PORTS or not hostname:
        return False
    return allow_insecure or not _is_local_host(hostname)


def _is_local_host(hostname: str) -> bool:
    host = hostname.rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    address = _ip_literal(host)
    return address is not None and (_is_internal(address) or not is_global_address(str(address)))


def _non_global_answer(host: str, port: int) -> str | None:
    """The first DNS answer for `host` that is not a global address, else None; InvalidInstanceURL when the
    name does not resolve."""
    return next((address for address in _resolve(host, port) if not is_global_address(address)), None)


def _resolve(host: str, port: int) -> list[str]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InvalidInstanceURL(f"host {host!r} does not resolve") from exc
    return sorted({str(answer[4][0]) for answer in answers})


# Verdicts on a URL's origin, kept for a few minutes per process: a page of 40 posts on one media host (or
# 100,000 likers on one instance) resolves that host once.
VERDICT_SECONDS = 300.0
_MAX_VERDICTS = 4096
_verdicts: dict[tuple[str, str, bool], tuple[float, bool]] = {}


def screen_stored_url(url: object, *, allow_insecure: bool) -> str:
    """The URL (stripped) when it may be stored for staff browsers to load or follow, else "".

    Storage-time twin of `is_safe_link`, which cannot afford DNS on every rendered row: http(s) with a host,
    no credentials and, unless `allow_insecure`, a host that is no local name and whose every DNS answer is
    a global address. A name that does not resolve now is kept (a browser cannot reach it either); a name
    re-pointed at a private address after it was stored is the residual risk docs/reliability.md names.
    """
    if not isinstance(url, str):
        return ""
    text = url.strip()
    scheme, separator, rest = text.partition("://")
    if not separator or not text or len(text) > MAX_URL_LENGTH or scheme.lower() not in _DEFAULT_PORTS:
        return ""
    origin = re.split(r"[/?#\\]", rest, maxsplit=1)[0].lower()
    key = (scheme.lower(), origin, allow_insecure)
    now = time.monotonic()
    cached = _verdicts.get(key)
    if cached is not None and cached[0] > now:
        return text if cached[1] else ""
    verdict = _origin_may_be_stored(key[0], origin, allow_insecure=allow_insecure)
    if len(_verdicts) >= _MAX_VERDICTS:
        _verdicts.clear()
    _verdicts[key] = (now + VERDICT_SECONDS, verdict)
    return text if verdict else ""


def forget_url_verdicts() -> None:
    """Drop the cached verdicts (tests that change what a name resolves to)."""
    _verdicts.clear()


def _origin_may_be_stored(scheme: str, origin: str, *, allow_insecure: bool) -> bool:
    try:
        parts = urlsplit(f"{scheme}://{origin}/")
        hostname, port = parts.hostname, parts.port
    except ValueError:
        return False
    if not hostname or parts.username is not None or parts.password is not None:
        return False
    if allow_insecure:
        return True
    if _is_local_host(hostname):
        logger.warning("not storing URLs of %s: a local or non-public host", hostname[:253])
        return False
    try:
        host = _normalise_host(hostname)
    except InvalidInstanceURL:
        return False
    try:
        refused = _non_global_answer(host, port or _DEFAULT_PORTS[scheme])
    except InvalidInstanceURL:
        return True  # a name that does not resolve cannot be reached by a browser either
    if refused is not None:
        logger.warning("not storing URLs of %s: it resolves to the non-public address %s", host, refused)
    return refused is None
