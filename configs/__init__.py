"""Packaged YAML presets and site profiles (read with importlib.resources)."""
