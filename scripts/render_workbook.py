"""Regenerate the workbook picture in docs/img: one sheet of the example workbook as LibreOffice prints it.

    python scripts/render_workbook.py [--sheet 人员] [--columns 8] [--out docs/img/workbook-zh.png]

Keeps only the chosen sheet of ``examples/workbook/manufacturer.xlsx`` (set to print landscape, one page wide),
has LibreOffice render it to PDF (``soffice --headless --convert-to pdf``) and the first page to PNG
(``pdftoppm -png``). Needs LibreOffice Calc, poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "examples" / "workbook" / "manufacturer.xlsx"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", default="人员")
    parser.add_argument("--columns", type=int, default=8, help="print the first N columns")
    parser.add_argument("--height", type=int, default=215, help="pixels of the page kept, from the table's top")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "workbook-zh.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = openpyxl.load_workbook(BOOK)
        for ws in list(book.worksheets):
            if ws.title != args.sheet:
                book.remove(ws)
        ws = book[args.sheet]
        ws.print_area = f"A1:{openpyxl.utils.get_column_letter(args.columns)}{ws.max_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        sheet = Path(tmp) / "sheet.xlsx"
        book.save(sheet)
        env = {**os.environ, "HOME": tmp}  # a private LibreOffice profile
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(sheet)],
            check=True,
            capture_output=True,
            timeout=180,
            env=env,
        )
        stem = args.out.with_suffix("")
        # the printed table sits at the top of a landscape page: keep that band, at 150 dpi
        band = ["-x", "100", "-y", "130", "-W", "1450", "-H", str(args.height)]
        pdf = str(Path(tmp) / "sheet.pdf")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", *band, pdf, str(stem)], check=True
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
