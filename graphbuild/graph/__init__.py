"""The RDF side: ontology, IRIs, the graph writer, per-edge aggregates, stores, exports and validation."""
