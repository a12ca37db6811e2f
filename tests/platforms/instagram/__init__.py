"""Tests of the Instagram client."""
