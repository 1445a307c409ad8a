"""An API key from the environment, else from `.streamlit/secrets.toml` — read the same way for every keyed source
(GIE AGSI+/ALSI, ENTSO-E); each source says in its own words what to set when there is none."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from etl.errors import ConfigError


def read_key(env_name: str, secrets_file: Path) -> str:
    """The key under ``env_name`` in the environment, else in ``secrets_file`` (TOML); '' when neither has it."""
    key = os.environ.get(env_name, "").strip()
    if not key and secrets_file.exists():
        try:
            key = str(tomllib.loads(secrets_file.read_text()).get(env_name, "")).strip()
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{secrets_file} is not valid TOML ({exc})") from None
    return key
