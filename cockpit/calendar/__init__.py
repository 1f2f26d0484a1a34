"""The calendar layer: reminders written to a file or pushed to a CalDAV calendar.

* `files`: `export_ics`, the `.ics` file (`cockpit export-ics`, the TUI's `x`, and
  `calendar.export_path` after a TUI session);
* `push`: `push_calendar`, the same events in a CalDAV calendar Cockpit owns
  (`cockpit push-calendar`), through the `caldav` library;
* `plan`: the pure part of a push: which events to create, update or delete;
* `ledger`: per destination, what it holds (kept next to the database, never in it);
* `atomic`: how this layer writes its files (temp + fsync + rename, its own temp names).

Nothing is imported here, so `import cockpit.calendar.files` does not load `caldav`.
"""
