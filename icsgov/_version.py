"""The icsgov version, in a module of its own so any floor can read it.

The package root (``icsgov/__init__.py``) is the public API and imports from
every floor; a module that needs only the version imports it from here, so
reading the version never loads the root's imports nor makes an import circle.

>>> __version__.count(".") >= 2
True
"""

__version__ = "0.1.0.dev0"
