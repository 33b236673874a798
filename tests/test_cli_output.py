"""What the commands say besides the report: compiled rules, what was written, progress, summaries."""

from __future__ import annotations

import json
import re
from collections import Counter

from helpers import run

from clausewise.engine.assess import compile_pack
from clausewise.rules.loader import load_pack
from clausewise.rules.lower import resolve_params


def test_rules_show_compiled_prints_every_durable_rule_of_the_rule() -> None:
    pack = load_pack("iso9001")
    described = compile_pack(pack, resolve_params(pack.manifest, {})).engine.describe()
    per_rule = Counter(name.partition("~")[0] for rules in described.values() for name in rules if "~" in name)
    rule, count = per_rule.most_common(1)[0]
    assert count >= 2  # a rule compiled to several durable rules (presence variants, join disjuncts)

    result = run("rules", "show", rule, "--compiled")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"compiled: {count} durable-rules rules" in out
    names = re.findall(r"^durable-rules rule (\S+) \(ruleset (\S+)\):$", out, re.MULTILINE)
    assert sorted(n for n, _ in names) == [f"{rule}~{n}" for n in range(count)]
    for name, ruleset in names:
        block = out.split(f"durable-rules rule {name} (ruleset {ruleset}):\n", 1)[1]
        definition = json.JSONDecoder().raw_decode(block)[0]
        assert definition == described[ruleset][name]
        assert definition["run"].endswith(f":{name}")


def test_rules_show_without_compiled_prints_no_durable_rules() -> None:
    result = run("rules", "show", "mr-none-within-interval")
    assert result.exit_code == 0
    assert "durable-rules rule" not in result.stdout
