"""The stylesheet of the kinds of note, `static/kinds.css`, made from each kind's look:
its colours in light and dark mode and the style of the line under its words. The
rest of the reader's looks are `reader.css`'s, which uses what this one sets: `--k`
and `--k-bg` on an element of a kind, and `--<kind>`, `--<kind>-bg` for each kind.

On words that notes of several kinds share, the first kind in the site's order draws
its underline, and the next one a line below it (a wavy line can only be an
underline, so a kind drawn with one never draws the second)."""

from __future__ import annotations

from ..model import Kind


# How thick each style of line is drawn, so that each reads at a glance
THICKNESS = {"wavy": "1.5px", "double": "3px", "solid": "2px", "dotted": "3px",
             "dashed": "2px"}


def kinds_stylesheet(kinds: tuple[Kind, ...]) -> str:
    light = [f"--{k.name}: {k.look.colour}; --{k.name}-bg: {k.look.background};"
             for k in kinds]
    dark = [f"--{k.name}: {k.look.dark_colour}; --{k.name}-bg: {k.look.dark_background};"
            for k in kinds]
    lines = ["/* Made by Glossator from the kinds of note; see reader.css for the rest. */",
             ":root { " + " ".join(light) + " }",
             "@media (prefers-color-scheme: dark) { :root { " + " ".join(dark) + " } }"]
    # Later rules win, so the kinds run from the last to the first
    for kind in reversed(kinds):
        lines.append(f'[data-kind~="{kind.name}"] {{ --k: var(--{kind.name}); '
                     f'--k-bg: var(--{kind.name}-bg); }}')
    for kind in reversed(kinds):
        lines.append(f'mark[data-kind~="{kind.name}"], .kind-sample[data-kind="{kind.name}"] '
                     f'{{ text-decoration-style: {kind.look.underline}; '
                     f'text-decoration-thickness: {THICKNESS[kind.look.underline]}; }}')
    for kind in kinds:
        if kind.look.underline != "wavy":
            lines.append(f'mark[data-kind*=" "][data-kind~="{kind.name}"] '
                         f'{{ --b: {kind.look.underline}; --b-color: var(--{kind.name}); '
                         f'border-bottom-width: {THICKNESS[kind.look.underline]}; }}')
    wavy = [f'mark[data-kind~="{k.name}"]' for k in kinds if k.look.underline == "wavy"]
    if wavy:
        lines.append("@media (forced-colors: active) { " + ", ".join(wavy)
                     + " { text-decoration-thickness: 2px; } }")
    for kind in kinds:
        for rating in kind.ratings:
            if rating.tone == "none":
                continue
            # the worst also by its double border, so it differs without colour
            border = " border-style: double; border-width: 3px;" if rating.value == 1 else ""
            lines.append(f'.rating[data-rating="{rating.name}"] {{ color: var(--{rating.tone});'
                         f'{border} }}')
    return "\n".join(lines) + "\n"


def kinds_output(view) -> dict[str, bytes]:
    """`static/kinds.css`, as the outputs list names it."""
    return {"static/kinds.css": kinds_stylesheet(view.config.kinds).encode()}
