"""Data layer: engine, table models and async queries. Knows nothing of GraphQL."""
