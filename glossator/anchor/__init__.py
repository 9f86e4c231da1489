"""Stage 2, anchor: each annotation's quote found in the reader's text, exactly or by
following an edit; orphaned rather than attached to other words."""
