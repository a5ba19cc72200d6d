"""Regression tests of defects a hostile review of the core found (issue 10): each test
failed before its fix. Grouped by topic; they run against the live mock, a real loopback
server or a real Redis, like the rest of the suite."""
