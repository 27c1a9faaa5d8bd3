"""One direction through the house (issue 10): reading (ingest/) knows nothing of the
database, the database side (db/) imports nothing from the reading side, the site (plugins/)
reads the database, the command line (cli.py, build.py) sits on top; no import circles.
Read from the source with `ast`, every import counted, those inside functions too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "quotecheck"
FOLDERS = ("ingest", "db", "plugins")


def module_files() -> dict[str, Path]:
    """quotecheck's modules by dotted name, as the wheel lays them out."""
    files = {f"{PACKAGE}.{path.stem}": path for path in ROOT.glob("*.py")}
    for folder in FOLDERS:
        for path in (ROOT / folder).glob("*.py"):
            name = f"{PACKAGE}.{folder}" if path.stem == "__init__" else \
                f"{PACKAGE}.{folder}.{path.stem}"
            files[name] = path
    return files


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports."""
    package = name if path.stem == "__init__" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # `from . import names`: the names may be modules themselves
            targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            for top in ("ingest", "db", "plugins"):  # an import by the old top-level names
                if target == top or target.startswith(top + "."):
                    found.add(f"!{target}")
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target != PACKAGE:
                found.add(target)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imports_of(name, path, set(files)) for name, path in files.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or parts[1] in FOLDERS else "top"


def test_modules_are_found(graph):
    assert {"quotecheck.cli", "quotecheck.build", "quotecheck.db.store",
            "quotecheck.ingest.extract", "quotecheck.plugins.site"} <= set(graph)


def test_only_package_imports(graph):
    """Every import says `quotecheck` (or is relative): `ingest` or `db` as top-level names
    would be other packages in an installed environment."""
    stray = {name: sorted(t for t in targets if t.startswith("!")) for name, targets in graph.items()}
    assert {name: t for name, t in stray.items() if t} == {}


@pytest.mark.parametrize("lower, forbidden", [
    ("db", {"ingest", "plugins", "top"}),
    ("ingest", {"db", "plugins", "top"}),
    ("plugins", {"ingest", "top"}),
])
def test_one_direction(graph, lower, forbidden):
    wrong = {name: sorted(t for t in targets if not t.startswith("!") and layer(t) in forbidden)
             for name, targets in graph.items() if layer(name) == lower}
    assert {name: t for name, t in wrong.items() if t} == {}


def test_no_import_circles(graph):
    """Tarjan's strongly connected components: any with two or more modules is a circle."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other.startswith("!") or other not in graph:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []
