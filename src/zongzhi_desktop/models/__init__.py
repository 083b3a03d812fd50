"""Persistence: entities, the one door into the store, migrations and capture triggers."""

from zongzhi_desktop.models import audit, disputes, reference, registers, reports, search, staff, syncmeta  # noqa: F401  (register tables)
from zongzhi_desktop.models.base import Base

__all__ = ["Base"]
