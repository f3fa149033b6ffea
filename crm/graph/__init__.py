"""Network analysis over networkx graphs: plain functions, no GraphQL, no database.

`build` makes the weighted graph from records (`records`) with the tie model of
`strength`; `paths`, `connectors`, `influence`, `communities`, `suggest` and `ego`
answer the analysis questions of the API. See docs/analysis.md.
"""

__all__: list[str] = []
