"""The types a fact's field can have, as rules and the IR see them: the bottom layer (docs/architecture.md).

The evidence model maps its fields onto these (:mod:`clausewise.evidence.facts`); the IR and the rule checks
decide which operators fit which type. Declared here so the IR does not depend on the evidence model.
"""

from typing import Literal

FieldType = Literal["date", "number", "bool", "text", "text_list"]
