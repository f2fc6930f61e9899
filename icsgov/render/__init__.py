"""Pictures of the graph: a self-contained HTML accountability web, SVG and Mermaid diagrams.

Nothing here fetches anything at run time: the HTML page carries its own
script, style and data, and SVG comes from Graphviz's ``dot`` on this machine.
See ``docs/visualise.md`` and ``docs/decisions/0004-offline-web-rendering.md``.
"""

__all__: list[str] = []
