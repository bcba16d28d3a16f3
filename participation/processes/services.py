"""Every write on processes: create, edit, phase dates, topics, districts, the current phase."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..errors import Conflict, InvalidInput, Locked, NotFound, PointOutsideCity
from ..extensions import db
from ..signals import answers
from . import geo, signals
from .models import PHASE_ORDER, District, Phase, PhaseKind, Process, Topic, VoteMethod

log = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$")


def get_process(slug: str) -> Process:
    """The process with this slug. Raises NotFound."""
    process = db.session.execute(select(Process).where(Process.slug == slug)).scalar_one_or_none()
    if process is None:
        raise NotFound(_("This process does not exist."))
    return process


def _check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidInput(_("The short name may contain only lower-case letters, digits and "
                             "hyphens (3 to 60 characters)."))
    return slug


def create_process(slug: str, title: str, description: str = "",
                   phase: PhaseKind | str = PhaseKind.INFORMATION) -> Process:
    """Create a process. Raises InvalidInput for a bad slug, Conflict when the slug is taken."""
    slug = _check_slug(slug)
    if db.session.execute(select(Process.id).where(Process.slug == slug)).first():
        raise Conflict(_("A process with this short name already exists."))
    process = Process(slug=slug, title=title.strip(), description=description.strip(),
                      current_phase=PhaseKind(phase).value)
    try:
        with db.session.begin_nested():  # add inside: begin_nested() flushes pending rows
            db.session.add(process)
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("A process with this short name already exists.")) from exc
    log.info("process %s created", slug)
    return process


def update_process(process: Process, title: str, description: str,
                   slug: str | None = None) -> None:
    """Change title, description and (optionally) the slug.

    Raises InvalidInput for a bad slug, Conflict when the new slug is taken.
    """
    if slug is not None:
        slug = _check_slug(slug)
        if slug != process.slug:
            if db.session.execute(select(Process.id).where(Process.slug == slug)).first():
                raise Conflict(_("A process with this short name already exists."))
            process.slug = slug
    process.title = title.strip()
    process.description = description.strip()


def set_phase(process: Process, phase: PhaseKind | str) -> None:
    """Move the process to a phase. Raises InvalidInput for an unknown phase."""
    try:
        kind = PhaseKind(phase)
    except ValueError as exc:
        raise InvalidInput(_("Unknown phase. Possible phases: %(phases)s",
                             phases=", ".join(p.value for p in PhaseKind))) from exc
    process.current_phase = kind.value
    log.info("process %s moved to phase %s", process.slug, kind.value)


def set_phase_dates(process: Process, dates: dict[PhaseKind, tuple[date, date] | None]) -> None:
    """Set the dates of the phases; a phase given None has no dates.

    Raises InvalidInput when a phase ends before it starts or starts before the one before it.
    """
    previous_start: date | None = None
    for kind in PHASE_ORDER:
        pair = dates.get(kind)
        if pair is None:
            continue
        start, end = pair
        if end < start:
            raise InvalidInput(_("The phase “%(phase)s” ends before it starts.",
                                 phase=kind.label))
        if previous_start is not None and start < previous_start:
            raise InvalidInput(_("The phase “%(phase)s” starts before the phase before it.",
                                 phase=kind.label))
        previous_start = start
    existing = process.phase_dates()
    for kind in PHASE_ORDER:
        pair = dates.get(kind)
        phase = existing.get(kind)
        if pair is None:
            if phase is not None:
                process.phases.remove(phase)
        elif phase is None:
            process.phases.append(Phase(kind=kind.value, starts_on=pair[0], ends_on=pair[1]))
        else:
            phase.starts_on, phase.ends_on = pair


def _sync_named(process: Process, model: type[Topic] | type[District],
                collection: list, names: Sequence[str], in_use_signal) -> None:
    wanted: list[str] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > 60:
            raise InvalidInput(_("“%(name)s” is longer than 60 characters.", name=name[:60]))
        if name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    by_name = {item.name.casefold(): item for item in collection}
    keep = {name.casefold() for name in wanted}
    for key, item in by_name.items():
        if key in keep or item.id is None:
            continue
        in_use = sum(answers(in_use_signal, item))
        if in_use:
            raise InvalidInput(ngettext("“%(name)s” cannot be removed: %(num)d idea uses it.",
                                        "“%(name)s” cannot be removed: %(num)d ideas use it.",
                                        in_use, name=item.name))
        collection.remove(item)
    for position, name in enumerate(wanted):
        item = by_name.get(name.casefold())
        if item is None:
            collection.append(model(name=name, position=position))
        else:
            item.name = name
            item.position = position


def set_topics(process: Process, names: Sequence[str]) -> None:
    """Set the process's topics in this order. Raises InvalidInput if a used one would go."""
    _sync_named(process, Topic, process.topics, names, signals.topic_in_use)


