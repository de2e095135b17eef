"""Every file of a staggered return (export.py writes them as one unit): tables and notices
(tables.py), the workbook (xlsx.py) and calendars (ical.py)."""
