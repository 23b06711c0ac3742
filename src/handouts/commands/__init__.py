"""Stage 7, commands: what each task does, the report of problems, the scaffold and the benchmark."""
