"""Findings' messages (engine/messages.py) read exactly as the plain definition renders them: each placeholder
replaced by its value, formatted for the language (a choice value as its Chinese label in Chinese), whatever
the compiled templates and the cache of texts seen before do to make it cheap; and the result models' ``of``
constructors (no validation) build the very models validation builds."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.bilingual import Bilingual
from clausewise.engine.messages import Messages, fmt
from clausewise.engine.results import EvidenceRef, Finding, FindingBasis, Gap, Text2
from clausewise.evidence.display import value_label
from clausewise.evidence.facts import Fact
from clausewise.lang import LANGS, Lang

PARAMS = {"months": 12, "strict": True, "name": "年度"}
LABELS = {"framework_for_objectives": Bilingual(en="a framework for objectives", zh="提供制定质量目标的框架")}


def plain(template: str, lang: Lang, bound: dict[str, Fact], missing: list[str]) -> str:
    """The definition: literal text, and each placeholder's value as the reader sees it."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        head, _, rest = name.partition(".")
        fact = bound.get(head)
        if name == "missing":
            value: Any = [LABELS[m].get(lang) if m in LABELS else m for m in missing]
        elif head == "param":
            value = PARAMS.get(rest)
        elif fact is None:
            value = None
        elif rest == "source":
            value = fact.source
        else:
            value = value_label(fact.kind, rest, fact.get(rest), lang)
        out.append(fmt(value, lang))
    return "".join(out)


VALUES = st.one_of(
    st.none(),
    st.sampled_from(["internal", "stage1", "surveillance", "张三", "a {b} c", ""]),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([1.0, 2.5, -0.0]),
    st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
    st.lists(st.sampled_from(["internal", "x", 1, True]), max_size=3),
)
TEMPLATES = [
    ("Audit {a.type} of {a.date}", "{a.date}的{a.type}审核"),
    ("{a.type}/{a.lead} {a.type}", "{a.lead}：{a.type}"),  # a placeholder twice, another in both
    ("{a.id} by {b.organization} ({b.source}), {param.months} months", "{b.organization}{param.months}个月{a.id}"),
    ("missing: {missing}; {param.strict} {param.name} {param.absent}", "未包含：{missing}；{param.strict}"),
    ("{{literal}} {c.type}", "{{字面}}{c.type}"),  # escaped braces; alias c is never bound
    ("No placeholder {{here}}", "没有占位符"),
    ("{a.lead}% of 100%s {a.type}", "{a.type}：%s {a.lead}%"),  # percent signs are literal text
]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(range(len(TEMPLATES))), VALUES, VALUES, VALUES, st.sampled_from([None, "f.yaml"])),
        min_size=1,
        max_size=12,
    ),
    missing=st.lists(st.sampled_from(["framework_for_objectives", "requirements"]), max_size=2),
)
def test_rendered_messages_read_as_the_plain_definition(
    rows: list[tuple[int, Any, Any, Any, str | None]], missing: list[str]
) -> None:
    messages = Messages(PARAMS, LABELS)  # one per assessment: the cache spans the rows
    for which, kind_value, lead, org, source in rows:
        values = {"type": kind_value, "lead": lead, "date": org if isinstance(org, dt.date) else None}
        a = Fact("audit", "audit", {k: v for k, v in values.items() if v is not None})
        b = Fact("audit", "b-1", {"organization": org}, source=source)
        bound = {"a": a, "b": b}
        en, zh = TEMPLATES[which]
        text = messages.render(en, zh, bound, missing)
        assert (text.en, text.zh) == (plain(en, "en", bound, missing), plain(zh, "zh", bound, missing))


def test_a_choice_value_reads_as_its_label_in_chinese_and_true_is_not_1() -> None:
    messages = Messages(PARAMS, LABELS)
    first = messages.render("{a.type}", "{a.type}", {"a": Fact("audit", "x", {"type": "internal"})}, [])
    assert (first.en, first.zh) == ("internal", "内部审核")
    one = messages.render("{a.lead}", "{a.lead}", {"a": Fact("audit", "x", {"lead": 1})}, [])
    yes = messages.render("{a.lead}", "{a.lead}", {"a": Fact("audit", "y", {"lead": True})}, [])
    assert (one.en, yes.en, yes.zh) == ("1", "yes", "是")
    again = messages.render("{a.type}", "{a.type}", {"a": Fact("audit", "z", {"type": "internal"})}, [])
    assert again is first  # the same text once


def test_text_of_is_the_validated_model() -> None:
    made, validated = Text2.of("a", "甲"), Text2(en="a", zh="甲")
    assert made == validated and list(made.__dict__) == list(validated.__dict__) == list(LANGS)
    assert made.model_fields_set is validated.model_fields_set
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.__pydantic_extra__ is validated.__pydantic_extra__ is None


def same_model(made: Any, validated: Any) -> None:
    assert made == validated and type(made) is type(validated)
    assert list(made.__dict__) == list(validated.__dict__) == list(type(validated).model_fields)
    assert made.model_fields_set is validated.model_fields_set  # the shared set, as validation shares it
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.__pydantic_extra__ is validated.__pydantic_extra__ is None
    assert made.__pydantic_private__ is validated.__pydantic_private__ is None


def test_the_of_constructors_make_the_validated_models() -> None:
    same_model(Text2.of("a", "甲"), Text2(en="a", zh="甲"))
    assert list(Text2.model_fields) == list(LANGS)
    place: dict[str, Any] = {"alias": "d", "kind": "document", "id": "D1", "source": None, "file": "f.yaml"}
    place.update(line=3, column=None, sheet="Sheet1", summary="document D1")
    evidence = EvidenceRef.of(**place)
    same_model(evidence, EvidenceRef(**place))
    text = Text2.of("t", "题")
    basis = FindingBasis(kind="standard", ref="7.5", cite=text)
    given: dict[str, Any] = {"id": "r#1", "rule": "r", "clause": "7.5", "judgment": "N", "grade": "minor"}
    given.update(title=text, message=text, remedy=text, evidence=[evidence], missing=["x"], basis=basis)
    same_model(Finding.of(**given), Finding(**given))
    # every field but the auditor's decision is given, and that one is left at its default
    assert set(Finding.model_fields) - set(given) == {"decision"}
    assert set(EvidenceRef.model_fields) == set(place)
    gap: dict[str, Any] = {"id": "r#2", "rule": "r", "clause": "7.5", "title": text, "missing_fields": ["d.x"]}
    gap.update(evidence=[evidence], remedy=text)
    same_model(Gap.of_fields(**gap), Gap(**gap))
    assert Gap.of_fields(**gap).missing_fields is gap["missing_fields"]  # shared by the gaps naming the same fields
    assert set(Gap.model_fields) - set(gap) == {"missing_sections"}
