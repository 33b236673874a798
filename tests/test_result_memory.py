"""What keeps memory per MB of dossier down (docs/benchmarks.md, memory), pinned structurally, never by size."""

from __future__ import annotations

from pathlib import Path

import durable_rules_engine
import pytest

from clausewise.engine import durable_backend
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment, Finding, Text2
from clausewise.evidence.facts import dossier_facts
from clausewise.evidence.loader import load_dossier
from clausewise.rules.loader import load_pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def result() -> Assessment:
    return assess(load_dossier(EXAMPLES / "manufacturer"), load_pack("iso9001"))


def test_findings_of_a_rule_share_its_title_and_basis(result: Assessment) -> None:
    by_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    many = [fs for fs in by_rule.values() if len(fs) > 1]
    assert many, "the example should have a rule with several findings"
    for fs in many:
        assert all(f.title is fs[0].title for f in fs)
        assert all(f.basis is fs[0].basis for f in fs if f.judgment == fs[0].judgment)


def test_models_share_their_field_sets_and_an_assignment_unshares_one(result: Assessment) -> None:
    assert len({id(f.model_fields_set) for f in result.findings}) < len(result.findings) / 2
    first, second = (Text2(en="a", zh="甲"), Text2(en="b", zh="乙"))
    assert first.model_fields_set is second.model_fields_set
    data = result.findings[0].model_dump(exclude_unset=True)
    finding, sibling = Finding.model_validate(data), Finding.model_validate(data)  # (model_copy would unshare)
    assert finding.model_fields_set is sibling.model_fields_set
    unset = next(name for name in Finding.model_fields if name not in finding.model_fields_set)
    before = set(sibling.model_fields_set)
    setattr(finding, unset, getattr(finding, unset))
    finding.message = first
    assert unset in finding.model_fields_set
    assert sibling.model_fields_set == before  # the assignment did not reach the finding sharing its set
    assert first.model_fields_set == {"en", "zh"} and second.model_fields_set == {"en", "zh"}


def test_facts_share_their_stated_sets() -> None:
    facts = dossier_facts(load_dossier(EXAMPLES / "manufacturer"))
    assert len({id(f.stated) for f in facts}) < len(facts) / 2
    assert not hasattr(facts[0], "__dict__")


def test_one_durable_session_at_a_time_each_deleted_after_its_ruleset(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable-rules keeps about 8 KB per fact a session holds: a session lives only while its ruleset runs."""
    live: set[str] = set()
    most = 0
    made: list[str] = []
    create, delete = durable_backend._Session.__init__, durable_rules_engine.delete_state

    def opened(self: durable_backend._Session, handle: int, sid: str, *args: object) -> None:
        nonlocal most
        create(self, handle, sid, *args)  # type: ignore[arg-type]
        live.add(sid)
        made.append(sid)
        most = max(most, len(live))

    def closed(handle: int, sid: str) -> None:
        delete(handle, sid)
        live.discard(sid)

    monkeypatch.setattr(durable_backend._Session, "__init__", opened)
    monkeypatch.setattr(durable_rules_engine, "delete_state", closed)
    assess(load_dossier(EXAMPLES / "manufacturer"), load_pack("iso9001"))
    assert len(made) > 1 and most == 1 and not live
