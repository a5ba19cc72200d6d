"""The parts of `scripts/upstream-diff`: reading descriptions, comparing them, reporting."""
