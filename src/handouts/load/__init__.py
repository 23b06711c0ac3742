"""Stage 1, load: the briefs found, the brand and each brief read into frozen models, every problem collected."""
