"""Renderers: every output format draws from one record (html, markdown, json, junit, github, text)."""
