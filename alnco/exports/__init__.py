"""Getting an ALNCO's record out (csv, json, xlsx, xapi, ics, html), back in
(`import`), across a cohort (`report`, `cohort`) and into an LRS (`push`).

One module per format; each renders an `ExportData` to bytes so that the
destination rules in `writing` apply the same way to all of them. Heavy
libraries (openpyxl, icalendar) are imported only by the format that needs them.
"""

FORMATS = ("csv", "json", "xlsx", "xapi", "ics", "html")
