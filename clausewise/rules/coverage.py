"""How much of a pack's clause tree its rules cover: per clause, mechanical rules and review prompts.

A *mechanical* rule decides from the evidence (judgment ``N``, ``O`` or ``NA``); a *review prompt*
(judgment ``review``) asks an auditor to judge. A leaf clause (one with no sub-clause in the pack's tree) is
covered when it has at least one rule of either sort. :func:`pack_coverage` returns the data; the CLI's
``clausewise rules coverage`` prints it, and reports can reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausewise.clauses import clause_sort_key, parent_of
from clausewise.glossary import REPORT_TERMS
from clausewise.lang import Lang
from clausewise.rules.loader import Pack
from clausewise.rules.model import Judgment


@dataclass(frozen=True)
class ClauseCoverage:
    key: str
    title_en: str
    title_zh: str
    depth: int
    leaf: bool
    mechanical: int  # rules with judgment N, O or NA on this clause itself
    review: int  # review prompts on this clause itself
    rule_ids: tuple[str, ...]

    @property
    def rules(self) -> int:
        return self.mechanical + self.review

    @property
    def covered(self) -> bool:
        return self.rules > 0

    def title(self, lang: Lang) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(frozen=True)
class PackCoverage:
    pack: str
    clauses: tuple[ClauseCoverage, ...]  # the whole tree, in clause order

    @property
    def leaves(self) -> tuple[ClauseCoverage, ...]:
        return tuple(c for c in self.clauses if c.leaf)

    @property
    def uncovered_leaves(self) -> tuple[ClauseCoverage, ...]:
        return tuple(c for c in self.leaves if not c.covered)

    @property
    def covered_leaves(self) -> int:
        return sum(c.covered for c in self.leaves)

    @property
    def percent(self) -> int:
        """Covered leaves in whole percent, rounded down (100 only when every leaf is covered)."""
        return 100 * self.covered_leaves // len(self.leaves) if self.leaves else 100

    def summary(self) -> str:
        return f"leaf clauses covered: {self.covered_leaves}/{len(self.leaves)} ({self.percent}%)"


def pack_coverage(pack: Pack) -> PackCoverage:
    tree = pack.manifest.clauses
    parents = {p for key in tree if (p := parent_of(key)) is not None}
    mechanical: dict[str, int] = {}
    review: dict[str, int] = {}
    ids: dict[str, list[str]] = {}
    for item in pack.rules:
        r = item.rule
        bucket = review if r.judgment is Judgment.review else mechanical
        bucket[r.clause] = bucket.get(r.clause, 0) + 1
        ids.setdefault(r.clause, []).append(r.id)
    rows = tuple(
        ClauseCoverage(
            key=key,
            title_en=info.en,
            title_zh=info.zh,
            depth=key.count("."),
            leaf=key not in parents,
            mechanical=mechanical.get(key, 0),
            review=review.get(key, 0),
            rule_ids=tuple(sorted(ids.get(key, []))),
        )
        for key, info in sorted(tree.items(), key=lambda kv: clause_sort_key(kv[0]))
    )
    return PackCoverage(pack.id, rows)


def render_coverage(coverage: PackCoverage, lang: Lang = "en") -> str:
    """The clause tree as text: per clause its mechanical rules and review prompts; uncovered leaves marked."""
    head = {
        "en": ("clause", "mechanical", "review", "NO RULE"),
        "zh": ("条款", "机械规则", REPORT_TERMS["review"].zh, "无规则"),
    }[lang]
    labels = [f"{'  ' * c.depth}{c.key} {c.title(lang)}" for c in coverage.clauses]
    width = max([len(head[0]), *map(_width, labels)])
    lines = [_pad(head[0], width) + f" {head[1]:>10} {head[2]:>8}"]
    for c, label in zip(coverage.clauses, labels, strict=True):
        mark = f"  <- {head[3]}" if c.leaf and not c.covered else ""
        lines.append(_pad(label, width) + f" {c.mechanical:>10} {c.review:>8}{mark}")
    summary = coverage.summary()
    if lang == "zh":
        summary += f"  （已覆盖的末级条款 {coverage.covered_leaves}/{len(coverage.leaves)}）"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
