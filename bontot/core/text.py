"""Vietnamese text helpers."""

import functools
import unicodedata

# Base letters of the Vietnamese alphabet in order; ă, â, đ, ê, ô, ơ, ư are letters of their own.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letters(word: str) -> list[tuple[str, int]]:
    """Split a word into (letter, tone) pairs."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _MODIFIERS and out:
            base, tone = out[-1]
            out[-1] = (unicodedata.normalize("NFC", base + ch), tone)
        elif ch in _TONES and out:
            out[-1] = (out[-1][0], _TONES[ch])
        else:
            out.append((ch, 0))
    return out


@functools.lru_cache(maxsize=65536)
def vi_word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return a key that orders words as a Vietnamese dictionary does: letters first, tones second."""
    pairs = _letters(word)
    letters = tuple(_LETTER_RANK.get(letter, 100 + ord(letter[0])) for letter, _ in pairs)
    return letters, tuple(tone for _, tone in pairs)


def vi_name_key(full_name: str) -> tuple[object, ...]:
    """Order people the Vietnamese way: by given name (last word), then by the rest of the name."""
    words = full_name.split()
    if not words:
        return ()
    return (vi_word_key(words[-1]), tuple(vi_word_key(w) for w in words[:-1]))


# Symbols of the stored sort key: lowercase letters and digits only, which every collation (byte order,
# glibc's en_US, ICU) orders alike; "0" ends a word's letters and its tones, so a prefix sorts first.
_KEY_SYMBOLS = "123456789abcdefghijklmnopqrstuvwxyz"


def _encode_rank(rank: int) -> str:
    rank = min(rank, len(_KEY_SYMBOLS) ** 2 - 1)
    high, low = divmod(rank, len(_KEY_SYMBOLS))
    return _KEY_SYMBOLS[high] + _KEY_SYMBOLS[low]


def vi_sort_name(full_name: str) -> str:
    """Return a string that sorts as `vi_name_key` orders `full_name`, in any database's collation.

    Stored on members, so that lists sort in Vietnamese order by an indexed column and paginate.
    """
    words = full_name.split()
    if not words:
        return ""
    parts = []
    for word in [words[-1], *words[:-1]]:
        letters, tones = vi_word_key(word)
        parts.append("".join(_encode_rank(rank) for rank in letters) + "0")
        parts.append("".join(_KEY_SYMBOLS[tone] for tone in tones) + "0")
    return "".join(parts)[:800]
