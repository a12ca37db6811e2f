"""Model factories for the analytics data, in one place."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Instance
        django_get_or_create = ["base_url"]

    base_url = factory.Sequence(lambda n: f"https://social{n}.example")
    platform = "mastodon"
    software_version = "4.6.4"


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Account

    instance = factory.SubFactory(InstanceFactory)
    platform = factory.SelfAttribute("instance.platform")
    remote_id = factory.Sequence(lambda n: f"1170{n:08d}")
    handle = factory.Sequence(lambda n: f"brand{n}")
    display_name = factory.LazyAttribute(lambda o: o.handle.title())
    access_token = factory.Sequence(lambda n: f"token-{n}-secret-value")
    followers_count = 1200


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Post

    account = factory.SubFactory(AccountFactory)
    platform = factory.SelfAttribute("account.platform")
    remote_id = factory.Sequence(lambda n: f"11702058{n:08d}")
    url = factory.LazyAttribute(lambda o: f"{o.account.instance.base_url}/@{o.account.handle}/{o.remote_id}")
    caption_html = "<p>Sunset over the harbour <a href=\"https://x.example/tags/sunset\">#sunset</a></p>"
    caption_text = "Sunset over the harbour #sunset"
    media_type = models.MediaType.IMAGE
    media_url = factory.LazyAttribute(lambda o: f"https://files.example/{o.remote_id}.jpg")
    preview_url = factory.LazyAttribute(lambda o: f"https://files.example/{o.remote_id}_small.jpg")
    posted_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=n + 1))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actor

    instance = factory.SubFactory(InstanceFactory)
    remote_id = factory.Sequence(lambda n: f"fan-{n}")
    handle = factory.Sequence(lambda n: f"fan{n}@elsewhere.example")
    display_name = factory.Sequence(lambda n: f"Fan {n}")


class LikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Like

    post = factory.SubFactory(PostFactory)
    actor = factory.SubFactory(ActorFactory, instance=factory.SelfAttribute("..post.account.instance"))
    occurred_at = factory.LazyFunction(timezone.now)


class ShareFactory(LikeFactory):
    class Meta:
        model = models.Share


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Comment

    post = factory.SubFactory(PostFactory)
    remote_id = factory.Sequence(lambda n: f"c-{n}")
    actor = factory.SubFactory(ActorFactory, instance=factory.SelfAttribute("..post.account.instance"))
    content_html = "<p>Lovely!</p>"
    content_text = "Lovely!"
    created_at = factory.LazyFunction(timezone.now)


class SummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EngagementSummary

    post = factory.SubFactory(PostFactory)
    likes = 10
    comments = 3
    shares = 2
    total_engagement = 15


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MetricSnapshot

    post = factory.SubFactory(PostFactory)
    captured_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=n))
    likes = 5


class HashtagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Hashtag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"tag{n}")


class SyncRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SyncRun

    account = factory.SubFactory(AccountFactory)
    kind = models.SyncKind.SYNC_POSTS
    trigger = models.SyncTrigger.COMMAND
    status = models.SyncStatus.OK
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
