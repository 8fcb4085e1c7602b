"""`invoke check`: the checks a careful publisher runs on a built site (see run.py)."""
