"""综治中心 desktop: offline-first register, dispute and report workbench for township centres."""

__version__ = "0.1.0"
