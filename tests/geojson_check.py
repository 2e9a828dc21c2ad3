"""A strict structural check of a GeoJSON text against RFC 7946 (no GeoJSON validator is installed,
so the rules are written out here, each with its section): `problems(doc)` lists every way the
parsed document breaks them, as "path: what", empty for a valid document.

Checked: the object types and their required members (§3), positions of two or three numbers in
longitude, latitude order within WGS84's range (§3.1.1, §4), the coordinates each geometry type
takes (§3.1.2–3.1.8), closed linear rings (§3.1.6), bounding boxes (§5), feature ids as string or
number (§3.2), `properties` as an object or null (§3.2), and no `crs` member (removed by the RFC,
§4). Members the RFC reserves may not change meaning: a Feature has no `coordinates`, a geometry
no `properties`, and so on (§7.1)."""

from __future__ import annotations

import math

GEOMETRIES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
              "GeometryCollection")
# Members each object type must not carry, because they belong to another type (§7.1).
_FOREIGN = {
    "FeatureCollection": ("coordinates", "geometries", "geometry", "properties"),
    "Feature": ("coordinates", "geometries", "features"),
    **dict.fromkeys(GEOMETRIES, ("features", "geometry", "properties")),
}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _position(value, path: str, out: list[str]) -> None:
    if not isinstance(value, list) or len(value) not in (2, 3) or not all(_number(v) for v in value):
        out.append(f"{path}: a position is [longitude, latitude] or [longitude, latitude, altitude], numbers")
        return
    lon, lat = value[0], value[1]
    if not -180 <= lon <= 180:
        out.append(f"{path}: longitude {lon} is not between -180 and 180")
    if not -90 <= lat <= 90:
        out.append(f"{path}: latitude {lat} is not between -90 and 90")


def _positions(value, path: str, out: list[str], least: int = 0) -> None:
    if not isinstance(value, list) or len(value) < least:
        out.append(f"{path}: an array of at least {least} positions")
        return
    for i, item in enumerate(value):
        _position(item, f"{path}[{i}]", out)


def _ring(value, path: str, out: list[str]) -> None:
    _positions(value, path, out, 4)
    if isinstance(value, list) and len(value) >= 4 and value[0] != value[-1]:
        out.append(f"{path}: a linear ring ends where it starts")


def _bbox(value, path: str, out: list[str]) -> None:
    if not isinstance(value, list) or len(value) not in (4, 6) or not all(_number(v) for v in value):
        out.append(f"{path}: a bbox is 2×n numbers (n = 2 or 3)")
        return
    half = len(value) // 2
    if value[1] > value[half + 1]:
        out.append(f"{path}: the bbox's southern edge lies north of its northern edge")


def _geometry(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict) or value.get("type") not in GEOMETRIES:
        out.append(f"{path}: a geometry object with a type among {', '.join(GEOMETRIES)}")
        return
    kind = value["type"]
    if kind == "GeometryCollection":
        members = value.get("geometries")
        if not isinstance(members, list):
            out.append(f"{path}.geometries: required, an array")
            return
        for i, member in enumerate(members):
            _geometry(member, f"{path}.geometries[{i}]", out)
        return
    if "coordinates" not in value:
        out.append(f"{path}.coordinates: required")
        return
    c, where = value["coordinates"], f"{path}.coordinates"
    if kind == "Point":
        _position(c, where, out)
    elif kind == "MultiPoint":
        _positions(c, where, out)
    elif kind == "LineString":
        _positions(c, where, out, 2)
    elif kind == "MultiLineString":
        for i, line in enumerate(c if isinstance(c, list) else [None]):
            _positions(line, f"{where}[{i}]", out, 2)
    elif kind == "Polygon":
        for i, ring in enumerate(c if isinstance(c, list) else [None]):
            _ring(ring, f"{where}[{i}]", out)
    else:  # MultiPolygon
        for i, polygon in enumerate(c if isinstance(c, list) else [None]):
            for j, ring in enumerate(polygon if isinstance(polygon, list) else [None]):
                _ring(ring, f"{where}[{i}][{j}]", out)


def _feature(value, path: str, out: list[str]) -> None:
    if not isinstance(value, dict) or value.get("type") != "Feature":
        out.append(f"{path}: a Feature object")
        return
    if "geometry" not in value:
        out.append(f"{path}.geometry: required (null for an unlocated feature)")
    elif value["geometry"] is not None:
        _geometry(value["geometry"], f"{path}.geometry", out)
    if "properties" not in value:
        out.append(f"{path}.properties: required (an object, or null)")
    elif value["properties"] is not None and not isinstance(value["properties"], dict):
        out.append(f"{path}.properties: an object, or null")
    if "id" in value and not (isinstance(value["id"], str) or _number(value["id"])):
        out.append(f"{path}.id: a string or a number")


def problems(doc) -> list[str]:
    """Every way `doc`, parsed JSON, breaks RFC 7946; empty when it is a valid GeoJSON text."""
    out: list[str] = []

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            if "crs" in value:
                out.append(f"{path}.crs: not part of GeoJSON since RFC 7946 (coordinates are WGS84)")
            if "bbox" in value:
                _bbox(value["bbox"], f"{path}.bbox", out)
            for member in _FOREIGN.get(value.get("type"), ()):
                if member in value:
                    out.append(f"{path}.{member}: a member of another GeoJSON type")
            for key in ("features", "geometries", "geometry"):
                child = value.get(key)
                if isinstance(child, list):
                    for i, item in enumerate(child):
                        walk(item, f"{path}.{key}[{i}]")
                elif isinstance(child, dict):
                    walk(child, f"{path}.{key}")

    if not isinstance(doc, dict):
        return ["$: a GeoJSON text is an object"]
    kind = doc.get("type")
    if kind == "FeatureCollection":
        if not isinstance(doc.get("features"), list):
            out.append("$.features: required, an array")
        else:
            for i, feature in enumerate(doc["features"]):
                _feature(feature, f"$.features[{i}]", out)
    elif kind == "Feature":
        _feature(doc, "$", out)
    elif kind in GEOMETRIES:
        _geometry(doc, "$", out)
    else:
        out.append(f"$.type: {kind!r} is not a GeoJSON type")
    walk(doc, "$")
    return out
