"""Text of the sandbox world: captions, comments and names, in several scripts and with hostile HTML.

Development tool only. HTML holds the placeholder BASE for the instance URL, filled in when served.
"""

# The look-alike characters (fullwidth punctuation, dashes) are the point: real captions have them.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

from platforms.sandbox.model import Actor, Version

BASE = "__SANDBOX_BASE__"

TAGS = (
    "photography", "nature", "cats", "sunset", "streetphotography", "film", "architecture",
    "fediart", "coffee", "travel", "macro", "birds", "東京", "café", "urbanart",
)
# The first four are "trending": drawn far more often.
TAG_WEIGHTS = tuple(8 if index < 4 else 1 for index in range(len(TAGS)))

SENTENCES = (
    ("en", "Morning light over the harbour"),
    ("en", "Finally printed this one — 30×40 cm!"),
    ("en", "Tried a new lens today & I'm <impressed>"),
    ("en", "Rainy day walk, soaked but happy ☔️"),
    ("en", "The cat supervised the whole shoot 🐈‍⬛"),
    ("ja", "今日の夕焼けはとても綺麗でした"),
    ("ja", "東京の夜景、ちょっと寒かった❄️"),
    ("zh", "周末去山里走了走，空气真好"),
    ("ar", "صباح الخير من المدينة القديمة"),
    ("he", "שקיעה מעל הים בתל אביב"),
    ("de", "Grüße aus München – Föhn und Bergblick"),
    ("fr", "Un café, un livre, et voilà l'après-midi ☕"),
    ("en", "Street corner study #3 🎞️"),
    ("en", "Macro attempt: 🐝 on lavender"),
)
TEXT_ONLY = (
    "Quick question for photographers: do you edit on a tablet?",
    "Server maintenance tonight, back tomorrow 👋",
    "Thank you all for 1k followers 🙏 مرسي 谢谢",
    "Reminder: the gallery opening is Friday at 19:00",
    "Hot take: film is not dead.",
)
COMMENTS = (
    "Wow 😍", "Beautiful light!", "美しい！", "رائع جدا 👏", "Where was this taken?", "Love the colours 🌈",
    "😂😂😂", "Gorgeous", "שבוע טוב!", "Ich liebe es!", "This is my new wallpaper", "Agreed!",
    "Which camera?", "Stunning 🔥", "すごい", "+1", "Came here to say this", "C'est magnifique",
)
ALT_TEXTS = ("A photo", "Sunset over water", "A cat on a windowsill", None, "Street scene at night", "")
SYLLABLES = ("ka", "lo", "mi", "ra", "to", "ne", "sa", "vi", "du", "el", "an", "jo", "ru", "fi", "ze")
NAME_DECOR = ("", "", "", " 📷", " 🌿", " ✨", " (she/her)", " (they/them)")
FOREIGN_NAMES = ("山田 花子", "李伟", "محمد", "נועה", "Zoë Ærøskøbing", "Ōkami", "Иван")
REMOTE_DOMAINS = ("photog.example", "pixel.example", "social.example", "art.example")


@dataclass(frozen=True, slots=True)
class Caption:
    language: str
    html: str
    text: str
    tags: tuple[str, ...]
    mentions: tuple[Actor, ...] = ()
    card_url: str | None = None


def hashtag_html(tag: str) -> str:
    safe = escape(tag)
    return f'<a href="{BASE}/tags/{safe}" class="mention hashtag" rel="tag">#<span>{safe}</span></a>'


def mention_html(actor: Actor) -> str:
    url = f"https://{actor.domain}/@{actor.username}" if actor.domain else f"{BASE}/@{actor.username}"
    return (f'<span class="h-card" translate="no"><a href="{url}" class="u-url mention">'
            f"@<span>{escape(actor.username)}</span></a></span>")


def link_html(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return (f'<a href="{url}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">{scheme}://</span><span class="">{escape(rest)}</span>'
            '<span class="invisible"></span></a>')


def media_caption(rng: random.Random, audience: list[Actor], *, hostile: bool = False) -> Caption:
    """A post caption: a sentence or two, sometimes a link, a mention, line breaks and hashtags."""
    language, first = rng.choice(SENTENCES)
    lines_html, lines_text = [escape(first)], [first]
    if rng.random() < 0.35:
        extra = rng.choice(SENTENCES)[1]
        lines_html.append(escape(extra))
        lines_text.append(extra)
    mentions: tuple[Actor, ...] = ()
    if rng.random() < 0.2:
        friend = rng.choice(audience)
        mentions = (friend,)
        lines_html.append(f"with {mention_html(friend)}")
        lines_text.append(f"with @{friend.acct}")
    card_url = None
    if rng.random() < 0.15:
        card_url = f"https://example.org/blog/{rng.randrange(1000)}"
        lines_html.append(link_html(card_url))
        lines_text.append(card_url)
    if hostile:
        # Captions are user content: clients must sanitise, never trust, what the server sends.
        lines_html.append('<script>alert("sandbox")</script><b onclick="steal()">bold</b>')
        lines_text.append('alert("sandbox") bold')
    tags = tuple(dict.fromkeys(rng.choices(TAGS, weights=TAG_WEIGHTS, k=rng.randint(0, 4))))
    paragraphs = [f"<p>{'<br />'.join(lines_html)}</p>"]
    if tags:
        paragraphs.append("<p>" + " ".join(hashtag_html(tag) for tag in tags) + "</p>")
    text = "\n".join(lines_text) + ("\n\n" + " ".join(f"#{tag}" for tag in tags) if tags else "")
    return Caption(language, "".join(paragraphs), text, tags, mentions, card_url)


def text_only_caption(rng: random.Random) -> Caption:
    text = rng.choice(TEXT_ONLY)
    return Caption("en", f"<p>{escape(text)}</p>", text, ())


def comment_caption(rng: random.Random, replying_to: list[Actor]) -> Caption:
    """A reply mentions whoever it answers, as Mastodon's composer does."""
    text = rng.choice(COMMENTS)
    unique = list(dict.fromkeys(replying_to))
    mentions_html = " ".join(mention_html(actor) for actor in unique)
    mentions_text = " ".join(f"@{actor.acct}" for actor in unique)
    html = f"<p>{mentions_html} {escape(text)}</p>"
    return Caption("en", html, f"{mentions_text} {text}", (), tuple(unique))


def edited_version(previous: Version, at: float, step: int) -> Version:
    """An edit appends a note and, on the second edit, a hashtag: both show up in the history."""
    note = " (edited: fixed a typo)" if step == 1 else f" (edit {step})"
    tags = previous.tags if step == 1 else tuple(dict.fromkeys((*previous.tags, "fediart")))
    html = previous.content_html.replace("</p>", escape(note) + "</p>", 1)
    if tags != previous.tags:
        html += f"<p>{hashtag_html('fediart')}</p>"
    return Version(at, html, previous.content_text + note, tags, previous.sensitive, previous.spoiler_text)


def username(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + str(rng.randrange(100))


def display_name(rng: random.Random, name: str) -> str:
    if rng.random() < 0.15:
        return rng.choice(FOREIGN_NAMES)
    return name.rstrip("0123456789").capitalize() + rng.choice(NAME_DECOR)
