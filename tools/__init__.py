"""Command-line tools behind tasks.py: build, content check, scaffolding."""
