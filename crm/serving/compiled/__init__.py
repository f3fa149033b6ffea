"""The compiled read path: the queries it covers answered with one SQL statement per
root field, without graphql-core's execution (see `plan.py` for what it covers)."""
