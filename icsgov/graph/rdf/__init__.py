"""The RDF backend: one store over three SPARQL engines, and RDF in and out.

* :mod:`~icsgov.graph.rdf.store`: ``RdfStore``, the :class:`~icsgov.graph.store.GraphStore`
  over SPARQL (embedded Oxigraph, rdflib, or a SPARQL 1.1 server);
* :mod:`~icsgov.graph.rdf.engines`: the engines, safe parameters and result terms;
* :mod:`~icsgov.graph.rdf.io`: governance to RDF and back, lossless;
* :mod:`~icsgov.graph.rdf.shacl`: SHACL validation against the shipped shapes;
* :mod:`~icsgov.graph.rdf.sparql_guard`: read-only guard for analysts' SPARQL;
* :mod:`~icsgov.graph.rdf.jsonld_offline`: JSON-LD with no network;
* ``sparql/*.rq``: the shipped SPARQL texts (:mod:`icsgov.graph.texts`).

Nothing is imported here, so importing a submodule stays cheap.
"""
