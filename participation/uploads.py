"""Where uploaded files live: one small interface over a folder (config UPLOAD_DIR, default
<instance>/uploads), shared by every server process.

A file is named by the SHA-256 of its bytes (`<64 hex>.<suffix>`), so two processes writing
the same picture write the same name, and a name once served never changes its content (the
app and nginx serve it with a year of immutable caching). Only re-encoded pictures are ever
written here (participation/pictures.py).

Files follow the database transaction of the request:
- `stage(data, suffix)` writes the file now (temp name in the same folder, fsync, atomic
  rename) and remembers it; when the transaction rolls back instead of committing, the files
  it staged are deleted again unless a committed row uses them.
- `discard(name)` asks for a file's deletion once the transaction has committed, and then
  only when no row of any table still names it (columns marked `info={"upload": True}`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .errors import NotFound
from .extensions import db

NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|webp)$")
CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp"}
_STAGED = "uploads.staged"  # session.info: paths written in this transaction
_DISCARDED = "uploads.discarded"  # session.info: paths to delete after the commit


def accepts_upload(limit: int):
    """Mark a view that takes a file of up to `limit` bytes: web.py raises the request's
    body limit (MAX_CONTENT_LENGTH, small elsewhere) for it before the form is read. Put it
    right under the route decorator."""
    def mark(view):
        view.upload_limit = limit + 64 * 1024  # and the rest of the form
        return view
    return mark


def upload_dir() -> Path:
    folder = Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path,
                                                                "uploads"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_of(name: str) -> Path:
    """The file of a stored name. Raises NotFound for anything not shaped like our names
    (no path traversal) or not on disk."""
    if not NAME.fullmatch(name or ""):
        raise NotFound()
    path = upload_dir() / name
    if not path.is_file():
        raise NotFound()
    return path


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]


def url(name: str, external: bool = False) -> str:
    return url_for("web.upload", name=name, _external=external)


def save(data: bytes, suffix: str) -> tuple[str, bool]:
    """Write the bytes under their hash name; returns (name, whether it was new). Another
    process writing the same bytes at the same time renames the same content over it."""
    if suffix not in CONTENT_TYPES:
        raise ValueError(suffix)
    name = f"{hashlib.sha256(data).hexdigest()}.{suffix}"
    folder = upload_dir()
    target = folder / name
    if target.exists():
        return name, False
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # noqa: S103 - served to the public by nginx
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return name, True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every system opens folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def stage(data: bytes, suffix: str) -> str:
    """Save the bytes for a row of the current transaction (see the module's docstring)."""
    name, new = save(data, suffix)
    if new:
        db.session.info.setdefault(_STAGED, set()).add(upload_dir() / name)
    return name


def stage_picture(picture, suffix: str) -> dict:
    """The file columns of a picture row (names and sizes of the picture and its thumbnail)
    for an upload pictures.process has made, both files staged for the transaction."""
    return {"file_name": stage(picture.full.data, suffix),
            "thumb_name": stage(picture.thumb.data, suffix),
            "width": picture.full.width, "height": picture.full.height,
            "thumb_width": picture.thumb.width, "thumb_height": picture.thumb.height}


def discard(*names: str | None) -> None:
    """Delete these files after the commit, when no row names them any more."""
    folder = upload_dir()
    db.session.info.setdefault(_DISCARDED, set()).update(folder / n for n in names if n)


def delete(name: str) -> None:
    """Remove a file now (the caller knows no row uses it)."""
    if NAME.fullmatch(name or ""):
        (upload_dir() / name).unlink(missing_ok=True)


def _upload_columns():
    for table in db.metadata.tables.values():
        for column in table.columns:
            if column.info.get("upload"):
                yield column


def names_in_use(connection, names: set[str]) -> set[str]:
    """Those of the names some row of any table names."""
    used: set[str] = set()
    if not names:
        return used
    for column in _upload_columns():
        rows = connection.execute(select(column).where(column.in_(names))).scalars()
        used.update(rows)
    return used


def _delete_unused(session: Session, paths: set[Path]) -> None:
    if not paths:
        return
    with session.get_bind().connect() as connection:
        used = names_in_use(connection, {p.name for p in paths})
    for path in paths:
        if path.name not in used:
            path.unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released; the transaction goes on
        return
    session.info.pop(_STAGED, None)
    _delete_unused(session, session.info.pop(_DISCARDED, set()))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint rolled back; the transaction goes on
        return
    session.info.pop(_DISCARDED, None)
    _delete_unused(session, session.info.pop(_STAGED, set()))
