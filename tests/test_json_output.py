"""The JSON report written piece by piece (reports/jsonout.py) is byte for byte ``json.dumps`` of the whole dump."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment, Decision, StoreRef, Text2, VerificationItem
from clausewise.engine.select import select_clauses
from clausewise.evidence.loader import load_dossier
from clausewise.reports import render, stream
from clausewise.reports.jsonout import json_chunks, list_chunks
from clausewise.rules.loader import load_pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def whole(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@pytest.fixture(scope="module")
def results() -> list[Assessment]:
    pack = load_pack("iso9001")
    return [assess(load_dossier(EXAMPLES / name), pack) for name in ("manufacturer", "service-company")]


def decorated(a: Assessment) -> Assessment:
    """Every optional part filled: a selection, a store reference, a decision, a verification item."""
    a = select_clauses(a, ["9", "10"])
    decision = Decision(id=1, action="regrade", judgment="O", reason="理由\x1b", by="auditor", at="2024-01-01T00:00:00")
    findings = [a.findings[0].model_copy(update={"decision": decision}), *a.findings[1:]]
    item = VerificationItem(
        audit=1, audit_date="2023-11-20", finding_id="x#1", rule=None, clause="9.2", judgment="N",
        title=Text2(en="t", zh="标题"), status="manual",
    )  # fmt: skip
    store = StoreRef(audit=1, assessment=2, organization="Acme", audit_type="stage2", audit_date="2024-11-20")
    return a.model_copy(update={"findings": findings, "store": store, "verification": [item], "params": {"x": 1.5}})


def test_chunks_are_the_dump_of_the_whole_result(results: list[Assessment]) -> None:
    for a in [*results, decorated(results[0])]:
        assert "".join(json_chunks(a)) == whole(a.model_dump(mode="json"))
        assert "".join(json_chunks(a, "    ")) == whole(a.model_dump(mode="json")).replace("\n", "\n    ")


def test_list_chunks_are_the_dump_of_the_list(results: list[Assessment]) -> None:
    assert "".join(list_chunks(results)) == whole([r.model_dump(mode="json") for r in results])
    assert "".join(list_chunks([])) == "[]"
    assert render(results, "json", single=False) == whole([r.model_dump(mode="json") for r in results]) + "\n"


@pytest.mark.parametrize("single", [True, False])
def test_a_result_written_in_many_pieces_is_the_whole_report(
    results: list[Assessment], monkeypatch: pytest.MonkeyPatch, single: bool
) -> None:
    monkeypatch.setattr(stream, "WRITE_CHARS", 100)  # many writes per result
    handle = io.BytesIO()
    writes: list[bytes] = []
    monkeypatch.setattr(handle, "write", lambda b: writes.append(b) or len(b))
    shown = results[:1] if single else results
    out = stream.ReportStream(handle, "json", "en", single=single)
    for r in shown:
        out.add(r)
    out.close()
    assert len(writes) > 100
    expected = whole(shown[0].model_dump(mode="json")) if single else whole([r.model_dump(mode="json") for r in shown])
    assert b"".join(writes).decode("utf-8") == expected + "\n"
