"""`manage.py bench`: seed the realistic dataset with set-based SQL, measure every page, list, export and
ingestion path beside a same-run baseline, and write the figures into docs/benchmarks.md."""
