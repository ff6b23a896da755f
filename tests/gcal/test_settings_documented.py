"""Every GOOGLE_* key the code reads is documented: all in webapp/gcal/README.md, the main ones in .env.example."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_is_in_the_package_readme():
    read = set(re.findall(r'"(GOOGLE_[A-Z_]+)"', (ROOT / "webapp" / "gcal" / "config.py").read_text()))
    readme = (ROOT / "webapp" / "gcal" / "README.md").read_text()
    assert read and {key for key in read if key not in readme} == set()


def test_the_main_keys_are_in_env_example():
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"GOOGLE_AUTH_MODE", "GOOGLE_API_ROOT_URL", "GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON",
            "GOOGLE_DELEGATED_USER", "GOOGLE_OAUTH_CLIENT_FILE", "GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET",
            "GOOGLE_OAUTH_REDIRECT_URI", "GOOGLE_TOKEN_ENCRYPTION_KEY", "GOOGLE_PUBLISH_MAX_DELETES",
            "GOOGLE_PUBLISH_MAX_DELETE_SHARE"} <= documented


def test_the_demo_publishes_to_the_fake_server():
    demo = (ROOT / "scripts" / "demo.sh").read_text()
    assert "webapp.gcal.fake_server" in demo and "GOOGLE_AUTH_MODE=fake" in demo and "GOOGLE_API_ROOT_URL=" in demo
