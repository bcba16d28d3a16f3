"""The browser libraries we serve ourselves (participation/static/vendor/) are exactly what
`make vendor` copies from the versions frontend/package-lock.json pins, with their licences.

`make vendor` (frontend/vendor.py) writes participation/static/vendor/manifest.json; these
tests hold the committed files, the manifest, package.json and the lock together, so a file
edited by hand, a version bumped without `make vendor` or a licence left behind fails here.
No npm is needed to run them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
VENDOR = ROOT / "participation" / "static" / "vendor"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


MANIFEST = _json(VENDOR / "manifest.json")["packages"]
PACKAGE_JSON = _json(FRONTEND / "package.json")
LOCK = _json(FRONTEND / "package-lock.json")


def locked(name: str) -> str:
    return LOCK["packages"][f"node_modules/{name}"]["version"]


def test_every_dependency_is_vendored_and_nothing_else():
    assert set(MANIFEST) == set(PACKAGE_JSON["dependencies"])
    assert MANIFEST, "nothing vendored"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_the_vendored_version_is_the_pinned_and_locked_one(name):
    spec = PACKAGE_JSON["dependencies"][name]
    assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name}: pin an exact version, not {spec}"
    assert locked(name) == spec
    assert MANIFEST[name]["version"] == spec


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_vendored_file_is_the_one_make_vendor_copied(name):
    entry = MANIFEST[name]
    assert entry["files"], f"{name}: no file"
    for relative, digest in {**entry["files"], **entry["licences"]}.items():
        path = VENDOR / relative
        assert path.is_file(), f"{relative} is missing: run `make vendor`"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, \
            f"{relative} differs from what `make vendor` copied: run `make vendor`"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_vendored_package_comes_with_its_licence(name):
    entry = MANIFEST[name]
    assert entry["license"], f"{name}: the package names no licence"
    assert entry["licences"], f"{name}: no licence file copied"
    texts = [(VENDOR / relative).read_text(encoding="utf-8") for relative in entry["licences"]]
    assert any("licen" in text.lower() and len(text) > 200 for text in texts), \
        f"{name}: no licence text among {list(entry['licences'])}"


def test_the_vendor_folder_holds_only_what_the_manifest_lists():
    listed = {"manifest.json"} | {relative for entry in MANIFEST.values()
                                  for relative in [*entry["files"], *entry["licences"]]}
    present = {path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*")
               if path.is_file()}
    assert present == listed


def test_the_socket_io_client_says_the_locked_version_in_its_banner():
    banner = (VENDOR / "socket.io.min.js").read_text(encoding="utf-8")[:200]
    assert banner.startswith(f"/*!\n * Socket.IO v{locked('socket.io-client')}\n")


def test_swagger_ui_is_the_locked_version():
    bundle = (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    version = locked("swagger-ui-dist")
    # the version the bundle was built as (it reports it in SwaggerUI.version)
    assert f'PACKAGE_VERSION:"{version}"' in bundle


def test_the_lock_records_no_download_location():
    text = (FRONTEND / "package-lock.json").read_text(encoding="utf-8")
    assert LOCK["lockfileVersion"] >= 3
    assert all("resolved" not in entry for entry in LOCK["packages"].values())
    # no address of any host, but the authors' own funding pages that npm copies from a
    # package's metadata (not where anything is downloaded from)
    funding = {entry["funding"]["url"] for entry in LOCK["packages"].values()
               if isinstance(entry.get("funding"), dict)}
    for url in funding:
        text = text.replace(url, "")
    assert "://" not in text
    npmrc = (FRONTEND / ".npmrc").read_text(encoding="utf-8").splitlines()
    assert "omit-lockfile-registry-resolved=true" in npmrc
    assert "ignore-scripts=true" in npmrc
