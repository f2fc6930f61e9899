"""The Neo4j backend: a store over Bolt, and governance pushed to and pulled from Neo4j.

* :mod:`~icsgov.graph.neo4j.store`: ``Neo4jStore``, the :class:`~icsgov.graph.store.GraphStore`
  over Cypher;
* :mod:`~icsgov.graph.neo4j.io`: push (batched, idempotent) and pull, lossless;
* :mod:`~icsgov.graph.neo4j.bolt`: the Bolt connection and its error messages;
* :mod:`~icsgov.graph.neo4j.bloom`: the Neo4j Bloom perspective (``bloom_perspective.json``);
* ``cypher/*.cypher``: the shipped Cypher texts (:mod:`icsgov.graph.texts`).

Nothing is imported here (not even the ``neo4j`` driver), so importing a submodule stays cheap.
"""
