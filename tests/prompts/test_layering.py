"""The interpreters are plain Python: no Django, DRF, Celery or Google code."""
import subprocess
import sys

FORBIDDEN = ("django", "rest_framework", "celery", "googleapiclient", "google", "kombu", "webapp")


def test_interpreters_import_no_web_module():
    code = (
        "import sys, solver.prompts, solver.prompts.external\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
