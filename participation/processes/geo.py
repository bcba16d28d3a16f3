"""Districts as areas on the map: reading a GeoJSON district file, point in polygon, bounding
boxes. Plain data in, plain data out; no Flask, no database.

Coordinates are GeoJSON's: [lon, lat] in WGS 84. A geometry is a Polygon or MultiPolygon
dict; a polygon is a list of rings, the first the outline and the others holes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

MAX_NAME_LENGTH = 60
MAX_FEATURES = 500
MAX_POINTS = 200_000
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")

Bbox = tuple[float, float, float, float]  # min_lat, min_lon, max_lat, max_lon


class DistrictFileError(ValueError):
    """The district file is unusable. `reason` is stable (the caller turns it into a
    translated message), `params` fill it in (feature number from 1, name, …)."""

    def __init__(self, reason: str, **params: Any) -> None:
        self.reason = reason
        self.params = params
        super().__init__(f"{reason} {params}" if params else reason)


@dataclass(frozen=True)
class DistrictShape:
    name: str
    geometry: dict[str, Any]
    bbox: Bbox


def parse_district_file(data: str | bytes) -> list[DistrictShape]:
    """The districts of a GeoJSON FeatureCollection, in file order.

    Raises DistrictFileError: not_json, not_feature_collection, no_features, too_many,
    not_feature, no_name, name_too_long, duplicate_name, geometry_type, bad_coordinates,
    out_of_range, ring_too_short, ring_not_closed, too_many_points.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DistrictFileError("not_json") from exc
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise DistrictFileError("not_json") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise DistrictFileError("not_feature_collection")
    features = document["features"]
    if not features:
        raise DistrictFileError("no_features")
    if len(features) > MAX_FEATURES:
        raise DistrictFileError("too_many", max=MAX_FEATURES)
    shapes: list[DistrictShape] = []
    seen: set[str] = set()
    points = 0
    for number, feature in enumerate(features, start=1):
        shape = _district(number, feature)
        key = shape.name.casefold()
        if key in seen:
            raise DistrictFileError("duplicate_name", name=shape.name)
        seen.add(key)
        points += sum(len(ring) for polygon in polygons_of(shape.geometry) for ring in polygon)
        if points > MAX_POINTS:
            raise DistrictFileError("too_many_points", max=MAX_POINTS)
        shapes.append(shape)
    return shapes


def _district(number: int, feature: Any) -> DistrictShape:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DistrictFileError("not_feature", number=number)
    properties = feature.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name:
        raise DistrictFileError("no_name", number=number)
    if len(name) > MAX_NAME_LENGTH:
        raise DistrictFileError("name_too_long", number=number, max=MAX_NAME_LENGTH)
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise DistrictFileError("geometry_type", name=name)
    raw = geometry.get("coordinates")
    polygons = [raw] if geometry["type"] == "Polygon" else raw
    if not isinstance(polygons, list) or not polygons:
        raise DistrictFileError("bad_coordinates", name=name)
    clean = [_polygon(name, polygon) for polygon in polygons]
    clean_geometry = ({"type": "Polygon", "coordinates": clean[0]}
                      if geometry["type"] == "Polygon"
                      else {"type": "MultiPolygon", "coordinates": clean})
    return DistrictShape(name, clean_geometry, geometry_bbox(clean_geometry))


def _polygon(name: str, polygon: Any) -> list[list[list[float]]]:
    if not isinstance(polygon, list) or not polygon:
        raise DistrictFileError("bad_coordinates", name=name)
    return [_ring(name, ring) for ring in polygon]


