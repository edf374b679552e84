"""onetake: one storyboard, one timeline, picture and sound rendered together."""

__version__ = "0.1.0"
