"""What a township asks of the county online: move a resident to another township, merge two records."""

from __future__ import annotations

from zongzhi_desktop.models.store import Actor, Store
from zongzhi_desktop.services import permissions
from zongzhi_desktop.sync.engine import transport_for
from zongzhi_desktop.sync.protocol import CountyTask, MergeAsk, TransferAsk


def ask_transfer(store: Store, actor: Actor, resident_id: str, to_township: str, reason: str) -> CountyTask:
    """File a transfer request; the county approves it and both townships' PCs follow on their next sync."""
    permissions.require(actor, "residents.delete")
    with transport_for(store) as t:
        return t.post("/transfers", TransferAsk(resident_id=resident_id, to_township=to_township, reason=reason),
                      CountyTask)


def ask_merge(store: Store, actor: Actor, keep: str, drop: str) -> CountyTask:
    """Merge two of this township's records of one person at the county (links re-pointed there)."""
    permissions.require(actor, "sync.resolve")
    with transport_for(store) as t:
        return t.post("/merges", MergeAsk(keep=keep, drop=drop), CountyTask)
