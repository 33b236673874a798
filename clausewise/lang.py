"""The languages clausewise writes, declared once: a new language is one more name here, plus its texts.

Every language parameter, option and field is a :data:`Lang`; the CLI's ``--lang`` choices are :data:`LANGS`. This
module imports nothing, so the CLI's start-up may read it.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

Lang = Literal["en", "zh"]
#: Every language, in the order texts are written (English first).
LANGS: tuple[Lang, ...] = get_args(Lang)


class _InEachLang(Protocol):
    def get(self, lang: Lang, /) -> str: ...


def by_lang(text: _InEachLang) -> dict[str, str]:
    """A text in every language as the ``{"en": ..., "zh": ...}`` tables of :mod:`clausewise.i18n` hold it, from
    anything that gives its text per language (a pack's or a section's words, a glossary term)."""
    return {lang: text.get(lang) for lang in LANGS}
