"""The admin's Facebook Login pages for Instagram: the callback from Meta's dialog and the page where the
Operator picks which of the offered Instagram accounts to connect. Thin: the service does the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from unfold.views import UnfoldSiteViewMixin

from analytics.admin.actions import run_enqueue, syncs_queued
from analytics.admin.connect import CONNECT_PERMISSIONS, meta_callback_url, require
from analytics.models import Account, SyncKind
from analytics.services.accounts.meta_oauth import connect_picked, finish_meta_oauth, pending_pick
from analytics.services.accounts.oauth import ConnectFailed
from analytics.services.runs.enqueue import enqueue_sync_posts


class PickForm(forms.Form):
    accounts = forms.MultipleChoiceField(label=gettext_lazy("Instagram accounts to connect"),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, offered: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["accounts"]
        field.choices = [(c["ig_user_id"], f"@{c['username']} ({c['page_name'] or c['page_id']})")
                         for c in offered]
        field.initial = [c["ig_user_id"] for c in offered]


def connected(request, accounts: list[Account]):
    """Report, queue each new account's first sync, land on the account (or the list for several)."""
    handles = ", ".join(a.handle for a in accounts)
    messages.success(request, _("Connected %(handles)s on Instagram.") % {"handles": handles})
    run_enqueue(request, lambda: enqueue_sync_posts(accounts, user=request.user), summary=syncs_queued,
                kind=SyncKind.SYNC_POSTS)
    if len(accounts) == 1:
        return redirect("admin:analytics_account_change", accounts[0].pk)
    return redirect("admin:analytics_account_changelist")


class MetaCallbackView(View):
    """Where Meta's dialog sends the browser back: exchange, then pick (a reconnect connects at once)."""

    def get(self, request, *args: Any, **kwargs: Any):
        require(request, CONNECT_PERMISSIONS)
        try:
            attempt = finish_meta_oauth(query=request.GET.dict(), user=request.user,
                                        redirect_uri=meta_callback_url(request))
            if attempt.reconnect is not None:
                return connected(request, connect_picked(attempt=attempt, user=request.user,
                                                         ig_user_ids=[attempt.reconnect.remote_id]))
        except ConnectFailed as failed:
            messages.error(request, failed.message)
            return redirect("admin:analytics_account_changelist")
        return redirect("admin:analytics_account_connect_instagram_pick", attempt.pk)


class PickInstagramView(UnfoldSiteViewMixin, FormView):
    title = gettext_lazy("Connect Instagram accounts")
    permission_required = CONNECT_PERMISSIONS
    template_name = "admin/analytics/connect/pick_instagram.html"
    form_class = PickForm

    def dispatch(self, request, *args: Any, **kwargs: Any):
        require(request, CONNECT_PERMISSIONS)
        try:
            self.attempt = pending_pick(kwargs["attempt_id"], request.user)
        except ConnectFailed as failed:
            messages.error(request, failed.message)
            return redirect("admin:analytics_account_changelist")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "offered": self.attempt.choices}

    def form_valid(self, form: PickForm):
        try:
            accounts = connect_picked(attempt=self.attempt, ig_user_ids=form.cleaned_data["accounts"],
                                      user=self.request.user)
        except ConnectFailed as failed:
            messages.error(self.request, failed.message)
            return redirect("admin:analytics_account_changelist")
        return connected(self.request, accounts)


def instagram_urls(site) -> list:
    return [
        path("analytics/account/connect/meta/callback/", site.admin_view(MetaCallbackView.as_view()),
             name="analytics_account_connect_meta_callback"),
        path("analytics/account/connect/instagram/<int:attempt_id>/",
             site.admin_view(PickInstagramView.as_view(admin_site=site)),
             name="analytics_account_connect_instagram_pick"),
    ]
