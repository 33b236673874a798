"""The bases every evidence model shares: strict models, and the fields every item carries.

Kept apart from :mod:`clausewise.evidence.model` so that :mod:`clausewise.evidence.sections` can build the
declared sections on them while ``model`` is being built from those declarations.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler, Strict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from clausewise.clauses import normalize_clause
from clausewise.errors import Location
from clausewise.evidence.descriptions_zh import DESCRIPTIONS_ZH
from clausewise.evidence.titles_zh import TITLES

#: The white space a text loses at both ends: Unicode's White_Space, what pydantic's ``str_strip_whitespace``
#: strips (Python's own ``str.strip()`` would also strip U+001C..U+001F).
SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def stripped(text: str) -> str:
    """``text`` without white space at either end; the same object when there is none.

    Every evidence text is stripped. pydantic's ``str_strip_whitespace`` did it by making a new string from its
    own UTF-8 copy of every text, stripped or not: a third of validating a dossier of Chinese texts. ``str.strip``
    keeps the text it was given (and a dossier reader's shared values stay shared)."""
    return text.strip(SPACE)


def stripped_text(text: str) -> str:
    """:func:`stripped`, and not empty after it: the error pydantic gives an empty text (so it is reported the
    same way: must not be empty)."""
    out = text.strip(SPACE)
    if not out:
        raise PydanticCustomError(
            "string_too_short", "String should have at least {min_length} character", {"min_length": 1}
        )
    return out


class _MinLengthShown:
    """``minLength: 1`` in the JSON Schema, not checked by pydantic: :func:`stripped_text` checks it. pydantic's own
    ``min_length`` check counts characters on a UTF-8 copy of the text, which it leaves inside every non-ASCII
    string it checks (a sixth of validating a dossier of Chinese texts, and 40 bytes more per text)."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        shown = handler(core_schema)
        shown["minLength"] = 1
        return shown


#: Evidence texts: stripped; a required text must hold something once stripped (an empty one is the same error,
#: must not be empty).
Text = Annotated[str, AfterValidator(stripped_text), _MinLengthShown]
Note = Annotated[str, AfterValidator(stripped)]
Names = list[Text]
#: A clause key in evidence: stripped before it is read (a clause key of a pack is not: :data:`ClauseKey`).
Clause = Annotated[str, Strict(), AfterValidator(stripped), AfterValidator(normalize_clause)]


class Model(BaseModel):
    """Every evidence model: unknown fields are errors, text is stripped.

    A model carries the words of the fields its own body declares (looked up with ``vars(cls)``, so an
    inherited field is translated once): ``descriptions_zh`` (field -> Chinese meaning), ``titles`` (field ->
    {en, zh} column title) and ``choices`` (field -> value -> {en, zh} label). A section declared as data takes
    them from its declaration, a model written in Python from :mod:`clausewise.evidence.descriptions_zh` and
    :mod:`clausewise.evidence.titles_zh`.
    """

    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True)  # texts strip themselves: Text, Note
    descriptions_zh: ClassVar[dict[str, str]] = {}
    titles: ClassVar[dict[str, dict[str, str]]] = {}
    choices: ClassVar[dict[str, dict[str, dict[str, str]]]] = {}


class Item(Model):
    """Base of every evidence item (one fact for the engine)."""

    # Where the item starts in its file, kept in a slot of its own rather than as a pydantic private attribute:
    # pydantic initialises private attributes in Python for every instance it validates (a third of validating a
    # large dossier). Not a field: not dumped, not compared, not copied (items are neither copied nor pickled).
    __slots__ = ("_origin_at",)
    kind: ClassVar[str] = ""
    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["Item"]
    titles: ClassVar[dict[str, dict[str, str]]] = TITLES["Item"]
    id: Text | None = Field(None, description="Unique id within the dossier; generated when absent.")
    source: Text | None = Field(None, description="Where this was seen: document number, page, interview, record row.")
    note: Note | None = Field(None, description="Free remarks, quoted as-is.")
    record_verdict: Text | None = Field(
        None,
        description="The auditor's entry in the 判定 (judgment) column of the audit-record row this item was taken "
        "from, as written (e.g. 'N'); absent when the column is blank or the item has no such row.",
    )

    @property
    def _origin(self) -> Location | None:
        """Where the item starts in its file (set by the loader); None for an item built in code."""
        where: Location | None = getattr(self, "_origin_at", None)  # the slot is empty until the loader sets it
        return where

    @_origin.setter
    def _origin(self, where: Location | None) -> None:
        set_origin(self, where)


#: The slot's own setter: past pydantic's ``__setattr__``, and callable by ``map`` without a Python frame.
_set_origin_at = vars(Item)["_origin_at"].__set__


def set_origin(item: Item, where: Location | None) -> None:
    """Set ``item._origin`` past pydantic's ``__setattr__``."""
    _set_origin_at(item, where)


def set_origins(items: Iterable[Item], wheres: Iterable[Location | None]) -> None:
    """:func:`set_origin` of each item with its place, in one ``map`` (the loader places every item of a dossier)."""
    deque(map(_set_origin_at, items, wheres), maxlen=0)


def set_generated_id(item: Item, value: str) -> None:
    """``item.id = value`` past pydantic's ``__setattr__``, with the same effect (the field is set and counted as
    set; items validate no assignment): the loader names every item written without an id, half of a large
    dossier, and the checks of an ordinary assignment were most of merging it."""
    item.__dict__["id"] = value
    item.__pydantic_fields_set__.add("id")
