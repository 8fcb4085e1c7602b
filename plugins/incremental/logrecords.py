"""Warnings and errors logged somewhere they cannot be printed from (a forked renderer, a file
read in an earlier build), kept as (logger, level, message) and logged again in the build, so
they fail it like any other."""

import logging


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.records.append((record.name, record.levelno, record.getMessage()))


def replay(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)
