"""Use cases: one public method per user action, one unit of work per call, plain values in,
frozen dataclasses out, typed errors with Chinese messages. Qt-free."""
