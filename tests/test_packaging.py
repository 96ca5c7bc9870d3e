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
    assert shipped["newsbitext.pipeline.io"] == ["report_template.html"]
    assert shipped["newsbitext.models"] == ["faithfulness.json", "faithfulness.bank.npz"]  # the learned QE score
    assert all(any(p.endswith(".yaml") for p in pats) for key, pats in shipped.items()
               if key not in ("newsbitext.pipeline.io", "newsbitext.models"))


def test_hf_extra_holds_the_model_stack_and_the_base_needs_none_of_it(tmp_path):
    """`pip install newsbitext[hf]` brings transformers and torch; the default path runs with them unimportable (a
    run over one sample pair with them blocked). sentencepiece is in the base: the embedded encoder's pieces."""
    import shutil
    import subprocess
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    base = " ".join(project["dependencies"])
    hf = " ".join(project["optional-dependencies"]["hf"])
    for name in ("transformers", "torch"):
        assert name in hf and name not in base
    assert "sentencepiece" in base
    shutil.copytree(ROOT / "corpora" / "bok-rate-decision", tmp_path / "in" / "bok-rate-decision")
    blocker = (  # every finder wrapped so that these packages are not found, as if not installed
        "import sys\n"
        "BLOCKED = {'torch', 'transformers', 'tokenizers', 'sacremoses'}\n"
        "class Without:\n"
        "    def __init__(self, finder):\n"
        "        self.finder = finder\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED or not hasattr(self.finder, 'find_spec'):\n"
        "            return None\n"
        "        return self.finder.find_spec(name, path, target)\n"
        "    def __getattr__(self, attr):\n"
        "        return getattr(self.finder, attr)\n"
        "sys.meta_path[:] = [Without(f) for f in sys.meta_path]\n"
        "import importlib.util\n"
        "assert importlib.util.find_spec('torch') is None\n"
        "from newsbitext.pipeline.cli import main\n"
        f"sys.exit(main(['run', {str(tmp_path / 'in')!r}, '-o', {str(tmp_path / 'out')!r}, '--quiet']))\n")
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "articles.jsonl").read_text("utf-8").count("\n") == 1


def test_readme_layout_names_every_module():
    """The README's map of the tree (its Layout section) names every module and package of pipeline/ and models/,
    and names none that is gone."""
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    mapped = set(re.findall(r"[a-z_]+\.py|[a-z_]+/", layout))
    modules = {p.name for root in ("pipeline", "models") for p in (ROOT / root).rglob("*.py") if p.name != "__init__.py"}
    packages = {p.parent.name + "/" for root in ("pipeline", "models") for p in (ROOT / root).rglob("__init__.py")}
    assert not (modules | packages) - mapped, f"not in the README's layout: {sorted((modules | packages) - mapped)}"
    elsewhere = {p.name for root in ("benchmarks", "tests") for p in (ROOT / root).rglob("*.py")}
    gone = {m for m in mapped if m.endswith(".py")} - modules - elsewhere
    assert not gone, f"named but gone: {sorted(gone)}"


def _internal_imports() -> dict[str, set[str]]:
    """Each module of pipeline/ and models/ (as `pipeline.run.runner`) and the modules of the package it imports,
    at the top or inside a function."""
    import ast

    modules = {}
    for root in ("pipeline", "models"):
        for path in (ROOT / root).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
                found |= {t for t in (target, *(f"{target}.{a.name}" for a in node.names)) if t in modules}
        graph[name] = found - {name}
    return graph


def test_the_rooms_import_downward_only():
    """No import cycle; the stages import neither running, I/O, evaluation nor the CLI; nothing but the CLI
    imports the runner but the CLI, the API and `review` beside it (the top); the CLI loads no model itself (it gets the stages from `Pipeline`)."""
    graph = _internal_imports()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in graph[node]:
            assert state.get(dep) != 1, f"import cycle: {' -> '.join([*path[path.index(dep):], dep])}"
            if dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    above = ("pipeline.run", "pipeline.io", "pipeline.evaluation", "pipeline.cli", "pipeline.api", "pipeline.pipeline")
    stages = [m for m in graph if m.startswith("pipeline.") and not m.startswith(above)]
    for module in stages:
        assert not {d for d in graph[module] if d.startswith(above)}, f"{module} imports a room above the stages"
    top = {"pipeline.cli", "pipeline.api", "pipeline.run.review"}  # (review: a command beside the runner, reusing it)
    assert {m for m, deps in graph.items() if "pipeline.run.runner" in deps} <= top
    assert not {d for d in graph["pipeline.cli"] if d.startswith("models")}
    assert not {d for d in graph["pipeline.io.writers"] | graph["pipeline.io.articles"] if d.startswith("models")}
