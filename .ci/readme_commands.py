"""Print the README's set-up commands, one per line: the ```sh blocks under the "## Set up" heading.

CI runs exactly these, so what a new user copies from the README is what CI proves works.
"""

import sys
from pathlib import Path


def setup_commands(readme: str) -> list[str]:
    commands: list[str] = []
    in_section = in_block = False
    for line in readme.splitlines():
        if line.startswith("## "):
            in_section = line.strip() == "## Set up"
            continue
        if not in_section:
            continue
        if line.strip() == "```sh":
            in_block = True
        elif line.strip() == "```":
            in_block = False
        elif in_block and line.strip():
            commands.append(line.strip())
    return commands


if __name__ == "__main__":
    print("\n".join(setup_commands(Path(sys.argv[1]).read_text(encoding="utf-8"))))
