"""Pictures of ideas: adding one (checked and re-encoded by pictures.py, stored by
uploads.py) and removing one. Rules come from rules.py.

Files and rows go together: the files are staged in the request's transaction and deleted
again when it rolls back; a removed picture's files go after the commit, when no row names
them any more (two rows may name one file: the same picture uploaded twice)."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import pictures, uploads
from ...errors import InvalidInput, NotFound, TooManyImages, require
from ...extensions import db
from ...models_base import utcnow
from .. import rules
from ..models import MAX_PICTURES, Proposal, ProposalImage

log = logging.getLogger(__name__)
ALT_MAX = 250
REASON_MAX = 1000


def clean_alt(alt: str | None) -> str:
    """The alt text, on one line. Raises InvalidInput when it is empty or too long."""
    text = " ".join((alt or "").split())
    if not text:
        raise InvalidInput(_("Please describe the picture in a few words (alt text): people "
                             "who cannot see it hear this description."))
    if len(text) > ALT_MAX:
        raise InvalidInput(_("The description of the picture may have at most %(max)d "
                             "characters.", max=ALT_MAX))
    return text


def _free_position(proposal: Proposal) -> int:
    # The idea's row is locked (PostgreSQL) so two uploads count one after the other; the
    # unique (idea, position) constraint holds the limit on any database.
    db.session.execute(select(Proposal.id).where(Proposal.id == proposal.id).with_for_update())
    taken = set(db.session.execute(
        select(ProposalImage.position).where(ProposalImage.proposal_id == proposal.id,
                                             ProposalImage.position.is_not(None))).scalars())
    free = [p for p in range(MAX_PICTURES) if p not in taken]
    if not free:
        raise TooManyImages(_("An idea can have at most %(max)d pictures.", max=MAX_PICTURES))
    return free[0]


def add_image(user, proposal: Proposal, data: bytes, alt: str | None) -> ProposalImage:
    """Add a picture (the upload's bytes) with its alt text to an idea.

    Raises NotAllowed, Locked or PhaseClosed (rules.check_add_image), InvalidInput (alt),
    PayloadTooLarge, UnsupportedMediaType, InvalidImage (pictures.process) or
    TooManyImages."""
    require(rules.check_add_image(user, proposal))
    text = clean_alt(alt)
    picture = pictures.process(data)  # before the lock: decoding takes a moment
    position = _free_position(proposal)
    image = ProposalImage(
        proposal_id=proposal.id, position=position, alt=text, uploader_id=user.id,
        **uploads.stage_picture(picture, pictures.SUFFIX),
    )
    try:
        with db.session.begin_nested():
            db.session.add(image)
    except IntegrityError as exc:  # another upload took the place meanwhile
        raise TooManyImages(_("An idea can have at most %(max)d pictures.",
                              max=MAX_PICTURES)) from exc
    db.session.expire(proposal, ["pictures"])
    log.info("picture %s added to proposal %s by user %s", image.id, proposal.id, user.id)
    return image


def get_image(image_id: int) -> ProposalImage:
    """A shown picture. Raises NotFound (also for one a moderator removed)."""
    image = db.session.get(ProposalImage, image_id)
    if image is None or image.position is None:
        raise NotFound(_("This picture does not exist."))
    return image


def remove_image(user, image: ProposalImage, reason: str | None = None) -> None:
    """Remove a picture: its author deletes it; a moderator removing someone else's picture
    gives a reason, which the author then sees in its place.

    Raises NotAllowed, or InvalidInput for a moderator's missing or too long reason."""
    require(rules.check_remove_image(user, image))
    uploads.discard(image.file_name, image.thumb_name)
    proposal = image.proposal
    if proposal.author_id == user.id or image.uploader_id == user.id:
        db.session.delete(image)
    else:
        text = (reason or "").strip()
        if not text:
            raise InvalidInput(_("Please give a reason; the author will see it."))
        if len(text) > REASON_MAX:
            raise InvalidInput(_("At most %(max)d characters, please.", max=REASON_MAX))
        image.position = image.file_name = image.thumb_name = None
        image.removed_at, image.removed_reason = utcnow(), text
    db.session.flush()
    db.session.expire(proposal, ["pictures"])
    log.info("picture %s of proposal %s removed by user %s", image.id, proposal.id, user.id)


def removed_images(proposal: Proposal) -> list[ProposalImage]:
    """The pictures moderators removed from an idea, with their reasons (for its author)."""
    return list(db.session.execute(
        select(ProposalImage).where(ProposalImage.proposal_id == proposal.id,
                                    ProposalImage.removed_at.is_not(None))
        .order_by(ProposalImage.removed_at)).scalars())


def images_of_user(user_id: int) -> list[ProposalImage]:
    """The pictures a person uploaded that are still shown (for their data export)."""
    return list(db.session.execute(
        select(ProposalImage).where(ProposalImage.uploader_id == user_id,
                                    ProposalImage.position.is_not(None))
        .order_by(ProposalImage.id)).scalars())


def delete_images(condition) -> int:
    """Delete the pictures matching a condition (a deleted account's, a purged process's),
    rows now and files after the commit; returns how many rows."""
    images = db.session.execute(select(ProposalImage).where(condition)).scalars().all()
    for image in images:
        uploads.discard(image.file_name, image.thumb_name)
        db.session.delete(image)
        db.session.expire(image.proposal, ["pictures"])
    db.session.flush()
    return len(images)
