"""The city's colours as the design system's tokens (CSS custom properties).

A city sets one colour, `BRAND_COLOR` (a hex colour such as #0b5c4a); the site derives the
shades it needs from it and keeps the contrast WCAG 2.1 AA asks for: white text on the brand
colour and brand-coloured text on white both need 4.5:1, so a colour too light for that is
darkened until it passes. The tokens go into the page as one small <style> element whose
hash is part of the Content-Security-Policy (no inline style is allowed otherwise).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

DEFAULT_BRAND = "#0b5c4a"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
AA = 4.5


def parse_hex(value: str) -> tuple[int, int, int]:
    """The red, green and blue of a hex colour. Raises ValueError for anything else."""
    match = _HEX.match(value.strip())
    if not match:
        raise ValueError(f"not a hex colour like #0b5c4a: {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: tuple[float, float, float], b: tuple[float, float, float], share_of_b: float
        ) -> tuple[float, float, float]:
    return tuple(x + (y - x) * share_of_b for x, y in zip(a, b, strict=True))


WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


def readable_on_white(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """The colour, darkened in small steps until white text on it has AA contrast."""
    share = 0.0
    colour = rgb
    while contrast(colour, WHITE) < AA and share < 1:
        share += 0.05
        colour = mix(rgb, BLACK, share)
    return colour


@lru_cache(maxsize=8)
def tokens(brand: str = DEFAULT_BRAND) -> dict[str, str]:
    """The brand tokens derived from one colour (an invalid one falls back to the default)."""
    try:
        base = parse_hex(brand)
    except ValueError:
        base = parse_hex(DEFAULT_BRAND)
    main = readable_on_white(base)
    return {
        "--brand": to_hex(main),
        "--brand-strong": to_hex(mix(main, BLACK, 0.25)),
        "--brand-soft": to_hex(mix(main, WHITE, 0.88)),
        "--brand-tint": to_hex(mix(main, WHITE, 0.95)),
        "--brand-line": to_hex(mix(main, WHITE, 0.6)),
    }


@lru_cache(maxsize=8)
def style_sheet(brand: str = DEFAULT_BRAND) -> str:
    """The <style> element's text: the tokens on :root."""
    body = ";".join(f"{name}:{value}" for name, value in tokens(brand).items())
    return f":root{{{body}}}"


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
