"""The import-linter contracts in pyproject.toml name every app (docs/architecture.md,
"Boundaries"): an app nobody listed would not be checked at all."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(p.parent.name for p in (ROOT / "src" / "trellis").glob("*/apps.py"))
KERNEL = {"accounts", "rosters", "curriculum"}


def _contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def test_every_app_is_kept_out_of_common_and_out_of_the_engine():
    by_name = {c["name"]: c for c in _contracts()}
    common = next(c for n, c in by_name.items() if n.startswith("trellis.common"))
    grr = next(c for n, c in by_name.items() if n.startswith("The release engine"))
    for app in APPS:
        assert f"trellis.{app}" in grr["forbidden_modules"], app
        if app != "common":
            assert f"trellis.{app}" in common["forbidden_modules"], app


def test_every_feature_app_has_a_public_surface_contract_sourced_from_every_other_app():
    surface = {
        c["forbidden_modules"][0].removesuffix(".*").removeprefix("trellis."): c
        for c in _contracts()
        if c["name"].startswith("Other apps reach")
    }
    assert set(surface) == set(APPS) - KERNEL - {"common"}
    for app, contract in surface.items():
        others = {f"trellis.{a}" for a in APPS if a not in (app, "common")}
        assert others <= set(contract["source_modules"]), app
