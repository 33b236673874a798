"""A rule's message and remedy filled in for one match, in both languages (what findings say).

Judging a large dossier renders tens of thousands of bilingual messages; about half are a text seen before
(remedies mostly have no placeholder, messages often show only a parameter or a shared fact). Each template
pair is compiled once per assessment into the values it shows and a ``%`` format per language, a
text seen before is reused (``Text2`` is never mutated), and a new one costs one ``%`` per language.
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
        self.slots: list[tuple[int, str, Any]] = []
        for name in names:
            head, _, rest = name.partition(".")
            if name == "missing":
                self.slots.append((_MISSING, "", None))
            elif head == "param":
                self.slots.append((_PARAM, "", params.get(rest)))
            else:
                self.slots.append((_SOURCE if rest == "source" else _FIELD, head, rest))
        # most messages show only fields of one fact: their values are then fetched in one call
        aliases = {alias for mode, alias, rest in self.slots if mode == _FIELD and rest != "id"}
        plain = len(aliases) == 1 and all(mode == _FIELD and rest != "id" for mode, _, rest in self.slots)
        self.alias: str | None = aliases.pop() if plain else None
        self.fields = tuple(rest for _, _, rest in self.slots)
        index = {name: i for i, name in enumerate(names)}
        self.en, self.zh = _Layout(en, index), _Layout(zh, index)
        self.texts: dict[Any, Text2] = {}
        # a text without placeholders is the same for every match (its literal text: "{{" reads "{")
        self.fixed = None if names else Text2.of(_literal(en), _literal(zh))


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
        kinds: tuple[str | None, ...] | str | None
        if template.alias is not None:
            fact = bound.get(template.alias)
            kinds = None if fact is None else fact.kind
            values = (None,) * len(template.slots) if fact is None else tuple(map(fact.values.get, template.fields))
        else:
            kinds, values = self._shown(template, bound, missing)
        # equal values of equal types render equal text (True and 1 are told apart by their types)
        types = tuple(map(type, values))
        try:
            key: Any = (kinds, _typed(values) if list in types or tuple in types else values, types)
            text = template.texts.get(key)
        except TypeError:  # a value that cannot be a key (none of today's fields): render without the cache
            key, text = None, None
        if text is None:
            each = kinds if isinstance(kinds, tuple) else (kinds,) * len(values)
            text = self._texts(template, each, values)
            if key is not None:
                template.texts[key] = text
        return text

    def _shown(
        self, template: _Template, bound: Mapping[str, Fact], missing: list[str]
    ) -> tuple[tuple[str | None, ...], tuple[Any, ...]]:
        """Per placeholder: the kind of the fact whose field it shows (None for any other value), and the value."""
        kinds: list[str | None] = []
        values: list[Any] = []
        for mode, alias, rest in template.slots:
            fact = bound.get(alias)
            if mode == _FIELD and fact is not None:
                kinds.append(fact.kind)
                values.append(fact.get(rest))
                continue
            kinds.append(None)
            if mode == _PARAM:
                values.append(rest)
            elif mode == _MISSING:
                values.append(missing)
            else:
                values.append(None if fact is None else fact.source)
        return tuple(kinds), tuple(values)

    def _texts(self, template: _Template, kinds: tuple[str | None, ...], values: tuple[Any, ...]) -> Text2:
        """The text in both languages: each value formatted once, again for Chinese only where it reads
        differently there (a choice's label, yes/no, a list's separator)."""
        en: list[str] = []
        zh: list[str] = []
        labels = self.zh_labels
        for (mode, _, rest), kind, value in zip(template.slots, kinds, values, strict=True):
            if mode == _MISSING:
                en.append(fmt([self.labels[m].en if m in self.labels else m for m in value], "en"))
                zh.append(fmt([self.labels[m].zh if m in self.labels else m for m in value], "zh"))
                continue
            kind_of = type(value)
            text = value if kind_of is str else fmt(value, "en")
            en.append(text)
            if kind is None or not isinstance(value, str | list):
                zh.append(text if kind_of in _SAME_IN_BOTH else fmt(value, "zh"))
            elif type(value) is str:  # a choice value shows as its Chinese label; a text is looked up once
                label = labels.get((kind, rest, value))
                if label is None:
                    label = labels[(kind, rest, value)] = fmt(value_label(kind, rest, value, "zh"), "zh")
                zh.append(label)
            else:
                zh.append(fmt(value_label(kind, rest, value, "zh"), "zh"))
        return Text2.of(template.en.fill(en), template.zh.fill(zh))


#: Values whose text is the same in both languages (``fmt`` depends on the language for yes/no and lists only).
_SAME_IN_BOTH = frozenset({str, type(None), int, float, dt.date, dt.datetime})


class _Layout:
    """A template in one language as a ``%`` format over the template pair's values, in the order it shows them
    (``%`` over a tuple of texts is the cheapest way Python has to fill one in; all values are texts by then)."""

    def __init__(self, template: str, index: Mapping[str, int]) -> None:
        out: list[str] = []
        order: list[int] = []
        for literal, name in _parsed(template):
            out.append(literal.replace("%", "%%"))
            if name is not None:
                out.append("%s")
                order.append(index[name])
        self.format = "".join(out)
        self.order = tuple(order)
        self.same = self.order == tuple(range(len(index)))  # each value once, in the pair's order

    def fill(self, values: list[str]) -> str:
        return self.format % (tuple(values) if self.same else tuple(values[i] for i in self.order))


def _literal(template: str) -> str:
    return "".join(literal for literal, _ in _parsed(template))


def _typed(value: Any) -> Any:
    """A cache key for a shown value: equal keys render equal text (``True`` and ``1`` are told apart, and so
    are the items of lists). Text and None are their own key (that of any other value is a tuple)."""
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
        return UI["yes" if value else "no"][lang]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return UI["sep"][lang].join(fmt(v, lang) for v in value)
    return str(value)
