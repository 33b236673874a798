"""Regenerate every file of the checkout that is made from the code, in one command.

    python scripts/regenerate.py

After a change to the rules, the evidence sections, the result model or the glossary, four generators must run
and their output be committed (tests fail when any of them is stale):

* the reference docs: ``clausewise docs docs/`` (evidence.md, glossary.md, rules-<pack>.md, the formats table
  of reports.md);
* the JSON Schema of the result: ``python -m clausewise.reports.schema``;
* the JSON Schemas of pack files and dossiers: ``python -m clausewise.rules.schemas``;
* the example workbook: ``clausewise evidence convert examples/manufacturer -o examples/workbook/manufacturer.xlsx
  --lang zh``.

Each runs as its own process with this interpreter, in the order above; the script stops at the first that
fails and exits with its status. openpyxl stamps every saved workbook with the time of saving (in its
properties and in the zip entries), so the workbook is written to a temporary file and replaces the committed
one only when some part other than those stamps differs: running the script twice changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKBOOK = "examples/workbook/manufacturer.xlsx"
#: The generators, as a developer would type them (``python`` is this interpreter); ``{out}`` is where the
#: workbook is written first.
GENERATORS: tuple[tuple[str, ...], ...] = (
    ("-m", "clausewise", "docs", "docs/"),
    ("-m", "clausewise.reports.schema"),
    ("-m", "clausewise.rules.schemas"),
    ("-m", "clausewise", "evidence", "convert", "examples/manufacturer", "-o", "{out}", "--lang", "zh"),
)
#: The workbook's parts that hold only the time of saving.
STAMPED = {"docProps/core.xml"}


def _content(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name not in STAMPED}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "workbook.xlsx"
        for template in GENERATORS:
            args = [a.replace("{out}", str(fresh)) for a in template]
            print("$ python " + " ".join(template).replace("{out}", WORKBOOK), flush=True)
            status = subprocess.run([sys.executable, *args], cwd=ROOT, check=False).returncode
            if status != 0:
                print(f"failed with status {status}", file=sys.stderr)
                return status
        committed = ROOT / WORKBOOK
        if committed.exists() and _content(committed) == _content(fresh):
            print(f"{WORKBOOK}: up to date")
        else:
            shutil.copyfile(fresh, committed)
            print(f"{WORKBOOK}: rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
