"""`python -m contio` is the `contio` command."""

from contio._console import main

main()
