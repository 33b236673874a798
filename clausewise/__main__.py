"""``python -m clausewise``."""

from clausewise.cli.app import main

main()
