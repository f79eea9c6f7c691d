"""Writes europe.json, the country outlines of the Insights map, from Natural Earth's 1:110m
countries (public domain) as the geopandas 0.14.4 wheel ships them
(geopandas/datasets/naturalearth_lowres/); run again only to change the map:

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-*.whl 'geopandas/datasets/*'
    python -m bot.domain.maps.make_europe geopandas/datasets/naturalearth_lowres

Shapefile and dBase are read here directly (both formats are a few fixed-size records), so the
product needs no GIS library.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import pycountry

from bot.domain.maps.europe import HEIGHT, WIDTH, project

OUTPUT = Path(__file__).resolve().parent / "europe.json"
SOURCE = ("Natural Earth 1:110m Admin 0 countries (public domain), from the geopandas 0.14.4 "
          "wheel's naturalearth_lowres dataset; https://www.naturalearthdata.com/")
# Kosovo has no ISO 3166 code of its own (the dataset gives "-99"); Northern Cyprus is drawn as
# part of Cyprus.
_BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY"}


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBase III table, each field as text."""
    data = path.read_bytes()
    records, header_size, record_size = struct.unpack("<xxxxIHH", data[:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode()
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for number in range(records):
        start = header_size + number * record_size + 1  # after the deletion flag
        row = {}
        for name, size in fields:
            row[name] = data[start:start + size].decode("utf-8", "replace").strip()
            start += size
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Every record's rings of (longitude, latitude)."""
    data = path.read_bytes()
    shapes, offset = [], 100
    while offset < len(data):
        _number, length = struct.unpack(">ii", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + 2 * length]
        offset += 8 + 2 * length
        if struct.unpack("<i", body[:4])[0] != 5:  # not a polygon
            shapes.append([])
            continue
        parts_count, points_count = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", body[44:44 + 4 * parts_count]))
        start = 44 + 4 * parts_count
        points = [struct.unpack("<dd", body[start + 16 * i:start + 16 * i + 16])
                  for i in range(points_count)]
        shapes.append([points[a:b] for a, b in zip(parts, parts[1:] + [points_count],
                                                   strict=True)])
    return shapes


def alpha2(iso_a3: str, name: str) -> str | None:
    """The ISO alpha-2 code the map keys a shape by."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    country = pycountry.countries.get(alpha_3=iso_a3)
    return country.alpha_2 if country else None


def svg_path(rings: list[list[tuple[float, float]]]) -> str | None:
    """The rings as one SVG path in the map's frame; None when no ring reaches the frame."""
    pieces, visible = [], False
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        visible |= any(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in points)
        pieces.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(pieces) if visible else None


def main(folder: str) -> int:
    """Write europe.json from the dataset in `folder`."""
    base = Path(folder) / "naturalearth_lowres"
    shapes = {}
    for row, rings in zip(read_dbf(base.with_suffix(".dbf")), read_polygons(
            base.with_suffix(".shp")), strict=True):
        code = alpha2(row["iso_a3"], row["name"])
        path = svg_path(rings) if code and rings else None
        if path:
            shapes[code] = shapes.get(code, "") + path
    OUTPUT.write_text(json.dumps({"source": SOURCE, "width": WIDTH, "height": HEIGHT,
                                  "countries": dict(sorted(shapes.items()))}, indent=0) + "\n",
                      encoding="utf-8")
    print(f"{len(shapes)} countries written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
