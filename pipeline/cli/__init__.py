"""The ``asnwatch`` command line: thin typer sub-apps that parse options and call the library.

Nothing outside this package imports it. Heavy libraries (torch, transformers, sklearn, pandas,
SQLAlchemy) are imported inside command functions, so ``asnwatch --help`` stays fast.
"""
