"""Strawberry types, inputs and payloads per domain; schema.py builds the Schema."""
