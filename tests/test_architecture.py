"""House rules that keep the engine usable without the console."""

import ast
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"


def test_nothing_outside_tui_app_imports_textual():
    offenders = []
    for path in TUI.rglob("*.py"):
        if path.is_relative_to(TUI / "app"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "textual" or n.startswith("textual.") for n in names):
                offenders.append(str(path.relative_to(TUI.parent)))
    assert offenders == []


def test_headless_commands_do_not_load_textual():
    code = "import sys, tui.cli; tui.cli.build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_every_module_says_what_it_is_for():
    missing = [str(p.relative_to(TUI.parent)) for p in TUI.rglob("*.py") if ast.get_docstring(ast.parse(p.read_text())) is None]
    assert missing == []


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_console_imports_nothing_from_the_cli_commands():
    offenders = [
        f"{path.relative_to(TUI.parent)}: {name}"
        for path in (TUI / "app").rglob("*.py")
        for name in _imports(path)
        if name == "tui.commands" or name.startswith("tui.commands.")
    ]
    assert offenders == []


def test_help_and_drift_load_only_what_they_need():
    """`driftdeck --help` lists the commands without importing them; `drift` loads the drift engine,
    not the review, apply or migrations code, and --format json/sql never load rich."""
    code = (
        "import sys, tui.cli\n"
        "tui.cli.build_parser(['--help'])\n"
        "print(sorted(m for m in ('psycopg', 'rich', 'pglast', 'tui.commands.drift') if m in sys.modules))\n"
        "tui.cli.build_parser(['drift', 'a', 'b'])\n"
        "import tui.commands.drift, tui.reporters.drift, tui.schema.sqlgen.planner, tui.pg.catalog\n"
        "print(sorted(m for m in ('rich', 'pglast', 'tui.review', 'tui.apply', 'tui.migrations') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "[]"]


def test_pure_packages_import_no_rich_and_review_loads_no_driver():
    """schema/ and review/ are pure data: rendering lives in reporters; `import tui.review` needs no psycopg."""
    offenders = []
    for pkg in ("schema",):
        for path in (TUI / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
                if any(n == "rich" or n.startswith("rich.") for n in names):
                    offenders.append(str(path.relative_to(TUI.parent)))
    assert offenders == []
    code = "import sys, tui.review, tui.config, tui.urls; print([m for m in ('psycopg', 'rich') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