def set_districts(process: Process, names: Sequence[str]) -> None:
    """Set the process's districts in this order. Raises InvalidInput if a used one would go."""
    _sync_named(process, District, process.districts, names, signals.district_in_use)


def set_vote_settings(process: Process, *, method: str, pairwise_enabled: bool,
                      pairwise_in_ideas: bool, dot_budget: int, dot_max_per_proposal: int,
                      votes_hidden: bool,
                      weights: tuple[float, float, float, float]) -> None:
    """Choose how the process votes and how the ranking weighs its channels; `weights` are
    those of online votes, workshop dots, paper and event votes, and pairwise comparisons.

    Raises InvalidInput for values out of range, Locked when the method or the dot budget
    would change after votes were cast (the figures would no longer mean the same).
    """
    try:
        method = VoteMethod(method).value
    except ValueError as exc:
        raise InvalidInput(_("Unknown voting method.")) from exc
    if not 1 <= dot_budget <= 1000:
        raise InvalidInput(_("The dot budget must be between 1 and 1000."))
    if not 1 <= dot_max_per_proposal <= dot_budget:
        raise InvalidInput(_("The points per idea must be between 1 and the dot budget."))
    if any(w < 0 or w > 100 for w in weights):
        raise InvalidInput(_("Weights must be between 0 and 100."))
    changes_meaning = (method != process.vote_method or dot_budget < process.dot_budget
                       or dot_max_per_proposal < process.dot_max_per_proposal)
    if (changes_meaning and process.id is not None
            and any(answers(signals.votes_cast, process))):
        raise Locked(_("Votes have been cast: the voting method cannot change any more, "
                       "and the budget can only grow."))
    process.vote_method = method
    process.pairwise_enabled = pairwise_enabled or method == VoteMethod.PAIRWISE.value
    process.pairwise_in_ideas = pairwise_in_ideas
    process.dot_budget = dot_budget
    process.dot_max_per_proposal = dot_max_per_proposal
    process.votes_hidden = votes_hidden
    (process.weight_online, process.weight_workshop, process.weight_paper,
     process.weight_pairwise) = weights


def list_processes(page: int = 1, per_page: int = 20):
    """A page of processes, newest first, with phases, topics and districts loaded."""
    stmt = (select(Process).order_by(Process.created_at.desc(), Process.id.desc())
            .options(selectinload(Process.phases), selectinload(Process.topics),
                     selectinload(Process.districts)))
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def all_processes() -> list[Process]:
    """Every process, newest first (a city runs a handful)."""
    return list(db.session.execute(
        select(Process).order_by(Process.created_at.desc(), Process.id.desc())).scalars())


# --- district areas -------------------------------------------------------------------------

MAX_DISTRICT_FILE_BYTES = 2 * 1024 * 1024

