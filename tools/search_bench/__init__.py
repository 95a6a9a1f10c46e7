"""Search measurement for `make bench` and the quality tests (issues 15, 21, 24): the quality of
the real JavaScript engine under node (quality.py), its figures in Chromium beside Pagefind
(bench.py), and the one-time split of the persona query set (split_personas.py). Measurement
only: nothing here is part of the build or of the engine."""
