"""``clausewise rules new NAME``: a pack that loads, passes ``rules test`` and installs, to be edited.

The folder is a Python distribution whose package *is* the pack, registered under the ``clausewise.packs``
entry point (:mod:`clausewise.rules.registry`), with the JSON Schemas of the pack files copied beside it and
named on each YAML file's first line, so an editor with the YAML language server completes and checks them.
"""

from __future__ import annotations

from pathlib import Path

from clausewise.errors import InputErrors, Location, Problem
from clausewise.rules.schemas import shipped

SCHEMA_DIR = ".schemas"


def _schema(name: str, depth: int = 2) -> str:
    """The first line naming the schema; ``depth``: folders between the file and the distribution's root."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{name}.schema.json\n"


def _pack_yaml(name: str, extends: str | None, clause: str) -> str:
    head = _schema("overlay" if extends else "pack", depth=1) + f"id: {name}\nversion: 0.1.0\n"
    if extends:
        head += f"extends: {extends}              # the base pack: its rules, clauses and parameters apply\n"
    head += f'title:\n  en: "{name} rule pack"\n  zh: "{name} 规则包"\n'
    if not extends:
        head += f'standard: "{name}"\nedition: "1"\n'
    top = clause.split(".")[0]
    return head + (
        "params:\n"
        "  response_days:\n"
        "    type: integer\n"
        "    default: 10\n"
        "    description:\n"
        '      en: "Longest time from receiving a complaint to the first response (days)."\n'
        '      zh: "收到投诉至首次答复的最长时间（天）。"\n'
        "clauses:                         # the clause tree: any numbering (11.2, A.5.1), titles in en and zh\n"
        f'  "{top}": {{en: "Customer feedback", zh: "顾客反馈"}}\n'
        f'  "{clause}": {{en: "Complaint handling", zh: "投诉处理"}}\n'
    )


def _rule_yaml(rule_id: str, clause: str) -> str:
    return _schema("rules") + (
        "rules:\n"
        f"  - id: {rule_id}\n"
        f'    clause: "{clause}"\n'
        "    judgment: N\n"
        "    grade: minor\n"
        '    basis: {kind: organization, ref: "Complaint procedure §3"}\n'
        "    title:\n"
        '      en: "Complaint not answered in time"\n'
        '      zh: "投诉未及时答复"\n'
        "    message:\n"
        "      en: \"Complaint '{c.description}' received {c.received_on} has no response {param.response_days} "
        'days later (as of {audit.as_of})."\n'
        '      zh: "{c.received_on}收到的投诉“{c.description}”，'
        '至{audit.as_of}已超过{param.response_days}天仍无答复。"\n'
        "    remedy:\n"
        '      en: "Supply the record of the response to the customer."\n'
        '      zh: "提供对顾客答复的记录。"\n'
        "    match:\n"
        "      audit: {kind: audit}\n"
        "      c:\n"
        "        kind: complaint\n"
        "        where:\n"
        "          - {field: responded_on, op: missing}\n"
        "          - {field: received_on, op: le, ref: audit.as_of, days: {param: response_days, times: -1}}\n"
    )


def _fixture(rule_id: str, clause: str, fires: bool) -> str:
    expect = f'  fires: [{rule_id}]\n  judgments: {{"{clause}": N}}\n' if fires else f"  silent: [{rule_id}]\n"
    responded = "null" if fires else "2024-04-03"
    return _schema("fixture") + (
        f"# {'An unanswered complaint 20 days old: the rule fires.' if fires else 'Answered in 2 days: silent.'}\n"
        "expect:\n" + expect + "audit: {organization: Example Ltd, date: 2024-04-21, type: internal}\n"
        "complaints:\n"
        "  - received_on: 2024-04-01\n"
        "    customer: Example customer\n"
        "    description: late delivery\n"
        f"    responded_on: {responded}\n"
    )


def _pyproject(name: str) -> str:
    dist = name.replace("_", "-") + "-rules"
    return (
        "[build-system]\n"
        'requires = ["hatchling>=1.18"]\n'
        'build-backend = "hatchling.build"\n\n'
        "[project]\n"
        f'name = "{dist}"\n'
        'version = "0.1.0"\n'
        f'description = "The {name} rule pack for clausewise."\n'
        'requires-python = ">=3.11"\n'
        'dependencies = ["clausewise"]\n\n'
        '[project.entry-points."clausewise.packs"]\n'
        f'{name} = "{name}"            # --pack {name} after pip install\n\n'
        "[tool.hatch.build.targets.wheel]\n"
        f'packages = ["{name}"]        # the YAML files travel as package data\n'
    )


def _readme(name: str, extends: str | None) -> str:
    base = f" It extends `{extends}`: its `rules test` runs {extends}'s fixtures too." if extends else ""
    return (
        f"# {name}\n\nA clausewise rule pack.{base} Edit `{name}/pack.yaml`, `{name}/rules/` and `{name}/tests/`;"
        " the files name their JSON Schema on the first line, so an editor with the YAML language server completes"
        " and checks them.\n\n"
        "```\n"
        f"clausewise rules test {name}              # each rule fires in a fixture and stays silent in another\n"
        f"clausewise rules lint {name}              # rules that can never fire, duplicates, overlaps, ...\n"
        f"pip install -e . && clausewise rules packs   # then --pack {name} works anywhere\n"
        "```\n"
    )


def scaffold(name: str, into: Path, extends: str | None = None) -> Path:
    """Write the pack distribution ``into/name``; refuses a bad name or an existing folder."""
    import re

    where = Location(name)
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", name):
        raise InputErrors([Problem(where, "a pack name is a Python package name", expected="e.g. acme or acme_qms")])
    root = into / name
    if root.exists():
        raise InputErrors([Problem(Location(str(root)), "already exists; choose another name or folder")])
    clause = "Z.1" if extends else "1.1"  # an overlay adds its own clauses after the base's (annex-style keys)
    rule_id = name.replace("_", "-") + "-complaint-unanswered"
    files = {
        "pyproject.toml": _pyproject(name),
        "README.md": _readme(name, extends),
        f"{name}/__init__.py": f'"""The {name} rule pack: this folder (pack.yaml, rules/, tests/) is the pack."""\n',
        f"{name}/pack.yaml": _pack_yaml(name, extends, clause),
        f"{name}/rules/complaints.yaml": _rule_yaml(rule_id, clause),
        f"{name}/tests/complaint-unanswered.yaml": _fixture(rule_id, clause, fires=True),
        f"{name}/tests/complaint-answered.yaml": _fixture(rule_id, clause, fires=False),
        **{f"{SCHEMA_DIR}/{file}": text for file, text in shipped().items()},
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
