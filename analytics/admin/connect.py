"""The admin's "Connect account" and "Reconnect" pages and the sign-in callback, mounted inside the admin site.

Thin views: they check the Operator permissions, call the OAuth service, queue the first sync and report.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from unfold.views import UnfoldSiteViewMixin
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from analytics.admin.actions import run_enqueue, syncs_queued
from analytics.models import Account, SyncKind
from analytics.services.accounts.clients import is_facebook_login_instance
from analytics.services.accounts.meta_oauth import INSTAGRAM, meta_login_configured, start_meta_oauth
from analytics.services.accounts.oauth import OAUTH_PLATFORMS, ConnectFailed, finish_oauth, start_oauth
from analytics.services.runs.enqueue import enqueue_sync_posts
from platforms.registry import get_client_class

CONNECT_PERMISSIONS = ("analytics.manage_tokens", "analytics.add_account")
RECONNECT_PERMISSIONS = ("analytics.manage_tokens", "analytics.change_account")


class ConnectForm(forms.Form):
    platform = forms.ChoiceField(label=gettext_lazy("Platform"), widget=UnfoldAdminSelectWidget)
    instance = forms.CharField(
        label=gettext_lazy("Instance URL or handle"), max_length=300, required=False, widget=UnfoldAdminTextInputWidget(
            attrs={"placeholder": "https://mastodon.social or @name@mastodon.social", "autocomplete": "off"}),
        help_text=gettext_lazy("You will sign in there and approve read-only access; no token to copy. "
                               "Not needed for Instagram (you sign in with Facebook)."))
    team = forms.CharField(label=gettext_lazy("Team"), max_length=100, required=False,
                           widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = (*OAUTH_PLATFORMS, INSTAGRAM) if meta_login_configured() else OAUTH_PLATFORMS
        self.fields["platform"].choices = [(name, sign_in_label(name)) for name in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("platform") in OAUTH_PLATFORMS and not (data.get("instance") or "").strip():
            self.add_error("instance", _("Enter the instance URL or the account's handle."))
        return data


def sign_in_label(name: str) -> str:
    label = get_client_class(name).label
    return _("%(label)s (Business or Creator, with Facebook Login)") % {"label": label} \
        if name == INSTAGRAM else label


def start_sign_in(request, *, platform: str, instance: str = "", team: str = "",
                  reconnect: Account | None = None) -> str:
    """The URL to send the browser to: the instance's authorize page, or Meta's dialog for Instagram."""
    if platform == INSTAGRAM:
        return start_meta_oauth(user=request.user, team=team, reconnect=reconnect,
                                redirect_uri=meta_callback_url(request))
    return start_oauth(platform=platform, instance_url_or_handle=instance, user=request.user, team=team,
                       reconnect=reconnect, redirect_uri=callback_url(request))


def callback_url(request) -> str:
    """The absolute callback URL registered with each instance, built from the request (no setting needed)."""
    return request.build_absolute_uri(reverse("admin:analytics_account_connect_callback"))


def meta_callback_url(request) -> str:
    """The redirect URI to enter in the Meta app's "Valid OAuth Redirect URIs", built from the request."""
    return request.build_absolute_uri(reverse("admin:analytics_account_connect_meta_callback"))


def can_sign_in(account: Account) -> bool:
    if account.platform == INSTAGRAM:
        return meta_login_configured() and is_facebook_login_instance(account.instance.base_url)
    return account.platform in OAUTH_PLATFORMS


def require(request, permissions: tuple[str, ...]) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


class ConnectAccountView(UnfoldSiteViewMixin, FormView):
    title = gettext_lazy("Connect account")
    permission_required = CONNECT_PERMISSIONS
    template_name = "admin/analytics/connect/connect.html"
    form_class = ConnectForm

    def dispatch(self, request, *args: Any, **kwargs: Any):
        require(request, CONNECT_PERMISSIONS)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ConnectForm):
        try:
            authorize_url = start_sign_in(self.request, platform=form.cleaned_data["platform"],
                                          instance=form.cleaned_data["instance"], team=form.cleaned_data["team"])
        except ConnectFailed as failed:
            form.add_error("instance", failed.message)
            return self.form_invalid(form)
        return redirect(authorize_url)


class ReconnectAccountView(UnfoldSiteViewMixin, TemplateView):
    """GET shows what will happen; POST starts the same sign-in for this account."""

    title = gettext_lazy("Reconnect account")
    permission_required = RECONNECT_PERMISSIONS
    template_name = "admin/analytics/connect/reconnect.html"

    def dispatch(self, request, *args: Any, **kwargs: Any):
        require(request, RECONNECT_PERMISSIONS)
        self.account = get_object_or_404(Account.objects.select_related("instance"), pk=kwargs["account_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(account=self.account, can_sign_in=can_sign_in(self.account),
                       change_url=reverse("admin:analytics_account_change", args=[self.account.pk]))
        return context

    def post(self, request, *args: Any, **kwargs: Any):
        try:
            authorize_url = start_sign_in(request, platform=self.account.platform, reconnect=self.account)
        except ConnectFailed as failed:
            messages.error(request, failed.message)
            return redirect("admin:analytics_account_change", self.account.pk)
        return redirect(authorize_url)


class ConnectCallbackView(View):
    """Where the instance sends the browser back: finish, queue the first sync, land on the account."""

    def get(self, request, *args: Any, **kwargs: Any):
        require(request, CONNECT_PERMISSIONS)
        try:
            account = finish_oauth(state=request.GET.get("state", ""), code=request.GET.get("code"),
                                   error=request.GET.get("error"), user=request.user)
        except ConnectFailed as failed:
            messages.error(request, failed.message)
            return redirect("admin:analytics_account_changelist")
        messages.success(request, _("Connected %(handle)s on %(instance)s.") % {
            "handle": account.handle, "instance": account.instance.base_url})
        run_enqueue(request, lambda: enqueue_sync_posts([account], user=request.user),
                    summary=syncs_queued, kind=SyncKind.SYNC_POSTS)
        return redirect("admin:analytics_account_change", account.pk)


def connect_urls(site) -> list:
    """Before the model admins' URLs (unfold's `extra_urls`), so `account/connect/` is not read as an id."""

    def page(view_class):
        return site.admin_view(view_class.as_view(admin_site=site))

    from analytics.admin.connect_instagram import instagram_urls  # it imports this module

    return [
        *instagram_urls(site),
        path("analytics/account/connect/", page(ConnectAccountView), name="analytics_account_connect"),
        path("analytics/account/connect/callback/", site.admin_view(ConnectCallbackView.as_view()),
             name="analytics_account_connect_callback"),
        path("analytics/account/<int:account_id>/reconnect/", page(ReconnectAccountView),
             name="analytics_account_reconnect"),
    ]


def install(site) -> None:
    """Add the pages through unfold's `extra_urls` hook, keeping any earlier hook (the dashboards' too)."""
    earlier = getattr(site, "extra_urls", None)

    def extra_urls() -> list:
        return connect_urls(site) + (earlier() if callable(earlier) else [])

    site.extra_urls = extra_urls


install(admin.site)
