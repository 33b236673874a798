"""Text in every language of :data:`clausewise.lang.Lang`: the one bilingual text type, declared once.

:class:`BilingualText` holds the fields, their order, the strictness (no other keys) and ``get``; it is generic in
what counts as a text, which is the only thing its two uses differ in:

* :class:`Bilingual`, what a pack writes (titles, messages, remedies, labels, reasons): neither language may be
  empty, so a pack cannot ship a rule that reads blank in one language;
* ``engine.results.Text2``, what a result carries: any text, as judged (a decided finding saved without text
  reads back empty); it is also an output model there (shared field sets).

Both keep their names (and so their ``$defs`` and titles in the shipped JSON Schemas). A new language is a field
here beside its name in ``lang.py``.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints

from clausewise.lang import Lang

#: A text that says something: at least one character.
Written = Annotated[str, StringConstraints(min_length=1)]

S = TypeVar("S", bound=str)


class BilingualText(BaseModel, Generic[S]):
    """The same text in English and Simplified Chinese."""

    model_config = ConfigDict(extra="forbid")

    en: S
    zh: S

    def get(self, lang: Lang) -> str:
        text: str = getattr(self, lang)
        return text


class Bilingual(BilingualText[Written]):
    """Text in English and Simplified Chinese; both are required."""
