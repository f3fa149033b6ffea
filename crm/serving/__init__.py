"""How the API is served: processes, persisted documents, the response cache, CORS."""
