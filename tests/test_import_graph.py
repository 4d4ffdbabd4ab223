"""The house's import rules (issue 18), read from the source with ast (module-level and deferred imports alike):
no import cycle inside pipeline/, nothing below the CLI imports it, and model modules never import training code.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

TRAINING = {
    "pipeline.classify.train",
    "pipeline.classify.train_config",
    "pipeline.classify.training_data",
    "pipeline.classify.fitting",
    "pipeline.classify.cascade_train",
    "pipeline.classify.stance_train",
}
MODEL_MODULES = (
    "pipeline.classify.base",
    "pipeline.classify.inputs",
    "pipeline.classify.calibration",
    "pipeline.classify.model_dir",
    "pipeline.classify.trained",
    "pipeline.classify.tfidf",
    "pipeline.classify.e5",
    "pipeline.classify.finetune",
    "pipeline.classify.cascade",
    "pipeline.classify.stance",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in (ROOT / "pipeline").rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
                deps.add(node.module)
                deps.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("pipeline"))
        graph[name] = {d for d in deps if d in modules and d != name and not name.startswith(d + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return stack[stack.index(dep) :] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_in_pipeline():
    assert _cycle(_graph()) is None


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_model_modules_import_no_training_code():
    graph = _graph()
    leaks = {m: sorted(graph[m] & TRAINING) for m in MODEL_MODULES if graph[m] & TRAINING}
    assert not leaks


def test_nothing_below_the_cli_imports_it():
    graph = _graph()
    up = {m: sorted(d for d in deps if d.startswith("pipeline.cli")) for m, deps in graph.items()}
    assert not {m: d for m, d in up.items() if d and not m.startswith("pipeline.cli")}
