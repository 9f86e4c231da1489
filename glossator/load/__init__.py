"""Stage 1, load: the content read and validated into plain records (model.py),
every problem located in its file."""
