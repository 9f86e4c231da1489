"""Stage 4, write: the site's files into the spare copy, swapped into place in one step."""
