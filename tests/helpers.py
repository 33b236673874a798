"""What several test modules share: running the CLI in-process, and the smallest dossier with an N finding."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from clausewise.cli.app import app


def run(*args: object) -> Result:
    """``clausewise ARGS...`` in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args])


def late_review_dossier(organization: str = "Acme Ltd", source: str = "MR minutes 2019, p. 1") -> str:
    """YAML whose only management review is 15 months before the audit, against the organization's own 12-month
    interval (``interval_months: 12``): mr-none-within-own-interval fires (N major).

    ``organization`` and ``source`` go in as written (quote them for YAML when they need it).
    """
    return f"""\
audit:
  organization: {organization}
  date: 2021-03-01
  type: surveillance
management_reviews:
  - id: mr-2019
    date: 2019-12-01
    chaired_by: Li Ming
    interval_months: 12
    source: {source}
"""
