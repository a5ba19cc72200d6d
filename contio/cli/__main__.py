"""`python -m contio.cli`: the `contio` command."""

from contio.cli import main

main()
