"""JUnit XML: a CI pipeline can gate on an evidence repository. Every example parses, the counts are the
clauses' own judgments (a nonconformity fails exactly one test case), hostile dossier text stays well-formed,
the document has the shape Jenkins and GitLab read, and ``assess`` and ``report`` write the same bytes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from helpers import evaluated_by, late_review_dossier, run
from lxml import etree

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.reports.junit import render_junit, xml_safe
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["seed-2020", "manufacturer", "service-company"]
HOSTILE = 'Acme <&"]]> \\x01\\x0b\\x1b\\x08 中食互联'  # YAML escapes: the dossier holds real control characters
HOSTILE_PARSED = 'Acme <&"]]> \ufffd\ufffd\ufffd\ufffd 中食互联'
QUOTED = HOSTILE.replace('"', '\\"')  # inside a YAML double-quoted scalar

DOSSIER = late_review_dossier(f'"{QUOTED}"', f'"MR minutes {QUOTED}"')

# The shape CI servers read (element and attribute names of the Jenkins/Ant JUnit format), written for these
# tests and stricter than the servers: counts are integers, timestamp is an xs:dateTime, a test case carries at
# most one outcome, and no element or attribute outside this list is allowed.
JUNIT_XSD = """\
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="type" type="xs:string"/>
    <xs:attribute name="message" type="xs:string"/>
  </xs:complexType>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="properties" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="name" type="xs:string" use="required"/>
                  <xs:attribute name="value" type="xs:string" use="required"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:choice minOccurs="0">
                <xs:element name="failure" type="outcome"/>
                <xs:element name="error" type="outcome"/>
                <xs:element name="skipped" type="outcome"/>
              </xs:choice>
              <xs:element name="system-out" type="xs:string" minOccurs="0"/>
              <xs:element name="system-err" type="xs:string" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="name" type="xs:string" use="required"/>
            <xs:attribute name="classname" type="xs:string" use="required"/>
            <xs:attribute name="time" type="xs:decimal"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="system-out" type="xs:string" minOccurs="0"/>
        <xs:element name="system-err" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
      <xs:attribute name="timestamp" type="xs:dateTime"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


@cache
def example(name: str, evaluator: str = "durable") -> Assessment:
    path = ROOT / "examples" / name
    with evaluated_by(evaluator):
        return assess(load_dossier(path), load_pack("iso9001"), files=[f"examples/{name}"], evaluator=evaluator)  # type: ignore[arg-type]


def parse(doc: str) -> ET.Element:
    """Parse with both ElementTree and libxml2 (the stricter), and check the JUnit shape."""
    assert doc.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(doc)
    lx = etree.fromstring(doc.encode("utf-8"))
    schema = etree.XMLSchema(etree.fromstring(JUNIT_XSD.encode()))
    assert schema.validate(lx), schema.error_log
    return root



def leaves(a: Assessment) -> list[str]:
    keys = [c.key for c in a.clauses]
    return [k for k in keys if not any(o.startswith(k + ".") for o in keys)]


def case_of(suite: ET.Element, key: str) -> ET.Element | None:
    return next((tc for tc in suite.iter("testcase") if (tc.get("name") or "").split(" ")[0] == key), None)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_counts_each_nonconforming_clause_once(name: str, lang: str) -> None:
    a = example(name)
    root = parse(render_junit([a], lang))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    # the built-in pack has rules only on leaves: one test case per leaf clause
    assert [(tc.get("name") or "").split(" ")[0] for tc in cases] == leaves(a)
    by_key = {c.key: c for c in a.clauses}
    n_leaves = [k for k in leaves(a) if by_key[k].judgment == "N"]
    na_leaves = [k for k in leaves(a) if by_key[k].judgment in ("NA", "not_assessed")]
    assert int(suite.get("tests") or -1) == len(cases) == len(leaves(a))
    assert int(suite.get("failures") or -1) == len(n_leaves) == len(suite.findall("testcase/failure"))
    assert int(suite.get("skipped") or -1) == len(na_leaves) == len(suite.findall("testcase/skipped"))
    assert suite.get("errors") == "0"
    assert [root.get(k) for k in ("tests", "failures", "skipped")] == [
        suite.get(k) for k in ("tests", "failures", "skipped")
    ]
    # every nonconformity is in exactly one failure, with its evidence location and remedy
    failures = [tc.findtext("failure") or "" for tc in cases]
    for f in a.findings:
        holding = [text for text in failures if f.id in text]
        assert len(holding) == (1 if f.judgment == "N" else 0), f.id
        if f.judgment == "N":
            assert f.message.get(lang) in holding[0] and f.remedy.get(lang) in holding[0]
            assert all(e.where() in holding[0] for e in f.evidence if e.file)
    # grades and the pass-with-output clauses
    for tc in cases:
        key = (tc.get("name") or "").split(" ")[0]
        c = by_key[key]
        assert tc.get("name") == f"{key} {c.title.get(lang)}"
        assert (tc.get("classname") or "").startswith("iso9001.")
        failure = tc.find("failure")
        if failure is not None:
            grades = {a.findings[i].grade for i in c.findings if a.findings[i].judgment == "N"}
            assert failure.get("type") == ("N-major" if "major" in grades else "N-minor")
        for i in c.gaps:
            assert a.gaps[i].id in (tc.findtext("system-out") or "")
        for i in c.findings:
            if a.findings[i].judgment in ("O", "review"):
                assert a.findings[i].id in (tc.findtext("system-out") or "")


