"""Publishing approved versions to the professionals' Google Calendars, and reading them back.

Plain Python (no Django): ``config`` (settings from a mapping), ``service`` (the Calendar client and
credentials), ``events`` (allocations -> events, ids), ``transport`` (batches, pacing, retries),
``publisher`` (plan and publish), ``readback`` (daily drift check), ``fake_server`` (a local Google
Calendar for tests and the demo) and ``bench``.
"""
