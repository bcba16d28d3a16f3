"""Which ideas look alike: terms of a text and a BM25 score, as pure functions.

A citizen about to post "Mehr Bäume am Marktplatz" should see "Baumpflanzungen auf dem
Markt" first and support it instead of posting it twice. The method, in plain words:

1. A text becomes *terms*: folded to lower case without accents (ä → a, ß → ss, as the
   search does), split into words, German (and a few English) stop words dropped, and each
   word cut to a simple stem by removing common German endings ("bäumen", "bäume" → "baum";
   "pflanzungen" → "pflanz"). The title counts twice: it says what the idea is about.
2. Each idea's terms are stored with their counts (services keep them current), so a query
   reads only the ideas sharing a term with the new text, never the whole process.
3. Ideas are scored with Okapi BM25 (k1 = 1.2, b = 0.75): a shared rare word counts much
   more than a shared common one, repeated words count less and less, and long texts do not
   win by length alone. Only the query's rarest terms are looked up (at most QUERY_TERMS,
   and together in at most POSTINGS_BUDGET ideas), so a query reads a bounded number of
   index rows whether the process has 100 or 100,000 ideas. The database adds the scores up
   (services.similar_proposals); `score` here is the same formula in Python, the reference
   the tests hold the SQL to.
4. An idea is shown when its score reaches MIN_SHARE of what a perfect match of the query's
   looked-up terms would score; at most five are shown, best first, ties by id.

No Flask, no database: services.py feeds the numbers in.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

K1 = 1.2
B = 0.75
QUERY_TERMS = 12  # the rarest terms of the new text that are looked up, at most
POSTINGS_BUDGET = 4000  # ...and only as many as occur in this many ideas together
MIN_SHARE = 0.3  # of the perfect score, to count as similar
COMMON_SHARE = 0.25  # terms in more than this share of ideas are too common to look up
TERM_MAX = 40  # characters kept of a term (the column's size)

_STOP_WORDS = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
anderes auch auf aus bei bin bis bist da dabei damit dann das dass dein deine dem den der
des dessen deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine
einem einen einer eines einig einige einmal er es etwas euch euer eure fur gegen gibt hab
habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
im in indem ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine keinem keinen
konnen konnte machen man manche mehr mein meine mit muss mussen nach nicht nichts noch nun
nur ob oder ohne sehr sein seine seinem seinen sich sie sind so solche soll sollen sollte
sondern sonst uber um und uns unser unsere unter viel vom von vor wahrend war waren warum
was weil welche wenn wer werden wie wieder will wir wird wo wollen wurde wurden zu zum zur
zwar zwischen a an and are as at be by for from has have in is it of on or that the this
to was we were will with
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Longest first: each word loses at most one ending, and keeps at least four letters.
_ENDINGS = ("ungen", "heiten", "keiten", "ung", "heit", "keit", "ern", "em", "en", "er",
            "es", "e", "n", "s")
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents, ß as ss (the same folding as the proposal search)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def terms(title: str, body: str = "") -> Counter:
    """The terms of an idea with their counts; title words count twice."""
    counts: Counter = Counter()
    for text, weight in ((title, 2), (body, 1)):
        for word in _WORD.findall(fold(text or "")):
            if len(word) < 3 or word in STOP_WORDS or word.isdigit():
                continue
            counts[stem(word)[:TERM_MAX]] += weight
    return counts


@dataclass(frozen=True)
class Corpus:
    """The numbers BM25 needs about the ideas a query is compared with."""

    documents: int  # how many ideas
    average_length: float  # their mean number of terms (with counts)
    document_frequency: dict[str, int]  # per looked-up term: in how many ideas it occurs


def idf(documents: int, frequency: int) -> float:
    """BM25's inverse document frequency, kept positive (the "+1" variant)."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def lookup_terms(query: Counter, corpus: Corpus) -> list[str]:
    """The query terms worth looking up: known, not too common, rarest first, at most
    QUERY_TERMS and POSTINGS_BUDGET ideas together (the rarest one always)."""
    known = [t for t in query if corpus.document_frequency.get(t, 0) > 0]
    limit = max(1, int(corpus.documents * COMMON_SHARE))
    specific = [t for t in known if corpus.document_frequency[t] <= limit] or known
    specific.sort(key=lambda t: (corpus.document_frequency[t], -query[t], t))
    chosen, postings = [], 0
    for term in specific[:QUERY_TERMS]:
        postings += corpus.document_frequency[term]
        if chosen and postings > POSTINGS_BUDGET:
            break
        chosen.append(term)
    return chosen


def weights(query: Counter, corpus: Corpus) -> dict[str, float]:
    """The looked-up terms with their idf: what the score adds up per shared term."""
    return {t: idf(corpus.documents, corpus.document_frequency[t])
            for t in lookup_terms(query, corpus)}


def perfect_score(term_weights: dict[str, float]) -> float:
    """What an idea of average length containing each looked-up term once would score."""
    return sum(term_weights.values()) * (K1 + 1) / (1 + K1)


def score(query: Counter, corpus: Corpus, postings: dict[int, tuple[int, dict[str, int]]],
          limit: int = 5) -> list[tuple[int, float]]:
    """The ideas most like the query, best first: [(idea id, share of a perfect match)].

    `postings` maps each idea that shares a looked-up term to (its length, {term: count}).
    """
    term_weights = weights(query, corpus)
    if not term_weights:
        return []
    perfect = perfect_score(term_weights)
    average = corpus.average_length or 1.0
    ranked = []
    for idea_id, (length, counts) in postings.items():
        norm = K1 * (1 - B + B * length / average)
        total = sum(term_weights[t] * c * (K1 + 1) / (c + norm)
                    for t, c in counts.items() if t in term_weights)
        share = total / perfect
        if share >= MIN_SHARE:
            ranked.append((idea_id, share))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:limit]
