"""GraphQL CRM for overseas Chinese talent networks."""

__version__ = "0.1.0"
