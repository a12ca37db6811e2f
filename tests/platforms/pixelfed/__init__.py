"""Tests of the Pixelfed client."""
