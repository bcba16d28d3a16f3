"""The only place that turns user text into HTML.

User text is stored exactly as written. To show it, we escape everything, then let bleach's
linkifier turn bare http(s) URLs into links with rel="nofollow ugc noopener". No user markup
ever survives: the linkifier works on already-escaped text. Swapping bleach is this one file.
"""

from __future__ import annotations

import re

import bleach
from bleach.linkifier import Linker
from markupsafe import Markup, escape

_PARAGRAPH_BREAK = re.compile(r"\r?\n\s*\r?\n")
_LINE_BREAK = re.compile(r"\r?\n")


def _set_rel(attrs: dict, new: bool = False) -> dict | None:
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://")):
        return None  # no javascript:, data: or other schemes: leave it as text
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags=["pre", "code"], parse_email=False)


def render_text(text: str | None) -> Markup:
    """Render plain user text as safe HTML paragraphs with linkified URLs."""
    if not text:
        return Markup("")
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    parts = []
    for para in paragraphs:
        escaped = str(escape(para))
        linked = _linker.linkify(escaped)
        # The linkifier re-serialises the escaped text; clean() keeps only <a> with safe attrs.
        safe = bleach.clean(
            linked,
            tags={"a"},
            attributes={"a": ["href", "rel"]},
            protocols={"http", "https"},
            strip=True,
        )
        parts.append("<p>" + _LINE_BREAK.sub("<br>\n", safe) + "</p>")
    return Markup("\n".join(parts))  # noqa: S704 - built only from escaped, cleaned text


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(value) -> bool:
    """True when a text, or any text in a list, tuple or dict (keys too), holds a character
    no database stores: NUL (PostgreSQL refuses it) or a lone UTF-16 surrogate (which has no
    UTF-8 form). Transports refuse such input before it reaches a service."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(unstorable(k) or unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable(item) for item in value)
    return False


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """A one-line excerpt of user text (to be escaped by the template)."""
    if not text:
        return ""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + "…"
