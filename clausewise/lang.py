"""The languages clausewise writes, declared once: a new language is one more name here, plus its texts.

Every language parameter, option and field is a :data:`Lang`; the CLI's ``--lang`` choices are :data:`LANGS`. This
module imports nothing, so the CLI's start-up may read it.
"""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["en", "zh"]
#: Every language, in the order texts are written (English first).
LANGS: tuple[Lang, ...] = get_args(Lang)
