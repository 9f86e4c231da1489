"""The schema.org nodes more than one kind of note, and the story itself, describe
people and works with."""

from __future__ import annotations

from ..model import Author, Source


def organization(name: str, url: str | None = None) -> dict:
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def person(author: Author, base_url: str | None = None) -> dict:
    """One of site.yaml's authors; with the site's address, their picture too."""
    return {"@type": "Person", "name": author.name,
            **({"jobTitle": author.role} if author.role else {}),
            **({"url": author.url} if author.url else {}),
            **({"image": f"{base_url}authors/{author.image}"}
               if author.image and base_url else {})}


def creative_work(source: Source) -> dict:
    work: dict = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        work["url"] = source.url
    if source.publisher:
        work["publisher"] = organization(source.publisher)
    if source.date:
        work["datePublished"] = source.date.isoformat()
    return work
