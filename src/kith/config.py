"""Settings, declared once (``KITH_`` environment variables) and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "kith"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def database_url_from(value: str) -> str:
    """``--db`` accepts a path or a SQLAlchemy URL."""
    return value if "://" in value else sqlite_url(value)


class Settings(BaseSettings):
    """Everything kith can be configured with. Each field maps to ``KITH_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="KITH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the default database, its backups and the demo database.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database; default: SQLite file kith.db in data_dir.",
    )
    host: str = Field(default="127.0.0.1", description="Address `kith serve` listens on.")
    port: int = Field(default=8765, description="Port `kith serve` listens on.")
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Key that signs CSRF tokens; generated and kept in data_dir when empty.",
    )
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["127.0.0.1", "localhost", "[::1]", "testserver"],
        description="Host headers the web server answers (protects against DNS rebinding).",
    )
    max_upload_mb: int = Field(
        default=50, description="Largest request body, other than a file to import."
    )
    max_import_mb: int = Field(
        default=2048,
        description="Largest file an import accepts (the Import page, POST /api/v1/imports).",
    )
    import_wait_seconds: float = Field(
        default=2.0,
        ge=0,
        le=600,
        description="How long the Import page waits for an import before it shows its "
        "progress page instead (the import goes on meanwhile).",
    )
    auto_upgrade: bool = Field(
        default=True,
        description="Upgrade a SQLite schema automatically (after a backup) when kith starts.",
    )
    insight_cache_size: int = Field(
        default=16,
        ge=1,
        le=100_000,
        description="How many owners' computed insights the web server keeps in memory "
        "(server mode: about the number of members active at once).",
    )
    graph_cache: bool = Field(
        default=True,
        description="Keep the analysis of your who-knows-whom graph (clusters, brokers) in "
        "data_dir/cache between runs, so insight commands skip it while no link changed.",
    )
    debug: bool = Field(default=False, description="Show tracebacks on errors.")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return database_url_from(self.database_url)
        return sqlite_url(self.data_dir / "kith.db")

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def masked(self) -> dict[str, Any]:
        """Settings as plain values with secrets and passwords masked (``kith config show``)."""
        shown: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "********" if value.get_secret_value() else ""
            elif isinstance(value, Path):
                value = str(value)
            shown[name] = value
        shown["database_url"] = mask_url(self.resolved_database_url)
        return shown


def mask_url(url: str) -> str:
    """Hide the password of a database URL."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:********@{host}"
    return url
