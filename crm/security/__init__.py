"""Security: query limits and request guards (authentication and roles come next)."""