def _ring(name: str, ring: Any) -> list[list[float]]:
    if not isinstance(ring, list):
        raise DistrictFileError("bad_coordinates", name=name)
    out = []
    for position in ring:
        if not isinstance(position, list) or len(position) < 2 or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2]):
            raise DistrictFileError("bad_coordinates", name=name)
        lon, lat = float(position[0]), float(position[1])
        if not (math.isfinite(lon) and math.isfinite(lat)
                and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise DistrictFileError("out_of_range", name=name)
        out.append([lon, lat])
    if len(out) < 4:  # a triangle is three corners and the first again
        raise DistrictFileError("ring_too_short", name=name)
    if out[0] != out[-1]:
        raise DistrictFileError("ring_not_closed", name=name)
    return out


def polygons_of(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def geometry_bbox(geometry: dict[str, Any]) -> Bbox:
    """min_lat, min_lon, max_lat, max_lon of a geometry (its outlines suffice)."""
    lons = [p[0] for polygon in polygons_of(geometry) for p in polygon[0]]
    lats = [p[1] for polygon in polygons_of(geometry) for p in polygon[0]]
    return min(lats), min(lons), max(lats), max(lons)


def union_bbox(boxes: list[Bbox]) -> Bbox | None:
    """The box around all boxes (the city's from its districts); None for none."""
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def in_bbox(bbox: Bbox, lat: float, lon: float) -> bool:
    return bbox[0] <= lat <= bbox[2] and bbox[1] <= lon <= bbox[3]


def _in_ring(ring: list[list[float]], lat: float, lon: float) -> bool:
    """Ray casting: does a ray from the point eastwards cross the ring an odd number of
    times?"""
    inside = False
    x, y = lon, lat
    for i in range(len(ring) - 1):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[i + 1][0], ring[i + 1][1]
        if (y1 > y) != (y2 > y):
            crossing = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < crossing:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any], lat: float, lon: float) -> bool:
    """Is the point inside the geometry: in a polygon's outline and none of its holes?"""
    for polygon in polygons_of(geometry):
        if _in_ring(polygon[0], lat, lon) and not any(
                _in_ring(hole, lat, lon) for hole in polygon[1:]):
            return True
    return False


def find_area(areas: list[tuple[Any, Bbox, dict[str, Any]]], lat: float, lon: float) -> Any:
    """The key of the first (key, bbox, geometry) whose geometry holds the point, or None."""
    for key, bbox, geometry in areas:
        if in_bbox(bbox, lat, lon) and contains(geometry, lat, lon):
            return key
    return None


@dataclass(frozen=True)
class SvgArea:
    name: str
    path: str  # SVG path data, every ring a closed subpath (holes by the even-odd rule)
    label_x: float
    label_y: float


def svg_areas(areas: list[tuple[str, dict[str, Any]]],
              width: float = 600) -> tuple[str, list[SvgArea]]:
    """A simple map of named geometries for an inline SVG: equirectangular, x shrunk by the
    cosine of the middle latitude, north up, fitted into a viewBox `width` wide.
    Returns (viewBox, areas); ("0 0 width width", []) for none."""
    boxes = [geometry_bbox(geometry) for _name, geometry in areas]
    box = union_bbox(boxes)
    if box is None:
        return f"0 0 {width:g} {width:g}", []
    min_lat, min_lon, max_lat, max_lon = box
    shrink = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * shrink, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    margin = width * 0.02
    scale = (width - 2 * margin) / span_x
    height = span_y * scale + 2 * margin

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon - min_lon) * shrink * scale, margin + (max_lat - lat) * scale

    out = []
    for (name, geometry), bbox in zip(areas, boxes, strict=True):
        parts = []
        for polygon in polygons_of(geometry):
            for ring in polygon:
                points = [xy(lon, lat) for lon, lat in ring[:-1]]
                parts.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z")
        label_x, label_y = xy((bbox[1] + bbox[3]) / 2, (bbox[0] + bbox[2]) / 2)
        out.append(SvgArea(name, " ".join(parts), round(label_x, 1), round(label_y, 1)))
    return f"0 0 {width:g} {height:.1f}", out


def count_points(areas: list[tuple[Any, Bbox, dict[str, Any]]],
                 points: list[tuple[float, float]]) -> dict[Any, int]:
    """How many of the (lat, lon) points lie in each area (keyed as in find_area)."""
    counts = {key: 0 for key, _bbox, _geometry in areas}
    for lat, lon in points:
        key = find_area(areas, lat, lon)
        if key is not None:
            counts[key] += 1
    return counts
