"""Logs keep no full IP address: the host part is cut off before a record is written."""

from __future__ import annotations

import ipaddress
import logging
import re

# IPv4 dotted quads and IPv6 addresses (with at least two colons) inside a log message.
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def truncate_ip(address: str) -> str:
    """The network part only: IPv4 keeps 24 bits (a.b.c.0), IPv6 keeps 48 bits (a:b:c::).

    Text that is not an IP address comes back unchanged.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def truncate_ips_in(text: str) -> str:
    """Every IP address in a text, truncated."""
    text = _IPV6.sub(lambda m: truncate_ip(m.group(0)), text)
    return _IPV4.sub(lambda m: truncate_ip(m.group(0)), text)


class TruncateIPFilter(logging.Filter):
    """Rewrites a record's message so that it carries no full IP address."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = truncate_ips_in(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# Loggers of libraries that write client addresses: the development server's and gunicorn's
# request logs, Flask-Limiter's "rate limit exceeded" line (its key is the client address),
# and the Socket.IO servers' connection logs.
ADDRESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter",
                   "engineio.server", "socketio.server")


def install_ip_filter() -> None:
    """Attach the filter to every logger that writes client addresses (idempotent)."""
    for name in ADDRESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TruncateIPFilter) for f in logger.filters):
            logger.addFilter(TruncateIPFilter())
