"""Model and policies in one direction: the model uses the tactics, a tactic never imports the model
at run time (type hints under TYPE_CHECKING only), and no module dodges a cycle by importing inside
a function."""

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "sim"


def _runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Module-level imports outside `if TYPE_CHECKING:` blocks: (line, module)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.ImportFrom) and sub.module:
                found.append((sub.lineno, sub.module))
            elif isinstance(sub, ast.Import):
                found += [(sub.lineno, alias.name) for alias in sub.names]
    return found


def test_no_policy_imports_the_model_at_run_time():
    bad = [f"{path.name}:{line} imports {module}"
           for path in sorted((SIM / "policies").glob("*.py"))
           for line, module in _runtime_imports(ast.parse(path.read_text()))
           if module == "sim.model" or module.startswith("sim.model.")]
    assert bad == []


def test_no_model_or_policy_module_imports_inside_a_function():
    bad = []
    for folder in ("model", "policies"):
        for path in sorted((SIM / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    bad += [f"{folder}/{path.name}:{sub.lineno}" for sub in ast.walk(node)
                            if isinstance(sub, (ast.Import, ast.ImportFrom))]
    assert bad == []


def test_the_policies_import_first_and_alone():
    """Each tactic module imports on its own, before anything of the model is loaded."""
    import subprocess
    import sys

    code = ("import sys, importlib\n"
            "for m in ('complaints', 'feedback', 'retention', 'sales', 'view'):\n"
            "    importlib.import_module('sim.policies.' + m)\n"
            "assert not [m for m in sys.modules if m.startswith('sim.model')], sorted(sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=SIM.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
