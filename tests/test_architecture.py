"""Project-wide rules: layers import downwards only, settings are documented, heavy imports stay lazy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from data.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
# engines sits directly on data: semantic_layer reads the warehouse through it and guards run statements on it.
LAYERS = ("data", "engines", "semantic_layer", "guards", "feedback", "assistant", "eval", "stewardship", "cdm")
HEAVY = (
    "torch",
    "chromadb",
    "langchain",
    "langchain_openai",
    "chainlit",
    "sentence_transformers",
    "sklearn",
    "pyspark",
)


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_import_only_downwards(layer: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    upward = set(LAYERS) - allowed
    offenders = {
        f"{path.relative_to(ROOT)} imports {sorted(_imported_packages(path) & upward)}"
        for path in (ROOT / layer).rglob("*.py")
        if _imported_packages(path) & upward
    }
    assert not offenders


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in SETTINGS if f"`{s.name}`" not in readme] == []


@pytest.mark.parametrize("args", [["--help"], ["data", "--help"], ["metrics", "--help"]])
def test_light_commands_do_not_import_heavy_libraries(args: list[str]) -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom cdm.cli import app\n"
        f"result = CliRunner().invoke(app, {args!r})\nassert result.exit_code == 0, result.output\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == ""
