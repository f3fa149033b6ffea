"""The network as the database holds it: reading it into crm.graph, caching the graph
per process, storing computed metrics and exporting the graph as a file."""
