"""File formats netlog reads and writes, one module per format.

Everything here is pure: text or records in, records or text out. Nothing
touches the database or the command line. The modules are

- :mod:`netlog.interop.records`  the rows every format converts to and from
- :mod:`netlog.interop.csvio`    netlog's own spreadsheet (CSV)
- :mod:`netlog.interop.linkedin` LinkedIn's ``Connections.csv``
- :mod:`netlog.interop.addressbook` Google Contacts' and Outlook's contact CSVs
- :mod:`netlog.interop.vcard`    vCard 3.0 out (written directly)
- :mod:`netlog.interop.vcard_read` vCard 2.1 to 4.0 in (parsed by vobject)
- :mod:`netlog.interop.ics`      pending follow-ups as VTODOs or all-day VEVENTs
- :mod:`netlog.interop.jsonio`   contacts and touchpoints as JSON-ready dicts
- :mod:`netlog.interop.detect`   decoding files and guessing their format

Heavy libraries (vobject) are imported inside the functions that need them,
so importing this package costs nothing.
"""
