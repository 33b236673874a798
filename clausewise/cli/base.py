"""Typer plumbing every command module shares: help that reads like any Unix tool's, and a fast start.

typer 0.29 prints Python types in help (``<list[Path]>``, ``<str>``, ``{dossiers}...``) and coerces every
parameter through a pydantic ``TypeAdapter``; it builds one even for the ``--help`` and completion flags
whose value is ``None`` when not given, which imports pydantic (~0.2 s) for ``clausewise version``. The
classes here keep the conventional form (``DOSSIER...``, ``--output FILE``) and give those flags a
``False`` default so nothing is coerced that is never used.

A command module makes its group with :func:`new_group` and decorates commands on it; ``app.py`` adds the
group with one ``add_typer`` line. Heavy imports (evidence models, engine, reports) go inside the command
functions, so ``clausewise --help`` loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer
from typer import _click as click  # typer vendors click since 0.26 (pinned <0.30 in pyproject.toml)
from typer.core import TyperArgument, TyperCommand, TyperGroup

HELP_OPTIONS = ["-h", "--help"]

F = TypeVar("F", bound=Callable[..., Any])


def _argument_name(param: TyperArgument) -> str:
    """``DOSSIER...`` for a required list, ``[RULE]`` for an optional argument, as click prints them."""
    name = (param.metavar or param.name or "ARG").upper()
    if param.nargs != 1:
        name += "..."
    return name if param.required else f"[{name}]"


class _Conventional:
    """Mixin for commands and groups: conventional usage line and argument rows, no idle coercion."""

    def get_params(self, ctx: click.Context) -> list[click.core.Parameter]:
        params: list[click.core.Parameter] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            # --help / --install-completion / --show-completion default to None, which typer coerces
            # through pydantic even when the flag is absent; False is the same answer without the import
            if getattr(param, "is_flag", False) and param.default is None:
                param.default = False
        return params

    def _usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):
            pieces.extend([_argument_name(param)] if isinstance(param, TyperArgument) else param.get_usage_pieces(ctx))
        return pieces

    def _format_params(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                args.append((_argument_name(param).strip("[]"), record[1]))
            else:
                opts.append(record)
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Options"):
                formatter.write_dl(opts)


class Command(_Conventional, TyperCommand):
    """A leaf command with conventional help."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return self._usage_pieces(ctx)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._format_params(ctx, formatter)


class Group(_Conventional, TyperGroup):
    """A command group with conventional help."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*self._usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._format_params(ctx, formatter)
        self.format_commands(ctx, formatter)


class App(typer.Typer):
    """``typer.Typer`` whose groups and commands use :class:`Group` and :class:`Command`."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[F], F]:
        decorator: Callable[[F], F] = super().command(name, cls=cls or Command, **kwargs)
        return decorator


def new_group(help: str, **kwargs: Any) -> App:
    """A command group (or the root) with the project's settings: plain-text help, no pretty tracebacks."""
    settings: dict[str, Any] = {
        "cls": Group,
        "help": help,
        "no_args_is_help": True,
        "rich_markup_mode": None,
        "pretty_exceptions_enable": False,
        "add_completion": False,
    }
    settings.update(kwargs)
    return App(**settings)


def choice(values: Sequence[str]) -> Callable[[str], str]:
    """Parser of an option taking one of ``values``: a wrong value reads ``'pdf' (choose from table, json)``.

    (typer's own enum handling reports ``Value error, 'pdf' is not one of ...``.)
    """

    def parse(value: str) -> str:
        if value in values:
            return value
        raise typer.BadParameter(f"{value!r} (choose from {', '.join(values)})")

    return parse


def completer(values: Sequence[str]) -> Callable[[str], list[str]]:
    """Shell completion for a choice option."""
    return lambda incomplete: [v for v in values if v.startswith(incomplete)]
