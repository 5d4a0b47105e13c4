"""Where a browser test leaves what it saw: a failing test's screenshot, a journey's shots."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
