"""The build that runs the stages: in order, across processes, redoing only what changed."""
