"""The import layers of docs/architecture.md: a package imports only its own layer and the layers below.

Every import counts, including those inside functions (a lazy import is still a dependency); imports under
``if TYPE_CHECKING:`` do not (they never run). The upward imports the code has today are listed in DEBTS, each
with the item of issue 13 that removes it: a new one fails this test, and so does a debt that is gone (so the
list and the document stay true).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "clausewise"

#: Layer of each unit (a top-level module or package of clausewise, engine.ir apart), bottom first. Keep in step
#: with the picture in docs/architecture.md.
LAYERS: dict[str, int] = {
    "(root)": 0,
    "errors": 0,
    "fileio": 0,
    "numbers": 0,
    "visible": 0,
    "dates": 0,
    "regex": 0,
    "packnames": 0,
    "fieldtypes": 0,
    "operators": 0,
    "glossary": 0,
    "lang": 0,
    "bilingual": 0,
    "gcpause": 0,
    "yamlsource": 1,
    "jsonfast": 1,
    "yamlfast": 1,
    "i18n": 1,
    "clauses": 2,
    "packtree": 2,
    "modelwalk": 2,
    "validation": 2,
    "engine.ir": 3,
    "evidence": 4,
    "rules": 5,
    "engine": 6,
    "questionnaire": 6,
    "reports": 7,
    "workbook": 7,
    "docgen": 7,
    "fixtures": 7,
    "dossiers": 8,
    "store": 8,
    "cli": 9,
    "__main__": 9,
}

#: Upward imports today: (importer, imported) -> what removes it.
DEBTS: dict[tuple[str, str], str] = {}


def _unit(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "(root)"
    if parts[:2] == ["engine", "ir"]:
        return "engine.ir"
    return parts[0]


def _file_unit(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    dotted = ".".join(p for p in rel.parts if p != "__init__")
    return _unit("clausewise." + dotted if dotted else "clausewise")


def edges() -> dict[tuple[str, str], set[str]]:
    """(importer, imported) -> the files with such an import."""
    out: dict[tuple[str, str], set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)
        }
        source = _file_unit(path)
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "clausewise":
                targets = [f"clausewise.{a.name}" for a in node.names] if node.module == "clausewise" else [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.split(".")[0] == "clausewise"]
            else:
                continue
            for target in targets:
                unit = "(root)" if target == "clausewise.__version__" else _unit(target)
                if unit != source:
                    out.setdefault((source, unit), set()).add(str(path.relative_to(ROOT.parent)))
    return out


def test_every_unit_has_a_layer() -> None:
    units = {u for pair in edges() for u in pair} | {_file_unit(p) for p in ROOT.rglob("*.py")}
    assert units <= set(LAYERS), f"place these in LAYERS and docs/architecture.md: {sorted(units - set(LAYERS))}"


def test_imports_go_down_the_layers() -> None:
    upward = {pair: files for pair, files in edges().items() if LAYERS[pair[1]] > LAYERS[pair[0]]}
    new = {f"{a} -> {b}": sorted(files) for (a, b), files in upward.items() if (a, b) not in DEBTS}
    assert new == {}, "an import goes up a layer (docs/architecture.md)"
    paid = sorted(f"{a} -> {b}" for (a, b) in DEBTS if (a, b) not in upward)
    assert paid == [], "these debts are paid: remove them from DEBTS and docs/architecture.md"


def test_the_architecture_document_names_every_layer_and_debt() -> None:
    text = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for unit in LAYERS:
        assert f"`{unit}`" in text, unit
    for a, b in DEBTS:
        assert f"`{a}` → `{b}`" in text, (a, b)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (``from a import b`` counts as ``a`` and ``a.b``), typing-only ones too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def importers(wanted: Callable[[str], bool]) -> set[str]:
    return {
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if any(wanted(module) for module in imported_modules(path))
    }


def test_only_the_evaluator_registry_imports_the_durable_backend() -> None:
    """The durable backend is one module nobody else imports (issue 13 item 7): the engine, the CLI, fixtures
    and the store reach it through ``engine/evaluators.py`` by name."""
    assert importers(lambda m: m == "clausewise.engine.durable_backend") == {"clausewise/engine/evaluators.py"}


def test_only_the_durable_backend_imports_durable_rules() -> None:
    def durable(module: str) -> bool:
        return module.split(".")[0] in ("durable", "durable_rules_engine")

    assert importers(durable) == {"clausewise/engine/durable_backend.py"}


def test_every_language_is_a_lang() -> None:
    """One language type (issue 13 item 7): each parameter, field and option called ``lang`` is ``clausewise.lang.Lang``
    and no module spells the languages out again, so a new language is one place (``lang.py``) plus its texts."""
    loose: list[str] = []
    options: set[str] = set()  # the CLI's option aliases, ``ReportLangOpt = Annotated[Lang, ...]``
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and ast.unparse(node.value).startswith("Annotated[Lang,"):
                options.update(ast.unparse(target) for target in node.targets)
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.arg) and node.arg == "lang" and node.annotation is not None:
                annotation = ast.unparse(node.annotation)
                if annotation != "Lang" and not annotation.startswith("Annotated[Lang,") and annotation not in options:
                    loose.append(f"{where}:{node.lineno}: lang: {annotation}")
            elif isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "lang":
                if ast.unparse(node.annotation) != "Lang":
                    loose.append(f"{where}:{node.lineno}: lang: {ast.unparse(node.annotation)}")
            elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and path.name != "lang.py":
                items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if sorted(map(str, items)) == ["en", "zh"]:
                    loose.append(f"{where}:{node.lineno}: the languages spelled out; use clausewise.lang.LANGS")
    assert loose == [], "\n".join(loose)


#: Classes other than ``bilingual.py``'s that still declare exactly ``en`` and ``zh`` -> what removes them.
OTHER_BILINGUAL: dict[str, str] = {}


def test_bilingual_text_is_declared_once() -> None:
    """One bilingual text type (issue 13 item 7): a pack's texts and a result's are ``bilingual.BilingualText``;
    no other class declares exactly the fields ``en`` and ``zh``."""
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "bilingual.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                fields = {ast.unparse(n.target) for n in node.body if isinstance(n, ast.AnnAssign)}
                if fields == {"en", "zh"}:
                    found.add(f"{path.relative_to(ROOT.parent)}:{node.name}")
    assert found == set(OTHER_BILINGUAL)
