"""What every part of the generator shares: the entities made so far, seeded randomness, citations.

Entities go into *buckets*: ``national`` or an ICB's ODS code; the writer
puts each bucket in its own files. Each concern draws from its own
:class:`random.Random`, seeded from the user's seed and a key naming the
concern and the ICB, so one concern's draws never shift another's and the
same scale and seed always give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from icsgov.ontology.model import Citation, Entity

__all__ = ["NATIONAL", "SOURCE_ID", "Builder"]

NATIONAL = "national"
"""The bucket of facts that belong to no one ICB (decision types, NHS England...)."""

SOURCE_ID = "syn:source"
"""The id of the one Source every generated fact cites."""


@dataclass
class Builder:
    """Collects generated entities by bucket; hands out seeded random streams."""

    scale: float
    seed: int
    buckets: dict[str, list[Entity]] = field(default_factory=dict)

    def rng(self, *key: str) -> random.Random:
        """A random stream for one concern (string seeds are stable across runs)."""
        return random.Random("/".join([str(self.seed), *key]))

    def add(self, bucket: str, entity: Entity) -> None:
        """Keep ``entity`` in ``bucket``."""
        self.buckets.setdefault(bucket, []).append(entity)

    def cite(self, concern: str) -> list[Citation]:
        """The citation of the generator for a fact made by ``concern``."""
        return [Citation(source=SOURCE_ID, locator=f"icsgov.synth.{concern}")]

    def count(self, base: float, minimum: int = 1) -> int:
        """``base`` multiplied by the scale, rounded, at least ``minimum``."""
        return max(minimum, round(base * self.scale))
