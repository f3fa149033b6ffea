"""Async data access per aggregate: keyword-only functions over an AsyncSession."""