def test_examples_have_the_planted_outcomes() -> None:
    """Seed: 2 minor N; manufacturer: its planted N; service company: none."""
    counts = {}
    for name in EXAMPLES:
        suite = parse(render_junit([example(name)]))[0]
        counts[name] = int(suite.get("failures") or 0)
    assert counts["seed-2020"] == 2
    assert counts["manufacturer"] >= 5
    assert counts["service-company"] == 0


def test_timestamp_is_the_reference_date_and_properties_identify_pack_and_evidence() -> None:
    a = example("seed-2020")
    suite = parse(render_junit([a]))[0]
    assert suite.get("timestamp") == "2020-12-03T00:00:00"
    assert suite.get("name") == "中食互联（北京）科技有限公司 / examples/seed-2020"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["pack.id"] == "iso9001"
    assert props["pack.version"] == a.pack.version
    assert props["pack.digest"] == a.pack.digest
    assert props["dossier.digest"] == a.dossier.digest
    assert props["param.review_interval_months"] == "12"


def test_not_applicable_excluded_and_unassessed_clauses_are_skipped_with_the_reason() -> None:
    # the seed's 7.1.5.2: NA because only an NA rule fired (no instrument needs calibration)
    suite = parse(render_junit([example("seed-2020")]))[0]
    na = case_of(suite, "7.1.5.2")
    assert na is not None
    assert "No measurement traceability is required" in (na.find("skipped").get("message") or "")  # type: ignore[union-attr]
    # the manufacturer excludes 8.3 under 4.3: every 8.3.x is skipped with the justification
    m = example("manufacturer")
    (design,) = [c for c in m.clauses if c.key == "8.3"]
    assert design.exclusion
    suite = parse(render_junit([m], "zh"))[0]
    for key in ("8.3.1", "8.3.4", "8.3.6"):
        tc = case_of(suite, key)
        assert tc is not None and tc.find("failure") is None
        assert design.exclusion in (tc.find("skipped").get("message") or "")  # type: ignore[union-attr]
    # a leaf without rules (possible in a custom pack): skipped as not assessed
    a = example("seed-2020").model_copy(deep=True)
    (leaf,) = [c for c in a.clauses if c.key == "4.2"]
    leaf.judgment = leaf.own_judgment = "not_assessed"
    leaf.rules = []
    suite = parse(render_junit([a]))[0]
    tc = case_of(suite, "4.2")
    assert tc is not None and tc.find("skipped").get("message") == "not assessed (no rules)"  # type: ignore[union-attr]
    assert suite.get("skipped") == "2"


