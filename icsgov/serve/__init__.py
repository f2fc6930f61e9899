"""``icsgov serve``: a read-only local web UI over the library (standard library only)."""

__all__: list[str] = []
