"""The package version, in a module of its own so that any layer may read it.

``ketenmining/__init__.py`` re-exports the stage API lazily; a stage that
imported the version from there would make an import chain back up to the
stages, so every module reads it from here.
"""

__version__ = "0.1.0"
