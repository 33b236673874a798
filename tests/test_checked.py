"""What each clause was checked against (``ClauseResult.checked``): per dossier section, the number of supplied
items its evaluated rules read. It equals the dossier's own item counts, is empty when the rules read nothing
supplied, shows in the Word record and the HTML report, and results saved before it existed still render."""

from __future__ import annotations

import io
import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from helpers import evaluated_by
from typer.testing import CliRunner, Result

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.judge import section_items
from clausewise.engine.results import Assessment
from clausewise.evidence.facts import dossier_facts
from clausewise.evidence.model import SECTIONS, Dossier
from clausewise.reports.docx import render_docx
from clausewise.reports.html import render_html
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2020"

# Three management reviews and nothing else: 9.3 reads them, 7.5.2 (documents) reads nothing supplied.
REVIEWS = """\
audit:
  organization: Acme
  date: 2021-03-01
  type: internal
management_reviews:
  - {id: mr-2019, date: 2019-12-01, chaired_by: Li Ming}
  - {id: mr-2020a, date: 2020-06-01, chaired_by: Li Ming}
  - {id: mr-2020b, date: 2020-12-01, chaired_by: Li Ming}
"""


def run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@cache
def seed_dossier() -> Dossier:
    return load_dossier(SEED)


@cache
def seed(evaluator: str = "durable") -> Assessment:
    with evaluated_by(evaluator):
        return assess(seed_dossier(), load_pack("iso9001"), evaluator=evaluator)  # type: ignore[arg-type]


def reviews(tmp_path: Path) -> Assessment:
    path = tmp_path / "reviews.yaml"
    path.write_text(REVIEWS, encoding="utf-8")
    return assess(load_dossier(path), load_pack("iso9001"))


def docx_rows(a: Assessment, lang: str) -> dict[str, str]:
    """Clause number -> evidence cell of every clause row of the record."""
    doc = Document(io.BytesIO(render_docx([a], lang)))
    return {r.cells[1].text: r.cells[2].text for t in doc.tables for r in t.rows[3:] if len(r._tr.tc_lst) > 1}


def test_seed_counts_are_the_dossiers_item_counts() -> None:
    a, dossier = seed(), seed_dossier()
    by_key = {c.key: c for c in a.clauses}
    # 9.3: the record's one management review (管理评审 2020-11) is what every 9.3 rule read
    for key in ("9.3.1", "9.3.2", "9.3.3"):
        assert by_key[key].checked == {"management_reviews": len(dossier.management_reviews or [])}
    assert len(dossier.management_reviews or []) == 1
    # 8.5.1 also reads the competence evidence of who did the sampled work (8.5.1 e)) and the processes (f))
    assert by_key["8.5.1"].checked == {
        "people": 7, "processes": 13, "documents": 32, "competence_records": 5, "service_records": 2
    }  # fmt: skip
    assert by_key["8.2.1"].checked == {"complaints": 0}  # supplied as none (complaints: []): read, and empty
    for c in a.clauses:
        assert c.checked is not None
        for section, n in c.checked.items():
            assert n == len(getattr(dossier, section)), (c.key, section)
        assert list(c.checked) == [s for s in SECTIONS if s in c.checked]  # dossier order
        if not c.rules:
            assert c.checked == {}, c.key  # no rule ran: nothing was checked


def test_more_items_more_counts_and_nothing_supplied_no_counts(tmp_path: Path) -> None:
    a = reviews(tmp_path)
    by_key = {c.key: c for c in a.clauses}
    assert by_key["9.3.1"].checked == {"management_reviews": 3}
    # 7.5.2's rules read documents, which this dossier does not supply: not evaluated, no counts
    assert by_key["7.5.2"].judgment == "insufficient_evidence" and by_key["7.5.2"].checked == {}
    rows = docx_rows(a, "zh")
    assert rows["9.3.1"].endswith("规则检查了：管理评审 3 次")
    assert "规则检查了" not in rows["7.5.2"]
    assert docx_rows(a, "en")["9.3.1"].endswith("Rules checked: management reviews (3)")


def test_the_same_whatever_the_evaluator_and_the_order_of_facts() -> None:
    assert [c.checked for c in seed("durable").clauses] == [c.checked for c in seed("reference").clauses]
    facts = dossier_facts(seed_dossier())
    shuffled = list(facts)
    random.Random(7).shuffle(shuffled)
    supplied = seed_dossier().supplied()
    assert list(section_items(shuffled, supplied).items()) == list(section_items(facts, supplied).items())
    assert "audit" not in section_items(facts, supplied)  # the audit context frames the evidence, is not an item


def test_html_shows_one_line_per_clause_that_read_something(tmp_path: Path) -> None:
    a = reviews(tmp_path)
    en, zh = render_html(a, "en"), render_html(a, "zh")
    assert ">Rules checked: management reviews (3)</div>" in en and "not proof that it is adequate" in en
    assert "规则检查了：管理评审 3 次" in zh
    assert en.count('class="checked') == sum(1 for c in a.clauses if c.checked)


# --- results saved before these fields existed -------------------------------------------------------------


def _old(result: dict[str, Any]) -> dict[str, Any]:
    """The result as clausewise wrote it before the auditee fields and ``checked``."""
    for name in ("scope", "standard", "edition", "sites", "registered_address", "office_address"):
        del result["dossier"][name]
    for name in ("business_address", "top_management", "management_representative"):
        del result["dossier"][name]
    for clause in result["clauses"]:
        del clause["checked"]
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_old_results_still_render(tmp_path: Path, lang: str) -> None:
    saved = tmp_path / "new.json"
    assert run("assess", SEED, "-f", "json", "-o", saved, "--fail-on", "never").exit_code == 0
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_old(json.loads(saved.read_text(encoding="utf-8"))), ensure_ascii=False), "utf-8")
    out = tmp_path / "old.docx"
    done = run("report", old, "-f", "docx", "--lang", lang, "-o", out)
    assert done.exit_code == 0, done.output
    doc = Document(io.BytesIO(out.read_bytes()))
    block = [p.text for p in doc.tables[0].rows[3].cells[0].paragraphs]
    if lang == "zh":
        assert block[:2] == ["确认受审方名称：中食互联（北京）科技有限公司", "注册地址：—"]
    else:
        assert block[:2] == ["Organization: 中食互联（北京）科技有限公司", "Registered address: —"]
    rows = {r.cells[1].text: r.cells[2].text for r in doc.tables[1].rows[3:]}
    # a C row of an old result keeps the old honest wording: the result did not record what was read
    assert ("未记录" if lang == "zh" else "does not record") in rows["8.6"]
    assert not any(("规则检查了" if lang == "zh" else "Rules checked") in text for text in rows.values())
    scope = "<th>审核范围</th>" if lang == "zh" else "<th>Audit scope</th>"
    html = run("report", old, "-f", "html", "--lang", lang)
    assert html.exit_code == 0
    assert 'class="checked' not in html.stdout and scope not in html.stdout
    for fmt in ("table", "markdown"):
        assert run("report", old, "-f", fmt, "--lang", lang).exit_code == 0
    # and the same result with the fields renders them
    new = run("report", saved, "-f", "html", "--lang", lang)
    assert 'class="checked' in new.stdout and f"{scope}<td>基础软件服务</td>" in new.stdout