DISTRICT_FILE_ERRORS = {
    "not_json": _l("The district file is not valid JSON (UTF-8)."),
    "not_feature_collection": _l("The district file is not a GeoJSON FeatureCollection."),
    "no_features": _l("The district file contains no districts."),
    "too_many": _l("The district file contains more than %(max)d districts."),
    "not_feature": _l("Entry %(number)d of the district file is not a GeoJSON Feature."),
    "no_name": _l("District %(number)d of the file has no name (property “name”)."),
    "name_too_long": _l("The name of district %(number)d is longer than %(max)d characters."),
    "duplicate_name": _l("The district “%(name)s” appears more than once in the file."),
    "geometry_type": _l("The district “%(name)s” is not a Polygon or MultiPolygon."),
    "bad_coordinates": _l("The coordinates of the district “%(name)s” are not readable."),
    "out_of_range": _l("The district “%(name)s” has coordinates outside longitude -180…180 "
                       "or latitude -90…90."),
    "ring_too_short": _l("A ring of the district “%(name)s” has fewer than four points."),
    "ring_not_closed": _l("A ring of the district “%(name)s” is not closed (its last point "
                          "must repeat its first)."),
    "too_many_points": _l("The district file has more than %(max)d points."),
}


def read_district_file(data: str | bytes) -> list[geo.DistrictShape]:
    """The districts of a GeoJSON district file. Raises InvalidInput with a translated reason."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_DISTRICT_FILE_BYTES:
        raise InvalidInput(_("The district file is larger than %(max)d MB.",
                             max=MAX_DISTRICT_FILE_BYTES // (1024 * 1024)))
    try:
        return geo.parse_district_file(data)
    except geo.DistrictFileError as exc:
        raise InvalidInput(str(DISTRICT_FILE_ERRORS[exc.reason]) % exc.params) from exc


def import_districts(process: Process, data: str | bytes) -> dict[str, list[str]]:
    """Set the process's district areas from a GeoJSON district file, matched by name.

    A district of the file that exists by name keeps its id (its ideas keep their district)
    and gets the new area; new names become new districts, in file order. A district missing
    from the file is removed if nothing uses it, and otherwise kept by name without an area
    (ideas keep it; no point falls into it). All or nothing: raises InvalidInput for a bad
    file before anything changes. Returns the names "added", "updated", "removed", "kept".
    """
    shapes = read_district_file(data)
    by_name = {d.name.casefold(): d for d in process.districts}
    wanted = {shape.name.casefold() for shape in shapes}
    report: dict[str, list[str]] = {"added": [], "updated": [], "removed": [], "kept": []}
    for key, district in list(by_name.items()):
        if key in wanted:
            continue
        if sum(answers(signals.district_in_use, district)):
            _set_area(district, None, None)
            report["kept"].append(district.name)
        else:
            process.districts.remove(district)
            report["removed"].append(district.name)
    for position, shape in enumerate(shapes):
        district = by_name.get(shape.name.casefold())
        if district is None:
            district = District(name=shape.name)
            process.districts.append(district)
            report["added"].append(shape.name)
        else:
            district.name = shape.name
            report["updated"].append(shape.name)
        district.position = position
        _set_area(district, shape.geometry, shape.bbox)
    kept_from = len(shapes)
    for offset, name in enumerate(report["kept"]):
        by_name[name.casefold()].position = kept_from + offset
    db.session.flush()
    log.info("districts of %s imported: %s", process.slug,
             {k: len(v) for k, v in report.items()})
    return report


def _set_area(district: District, geometry: dict | None, bbox: geo.Bbox | None) -> None:
    district.geometry = geometry
    district.min_lat, district.min_lon, district.max_lat, district.max_lon = (
        bbox if bbox is not None else (None, None, None, None))


def district_areas(process: Process) -> list[tuple[District, geo.Bbox, dict]]:
    """The process's districts that have an area, with bounding box and geometry."""
    return [(d, (d.min_lat, d.min_lon, d.max_lat, d.max_lon), d.geometry)
            for d in process.districts if d.geometry is not None and d.min_lat is not None]


def district_for_point(process: Process, lat: float, lon: float) -> District | None:
    """The district the point lies in; None when the process's districts have no areas
    (then any point is accepted). Raises PointOutsideCity when it lies outside all areas."""
    areas = district_areas(process)
    if not areas:
        return None
    district = geo.find_area(areas, lat, lon)
    if district is None:
        raise PointOutsideCity()
    return district


def city_bbox(process: Process) -> geo.Bbox | None:
    """The box around the process's district areas (min_lat, min_lon, max_lat, max_lon)."""
    return geo.union_bbox([bbox for _d, bbox, _g in district_areas(process)])
