"""Stage 3, render: the story's HTML with its highlights, the pages from the theme's
templates in the reader's language, and the structured data."""
