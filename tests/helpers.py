"""What several test modules share: running the CLI in-process, the smallest dossier with an N finding, and the
built-in pack with one extra rule."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from pydantic import BaseModel
from typer.testing import CliRunner, Result

from clausewise.cli.app import app
from clausewise.rules.registry import builtin_pack_path

if TYPE_CHECKING:
    from clausewise.engine.results import Assessment
    from clausewise.evidence.model import Dossier
    from clausewise.rules.loader import Pack


def run(*args: object) -> Result:
    """``clausewise ARGS...`` in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args])


def late_review_dossier(organization: str = "Acme Ltd", source: str = "MR minutes 2019, p. 1") -> str:
    """YAML whose only management review is 15 months before the audit, against the organization's own 12-month
    interval (``interval_months: 12``): mr-none-within-own-interval fires (N major).

    ``organization`` and ``source`` go in as written (quote them for YAML when they need it).
    """
    return f"""\
audit:
  organization: {organization}
  date: 2021-03-01
  type: surveillance
management_reviews:
  - id: mr-2019
    date: 2019-12-01
    chaired_by: Li Ming
    interval_months: 12
    source: {source}
"""


def late_review_dossiers(folder: Path, n: int) -> list[Path]:
    """``n`` files ``d0.yaml``... of :func:`late_review_dossier` for organizations ``Org 0``...: a batch."""
    out = []
    for i in range(n):
        path = folder / f"d{i}.yaml"
        path.write_text(late_review_dossier(organization=f"Org {i}"), encoding="utf-8")
        out.append(path)
    return out


def all_descriptions_zh() -> list[dict[str, str]]:
    """The Chinese field descriptions the evidence models carry: the audit context, the declared sections and
    the items nested in them, each class once (an inherited field is translated in the class declaring it)."""
    from clausewise.evidence.model import SECTIONS, Audit
    from clausewise.modelwalk import nested_models

    models: list[type[BaseModel]] = [Audit, *SECTIONS.values()]
    models += list(nested_models(models).values())
    owners = {c: None for m in models for c in m.__mro__ if "descriptions_zh" in vars(c)}
    return [vars(c)["descriptions_zh"] for c in owners]


def iso9001_with_rule(tmp_path: Path, rule_id: str, clause: str, match: str) -> Path:
    """A copy of the built-in iso9001 pack under ``tmp_path/pack`` with one more O rule ``rule_id`` on ``clause``
    whose ``match:`` block is ``match`` (YAML, indented six spaces): a pack edge case beside the real rules."""
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    (pack / "rules" / "zz-edge.yaml").write_text(
        f"""\
rules:
  - id: {rule_id}
    clause: "{clause}"
    judgment: O
    title: {{en: "Edge", zh: "边界"}}
    message: {{en: "Edge.", zh: "边界。"}}
    remedy: {{en: "None.", zh: "无。"}}
    match:
{match}
    basis: {{kind: standard, ref: "{clause}"}}
""",
        encoding="utf-8",
    )
    return pack


def write_pack(folder: Path, manifest: str, rules: Mapping[str, str], tests: Mapping[str, str] | None = None) -> Path:
    """A pack folder: ``pack.yaml`` from ``manifest``, ``rules/NAME`` and ``tests/NAME`` from the mappings."""
    (folder / "rules").mkdir(parents=True)
    (folder / "pack.yaml").write_text(manifest, encoding="utf-8")
    for name, text in rules.items():
        (folder / "rules" / name).write_text(text, encoding="utf-8")
    if tests is not None:
        (folder / "tests").mkdir()
        for name, text in tests.items():
            (folder / "tests" / name).write_text(text, encoding="utf-8")
    return folder


def loaded(path: Path) -> object:
    """What ``load_dossier(path)`` gives: the dossier, its items' origins and the audit's, and the fields each fact
    states (an explicit null or ``[]`` is stated, and dumps as an omitted field does); or the located problems."""
    from clausewise.dossiers import load_dossier
    from clausewise.errors import InputErrors
    from clausewise.evidence.facts import dossier_facts

    try:
        dossier = load_dossier(path)
    except InputErrors as exc:
        return [str(p) for p in exc.problems]
    audit = dossier.audit._origin if dossier.audit is not None else None
    stated = [(f.kind, f.key, sorted(f.stated)) for f in dossier_facts(dossier)]
    return dossier.model_dump(), [item._origin for _, item in dossier.items()], audit, stated


def loaded_both_ways(path: Path, fast_reader: object, monkeypatch: Any) -> tuple[object, object]:
    """:func:`loaded` with a fast reader's module (``jsonfast``, ``yamlfast``) as it is, then with its
    ``read_fast`` declining every text, so that only the fully located reading is left."""
    fast = loaded(path)
    monkeypatch.setattr(fast_reader, "read_fast", lambda text: None)
    return fast, loaded(path)


@contextmanager
def evaluated_by(name: str) -> Iterator[None]:
    """Fail unless the evaluator called ``name``, and no other, matched facts in the block: a name that silently
    fell back to the default would compare durable-rules with itself."""
    from clausewise.engine.durable_backend import DurableEngine
    from clausewise.engine.reference import ReferenceEvaluator

    engines = {"durable": DurableEngine, "reference": ReferenceEvaluator}
    with ExitStack() as stack:
        spies = {
            n: stack.enter_context(patch.object(e, "evaluate", autospec=True, side_effect=e.evaluate))
            for n, e in engines.items()
        }
        yield
    assert [n for n, spy in spies.items() if spy.called] == [name], f"expected the {name} evaluator to run"


def assess_both(dossier: Dossier, pack: Pack, **options: Any) -> tuple[Assessment, Assessment]:
    """``assess`` with the durable evaluator, then with the reference one, each shown to be the one that ran."""
    from clausewise.engine.assess import assess

    with evaluated_by("durable"):
        durable = assess(dossier, pack, evaluator="durable", **options)
    with evaluated_by("reference"):
        reference = assess(dossier, pack, evaluator="reference", **options)
    return durable, reference


def batches_asked(monkeypatch: Any) -> list[tuple[list[Path], dict[str, Any]]]:
    """Spy on ``isolate.assess_batch`` (the batch still runs): each call's dossiers and keyword options, to show
    that an option or a dossier reached the batch and its children."""
    from clausewise.engine import isolate

    calls: list[tuple[list[Path], dict[str, Any]]] = []
    real = isolate.assess_batch

    def spy(paths: Any, *args: Any, **kw: Any) -> Any:
        calls.append((list(paths), kw))
        return real(paths, *args, **kw)

    monkeypatch.setattr(isolate, "assess_batch", spy)
    return calls
