"""The web UI and the JSON API (FastAPI + Jinja2, server-rendered, no outside requests)."""
