"""The judgment calculus (docs/engine.md), checked over generated packs and dossiers.

Packs are random subsets of the built-in pack's rules; dossiers are random cuts of the examples: sections left
out, items dropped, optional fields left unstated. Over them: no C without a decided mechanical rule; every C
says what it rests on; both evaluators give the same result; adding evidence no rule of a clause reads never
changes that clause's judgment (so never turns an N into a C).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from pathlib import Path
from typing import Any

import pytest
from helpers import assess_both
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from clausewise.clauses import is_within
from clausewise.engine.assess import assess
from clausewise.engine.decided import MECHANICAL
from clausewise.engine.results import Assessment
from clausewise.errors import Problem
from clausewise.evidence.loader import load_dossier, merge, validate_document
from clausewise.evidence.model import SECTIONS, Dossier
from clausewise.fixtures import load_fixture
from clausewise.reports.html import render_html
from clausewise.reports.junit import render_junit
from clausewise.reports.text import render_markdown, render_table
from clausewise.rules.loader import Pack, load_pack
from clausewise.rules.lower import lower_pack, resolve_params

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ("manufacturer", "service-company", "seed-2020")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def pack() -> Pack:
    return load_pack("iso9001")


@functools.cache
def raw(name: str) -> dict[str, Any]:
    """The example as written: only the fields its files state, and the ids the loader gave its items."""
    dossier = load_dossier(EXAMPLES / name)
    data = dossier.model_dump(exclude_unset=True)
    for section in SECTIONS:
        for item, written in zip(getattr(dossier, section) or [], data.get(section) or [], strict=True):
            written["id"] = item.id
    return data


@functools.cache
def sections_read() -> dict[str, frozenset[str]]:
    """Rule id -> the dossier sections its compiled form reads."""
    return {ir.id: ir.sections for ir in lower_pack(pack(), resolve_params(pack().manifest, {}))}


@st.composite
def packs(draw: st.DrawFn) -> Pack:
    full = pack()
    keep = [r for r in full.rules if draw(st.integers(0, 3)) > 0]  # about three rules in four
    assume(keep)
    digest = hashlib.sha256("\x1f".join(r.rule.id for r in keep).encode()).hexdigest()[:12]
    return dataclasses.replace(full, rules=keep, digest=f"{full.digest}-{digest}")


def _cut_item(draw: st.DrawFn, section: str, item: Any) -> Any:
    """The item with some optional fields left unstated (required ones stay, or it would not load)."""
    if not isinstance(item, dict):
        return item
    required = {n for n, f in SECTIONS[section].model_fields.items() if f.is_required()}
    return {k: v for k, v in item.items() if k in required or k == "id" or draw(st.integers(0, 4)) > 0}


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    data = raw(draw(st.sampled_from(NAMES)))
    out: dict[str, Any] = {}
    if "audit" in data and draw(st.integers(0, 5)) > 0:
        out["audit"] = data["audit"]
    for name in SECTIONS:
        if data.get(name) is None or not draw(st.booleans()):
            continue
        items = data[name]
        out[name] = [_cut_item(draw, name, item) for item in items if draw(st.integers(0, 3)) > 0]
    try:
        return Dossier.model_validate(out)
    except ValidationError:  # a required field was cut
        assume(False)
        raise


def check_calculus(a: Assessment, p: Pack) -> None:
    judgment = {r.rule.id: r.rule.judgment.value for r in p.rules}
    for c in a.clauses:
        below = [x for x in a.clauses if is_within(x.key, c.key)]
        decided = [r for x in below for r in x.decided or []]
        assert all(judgment[r] in MECHANICAL for r in decided), (c.key, decided)
        if c.judgment == "C":
            assert decided, f"{c.key} is C without a decided rule"
            assert c.rests_on is not None and str(len(set(decided))) in c.rests_on.en, c.key
            judged = [x for x in below if not x.exclusion]  # under a 4.3 exclusion, findings and gaps are moot
            assert not any(x.gaps for x in judged), c.key
            kinds = {a.findings[i].judgment for x in judged for i in x.findings}
            assert not kinds & {"N", "O", "review"}, (c.key, kinds)
        else:
            assert c.rests_on is None, c.key
        if c.own_judgment == "insufficient_evidence":
            assert c.gaps, f"{c.key}: insufficient evidence must name what to supply"


@SETTINGS
@given(p=packs(), d=dossiers())
def test_no_c_without_a_decided_rule_and_both_evaluators_agree(p: Pack, d: Dossier) -> None:
    durable, reference = assess_both(d, p)
    check_calculus(durable, p)
    assert reference.model_dump() == durable.model_dump()


@SETTINGS
@given(d=dossiers(), extra=st.sampled_from(NAMES), data=st.data())
def test_unrelated_evidence_never_changes_a_judgment(d: Dossier, extra: str, data: st.DataObject) -> None:
    """Add a section from another example that no rule of a clause (or below it) reads: that clause keeps its
    judgment, so an N never becomes C by padding the dossier."""
    p = pack()
    before = assess(d, p)
    reads = sections_read()
    source = raw(extra)
    absent = [s for s in SECTIONS if s in source and getattr(d, s) is None]
    assume(absent)
    section = data.draw(st.sampled_from(absent))
    after = assess(Dossier.model_validate({**d.model_dump(exclude_unset=True), section: source[section]}), p)
    by_key = {c.key: c for c in after.clauses}
    for c in before.clauses:
        rules = [r.rule.id for r in p.rules if is_within(r.rule.clause, c.key)]
        if any(section in reads[r] for r in rules):
            continue
        assert by_key[c.key].judgment == c.judgment, (c.key, section, c.judgment, by_key[c.key].judgment)


def test_review_prompts_alone_never_give_c(tmp_path: Path) -> None:
    """5.1.1 has only a review prompt: an audit header without top management is not evidence of leadership."""
    (tmp_path / "d.yaml").write_text("audit: {organization: X, date: 2024-05-01, type: internal}\n", encoding="utf-8")
    d = load_dossier(tmp_path / "d.yaml")
    clause = next(c for c in assess(d, pack()).clauses if c.key == "5.1.1")
    assert clause.judgment == "insufficient_evidence"
    assert clause.decided == []


def test_a_name_is_no_evidence_of_awareness(tmp_path: Path) -> None:
    """The issue's case: ``people: [{name: Bob}]`` gave 7.3 C; now it names what to state and says there is no audit."""
    (tmp_path / "bob.yaml").write_text("people: [{name: Bob}]\n", encoding="utf-8")
    a = assess(load_dossier(tmp_path / "bob.yaml"), pack(), files=["bob.yaml"])
    clause = next(c for c in a.clauses if c.key == "7.3")
    assert clause.judgment == "insufficient_evidence"
    remedies = " ".join(a.gaps[i].remedy.en for i in clause.gaps)
    assert "policy_aware" in remedies and "interviewed_on" in remedies
    assert [n.code for n in a.notices] == ["no_audit"] and a.notices[0].where == "bob.yaml"
    assert a.summary.counts["C"] == 0
    for lang in ("en", "zh"):
        said = "no 'audit' section" if lang == "en" else "没有“审核基本信息”"
        for text in (render_table(a, lang), render_markdown(a, lang), render_html(a, lang), render_junit([a], lang)):
            plain = text.replace("&#x27;", "'").replace("\\", "")  # HTML and Markdown escapes
            assert said in plain and "bob.yaml" in plain
        assert not render_table(a, lang).splitlines()[0].endswith("—")  # the header says why, not just "—"


