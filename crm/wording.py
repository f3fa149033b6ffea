"""English wording shared by messages and schema descriptions: "an Organization", not "a"."""

from __future__ import annotations

import re

__all__ = ["with_article"]

#: words whose first vowel letter sounds like "you" ("a user", "a unique key")
_YOU_SOUND = re.compile(r"u(s|ni|ti|ra|re|ro|ku)|eu", re.IGNORECASE)
#: words whose "h" is silent ("an hour")
_SILENT_H = re.compile(r"h(our|onest|onou?r|eir)", re.IGNORECASE)


def with_article(noun: str) -> str:
    """The noun after "a" or "an" as it is spoken: `with_article("Organization")` is
    "an Organization", `with_article("User")` "a User", `with_article("analyst")`
    "an analyst"."""
    spoken_vowel = (noun[:1].lower() in "aeiou" and not _YOU_SOUND.match(noun)) or bool(
        _SILENT_H.match(noun)
    )
    return f"{'an' if spoken_vowel else 'a'} {noun}"
