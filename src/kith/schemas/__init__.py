"""Pydantic input/output models shared by the API, the CLI and the services."""
