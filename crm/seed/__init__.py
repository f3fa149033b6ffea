"""The deterministic demo data set: the 2023 Fuzhou overseas Chinese talent conference."""
