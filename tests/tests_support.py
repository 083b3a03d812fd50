"""Constants shared by tests and by helpers that run in child processes."""

ADMIN = "admin"
PASSWORD = "Test-2026"
