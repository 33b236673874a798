"""The bases every evidence model shares: strict models, and the fields every item carries.

Kept apart from :mod:`clausewise.evidence.model` so that :mod:`clausewise.evidence.sections` can build the
declared sections on them while ``model`` is being built from those declarations.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from clausewise.errors import Location
from clausewise.evidence.descriptions_zh import DESCRIPTIONS_ZH

Text = Annotated[str, StringConstraints(min_length=1)]
Names = list[Text]


class Model(BaseModel):
    """Every evidence model: unknown fields are errors, text is stripped.

    A model carries the words of the fields its own body declares (looked up with ``vars(cls)``, so an
    inherited field is translated once): ``descriptions_zh`` (field -> Chinese meaning), and for a section
    declared as data also ``titles`` (field -> {en, zh} column title) and ``choices`` (field -> value ->
    {en, zh} label).
    """

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True, defer_build=True)
    descriptions_zh: ClassVar[dict[str, str]] = {}
    titles: ClassVar[dict[str, dict[str, str]]] = {}
    choices: ClassVar[dict[str, dict[str, dict[str, str]]]] = {}


class Item(Model):
    """Base of every evidence item (one fact for the engine)."""

    kind: ClassVar[str] = ""
    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["Item"]
    id: Text | None = Field(None, description="Unique id within the dossier; generated when absent.")
    source: Text | None = Field(None, description="Where this was seen: document number, page, interview, record row.")
    note: str | None = Field(None, description="Free remarks, quoted as-is.")
    record_verdict: Text | None = Field(
        None,
        description="The auditor's entry in the 判定 (judgment) column of the audit-record row this item was taken "
        "from, as written (e.g. 'N'); absent when the column is blank or the item has no such row.",
    )
    _origin: Location | None = PrivateAttr(None)
