"""The wheel holds every package of the source tree and every shipped config, so a plain `pip install .` runs."""

from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_every_source_package_is_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    declared = set(config["packages"])
    roots = {src: pkg for pkg, src in config["package-dir"].items()}
    found = set()
    for src, pkg in roots.items():
        for init in (ROOT / src).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / src)
            found.add(".".join([pkg, *rel.parts]))
    assert found <= declared, f"packages missing from pyproject.toml: {sorted(found - declared)}"
    shipped = config["package-data"]
    assert shipped["newsbitext.pipeline"] == ["report_template.html"]
    assert all(any(p.endswith(".yaml") for p in pats) for key, pats in shipped.items() if key != "newsbitext.pipeline")
