"""A rule's message and remedy filled in for one match, in both languages (what findings say).

Judging a large dossier renders tens of thousands of bilingual messages; about half are a text seen before
(remedies mostly have no placeholder, messages often show only a parameter or a shared fact). Each template
pair is compiled once per assessment into the values it shows and a positional format string per language, a
text seen before is reused (``Text2`` is never mutated), and a new one costs one ``str.format`` per language.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping
from typing import Any

from clausewise.bilingual import Bilingual
from clausewise.engine.results import Text2
from clausewise.evidence.display import value_label
from clausewise.evidence.facts import Fact
from clausewise.i18n import UI
from clausewise.lang import Lang

# What a placeholder shows: the finding's missing items, a pack parameter, a bound fact's source, or its field.
_MISSING, _PARAM, _SOURCE, _FIELD = range(4)


class _Template:
    """One rule text (English and Chinese templates) compiled: the values it shows, each language's layout,
    and the texts rendered so far by the values shown."""

    def __init__(self, en: str, zh: str, params: Mapping[str, Any]) -> None:
        names = tuple(dict.fromkeys(name for t in (en, zh) for _, name in _parsed(t) if name is not None))
        self.names = names
        self.slots: list[tuple[int, str, Any]] = []
        for name in names:
            head, _, rest = name.partition(".")
            if name == "missing":
                self.slots.append((_MISSING, "", None))
            elif head == "param":
                self.slots.append((_PARAM, "", params.get(rest)))
            else:
                self.slots.append((_SOURCE if rest == "source" else _FIELD, head, rest))
        index = {name: i for i, name in enumerate(names)}
        self.layout = {"en": _layout(en, index), "zh": _layout(zh, index)}  # every slot has a value in both
        self.texts: dict[tuple[Any, ...], Text2] = {}
        # a text without placeholders is the same for every match (its literal text: "{{" reads "{")
        self.fixed = None if names else Text2(en=_literal(en), zh=_literal(zh))


class Messages:
    """Renders each distinct message once per assessment (see the module docstring)."""

    def __init__(self, params: Mapping[str, Any], labels: Mapping[str, Bilingual]) -> None:
        self.params, self.labels = params, labels
        self.templates: dict[tuple[str, str], _Template] = {}
        self.zh_labels: dict[tuple[str, str, str], Any] = {}

    def render(self, en: str, zh: str, bound: Mapping[str, Fact], missing: list[str]) -> Text2:
        template = self.templates.get((en, zh))
        if template is None:
            template = self.templates[(en, zh)] = _Template(en, zh, self.params)
        if template.fixed is not None:
            return template.fixed
        shown: list[tuple[str | None, Any]] = []
        for mode, alias, rest in template.slots:
            if mode == _FIELD:
                fact = bound.get(alias)
                if fact is None:
                    shown.append((None, None))
                else:  # Fact.get, inline: a few calls per finding
                    shown.append((fact.kind, fact.key if rest == "id" else fact.values.get(rest)))
            elif mode == _PARAM:
                shown.append((None, rest))
            elif mode == _SOURCE:
                fact = bound.get(alias)
                shown.append((None, None if fact is None else fact.source))
            else:
                shown.append((None, missing))
        try:
            key: tuple[Any, ...] | None = tuple(
                (kind, value if type(value) is str else _typed(value)) for kind, value in shown
            )
            text = template.texts.get(key)  # type: ignore[arg-type]
        except TypeError:  # a value that cannot be a key (none of today's fields): render without the cache
            key, text = None, None
        if text is None:
            text = self._texts(template, shown)
            if key is not None:
                template.texts[key] = text
        return text

    def _texts(self, template: _Template, shown: list[tuple[str | None, Any]]) -> Text2:
        """The text in both languages: each value formatted once, again for Chinese only where it reads
        differently there (a choice's label, yes/no, a list's separator)."""
        en: list[str] = []
        zh: list[str] = []
        for (mode, _, rest), (kind, value) in zip(template.slots, shown, strict=True):
            if mode == _MISSING:
                en.append(fmt([self.labels[m].en if m in self.labels else m for m in value], "en"))
                zh.append(fmt([self.labels[m].zh if m in self.labels else m for m in value], "zh"))
                continue
            text = value if type(value) is str else fmt(value, "en")
            en.append(text)
            if kind is not None and isinstance(value, str | list):  # a choice value shows as its Chinese label
                zh.append(fmt(self._zh_label(kind, rest, value), "zh"))
            else:
                zh.append(text if type(value) in _SAME_IN_BOTH else fmt(value, "zh"))
        return Text2(en=template.layout["en"].format(*en), zh=template.layout["zh"].format(*zh))

    def _zh_label(self, kind: str, field: str, value: Any) -> Any:
        """:func:`value_label` in Chinese, once per (kind, field, text): names and choices recur across findings."""
        if type(value) is not str:
            return value_label(kind, field, value, "zh")
        key = (kind, field, value)
        found = self.zh_labels.get(key)
        if found is None:
            found = self.zh_labels[key] = value_label(kind, field, value, "zh")
        return found


#: Values whose text is the same in both languages (``fmt`` depends on the language for yes/no and lists only).
_SAME_IN_BOTH = frozenset({str, type(None), int, float, dt.date, dt.datetime})


def _layout(template: str, index: Mapping[str, int]) -> str:
    """A template as a positional format string over the template pair's placeholders."""
    out: list[str] = []
    for literal, name in _parsed(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append(f"{{{index[name]}}}")
    return "".join(out)


def _literal(template: str) -> str:
    return "".join(literal for literal, _ in _parsed(template))


def _typed(value: Any) -> Any:
    """A cache key for a shown value: equal keys render equal text (``True`` and ``1`` are told apart). Text and
    None, most values, are their own key (a key of any other value is a tuple, never equal to them)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is tuple or kind is list:
        return (kind, *map(_typed, value))
    return (kind, value)


@functools.lru_cache(maxsize=4096)
def _parsed(template: str) -> list[tuple[str, str | None]]:
    """Literal text and placeholder names of a message template (parsed once per template)."""
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(template)]


def fmt(value: Any, lang: Lang) -> str:
    """A value as a message shows it."""
    if type(value) is str:  # most values: no conversion
        return value
    if value is None:
        return "—"
    if isinstance(value, bool):
        return UI["yes" if value else "no"]["zh" if lang.startswith("zh") else "en"]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return UI["sep"]["zh" if lang.startswith("zh") else "en"].join(fmt(v, lang) for v in value)
    return str(value)