def test_a_parent_clause_with_its_own_rules_is_a_test_case_and_nothing_counts_twice() -> None:
    """Move the 9.3.3 nonconformity to 9.3 (as a pack with a rule on 9.3 would have it)."""
    a = example("seed-2020").model_copy(deep=True)
    by_key = {c.key: c for c in a.clauses}
    child, parent = by_key["9.3.3"], by_key["9.3"]
    (i,) = [i for i in child.findings if a.findings[i].judgment == "N"]
    a.findings[i].clause = "9.3"
    child.findings.remove(i)
    child.judgment = child.own_judgment = "C"
    child.grade = None
    parent.findings, parent.own_judgment, parent.judgment, parent.grade = [i], "N", "N", "minor"
    suite = parse(render_junit([a]))[0]
    assert suite.get("failures") == "2"
    tc_parent, tc_child = case_of(suite, "9.3"), case_of(suite, "9.3.3")
    assert tc_parent is not None and tc_parent.find("failure") is not None
    assert tc_child is not None and tc_child.find("failure") is None
    # a parent without rules of its own (8.3: N only through 8.3.4) is no test case
    assert case_of(suite, "8.3") is None and by_key["8.3"].judgment == "N"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_dossier_text_stays_well_formed(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    a = assess(load_dossier(path), load_pack("iso9001"), files=[str(path)])
    assert "\x01" in (a.dossier.organization or "")  # the control characters did reach the result
    doc = render_junit([a], lang)
    root = parse(doc)
    suite = root[0]
    assert suite.get("name") == f"{HOSTILE_PARSED} / {path}"
    assert suite.get("failures") == "1"
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "N-major"
    # the review stating the organization's interval and the audit context are the evidence, quoted as typed
    assert f"MR minutes {HOSTILE_PARSED}" in (failure.text or "")
    assert HOSTILE_PARSED in (failure.text or "")


def test_characters_xml_forbids_are_replaced_everywhere() -> None:
    a = example("service-company").model_copy(deep=True)
    nasty = "x\x00y\ud800z\uffff<![CDATA[ ]]> & \x1f\t中"
    a.dossier.organization = nasty
    a.dossier.files = [nasty]
    for c in a.clauses:
        c.title.en = nasty
    for f in a.findings:
        f.message.en = nasty
    assert a.findings
    doc = render_junit([a])
    root = parse(doc)
    clean = xml_safe(nasty)
    assert clean == "x\ufffdy\ufffdz\ufffd<![CDATA[ ]]> & \ufffd\t中"
    assert root[0].get("name") == f"{clean} / {clean}"
    assert all((tc.get("name") or "").endswith(clean) for tc in root.iter("testcase"))
    assert clean in "".join(tc.findtext("system-out") or "" for tc in root.iter("testcase"))


def test_several_dossiers_one_suite_each() -> None:
    results = [example(n) for n in EXAMPLES]
    root = parse(render_junit(results))
    suites = root.findall("testsuite")
    assert len(suites) == 3
    for key in ("tests", "failures", "skipped", "errors"):
        assert int(root.get(key) or -1) == sum(int(s.get(key) or 0) for s in suites)


def test_reference_evaluator_gives_the_same_document() -> None:
    for name in EXAMPLES:
        assert render_junit([example(name, "reference")]) == render_junit([example(name)])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_assess_and_report_write_the_same_xml_and_exit_codes_follow_fail_on(tmp_path: Path, lang: str) -> None:
    seed, service = ROOT / "examples" / "seed-2020", ROOT / "examples" / "service-company"
    xml_file, json_file = tmp_path / "report.xml", tmp_path / "result.json"
    done = run("assess", seed, "-f", "junit", "-o", xml_file, "--lang", lang)
    assert done.exit_code == 1, done.output  # --fail-on N (default): the seed has nonconformities
    assert run("assess", seed, "-f", "json", "-o", json_file, "--fail-on", "never").exit_code == 0
    again = run("report", json_file, "-f", "junit", "--lang", lang)
    assert again.exit_code == 0
    assert again.stdout == xml_file.read_text(encoding="utf-8")
    assert parse(again.stdout)[0].get("failures") == "2"
    assert run("assess", seed, "-f", "junit", "--fail-on", "never").exit_code == 0
    clean = run("assess", service, "-f", "junit", "--lang", lang)
    assert clean.exit_code == 0
    assert parse(clean.stdout)[0].get("failures") == "0"
    # several dossiers: a JSON list renders as the same multi-suite document
    both = run("assess", seed, service, "-f", "junit", "--fail-on", "never", "--lang", lang)
    assert run("assess", seed, service, "-f", "json", "-o", json_file, "--fail-on", "never").exit_code == 0
    assert run("report", json_file, "-f", "junit", "--lang", lang).stdout == both.stdout
    assert len(parse(both.stdout).findall("testsuite")) == 2


@pytest.mark.parametrize("name", EXAMPLES)
def test_failures_agree_with_the_fail_on_n_exit_code(name: str) -> None:
    done = run("assess", ROOT / "examples" / name, "-f", "junit")
    failures = int(parse(done.stdout)[0].get("failures") or 0)
    assert done.exit_code == (1 if failures else 0)


def test_a_broken_document_fails_the_shape_check() -> None:
    """The checker used above is not vacuous."""
    doc = render_junit([example("seed-2020")])
    with pytest.raises(AssertionError):
        parse(doc.replace('tests="65"', 'tests="sixty-five"', 1))
    with pytest.raises(AssertionError):
        parse(doc.replace("<failure ", "<failed ", 1).replace("</failure>", "</failed>", 1))
    with pytest.raises(ET.ParseError):
        parse(doc.replace("<testcase", "<testcase <", 1))


def test_json_round_trip_is_lossless_for_junit(tmp_path: Path) -> None:
    a = example("manufacturer")
    back = Assessment.model_validate(json.loads(a.model_dump_json()))
    assert render_junit([back], "zh") == render_junit([a], "zh")
