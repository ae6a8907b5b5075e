"""Test-wide settings.

Property tests run the same examples on every run (derandomized), so CI and a fresh
clone see the same result; `HYPOTHESIS_PROFILE=explore pytest tests/test_ocr_noise.py`
searches new random examples instead, to look for cases the fixed set misses.
"""
import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
