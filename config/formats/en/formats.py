"""One date format for English: every page, list, chart label and report reads these (FORMAT_MODULE_PATH).

Django's own English formats mix "Nov. 28, 2026, 10:03 a.m." (admin lists) with "11/28/2026 10:03 a.m."
(short formats); here both say "28 Nov 2026, 10:03", in the viewer's time zone. Another language gets its own
module beside this one.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
