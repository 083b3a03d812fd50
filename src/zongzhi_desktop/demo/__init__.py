"""Deterministic fake data for demos and tests: every generator takes a seeded `random.Random`."""
