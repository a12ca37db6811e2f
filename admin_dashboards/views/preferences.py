"""My preferences: the time zone this staff user sees on every dashboard, chart and export (any staff user)."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from unfold.views import UnfoldSiteViewMixin
from unfold.widgets import UnfoldAdminSelectWidget

from analytics.selectors.preferences import team_time_zone, user_time_zone
from analytics.services.preferences import set_time_zone


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False, widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = team_time_zone()
        self.fields["time_zone"].choices = [("", _("The team's zone (%(zone)s)") % {"zone": team})] + [
            (name, name) for name in sorted(zoneinfo.available_timezones())
        ]
        self.fields["time_zone"].help_text = _(
            "Used for every dashboard, chart bucket, best-time cell and export date you see. Day roll-ups "
            "(engagement per day) stay in the team's zone.")


class PreferencesView(UnfoldSiteViewMixin, FormView):
    title = "My preferences"
    permission_required = ()  # any staff user (the admin site already requires staff)
    template_name = "admin_dashboards/preferences.html"
    form_class = PreferencesForm

    def get_initial(self) -> dict[str, Any]:
        chosen = user_time_zone(self.request.user)
        return {"time_zone": "" if chosen == team_time_zone() else chosen}

    def form_valid(self, form: PreferencesForm):
        set_time_zone(self.request.user, form.cleaned_data["time_zone"], session=self.request.session)
        messages.success(self.request, _("Saved: times are now shown in %(zone)s.")
                         % {"zone": user_time_zone(self.request.user)})
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("admin:admin_dashboards_preferences")
