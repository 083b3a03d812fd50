"""The county server: merges the townships' change-sets and hands each township its own data back."""
