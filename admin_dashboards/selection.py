"""The selection (period, compare, platform, accounts) carried from one dashboard to the next in the session.

A page opened with filters in its query string stores them; a page opened without any (a sidebar link) uses
the stored ones, so the chosen period and accounts survive moving between dashboards. `?clear=1` forgets them.
"""

from __future__ import annotations

from django.http import QueryDict

SESSION_KEY = "postflow_dashboard_selection"
KEYS = ("period", "start", "end", "compare", "platform", "account")


def selection_data(request) -> QueryDict:
    """The filter data for this request: its own query string, else the remembered selection."""
    if request.GET.get("clear"):
        request.session.pop(SESSION_KEY, None)
        return QueryDict()
    own = QueryDict(mutable=True)
    for key in KEYS:
        if key in request.GET:
            own.setlist(key, request.GET.getlist(key))
    if own:
        request.session[SESSION_KEY] = own.urlencode()
        return own
    return QueryDict(request.session.get(SESSION_KEY, ""))
