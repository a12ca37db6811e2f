"""Comment threads on a post's change page: read-only, paginated, replies under the comment they answer."""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display

from analytics.admin import display as show
from analytics.models import Comment


class CommentThreadInline(TabularInline):
    model = Comment
    fk_name = "post"
    per_page = 20  # unfold paginates the inline: a post with thousands of comments loads one page
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("comment threads")
    fields = ["thread", "who", "content", "created_at", "like_count", "hidden"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Thread key: the root of up to three levels, so replies follow the comment they answer.
        thread = Coalesce("parent__parent_id", "parent_id", "id")
        queryset = super().get_queryset(request).select_related("actor", "parent")
        return queryset.order_by(thread, "created_at", "id")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("Thread"))
    def thread(self, comment):
        if not comment.parent_id:
            return "●"
        return "↳↳" if comment.parent and comment.parent.parent_id else "↳"

    @display(description=_("Who"))
    def who(self, comment):
        return comment.actor.handle

    @display(description=_("Comment"))
    def content(self, comment):
        return show.excerpt(comment.content_text, 200)
