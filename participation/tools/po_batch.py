"""Translate a catalogue in batches: dump what is missing, apply translations from JSON.

    python -m participation.tools.po_batch dump pl > /tmp/pl-todo.json
    python -m participation.tools.po_batch apply pl /tmp/pl-batch-1.json [more.json ...]

`dump` lists the entries of translations/<locale>/LC_MESSAGES/messages.po that have no
translation yet (or are fuzzy) as JSON items [context, msgid, msgstr, german]: context is
null or e.g. "phase", msgid is a string or, for plurals, a list [singular, plural], msgstr
is null and german is the German translation (German is the source of truth for meaning).
Pass --all to list every entry.

`apply` reads JSON files holding items [context, msgid, msgstr] (a fourth item is
ignored, so a filled-in dump can be applied as it is); for plurals msgid and msgstr are
lists, msgstr with as many forms as the locale's Plural-Forms header asks for. It refuses
a batch whose translations drop or invent %(name)s / {name} placeholders, or whose msgid
is not in the catalogue, and writes nothing then. Run `make update-messages` first so the
catalogue holds every message of the code.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogue_path(locale: str) -> Path:
    return ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"


def _load(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _key(msgid) -> str | tuple[str, ...]:
    return tuple(msgid) if isinstance(msgid, list) else msgid


def dump(locale: str, everything: bool = False) -> list:
    catalog = _load(catalogue_path(locale), locale)
    german = _load(catalogue_path("de"), "de")
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if everything or not all(strings) or "fuzzy" in message.flags:
            de = german.get(message.id, context=message.context)
            msgid = list(message.id) if message.pluralizable else message.id
            de_string = None
            if de is not None:
                de_string = list(de.string) if isinstance(de.string, tuple) else de.string
            current = list(strings) if message.pluralizable else message.string
            out.append([message.context, msgid, current if everything else None, de_string])
    return out


def _check(msgid, msgstr, nplurals: int) -> str | None:
    ids = list(msgid) if isinstance(msgid, (list, tuple)) else [msgid]
    strings = list(msgstr) if isinstance(msgstr, (list, tuple)) else [msgstr]
    if isinstance(msgid, (list, tuple)) != isinstance(msgstr, (list, tuple)):
        return "plural msgid needs a list of msgstr forms (and a singular one a string)"
    if len(ids) > 1 and len(strings) != nplurals:
        return f"{len(strings)} plural forms given, the locale has {nplurals}"
    wanted = set()
    for text in ids:
        wanted |= set(PLACEHOLDERS.findall(text))
    for text in strings:
        if not text:
            return "empty translation"
        found = set(PLACEHOLDERS.findall(text))
        if not found <= wanted:
            return f"placeholders {sorted(found - wanted)} are not in the msgid"
        # every placeholder of the plural msgid must survive (the number may be dropped
        # only in a singular form, e.g. "one minute")
        if len(ids) == 1 and found != wanted:
            return f"placeholders {sorted(wanted - found)} are missing"
    return None


def apply(locale: str, batch_files: list[str]) -> int:
    path = catalogue_path(locale)
    catalog = _load(path, locale)
    errors, count = [], 0
    for batch_file in batch_files:
        items = json.loads(Path(batch_file).read_text(encoding="utf-8"))
        for item in items:
            context, msgid, msgstr = item[0], item[1], item[2]
            message = catalog.get(_key(msgid), context=context)
            if message is None:
                errors.append(f"{batch_file}: not in the catalogue: {context!r} {msgid!r}")
                continue
            problem = _check(msgid, msgstr, catalog.num_plurals)
            if problem:
                errors.append(f"{batch_file}: {msgid!r}: {problem}")
                continue
            message.string = tuple(msgstr) if isinstance(msgstr, list) else msgstr
            message.flags.discard("fuzzy")
            count += 1
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"nothing written: {len(errors)} problem(s)", file=sys.stderr)
        return -1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, include_lineno=False)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_dump = sub.add_parser("dump", help="list untranslated entries as JSON")
    p_dump.add_argument("locale")
    p_dump.add_argument("--all", action="store_true", help="list every entry")
    p_apply = sub.add_parser("apply", help="set translations from JSON batch files")
    p_apply.add_argument("locale")
    p_apply.add_argument("batch", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "dump":
        json.dump(dump(args.locale, args.all), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    count = apply(args.locale, args.batch)
    if count < 0:
        return 1
    print(f"{catalogue_path(args.locale)}: {count} entries set", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
