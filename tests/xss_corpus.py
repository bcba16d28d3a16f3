"""The XSS payload corpus of tests/data/xss-payloads.txt, and how to pack it into fields."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "xss-payloads.txt"


def payloads() -> list[str]:
    """Every payload of the corpus, in file order.

    Lines are split on "\\n" only (a payload may hold a tab or other characters that
    str.splitlines would take for a line break); "# " lines and a lone "#" are comments.
    """
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and line != "#" and not line.startswith("# ")]


def fitting(items: list[str], limit: int) -> list[str]:
    """The payloads that fit a field of `limit` characters (after the app trims them)."""
    return [p for p in items if 0 < len(" ".join(p.split())) <= limit]


def packed(items: list[str], limit: int, separator: str = " ") -> list[str]:
    """All payloads that fit `limit`, packed greedily into as few values as possible."""
    values: list[str] = []
    current = ""
    for item in fitting(items, limit):
        candidate = item if not current else current + separator + item
        if len(candidate) <= limit:
            current = candidate
        else:
            values.append(current)
            current = item
    if current:
        values.append(current)
    return values