def _fixture_dossiers(p: Pack) -> list[tuple[str, Dossier, dict[str, Any]]]:
    out = []
    for path in sorted(p.fixtures):
        expectation, located = load_fixture(path)
        problems: list[Problem] = []
        part = validate_document(located, problems)
        assert part is not None, problems
        out.append((path.stem, merge([(located, part)]), {"params": expectation.params, "as_of": expectation.as_of}))
    return out


@pytest.mark.parametrize("name", ["iso9001", "certification", "certification_cnca"])
def test_no_example_or_fixture_is_c_without_a_decided_rule(name: str) -> None:
    """Every built-in pack, over the examples and its own fixtures (and both evaluators agree on them)."""
    p = load_pack(name)
    cases = [(example, load_dossier(EXAMPLES / example), {}) for example in NAMES]
    cases += _fixture_dossiers(p)
    assert len(cases) > 3
    for case, dossier, options in cases:
        try:
            result, reference = assess_both(dossier, p, **options)
            check_calculus(result, p)
            assert reference.model_dump() == result.model_dump()
        except AssertionError as exc:
            raise AssertionError(f"{name} {case}: {exc}") from exc


def test_validate_and_assess_warn_on_stderr_without_audit(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from clausewise.cli.app import app

    path = tmp_path / "bob.yaml"
    path.write_text("people: [{name: Bob}]\n", encoding="utf-8")
    for command in ("validate", "assess"):
        result = CliRunner().invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
        assert f"warning: {path}: the dossier has no 'audit' section" in result.output


def test_a_clause_left_only_cross_checks_is_not_assessed_not_insufficient() -> None:
    """Found by the property test above: a pack whose only rule on 4.3 is a cross-check, and a dossier without
    its sections. The cross-check is not judged and reports no gap (rule-format.md), so "insufficient evidence"
    would name nothing to supply; nothing judged the clause: it is not assessed."""
    full = pack()
    keep = [r for r in full.rules if r.rule.id == "scope-excluded-validation-required"]
    p = dataclasses.replace(full, rules=keep, digest=f"{full.digest}-cross-check-only")
    a = assess(Dossier(), p)
    check_calculus(a, p)
    clause = next(c for c in a.clauses if c.key == "4.3")
    assert (clause.judgment, clause.gaps, clause.rules) == ("not_assessed", [], [])
