"""Tests for the platforms package."""
