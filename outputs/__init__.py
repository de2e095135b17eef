"""Exporters: CSV, xlsx, iCalendar and summary files of a Scenario and its Result."""
