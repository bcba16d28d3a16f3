"""`make vendor`: copy the browser libraries that `npm ci` installed in frontend/node_modules
to participation/static/vendor/, each with its licence files, and write
participation/static/vendor/manifest.json (package, version, licence, SHA-256 of every file).

The copied files are committed, so `make run` and `make test` never need npm;
tests/test_vendor.py checks them against package-lock.json and this manifest.

To vendor another library (Leaflet, say): add it with an exact version to package.json,
run `npm install --package-lock-only` in frontend/, add its entry to VENDORED below, and run
`make vendor`. Paths on the left are inside the npm package, on the right inside
participation/static/vendor/ (a folder keeps files together that refer to each other by
relative paths, as Leaflet's CSS does with its images).

Standard library only: it runs with any python3.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import icons

FRONTEND = Path(__file__).resolve().parent
ROOT = FRONTEND.parent
MODULES = FRONTEND / "node_modules"
TARGET = ROOT / "participation" / "static" / "vendor"
MANIFEST = TARGET / "manifest.json"


@dataclass(frozen=True)
class Package:
    files: dict[str, str]  # what the pages load: path in the package -> path in vendor/
    licences: dict[str, str]  # the licence texts that must travel with it, same form
    # files made from the package rather than copied: path in vendor/ -> builder(package
    # folder, output file)
    built: dict[str, Callable[[Path, Path], object]] = field(default_factory=dict)


VENDORED: dict[str, Package] = {
    # the live board's client (templates/workshops/_board.html); the server is python-socketio
    "socket.io-client": Package(
        files={"dist/socket.io.min.js": "socket.io.min.js"},
        licences={"LICENSE": "socket.io.LICENSE"},
    ),
    # the API documentation page /api/v1/docs (templates/api/docs.html, static/js/api-docs.js)
    "swagger-ui-dist": Package(
        files={"swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
               "swagger-ui.css": "swagger-ui/swagger-ui.css"},
        licences={"LICENSE": "swagger-ui/LICENSE", "NOTICE": "swagger-ui/NOTICE",
                  # the licences of the libraries bundled into swagger-ui-bundle.js
                  "swagger-ui-bundle.js.LICENSE.txt":
                      "swagger-ui/swagger-ui-bundle.js.LICENSE.txt"},
    ),
    # the site's font (static/css/site.css): Inter, variable, the latin and latin-ext subsets
    "@fontsource-variable/inter": Package(
        files={"files/inter-latin-wght-normal.woff2": "fonts/inter-latin-wght-normal.woff2",
               "files/inter-latin-ext-wght-normal.woff2":
                   "fonts/inter-latin-ext-wght-normal.woff2"},
        licences={"LICENSE": "fonts/inter.LICENSE"},
    ),
    # the maps (static/js/map.js): idea list, process page, posting form, projector, admin
    # districts; no tiles unless MAP_TILE_URL is set. The CSS refers to images/ relatively.
    "leaflet": Package(
        files={"dist/leaflet.js": "leaflet/leaflet.js",
               "dist/leaflet.css": "leaflet/leaflet.css",
               "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
               "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
               "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
               "dist/images/layers.png": "leaflet/images/layers.png",
               "dist/images/layers-2x.png": "leaflet/images/layers-2x.png"},
        licences={"LICENSE": "leaflet/LICENSE"},
    ),
    # markers that cluster when the map is zoomed out (static/js/map.js)
    "leaflet.markercluster": Package(
        files={"dist/leaflet.markercluster.js": "leaflet/leaflet.markercluster.js",
               "dist/MarkerCluster.css": "leaflet/MarkerCluster.css",
               "dist/MarkerCluster.Default.css": "leaflet/MarkerCluster.Default.css"},
        licences={"MIT-LICENCE.txt": "leaflet/markercluster.LICENSE"},
    ),
    # the icons (the `icon` macro): one sprite of the Lucide icons frontend/icons.py names
    "lucide-static": Package(
        files={},
        licences={"LICENSE": "icons.LICENSE"},
        built={"icons.svg": lambda package, out: icons.build(package / "icons", out)},
    ),
}


class VendorError(Exception):
    """Something does not match: the message says what to run."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked_versions() -> dict[str, str]:
    """name -> exact version of each direct dependency, as package-lock.json pins it.
    Raises VendorError when package.json and the lock disagree or a version is not exact."""
    wanted = json.loads((FRONTEND / "package.json").read_text())["dependencies"]
    lock = json.loads((FRONTEND / "package-lock.json").read_text())["packages"]
    versions = {}
    for name, spec in wanted.items():
        entry = lock.get(f"node_modules/{name}")
        if entry is None or entry["version"] != spec:
            raise VendorError(f"{name}: package.json asks for {spec!r}, the lock has "
                              f"{entry and entry['version']!r}; pin an exact version and run "
                              "`npm install --package-lock-only` in frontend/")
        versions[name] = spec
    if set(versions) != set(VENDORED):
        raise VendorError("package.json and VENDORED in frontend/vendor.py name different "
                          f"packages: {sorted(set(versions) ^ set(VENDORED))}")
    return versions


def installed(name: str, version: str) -> dict:
    """The package.json of the installed package. Raises VendorError unless it is the locked
    version (frontend/node_modules is stale or missing: run `npm ci` in frontend/)."""
    path = MODULES / name / "package.json"
    if not path.is_file():
        raise VendorError(f"{name} is not installed: run `npm ci` in frontend/")
    meta = json.loads(path.read_text())
    if meta["version"] != version:
        raise VendorError(f"{name} {meta['version']} is installed, the lock says {version}: "
                          "run `npm ci` in frontend/")
    return meta


def copy_all(files: dict[str, str], source: Path) -> dict[str, str]:
    hashes = {}
    for inside, target in files.items():
        src = source / inside
        if not src.is_file():
            raise VendorError(f"{src} is missing from the package")
        dest = TARGET / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        hashes[target] = sha256(dest)
    return hashes


def build_all(built: dict[str, Callable[[Path, Path], object]], source: Path
              ) -> dict[str, str]:
    hashes = {}
    for target, builder in built.items():
        dest = TARGET / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        builder(source, dest)
        hashes[target] = sha256(dest)
    return hashes


def vendor() -> dict:
    """Empty participation/static/vendor/, copy every VENDORED file and licence into it,
    write the manifest and return it. Raises VendorError (nothing is removed then)."""
    versions = locked_versions()
    metas = {name: installed(name, version) for name, version in versions.items()}
    if TARGET.exists():
        shutil.rmtree(TARGET)  # everything in it comes from here: no stale file stays
    TARGET.mkdir(parents=True)
    packages = {}
    for name, package in VENDORED.items():
        source = MODULES / name
        packages[name] = {
            "version": versions[name],
            "license": metas[name].get("license", ""),
            "files": {**copy_all(package.files, source), **build_all(package.built, source)},
            "licences": copy_all(package.licences, source),
        }
    manifest = {"written_by": "make vendor (frontend/vendor.py)", "packages": packages}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def main() -> int:
    try:
        manifest = vendor()
    except VendorError as exc:
        print(f"make vendor: {exc}", file=sys.stderr)
        return 1
    for name, entry in manifest["packages"].items():
        print(f"vendored {name} {entry['version']} ({entry['license']}): "
              f"{', '.join([*entry['files'], *entry['licences']])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
