"""Regenerate the HTML report screenshots in docs/img (the seed example, English and Chinese).

    python scripts/render_screenshots.py [--out docs/img] [--width 1200] [--height 900]

Runs ``clausewise assess examples/seed-2020 -f html`` as a user would, opens the report in headless Chromium
(the same DevTools-over-a-pipe driver as tests/test_browser.py) and saves the first screen as PNG. Needs
Debian's ``chromium`` and ``fonts-noto-cjk``; the pictures depend on the installed fonts, so regenerate them
on such a machine rather than by hand.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser, decode_png, find_chromium  # noqa: E402  (tests/ is not a package)

LIMIT = 400_000  # bytes: docs pictures stay small


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("error: chromium is not installed (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Browser(chromium) as browser:
        for lang in ("en", "zh"):
            html = Path(tmp) / f"seed-report-{lang}.html"
            command = ["assess", "examples/seed-2020", "-f", "html", "--lang", lang, "-o", str(html)]
            subprocess.run(
                [sys.executable, "-m", "clausewise", *command, "--fail-on", "never"],
                cwd=ROOT,  # so the report names the example as the README's command does
                check=True,
            )
            page = browser.open(html.as_uri(), args.width, args.height)
            try:
                png = page.screenshot()
                problems = page.problems()
            finally:
                page.close()
            if problems:
                print(f"error: {lang}: {problems}", file=sys.stderr)
                return 1
            target = args.out / f"seed-report-{lang}.png"
            target.write_bytes(png)
            image = decode_png(png)
            print(f"{target.relative_to(ROOT)}: {image.width}x{image.height}, {len(png) // 1024} KB")
            if len(png) > LIMIT:
                print(f"error: {target} is over {LIMIT // 1000} KB", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
