"""The package's shape: imports run one way (no cycles), the command line is a layer on
top that nothing below imports, and the core is a library (ruff's banned-api rule keeps
rich and typer out of it; this checks the import graph itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import itfind

PACKAGE = Path(itfind.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    """Modules of the package a module imports anywhere (inside functions too), except
    under `if TYPE_CHECKING:`, which never runs."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    package = package.rsplit(".", 1)[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    return {
        name: imported(ast.parse(path.read_text("utf-8")), name, path.name == "__init__.py", known)
        for name, path in files.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = walk(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = walk(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycles():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_nothing_below_the_command_line_imports_it():
    graph = import_graph()
    offenders = sorted(
        name
        for name, targets in graph.items()
        if not name.startswith("itfind.cli") and name != "itfind.main"
        if any(t == "itfind.cli" or t.startswith("itfind.cli.") for t in targets)
    )
    assert offenders == []


def test_the_command_line_uses_the_public_api():
    graph = import_graph()
    uses = set().union(
        *(targets for name, targets in graph.items() if name.startswith("itfind.cli"))
    )
    assert "itfind.api" in uses
    # Loading goes through the API: no command reads the cache or the parser directly.
    assert not uses & {"itfind.catalogue.cache", "itfind.catalogue.parse"}


# PyYAML's readers, and the loader classes they take. Writing YAML (safe_dump) is fine.
YAML_READERS = {
    "load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all",
    "full_load_all", "unsafe_load_all", "compose", "compose_all", "parse", "scan",
    "SafeLoader", "CSafeLoader", "Loader", "CLoader", "FullLoader", "CFullLoader",
    "UnsafeLoader", "CUnsafeLoader", "BaseLoader", "CBaseLoader",
}  # fmt: skip
YAML_ENTRY = {"itfind.catalogue.parse", "itfind.catalogue.yamlsafe"}


def yaml_reads(tree: ast.Module) -> list[str]:
    """`yaml.<reader>` uses and `from yaml import <reader>` imports in a module."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "yaml"
            and node.attr in YAML_READERS
        ):
            found.append(f"line {node.lineno}: yaml.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("yaml"):
            found += [f"line {node.lineno}: from {node.module} import {a.name}" for a in node.names]
    return found


def test_the_hardened_reader_is_the_only_yaml_entry_point():
    """Every YAML input (catalogue, overlay, profile, anything later) goes through
    catalogue.parse, which refuses devices, huge files, tags and alias bombs; a module
    calling yaml.safe_load itself would skip all of that."""
    offenders = {
        name: found
        for name, path in sorted({module_name(p): p for p in PACKAGE.rglob("*.py")}.items())
        if name not in YAML_ENTRY and (found := yaml_reads(ast.parse(path.read_text("utf-8"))))
    }
    assert offenders == {}


def test_only_the_assistants_server_imports_the_optional_mcp_extra():
    """`pip install itfind` has no MCP SDK (nor pydantic, which it brings): a module that
    imports them anywhere but the server would break every command without the extra."""
    users = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in ("mcp", "pydantic") for n in names):
                users.append(module_name(path))
    assert sorted(set(users)) == ["itfind.cli.mcp_server"]
