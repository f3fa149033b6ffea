"""What each query and mutation does, per domain."""
