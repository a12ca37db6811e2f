"""The dashboards' account filter renders like Django's select, without a template per option."""

from __future__ import annotations

import pytest
from django import forms
from django.forms import SelectMultiple

from admin_dashboards.filters import AccountFilterSet, AccountSelectWidget

pytestmark = pytest.mark.django_db


def test_the_account_select_renders_the_same_options_as_djangos_select():
    choices = [(1, "@ann@example.social"), (2, "<b>bob</b>"), (3, "carl")]
    fast = AccountSelectWidget(choices=choices).render("account", [2, 3], attrs={"id": "id_account"})
    stock = SelectMultiple(attrs=AccountSelectWidget().attrs, choices=choices).render(
        "account", [2, 3], attrs={"id": "id_account"})

    def normalise(html: str) -> str:
        return " ".join(html.replace(">", "> ").replace("<", " <").split())

    assert normalise(fast) == normalise(stock)
    assert "&lt;b&gt;bob&lt;/b&gt;" in fast and 'value="2" selected' in fast


def test_the_dashboard_filter_uses_it():
    assert isinstance(AccountFilterSet().form.fields["account"].widget, AccountSelectWidget)
    assert isinstance(AccountFilterSet().form.fields["account"], forms.ModelMultipleChoiceField)
