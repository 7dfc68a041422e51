"""Reading a built graph: named queries, the SPARQL endpoint, analytics and the interactive pages."""
