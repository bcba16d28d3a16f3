"""Pictures of candidate projects: a planner adds up to three (checked and re-encoded by
pictures.py, stored by uploads.py) and deletes them. The files follow the transaction as for
ideas' pictures (proposals/services/images.py, whose alt-text rule is shared)."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import pictures, uploads
from ...errors import NotFound, TooManyImages, require
from ...extensions import db
from ...proposals.services import clean_alt
from .. import rules
from ..models import MAX_PROJECT_PICTURES, CandidateProject, ProjectImage

log = logging.getLogger(__name__)


def _too_many() -> TooManyImages:
    return TooManyImages(_("A project can have at most %(max)d pictures.",
                           max=MAX_PROJECT_PICTURES))


def add_project_image(user, project: CandidateProject, data: bytes,
                      alt: str | None) -> ProjectImage:
    """Add a picture with its alt text to a project (planners, as for editing it).

    Raises NotAllowed or PhaseClosed (rules.check_edit_projects), InvalidInput (alt),
    PayloadTooLarge, UnsupportedMediaType, InvalidImage (pictures.process) or
    TooManyImages."""
    require(rules.check_edit_projects(user, project.process))
    text = clean_alt(alt)
    picture = pictures.process(data)
    db.session.execute(select(CandidateProject.id).where(CandidateProject.id == project.id)
                       .with_for_update())
    taken = set(db.session.execute(select(ProjectImage.position)
                                   .where(ProjectImage.project_id == project.id)).scalars())
    free = [p for p in range(MAX_PROJECT_PICTURES) if p not in taken]
    if not free:
        raise _too_many()
    image = ProjectImage(
        project_id=project.id, position=free[0], alt=text, uploader_id=user.id,
        **uploads.stage_picture(picture, pictures.SUFFIX),
    )
    try:
        with db.session.begin_nested():
            db.session.add(image)
    except IntegrityError as exc:  # another upload took the place meanwhile
        raise _too_many() from exc
    db.session.expire(project, ["pictures"])
    log.info("picture %s added to project %s by user %s", image.id, project.id, user.id)
    return image


def get_project_image(image_id: int) -> ProjectImage:
    """A project's picture. Raises NotFound."""
    image = db.session.get(ProjectImage, image_id)
    if image is None:
        raise NotFound(_("This picture does not exist."))
    return image


def remove_project_image(user, image: ProjectImage) -> None:
    """Delete a project's picture; its files go after the commit. Raises NotAllowed or
    PhaseClosed."""
    require(rules.check_edit_projects(user, image.project.process))
    uploads.discard(image.file_name, image.thumb_name)
    project = image.project
    db.session.delete(image)
    db.session.flush()
    db.session.expire(project, ["pictures"])
    log.info("picture %s of project %s removed by user %s", image.id, project.id, user.id)
