"""The icon sprite of the site, built from the Lucide icons (npm package lucide-static, ISC).

`make vendor` (frontend/vendor.py) calls `build` after `npm ci`: it reads the icons we use
from the installed package and writes one SVG file of <symbol>s,
`participation/static/vendor/icons.svg`, which the templates use as
`<svg class="icon"><use href="…/icons.svg#i-NAME"></use></svg>` (the `icon` macro). Strokes
are left to the page's CSS (`.icon`), so an icon takes the colour of its text. To add an
icon: one line in ICONS, then `make vendor`.

Standard library only, like vendor.py.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

SVG = "http://www.w3.org/2000/svg"

# our name -> Lucide's name. Our names say what the icon means on the site.
ICONS = {
    "idea": "lightbulb",
    "comment": "message-circle",
    "support": "thumbs-up",
    "people": "users",
    "calendar": "calendar",
    "clock": "clock",
    "place": "map-pin",
    "topic": "tag",
    "workshop": "messages-square",
    "vote": "vote",
    "ranking": "chart-bar",
    "results": "trophy",
    "project": "landmark",
    "menu": "menu",
    "close": "x",
    "language": "globe",
    "account": "user",
    "arrow": "arrow-right",
    "search": "search",
    "filter": "sliders-horizontal",
    "download": "download",
    "log-out": "log-out",
    "moderation": "shield",
    "admin": "settings",
    "projector": "presentation",
    "qr": "qr-code",
    "check": "check",
    "done": "circle-check",
    "info": "info",
    "add": "plus",
    "waiting": "hourglass",
    "map": "map",
    "list": "list",
    "city": "building-2",
    "new": "sparkles",
    "more": "chevron-down",
    "document": "file-text",
    "workspace": "layout-dashboard",
}


def symbol(name: str, source: Path) -> ET.Element:
    """One <symbol id="i-NAME"> with the drawing of a Lucide SVG file."""
    # the files are the pinned npm package's, installed by `make vendor`, not user input
    drawing = ET.parse(source).getroot()  # noqa: S314
    sym = ET.Element(f"{{{SVG}}}symbol", id=f"i-{name}",
                     viewBox=drawing.get("viewBox", "0 0 24 24"))
    for child in drawing:
        sym.append(child)
    return sym


def build(icons_folder: Path, output: Path) -> int:
    ET.register_namespace("", SVG)
    sprite = ET.Element(f"{{{SVG}}}svg")
    for name, lucide in sorted(ICONS.items()):
        sprite.append(symbol(name, icons_folder / f"{lucide}.svg"))
    ET.indent(sprite, space="")
    text = ET.tostring(sprite, encoding="unicode")
    output.write_text("<!-- Lucide icons (lucide-static, ISC licence: icons.LICENSE) -->\n"
                      + text + "\n", encoding="utf-8")
    return len(ICONS)


