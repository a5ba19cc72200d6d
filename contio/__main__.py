"""`python -m contio` is the `contio` command."""

from contio.cli import main

main()
