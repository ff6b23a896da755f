"""Publishing approved versions to the professionals' Google Calendars, and reading them back.

The Google layer is plain Python (no Django): ``config`` (settings from a mapping), ``service`` (the
Calendar client and credentials), ``events`` (allocations -> events, ids), ``transport`` (batches,
pacing, retries), ``publisher`` (plan and publish), ``readback`` (daily drift check), ``fake_server``
(a local Google Calendar for tests and the demo) and ``bench``.

Around it, the Django app ``gcal``: ``models`` (publish runs, the OAuth grant, sync state), ``actions``
(``do_publish_version``, ``read_back_day``, ...), ``views``/``urls`` (the API), ``admin``, ``tasks`` and
the ``publish_version`` management command.
"""
