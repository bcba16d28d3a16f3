"""The maps' background: none by default, or the one tile server a city configures.

Without `MAP_TILE_URL` the maps draw the city's district polygons with their names on a plain
background and the ideas on top: the browser asks no other server for anything. A city that
wants a street map sets `MAP_TILE_URL` to a tile template of one host, such as
`https://tiles.example-city.de/{z}/{x}/{y}.png` (its own tile server, or a provider it has
a contract with), and `MAP_TILE_ATTRIBUTION` to the credit the provider asks for. The
Content-Security-Policy then allows images from that one origin, and the generated privacy
notice names the host (the browser sends it the visitor's address and the part of the map
looked at).

Standard library only: config.py checks the setting when the app starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_MAX_ZOOM = 19
_PLACEHOLDERS = ("{z}", "{x}", "{y}")


class TileUrlError(ValueError):
    """MAP_TILE_URL is not a tile template of one host; the message says why."""


@dataclass(frozen=True)
class Tiles:
    url: str
    attribution: str
    max_zoom: int

    @property
    def origin(self) -> str:
        """scheme://host[:port], what the Content-Security-Policy allows."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def host(self) -> str:
        """The server's name, as the privacy notice names it."""
        return urlsplit(self.url).hostname or ""


def check_tile_url(url: str) -> str:
    """The template, stripped, or TileUrlError: https (http only for this machine), one
    host (no {s} subdomains: the policy allows exactly one), and {z}, {x} and {y}."""
    url = url.strip()
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise TileUrlError("MAP_TILE_URL must start with https:// (http:// only for a tile "
                           f"server on this machine), not {url!r}.")
    if not parts.hostname or "{" in parts.netloc:
        raise TileUrlError("MAP_TILE_URL must name one host, without placeholders such as "
                           f"{{s}} in it: {url!r}.")
    missing = [p for p in _PLACEHOLDERS if p not in parts.path + parts.query]
    if missing:
        raise TileUrlError(f"MAP_TILE_URL needs the placeholders {{z}}, {{x}} and {{y}}; "
                           f"{', '.join(missing)} missing in {url!r}.")
    return url


def tiles(config) -> Tiles | None:
    """The configured tile server, or None (the plain map)."""
    url = config.get("MAP_TILE_URL") or ""
    if not url:
        return None
    return Tiles(url=url, attribution=config.get("MAP_TILE_ATTRIBUTION") or "",
                 max_zoom=int(config.get("MAP_TILE_MAX_ZOOM") or DEFAULT_MAX_ZOOM))
